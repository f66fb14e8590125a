#pragma once
// The "wave" nonlinear test SDE (Kloeden–Platen 1992, eq. (4.4.50) family; used by Rackauckas–Nie 2017):
//   dX = −(1/100) sin X cos³ X dt + (1/10) cos² X dW   (Itô, scalar noise),
//   X_t = arctan(W_t / 10 + tan x0),  |x0| < π/2.
// Check by Itô's formula: X = f(W), f(w) = arctan(u), u = w/10 + tan x0;
//   f' = (1/10)/(1 + u²) = (1/10) cos² X;
//   f'' = −(1/10)·2u·(1/10)/(1 + u²)² = −(1/50) tan X cos⁴ X = −(1/50) sin X cos³ X;
//   dX = f' dW + ½ f'' dt = (1/10) cos² X dW − (1/100) sin X cos³ X dt.
// Milstein product L g = g g' = (1/10) cos² x · (−(1/5) cos x sin x) = −(1/50) sin x cos³ x.
#include <cmath>

#include "ito/sde/model.hpp"

namespace ito::sde {

struct WaveSde {
  static constexpr int dim = 1;
  static constexpr int noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::scalar;
  static constexpr Interpretation interpretation = Interpretation::ito;

  void drift(double, const double* x, double* a) const {
    const double c = std::cos(x[0]);
    a[0] = -0.01 * std::sin(x[0]) * c * c * c;
  }
  void diffusion(double, const double* x, double* g) const {
    const double c = std::cos(x[0]);
    g[0] = 0.1 * c * c;
  }
  void diffusion_derivative_products(double, const double* x, double* l) const {
    const double c = std::cos(x[0]);
    l[0] = -0.02 * std::sin(x[0]) * c * c * c;
  }
  void exact(double, const double* x0, const double* w, double* x) const {
    x[0] = std::atan(0.1 * w[0] + std::tan(x0[0]));
  }
};

}  // namespace ito::sde
