#pragma once
// Ornstein–Uhlenbeck process in R^d with run-time d:  dX = θ(μ − X) dt + σ dW,  W d-dimensional
// (components independent). The run-time counterpart of ornstein_uhlenbeck.hpp, and the exact reference of
// the run-time schemes: it is semilinear with ℓ = −θ, κ = θ, N = μ (constant), so the exponential integrator
// is exact for it, and
//   Φ = e^{−θh},  Ψ = 1 − e^{−θh}  (multiplying N = μ),
//   v = σ²(1 − e^{−2θh})/(2θ),  c = σ(1 − e^{−θh})/θ.
// Moments from a deterministic x0: E X_t = μ + (x0 − μ)e^{−θt}, Var X_t,i = σ²(1 − e^{−2θt})/(2θ).
#include <Eigen/Core>
#include <cmath>

#include "ito/sde/runtime_model.hpp"

namespace ito::sde {

struct IsotropicOrnsteinUhlenbeck {
  static constexpr NoiseClass noise_class = NoiseClass::isotropic;
  static constexpr Interpretation interpretation = Interpretation::ito;

  int d = 1;           ///< dimension
  double theta = 1.0;  ///< mean-reversion rate θ > 0
  double mu = 0.0;     ///< long-run mean μ (every component)
  double sigma = 1.0;  ///< noise amplitude σ

  int dim() const { return d; }
  void drift(double, const Eigen::MatrixXd& X, Eigen::MatrixXd& A) const { A = theta * (mu - X.array()).matrix(); }
  double noise_scale(double) const { return sigma; }

  void nonlinear_input(double, const Eigen::MatrixXd& X, Eigen::MatrixXd& N) const {
    N.setConstant(X.rows(), X.cols(), mu);
  }
  LinearFlow linear_flow(double, double h) const {
    const double e1 = -std::expm1(-theta * h), e2 = -std::expm1(-2.0 * theta * h);  // 1 − e^{−θh}, 1 − e^{−2θh}
    return {1.0 - e1, e1, sigma * sigma * e2 / (2.0 * theta), sigma * e1 / theta};
  }

  double exact_mean(double t, double x0) const { return mu + (x0 - mu) * std::exp(-theta * t); }
  double exact_variance(double t) const { return -sigma * sigma * std::expm1(-2.0 * theta * t) / (2.0 * theta); }
};

static_assert(SemilinearRuntimeModel<IsotropicOrnsteinUhlenbeck>);

}  // namespace ito::sde
