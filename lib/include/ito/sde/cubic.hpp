#pragma once
// The "cubic" nonlinear test SDE of Kloeden–Platen (1992), eq. (4.4.46):
//   dX = −¼ X (1 − X²) dt + ½ (1 − X²) dW   (Itô, scalar noise), |x0| < 1,
//   X_t = ((1 + x0) e^{W_t} + x0 − 1) / ((1 + x0) e^{W_t} + 1 − x0).
// Check by Itô's formula: with c = artanh(x0), X_t = f(W_t), f(w) = tanh((w + 2c)/2) (divide numerator and
// denominator by (1 − x0)), so f' = ½(1 − f²), f'' = −f f' = −½ f (1 − f²), and
// dX = f' dW + ½ f'' dt = ½(1 − X²) dW − ¼ X (1 − X²) dt; f(0) = tanh(c) = x0.
// Milstein product L g = g g' = ½(1 − x²)(−x).
#include <cmath>

#include "ito/sde/model.hpp"

namespace ito::sde {

struct CubicSde {
  static constexpr int dim = 1;
  static constexpr int noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::scalar;
  static constexpr Interpretation interpretation = Interpretation::ito;

  void drift(double, const double* x, double* a) const { a[0] = -0.25 * x[0] * (1.0 - x[0] * x[0]); }
  void diffusion(double, const double* x, double* g) const { g[0] = 0.5 * (1.0 - x[0] * x[0]); }
  void diffusion_derivative_products(double, const double* x, double* l) const {
    l[0] = -0.5 * x[0] * (1.0 - x[0] * x[0]);
  }
  void exact(double, const double* x0, const double* w, double* x) const {
    const double e = (1.0 + x0[0]) * std::exp(w[0]);
    x[0] = (e + x0[0] - 1.0) / (e + 1.0 - x0[0]);
  }
};

}  // namespace ito::sde
