#pragma once
// Additive noise with a nonlinear drift:  dX = −sin(X) dt + σ dW.
//
// Why it exists: on additive-noise problems with a *linear* drift (Ornstein–Uhlenbeck, Rößler's additive
// test problem) the order-1.5 error term of the strong-1.5 schemes, ½ a''(X) g² I_(1,1,0), vanishes and SRA1
// converges with order 2. With a'' = sin x ≠ 0 and a noise-dominated σ (g² a'' dominant) the order 1.5 of
// SRA1 is what one measures, so 1.5 and 2 can be told apart. No exact solution: studies use a fine-step
// reference on the same Brownian path (self-convergence). Euler–Maruyama has strong order 1 here.
#include <cmath>

#include "ito/sde/model.hpp"

namespace ito::sde {

struct AdditiveNonlinear {
  static constexpr int dim = 1;
  static constexpr int noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::additive;
  static constexpr Interpretation interpretation = Interpretation::ito;

  double sigma = 2.0;  ///< noise amplitude σ

  void drift(double, const double* x, double* a) const { a[0] = -std::sin(x[0]); }
  void diffusion(double, const double*, double* g) const { g[0] = sigma; }
  void diffusion_derivative_products(double, const double*, double* l) const { l[0] = 0.0; }
};

}  // namespace ito::sde
