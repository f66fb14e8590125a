#pragma once
// Variance-preserving (VP) SDE, the forward process of score-based diffusion models (Song et al., "Score-based
// generative modeling through SDEs", ICLR 2021, eq. (11)):
//   dX = −½ β(t) X dt + √β(t) dW,   β(t) = β_min + (β_max − β_min) t,  t ∈ [0, 1]   (additive noise).
// With B(t) = ∫_0^t β = β_min t + ½(β_max − β_min) t², the moment ODEs m' = −½β m, v' = −β v + β give
//   m(t) = m0 e^{−B(t)/2},   v(t) = 1 − (1 − v0) e^{−B(t)}
// (so unit variance is preserved and X_1 ≈ N(0, 1) when B(1) is large); moments_by_ode() integrates the same
// ODEs numerically (ito::sde::linear_sde_moments) as a cross-check of both.
#include <cmath>

#include "ito/sde/linear_moments.hpp"
#include "ito/sde/model.hpp"

namespace ito::sde {

struct VariancePreserving {
  static constexpr int dim = 1;
  static constexpr int noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::additive;
  static constexpr Interpretation interpretation = Interpretation::ito;

  double beta_min = 0.1;
  double beta_max = 20.0;

  double beta(double t) const { return beta_min + (beta_max - beta_min) * t; }
  /// B(t) = ∫_0^t β(s) ds.
  double integrated_beta(double t) const { return beta_min * t + 0.5 * (beta_max - beta_min) * t * t; }

  void drift(double t, const double* x, double* a) const { a[0] = -0.5 * beta(t) * x[0]; }
  void diffusion(double t, const double*, double* g) const { g[0] = std::sqrt(beta(t)); }
  void diffusion_derivative_products(double, const double*, double* l) const { l[0] = 0.0; }

  /// Closed-form moments at t from a N(m0, v0) state at time 0.
  GaussianMoments moments(double t, double m0, double v0) const {
    const double B = integrated_beta(t);
    return {m0 * std::exp(-0.5 * B), 1.0 + (v0 - 1.0) * std::exp(-B)};
  }
  /// The same by integrating the moment ODEs (Boost.Odeint dopri5).
  GaussianMoments moments_by_ode(double t, double m0, double v0, double tol = 1e-13) const {
    return linear_sde_moments([this](double s) { return -0.5 * beta(s); }, [](double) { return 0.0; },
                              [this](double s) { return std::sqrt(beta(s)); }, 0.0, t, m0, v0, tol);
  }
  void exact_mean(double t, const double* x0, double* m) const { m[0] = moments(t, x0[0], 0.0).mean; }
  void exact_variance(double t, const double* x0, double* v) const { v[0] = moments(t, x0[0], 0.0).variance; }
};

}  // namespace ito::sde
