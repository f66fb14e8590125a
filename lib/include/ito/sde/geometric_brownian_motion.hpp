#pragma once
// Geometric Brownian motion (the linear test SDE of Kloeden–Platen §4.4 and of Higham 2001;
// standard problem α = 1.01, β = 0.87, x0 = 1/2 as in DifferentialEquations.jl's prob_sde_linear).
//
// Itô:           dX = αX dt + βX dW,    X_t = x0 exp((α − β²/2) t + β W_t)
//   (Itô's formula for F(t, w) = x0 exp((α − β²/2)t + βw): dF = ((α − β²/2)F + ½β²F) dt + βF dW = αF dt + βF dW.)
//   E X_t = x0 e^{αt},  Var X_t = x0² e^{2αt} (e^{β²t} − 1).
// Stratonovich:  dX = αX dt + βX ∘ dW,  X_t = x0 exp(α t + β W_t)  (ordinary chain rule);
//   its Itô form has drift (α + β²/2) X, so E X_t = x0 e^{(α+β²/2)t}, Var = x0² e^{(2α+β²)t}(e^{β²t} − 1).
// Scalar noise (dim = noise_dim = 1); Milstein product L g = g g' = β² x.
#include <cmath>

#include "ito/sde/model.hpp"

namespace ito::sde {

namespace detail {
template <Interpretation I>
struct GeometricBrownianMotionT {
  static constexpr int dim = 1;
  static constexpr int noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::scalar;
  static constexpr Interpretation interpretation = I;

  double alpha = 1.01;  ///< drift rate α
  double beta = 0.87;   ///< volatility β

  void drift(double, const double* x, double* a) const { a[0] = alpha * x[0]; }
  void diffusion(double, const double* x, double* g) const { g[0] = beta * x[0]; }
  void diffusion_derivative_products(double, const double* x, double* l) const { l[0] = beta * beta * x[0]; }

  /// Exponent rate of the pathwise solution: α − β²/2 (Itô) or α (Stratonovich).
  double log_drift() const { return I == Interpretation::ito ? alpha - 0.5 * beta * beta : alpha; }
  void exact(double t, const double* x0, const double* w, double* x) const {
    x[0] = x0[0] * std::exp(log_drift() * t + beta * w[0]);
  }
  /// Drift rate of the equivalent Itô equation.
  double ito_rate() const { return I == Interpretation::ito ? alpha : alpha + 0.5 * beta * beta; }
  void exact_mean(double t, const double* x0, double* m) const { m[0] = x0[0] * std::exp(ito_rate() * t); }
  void exact_variance(double t, const double* x0, double* v) const {
    v[0] = x0[0] * x0[0] * std::exp(2.0 * ito_rate() * t) * std::expm1(beta * beta * t);
  }
};
}  // namespace detail

/// Itô GBM dX = αX dt + βX dW.
using GeometricBrownianMotion = detail::GeometricBrownianMotionT<Interpretation::ito>;
/// Stratonovich GBM dX = αX dt + βX ∘ dW.
using StratonovichGeometricBrownianMotion = detail::GeometricBrownianMotionT<Interpretation::stratonovich>;

}  // namespace ito::sde
