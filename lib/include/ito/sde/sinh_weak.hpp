#pragma once
// Weak-order test problem X_t = sinh(t + W_t + asinh x0) (Rößler, "Second order Runge–Kutta methods for Itô
// stochastic differential equations", SIAM J. Numer. Anal. 47 (2009); Kloeden–Platen §14 style):
//   dX = ( √(1 + X²) + X/2 ) dt + √(1 + X²) dW   (Itô, scalar noise).
// Check: F(z) = sinh z, z = t + W + z0: dX = F'(z)(dt + dW) + ½F''(z) dt = cosh z (dt + dW) + ½ sinh z dt,
// and cosh z = √(1 + X²).
// Weak functional: with Z_t = asinh X_t = z0 + t + W_t ~ N(z0 + t, t) and h(z) = z³ − 6z² + 8z,
//   E Z = μ, E Z² = μ² + s², E Z³ = μ³ + 3μs²  (μ = z0 + t, s² = t).
// For x0 = 0: E h(Z_t) = (t³ + 3t²) − 6(t² + t) + 8t = t³ − 3t² + 2t, which vanishes at t = 1 and 2.
// Milstein product L g = g g' = √(1+x²) · x/√(1+x²) = x.
#include <cmath>

#include "ito/sde/model.hpp"

namespace ito::sde {

struct SinhWeakSde {
  static constexpr int dim = 1;
  static constexpr int noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::scalar;
  static constexpr Interpretation interpretation = Interpretation::ito;

  void drift(double, const double* x, double* a) const { a[0] = std::sqrt(1.0 + x[0] * x[0]) + 0.5 * x[0]; }
  void diffusion(double, const double* x, double* g) const { g[0] = std::sqrt(1.0 + x[0] * x[0]); }
  void diffusion_derivative_products(double, const double* x, double* l) const { l[0] = x[0]; }
  void exact(double t, const double* x0, const double* w, double* x) const {
    x[0] = std::sinh(t + w[0] + std::asinh(x0[0]));
  }

  /// The test functional h(z) = z³ − 6z² + 8z applied to z = asinh(x).
  static double functional(double x) {
    const double z = std::asinh(x);
    return z * z * z - 6.0 * z * z + 8.0 * z;
  }
  /// E h(asinh X_t) exactly (t³ − 3t² + 2t when x0 = 0).
  static double functional_mean(double t, double x0) {
    const double mu = std::asinh(x0) + t, s2 = t;
    const double m1 = mu, m2 = mu * mu + s2, m3 = mu * mu * mu + 3.0 * mu * s2;
    return m3 - 6.0 * m2 + 8.0 * m1;
  }
};

}  // namespace ito::sde
