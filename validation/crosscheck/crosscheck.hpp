#pragma once
// The three-way cross-check: E[φ(X_T) | X_0 = x0] (or a survival probability) computed by
//   1. the forward Fokker–Planck equation: the density from the point mass at x0, then Σ h p_i(T) φ(x_i);
//   2. the backward Kolmogorov equation on the same grid: u_t + L u = 0, u(T) = φ, then u(0, x0);
//   3. Monte Carlo (ito::monte_carlo::estimate): paths of the ito::sde model, a path functional, mean ± SE;
// and, where it exists, the closed form. Used by tests/crosscheck/crosscheck_stat_test.cpp (the assertions)
// and by validation/crosscheck/run.sh (the table).
//
// Error bars. Each grid method is run on h and h/2; both are second order in h, so the Richardson estimate
// of the error of the h/2 value is |E_h − E_{h/2}| / (2² − 1). Time stepping (TR-BDF2, fixed Δt) is chosen so
// that its error is far below the spatial one. Monte Carlo reports its standard error; its schemes are
// bias-free (exact OU and GBM steps, Euler with the exact Brownian-bridge survival for Brownian motion) or
// of weak order 2 (SRA1 for the double well, with a step whose bias is far below the SE).
//
// Forward and backward share the spatial discretisation: with TR-BDF2 at a fixed Δt and time-independent
// coefficients the forward step is a rational function R(ΔtL) and the backward one R(ΔtLᵀ) = R(ΔtL)ᵀ, and the
// point mass is the adjoint of the interpolation at x0, so the two agree to round-off. Their agreement
// checks the adjoint (backward) implementation; their independent checks are the closed form and MC.
//
// Cases (closed forms):
//  - OU dX = θ(μ − X)dt + σdW: X_T ~ N(m, v), m = μ + (x0 − μ)e^{−θT}, v = σ²(1 − e^{−2θT})/(2θ);
//      E X_T² = m² + v,   E cos X_T = e^{−v/2} cos m  (the characteristic function of N(m, v) at 1).
//  - GBM dX = rX dt + σX dW, call payoff (X_T − K)⁺: E = e^{rT} C_BS (Black–Scholes price undiscounted)
//      = x0 e^{rT} N(d₁) − K N(d₂),  d₁,₂ = [ln(x0/K) + (r ± σ²/2)T] / (σ√T).
//  - Brownian motion dX = σdW, absorbing wall at 0, x0 > 0: P(τ > T) = erf(x0 / (σ√(2T))) (reflection).
//  - Double well dX = −U′(X)dt + √(2D)dW, U = (x² − 1)²: E X_T² at finite T, no closed form.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "ito/feynman_kac/barrier.hpp"
#include "ito/feynman_kac/black_scholes.hpp"
#include "ito/feynman_kac/functional.hpp"
#include "ito/monte_carlo/estimate.hpp"
#include "ito/fokker_planck/backward_kolmogorov.hpp"
#include "ito/schemes/euler_maruyama.hpp"
#include "ito/schemes/exact_ornstein_uhlenbeck.hpp"
#include "ito/schemes/pathwise_exact.hpp"
#include "ito/schemes/sra1.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::crosscheck {

/// Brownian motion dX = σ dW (additive noise).
struct ScaledBrownianMotion {
  static constexpr int dim = 1;
  static constexpr int noise_dim = 1;
  static constexpr sde::NoiseClass noise_class = sde::NoiseClass::additive;
  static constexpr sde::Interpretation interpretation = sde::Interpretation::ito;
  double sigma = 1.0;
  void drift(double, const double*, double* a) const { a[0] = 0.0; }
  void diffusion(double, const double*, double* g) const { g[0] = sigma; }
};

/// Overdamped Langevin motion in the double well U = (x² − 1)²: dX = −4X(X² − 1) dt + √(2D) dW.
struct DoubleWell {
  static constexpr int dim = 1;
  static constexpr int noise_dim = 1;
  static constexpr sde::NoiseClass noise_class = sde::NoiseClass::additive;
  static constexpr sde::Interpretation interpretation = sde::Interpretation::ito;
  double diffusion_constant = 0.25;
  void drift(double, const double* x, double* a) const { a[0] = -4.0 * x[0] * (x[0] * x[0] - 1.0); }
  void diffusion(double, const double*, double* g) const { g[0] = std::sqrt(2.0 * diffusion_constant); }
};

