#pragma once
// Rößler's additive-noise test problem (A. Rößler, "Runge–Kutta methods for the strong approximation of
// solutions of stochastic differential equations", SIAM J. Numer. Anal. 48 (2010); also
// DifferentialEquations.jl's prob_sde_additive):
//   dX = ( β/√(1+t) − X/(2(1+t)) ) dt + αβ/√(1+t) dW   (additive noise),
//   X_t = x0/√(1+t) + β (t + α W_t)/√(1+t).
// Check: Y = √(1+t) X satisfies dY = √(1+t) dX + X/(2√(1+t)) dt = β dt + αβ dW (g does not depend on X, so
// there is no Itô correction), hence Y_t = x0 + βt + αβ W_t.
//
// Parameterisation and what it can show. The published values α = 1/10, β = 1/20 make the noise αβ = 0.005 a
// hundred times smaller than the drift β/√(1+t) ≈ 0.05; ito's default α = β = 1 makes them equal. Either way
// the drift is linear in x, so the weight-2 terms of the Itô–Taylor expansion that a strong-1.5 scheme may get
// wrong (L^1 L^1 a = g² a'' and L^1 applied to the x-independent g) vanish, and SRA1 converges at order 2
// on this problem for every α, β (measured orders: README, Results). It checks that SRA1
// reaches at least 1.5 and that the t-dependence of g is integrated right; to see the order 1.5 itself use
// the nonlinear additive model (ito/sde/additive_nonlinear.hpp, σ = 2: successive orders ≈ 1.5). Exact moments:
//   E X_t = (x0 + βt)/√(1+t),   Var X_t = α²β² t/(1+t).
#include <cmath>

#include "ito/sde/model.hpp"

namespace ito::sde {

struct AdditiveDecay {
  static constexpr int dim = 1;
  static constexpr int noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::additive;
  static constexpr Interpretation interpretation = Interpretation::ito;

  double alpha = 1.0;  ///< noise-to-drift ratio α
  double beta = 1.0;   ///< scale β

  void drift(double t, const double* x, double* a) const {
    a[0] = beta / std::sqrt(1.0 + t) - x[0] / (2.0 * (1.0 + t));
  }
  void diffusion(double t, const double*, double* g) const { g[0] = alpha * beta / std::sqrt(1.0 + t); }
  void diffusion_derivative_products(double, const double*, double* l) const { l[0] = 0.0; }
  void exact(double t, const double* x0, const double* w, double* x) const {
    x[0] = (x0[0] + beta * (t + alpha * w[0])) / std::sqrt(1.0 + t);
  }
  void exact_mean(double t, const double* x0, double* m) const { m[0] = (x0[0] + beta * t) / std::sqrt(1.0 + t); }
  void exact_variance(double t, const double*, double* v) const { v[0] = alpha * alpha * beta * beta * t / (1.0 + t); }
};

}  // namespace ito::sde
