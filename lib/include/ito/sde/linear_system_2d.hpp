#pragma once
// Two-dimensional linear system with commutative multiplicative noise (DifferentialEquations.jl's
// prob_sde_2Dlinear structure, Kloeden–Platen §4.8):
//   dX = A X dt + Σ_{j=1}^{4} B_j X dW_j,   A = [−2 1; 1 −2] + 1.01 I,  B_j = b I, b = 0.87.
// All matrices commute, so X_t = exp((A − ½ Σ_j B_j²) t + Σ_j B_j W_j) X0
//                              = e^{b S} e^{(A − 2b²) t} X0,   S = Σ_j W_j ~ N(0, 4t).
// A = [a c; c a] with a = −0.99, c = 1, so e^{At} = e^{at} [cosh ct, sinh ct; sinh ct, cosh ct].
// Moments: E X_t = e^{At} X0;  with Y = e^{(A − 2b²)t} X0, Var X_{t,i} = Y_i² (e^{8b²t} − e^{4b²t}).
// g_{ij} = b x_i, so L^j g_{ik} = Σ_l g_{lj} ∂_l g_{ik} = b² x_i (symmetric in j, k: commutative noise).
#include <cmath>

#include "ito/sde/model.hpp"

namespace ito::sde {

struct LinearSystem2d {
  static constexpr int dim = 2;
  static constexpr int noise_dim = 4;
  static constexpr NoiseClass noise_class = NoiseClass::commutative;
  static constexpr Interpretation interpretation = Interpretation::ito;

  double a = -0.99;  ///< diagonal of A
  double c = 1.0;    ///< off-diagonal of A
  double b = 0.87;   ///< B_j = b I

  void drift(double, const double* x, double* out) const {
    out[0] = a * x[0] + c * x[1];
    out[1] = c * x[0] + a * x[1];
  }
  void diffusion(double, const double* x, double* g) const {
    for (int i = 0; i < dim; ++i)
      for (int j = 0; j < noise_dim; ++j) g[i * noise_dim + j] = b * x[i];
  }
  void diffusion_derivative_products(double, const double* x, double* l) const {
    for (int i = 0; i < dim; ++i)
      for (int jk = 0; jk < noise_dim * noise_dim; ++jk) l[i * noise_dim * noise_dim + jk] = b * b * x[i];
  }
  /// y = e^{(a + shift) t} [cosh ct, sinh ct; sinh ct, cosh ct] x0.
  void propagate(double t, double shift, const double* x0, double* y) const {
    const double e = std::exp((a + shift) * t), ch = std::cosh(c * t), sh = std::sinh(c * t);
    y[0] = e * (ch * x0[0] + sh * x0[1]);
    y[1] = e * (sh * x0[0] + ch * x0[1]);
  }
  void exact(double t, const double* x0, const double* w, double* x) const {
    double s = 0.0;
    for (int j = 0; j < noise_dim; ++j) s += w[j];
    propagate(t, -0.5 * noise_dim * b * b, x0, x);
    const double f = std::exp(b * s);
    x[0] *= f;
    x[1] *= f;
  }
  void exact_mean(double t, const double* x0, double* m) const { propagate(t, 0.0, x0, m); }
  void exact_variance(double t, const double* x0, double* v) const {
    double y[2];
    propagate(t, -0.5 * noise_dim * b * b, x0, y);
    const double q = noise_dim * b * b * t;  // Var(bS)
    const double f = std::exp(2.0 * q) - std::exp(q);
    v[0] = y[0] * y[0] * f;
    v[1] = y[1] * y[1] * f;
  }
};

}  // namespace ito::sde