/// One grid method at h and h/2 with the Richardson estimate of the error of the h/2 value.
struct GridValue {
  double coarse = 0.0, fine = 0.0;
  double error_estimate() const { return std::fabs(coarse - fine) / 3.0; }
};

struct CaseResult {
  std::string name;
  double exact = std::numeric_limits<double>::quiet_NaN();  ///< NaN: no closed form
  GridValue forward, backward;
  ito::monte_carlo::Estimate monte_carlo;
};

/// Grid, model and time stepping of the Fokker–Planck side of one case.
struct GridSetup {
  fokker_planck::Model1D model;
  fokker_planck::Grid1D coarse_grid;  ///< the fine grid has twice the cells
  double dt = 1e-3;                   ///< TR-BDF2 step
};

inline void solve_on_grids(const GridSetup& setup, double x0, double horizon,
                           const std::function<double(double)>& payoff, CaseResult& out) {
  fokker_planck::TimeStepping stepping;
  stepping.method = fokker_planck::TimeMethod::tr_bdf2;
  stepping.dt = setup.dt;
  fokker_planck::Grid1D grid = setup.coarse_grid;
  for (int level = 0; level < 2; ++level) {
    const auto e = fokker_planck::expectation(setup.model, grid, x0, horizon, payoff, stepping);
    (level == 0 ? out.forward.coarse : out.forward.fine) = e.forward;
    (level == 0 ? out.backward.coarse : out.backward.fine) = e.backward;
    grid.cells *= 2;
  }
}

/// Monte Carlo settings shared by every case. Case k uses seed + k, so the five checks draw independent
/// numbers (with one seed they would share their normals and their z-scores would be correlated).
struct MonteCarloSetup {
  std::int64_t paths = 400000;
  std::uint32_t seed = 20261123;
};

enum CaseNumber : std::uint32_t { kOuSquare, kOuCosine, kGbmCall, kAbsorbing, kDoubleWell };

template <class Model, class Scheme, class Functional>
monte_carlo::Estimate run_monte_carlo(const Model& model, const Scheme& scheme, const Functional& functional,
                                      double x0, double horizon, std::int64_t steps, MonteCarloSetup mc,
                                      CaseNumber case_number) {
  mc.seed += case_number;
  const core::TimeGrid grid(0.0, horizon, steps);
  return monte_carlo::estimate(model, scheme, functional, grid, &x0, {mc.paths, false, mc.seed, 0});
}

/// OU θ = 1, μ = 0, σ = 1, x0 = 1, T = 1 with φ(x) = x² (`cosine` false) or cos x (true).
inline CaseResult ou_case(bool cosine, const MonteCarloSetup& mc) {
  const double theta = 1.0, mu = 0.0, sigma = 1.0, x0 = 1.0, horizon = 1.0;
  CaseResult r;
  r.name = cosine ? "OU, phi = cos x" : "OU, phi = x^2";
  const double m = mu + (x0 - mu) * std::exp(-theta * horizon);
  const double v = -sigma * sigma * std::expm1(-2.0 * theta * horizon) / (2.0 * theta);
  r.exact = cosine ? std::exp(-0.5 * v) * std::cos(m) : m * m + v;
  const std::function<double(double)> phi = cosine ? std::function<double(double)>([](double x) { return std::cos(x); })
                                                   : std::function<double(double)>([](double x) { return x * x; });
  GridSetup g;
  const double d = 0.5 * sigma * sigma;
  g.model.drift = [=](double, double x) { return theta * (mu - x); };
  g.model.diffusion = [=](double, double) { return d; };
  g.model.potential = [=](double x) { return theta * (x - mu) * (x - mu) / (sigma * sigma); };
  g.coarse_grid = fokker_planck::Grid1D(-5.0, 5.0, 100);
  solve_on_grids(g, x0, horizon, phi, r);
  const sde::OrnsteinUhlenbeck model{theta, mu, sigma};
  const auto payoff = [cosine](const double* x) { return cosine ? std::cos(x[0]) : x[0] * x[0]; };
  r.monte_carlo = run_monte_carlo(model, schemes::ExactOrnsteinUhlenbeck{},
                                  feynman_kac::TerminalFunctional<decltype(payoff)>{payoff}, x0, horizon, 1, mc,
                                  cosine ? kOuCosine : kOuSquare);
  return r;
}

