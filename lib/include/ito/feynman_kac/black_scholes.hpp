#pragma once
// Closed-form Black–Scholes prices used as exact references for the Feynman–Kac estimators.
//
// Under the risk-neutral measure the asset follows geometric Brownian motion
//   dS = r S dt + σ S dW,   S(0) = S0,
// and the price of a claim paying Φ(S on [0,T]) at T is e^{−rT} E[Φ]. With
//   d1 = (ln(S0/K) + (r + σ²/2) T) / (σ√T),   d2 = d1 − σ√T,
// the formulas below are the textbook ones (Black & Scholes 1973; Merton 1973; Goldman, Sosin & Gatto 1979;
// Rubinstein & Reiner 1991; see Hull, "Options, Futures and Other Derivatives", chapters 15 and 26).
#include <cstdint>

namespace ito::feynman_kac {

/// Market and contract data shared by the closed forms: spot S0, strike K, rate r, volatility σ, maturity T.
struct BlackScholesMarket {
  double spot = 100.0;
  double strike = 100.0;
  double rate = 0.05;
  double volatility = 0.2;
  double maturity = 1.0;
  bool operator==(const BlackScholesMarket&) const = default;
};

/// European call e^{−rT} E[(S_T − K)⁺] = S0 Φ(d1) − K e^{−rT} Φ(d2).
double black_scholes_call(const BlackScholesMarket& m);

/// Digital (cash-or-nothing) call paying K·1{S_T > K}: e^{−rT} K Φ(d2).
double black_scholes_digital_call(const BlackScholesMarket& m);

/// Floating-strike lookback call paying S_T − min_{0≤t≤T} S_t (continuous monitoring, running minimum
/// starting at S0), Goldman–Sosin–Gatto: with a1 = d1(K = S0), a2 = a1 − σ√T, a3 = a1 − 2rT/(σ√T),
///   C = S0 Φ(a1) − S0 (σ²/2r) Φ(−a1) − S0 e^{−rT} [Φ(a2) − (σ²/2r) Φ(−a3)].
/// Requires r > 0 (the r → 0 limit is not implemented).
double black_scholes_lookback_floating_call(const BlackScholesMarket& m);

/// Floating-strike lookback put paying max_{0≤t≤T} S_t − S_T (continuous monitoring, running maximum
/// starting at S0), Goldman–Sosin–Gatto: with b1 = (−r + σ²/2)√T/σ, b2 = b1 − σ√T, b3 = (r − σ²/2)√T/σ,
///   P = S0 e^{−rT} [Φ(b1) − (σ²/2r) Φ(−b3)] + S0 (σ²/2r) Φ(−b2) − S0 Φ(b2).   Requires r > 0.
double black_scholes_lookback_floating_put(const BlackScholesMarket& m);

/// Down-and-out call with a continuously monitored barrier H ≤ min(S0, K) (Rubinstein–Reiner):
///   C_do = C − C_di,  C_di = S0 (H/S0)^{2λ} Φ(y) − K e^{−rT} (H/S0)^{2λ−2} Φ(y − σ√T),
///   λ = (r + σ²/2)/σ²,  y = ln(H²/(S0 K))/(σ√T) + λσ√T.
double black_scholes_down_and_out_call(const BlackScholesMarket& m, double barrier);

/// Geometric-average Asian call paying (G − K)⁺, G = exp((1/T) ∫₀ᵀ ln S_t dt) (continuous monitoring), in
/// closed form (Kemna & Vorst 1990): ln G is normal with mean m = ln S0 + (r − σ²/2) T/2 and variance
/// v = σ² T/3, so with d2 = (m − ln K)/√v, d1 = d2 + √v,
///   C = e^{−rT} (e^{m + v/2} Φ(d1) − K Φ(d2)).
double black_scholes_geometric_asian_call(const BlackScholesMarket& m);

/// The same with discrete monitoring G = (Π_{i=1..N} S_{iT/N})^{1/N} (the discrete form of Kemna & Vorst's
/// argument): ln G = (1/N) Σ ln S_{t_i} is normal with
///   m = ln S0 + (r − σ²/2) T (N + 1)/(2N),   v = σ² T (N + 1)(2N + 1)/(6N²),
/// and C as above. N → ∞ gives the continuous formula.
double black_scholes_geometric_asian_call_discrete(const BlackScholesMarket& m, std::int64_t monitoring_dates);

/// Standard normal cumulative distribution Φ(x) = erfc(−x/√2)/2.
double standard_normal_cdf(double x);

}  // namespace ito::feynman_kac
