#pragma once
// Models shared by the path-kernel tests.
#include "ito/sde/model.hpp"

namespace ito::monte_carlo::test {

/// dX = A X dt + B₁ X dW₁ + B₂ X dW₂ with non-commuting B₁, B₂ (general noise): the model on which the weak
/// order-2 scheme needs its two-point variables, built from the path's fair signs.
struct NonCommutingLinear {
  static constexpr int dim = 2, noise_dim = 2;
  static constexpr sde::NoiseClass noise_class = sde::NoiseClass::general;
  static constexpr sde::Interpretation interpretation = sde::Interpretation::ito;
  void drift(double, const double* x, double* a) const {
    a[0] = -0.5 * x[0] + 0.3 * x[1];
    a[1] = 0.2 * x[0] - 0.4 * x[1];
  }
  void diffusion(double, const double* x, double* g) const {
    g[0] = 0.3 * x[0] + 0.2 * x[1];  // B₁ x
    g[2] = 0.1 * x[1];
    g[1] = 0.1 * x[0];  // B₂ x
    g[3] = 0.4 * x[0] + 0.2 * x[1];
  }
};

}  // namespace ito::monte_carlo::test