/// GBM r = 0.05, σ = 0.2, x0 = K = 1, T = 1, φ = (x − K)⁺, expectation without discounting.
inline CaseResult gbm_call_case(const MonteCarloSetup& mc) {
  const double rate = 0.05, vol = 0.2, x0 = 1.0, strike = 1.0, horizon = 1.0;
  CaseResult r;
  r.name = "GBM, phi = (x - K)+";
  r.exact = std::exp(rate * horizon) * feynman_kac::black_scholes_call({x0, strike, rate, vol, horizon});
  GridSetup g;
  g.model.drift = [=](double, double x) { return rate * x; };
  g.model.diffusion = [=](double, double x) { return 0.5 * vol * vol * x * x; };
  g.model.potential = [=](double x) { return -2.0 * rate / (vol * vol) * std::log(x); };
  g.coarse_grid = fokker_planck::Grid1D(0.0, 4.0, 200);
  const auto call = [=](double x) { return std::max(x - strike, 0.0); };
  solve_on_grids(g, x0, horizon, call, r);
  const sde::GeometricBrownianMotion model{rate, vol};
  const auto payoff = [=](const double* x) { return std::max(x[0] - strike, 0.0); };
  r.monte_carlo = run_monte_carlo(model, schemes::PathwiseExact{},
                                  feynman_kac::TerminalFunctional<decltype(payoff)>{payoff}, x0, horizon, 1, mc,
                                  kGbmCall);
  return r;
}

/// Brownian motion σ = 1 from x0 = 1 with an absorbing wall at 0, survival to T = 1.
inline CaseResult absorbing_case(const MonteCarloSetup& mc) {
  const double sigma = 1.0, x0 = 1.0, horizon = 1.0;
  CaseResult r;
  r.name = "BM, absorbing wall: P(tau > T)";
  r.exact = std::erf(x0 / (sigma * std::sqrt(2.0 * horizon)));
  GridSetup g;
  const double d = 0.5 * sigma * sigma;
  g.model.drift = [](double, double) { return 0.0; };
  g.model.diffusion = [=](double, double) { return d; };
  g.model.potential = [](double) { return 0.0; };
  g.coarse_grid = fokker_planck::Grid1D(0.0, 8.0, 160, fokker_planck::Boundary::absorbing,
                                        fokker_planck::Boundary::reflecting);
  solve_on_grids(g, x0, horizon, [](double) { return 1.0; }, r);
  // Euler is exact for Brownian motion; the bridge survival probability exp(−2 d0 d1 / (σ²h)) is the exact
  // conditional probability of not touching 0 inside a step, so the estimator is unbiased for any step.
  const ScaledBrownianMotion model{sigma};
  const auto one = [](const double*) { return 1.0; };
  feynman_kac::BarrierFunctional<ScaledBrownianMotion, decltype(one)> survival{
      {&model, feynman_kac::BridgeCoordinates::state}, one, 0.0};
  r.monte_carlo = run_monte_carlo(model, schemes::EulerMaruyama{}, survival, x0, horizon, 16, mc, kAbsorbing);
  return r;
}

/// Double well D = 0.25 from x0 = 0.5: E X_T² at T = 1.
/// Monte Carlo with SRA1 (weak order 2) and 400 steps.
inline CaseResult double_well_case(const MonteCarloSetup& mc) {
  const double diffusion = 0.25, x0 = 0.5, horizon = 1.0;
  CaseResult r;
  r.name = "double well, phi = x^2";
  GridSetup g;
  g.model.drift = [](double, double x) { return -4.0 * x * (x * x - 1.0); };
  g.model.diffusion = [=](double, double) { return diffusion; };
  g.model.potential = [=](double x) { return (x * x - 1.0) * (x * x - 1.0) / diffusion; };
  g.coarse_grid = fokker_planck::Grid1D(-3.0, 3.0, 150);
  solve_on_grids(g, x0, horizon, [](double x) { return x * x; }, r);
  const DoubleWell model{diffusion};
  const auto square = [](const double* x) { return x[0] * x[0]; };
  r.monte_carlo = run_monte_carlo(model, schemes::Sra1{}, feynman_kac::TerminalFunctional<decltype(square)>{square},
                                  x0, horizon, 400, mc, kDoubleWell);
  return r;
}

