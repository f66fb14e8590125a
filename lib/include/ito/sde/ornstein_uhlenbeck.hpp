#pragma once
// Ornstein–Uhlenbeck process  dX = θ(μ − X) dt + σ dW  (additive noise, Itô = Stratonovich).
//
// Variation of constants gives, over a step [t, t+h],
//   X_{t+h} = μ + (X_t − μ) e^{−θh} + σ J,     J = ∫_t^{t+h} e^{−θ(t+h−s)} dW_s,
// so the pathwise exact solution needs the pair (ΔW, J) (drawn jointly by ito::sde::brownian_path with
// Companion::ou_convolution). Hence the transition law
//   X_{t+h} | X_t = x  ~  N( μ + (x − μ) e^{−θh},  σ² (1 − e^{−2θh}) / (2θ) ),
// and E X_t, Var X_t from a deterministic x0 follow with h = t.
#include <cmath>

#include "ito/sde/model.hpp"

namespace ito::sde {

struct OrnsteinUhlenbeck {
  static constexpr int dim = 1;
  static constexpr int noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::additive;
  static constexpr Interpretation interpretation = Interpretation::ito;

  double theta = 1.0;  ///< mean-reversion rate θ > 0
  double mu = 0.0;     ///< long-run mean μ
  double sigma = 1.0;  ///< noise amplitude σ

  void drift(double, const double* x, double* a) const { a[0] = theta * (mu - x[0]); }
  void diffusion(double, const double*, double* g) const { g[0] = sigma; }
  /// Additive noise: g' = 0.
  void diffusion_derivative_products(double, const double*, double* l) const { l[0] = 0.0; }

  /// Rate of the exponential kernel of the companion variable J (Companion::ou_convolution).
  double convolution_rate() const { return theta; }

  /// Exact step: x_next = μ + (x − μ) e^{−θh} + σ J  (ΔW is not needed given J).
  void exact_step(double, double h, const double* x, const double*, const double* j, double* x_next) const {
    x_next[0] = mu + (x[0] - mu) * std::exp(-theta * h) + sigma * j[0];
  }

  void exact_mean(double t, const double* x0, double* m) const { m[0] = mu + (x0[0] - mu) * std::exp(-theta * t); }
  /// σ²(1 − e^{−2θt})/(2θ), with expm1 so that small θt keeps full relative accuracy.
  void exact_variance(double t, const double*, double* v) const {
    v[0] = -sigma * sigma * std::expm1(-2.0 * theta * t) / (2.0 * theta);
  }
  /// Stationary law N(μ, σ²/(2θ)).
  double stationary_variance() const { return sigma * sigma / (2.0 * theta); }
};

}  // namespace ito::sde