inline std::vector<CaseResult> all_cases(const MonteCarloSetup& mc) {
  return {ou_case(false, mc), ou_case(true, mc), gbm_call_case(mc), absorbing_case(mc), double_well_case(mc)};
}

/// Agreement of the three methods (and the closed form) within their stated errors:
///  - a grid value within 2× its Richardson estimate of the exact value (the estimate is asymptotically
///    exact; the factor 2 admits an observed order between log₂(1 + 3/3) = 1 and ∞ on the h → h/2 step);
///  - Monte Carlo within 4.5 SE of the exact value, and within 4.5 SE + 2× the grid estimate of each grid value;
///  - forward and backward within 2× the sum of their estimates of each other.
struct Agreement {
  double forward_vs_exact = 0.0, backward_vs_exact = 0.0;  ///< |difference| / allowed (≤ 1 passes)
  double mc_vs_exact = 0.0, mc_vs_forward = 0.0, mc_vs_backward = 0.0, forward_vs_backward = 0.0;
  double worst() const {
    return std::max({forward_vs_exact, backward_vs_exact, mc_vs_exact, mc_vs_forward, mc_vs_backward,
                     forward_vs_backward});
  }
};

inline Agreement agreement(const CaseResult& r) {
  const double rf = 2.0 * r.forward.error_estimate(), rb = 2.0 * r.backward.error_estimate();
  const double mc = r.monte_carlo.mean, se = 4.5 * r.monte_carlo.std_error;
  const double tiny = 1e-13;  // round-off floor for an estimate that happens to vanish
  Agreement a;
  if (std::isfinite(r.exact)) {
    a.forward_vs_exact = std::fabs(r.forward.fine - r.exact) / (rf + tiny);
    a.backward_vs_exact = std::fabs(r.backward.fine - r.exact) / (rb + tiny);
    a.mc_vs_exact = std::fabs(mc - r.exact) / se;
  }
  a.mc_vs_forward = std::fabs(mc - r.forward.fine) / (se + rf);
  a.mc_vs_backward = std::fabs(mc - r.backward.fine) / (se + rb);
  a.forward_vs_backward = std::fabs(r.forward.fine - r.backward.fine) / (rf + rb + tiny);
  return a;
}

/// The table: case | exact | forward FP ± estimate | backward ± estimate | MC ± SE | agreement.
inline void print_table(const std::vector<CaseResult>& results, std::FILE* out = stdout) {
  std::fprintf(out, "%-32s | %-12s | %-24s | %-24s | %-24s | %s\n", "case", "exact", "forward FP (h/2) ± R",
               "backward (h/2) ± R", "MC ± SE", "agreement (worst ratio to allowed)");
  for (const auto& r : results) {
    char exact[32];
    if (std::isfinite(r.exact)) std::snprintf(exact, sizeof exact, "%.8f", r.exact);
    else std::snprintf(exact, sizeof exact, "%s", "(none)");
    const auto a = agreement(r);
    std::fprintf(out, "%-32s | %-12s | %.8f ± %.1e | %.8f ± %.1e | %.6f ± %.1e | %s (%.2f)\n", r.name.c_str(), exact,
                 r.forward.fine, r.forward.error_estimate(), r.backward.fine, r.backward.error_estimate(),
                 r.monte_carlo.mean, r.monte_carlo.std_error, a.worst() <= 1.0 ? "agree" : "DISAGREE", a.worst());
    if (std::isfinite(r.exact))
      std::fprintf(out, "%-32s | %-12s | err %+.2e          | err %+.2e          | z = %+.2f\n", "", "",
                   r.forward.fine - r.exact, r.backward.fine - r.exact,
                   (r.monte_carlo.mean - r.exact) / r.monte_carlo.std_error);
  }
}

}  // namespace ito::crosscheck
