#pragma once
// Euler–Maruyama (Maruyama 1955; Kloeden–Platen §10.2):
//   Y_{n+1} = Y_n + a(t_n, Y_n) h + g(t_n, Y_n) ΔW_n.
// Approximates the Itô solution: strong order 1/2 (1 for additive noise, where it coincides with Milstein),
// weak order 1. A Stratonovich model is refused (EM would converge to the Itô solution of the same
// coefficients, a different process); use Euler–Heun or Milstein for Stratonovich models.
#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

struct EulerMaruyama {
  static constexpr std::string_view name = "euler_maruyama";
  static constexpr Companion companion = Companion::none;
  static constexpr std::string_view refusal_hint =
      "Euler-Maruyama approximates Ito SDEs only; use euler_heun or milstein for Stratonovich models";

  static constexpr Order order(NoiseClass c, Interpretation i, int) {
    if (i != Interpretation::ito) return Order::unsupported();
    return sde::is_additive(c) ? Order{1.0, 1.0} : Order{0.5, 1.0};
  }

  /// Run-time dimension batch: X_next = X + a(t, X) h + g(t) ΔW.
  template <sde::RuntimeModel M>
  void step(const M& model, double t, double h, const Eigen::MatrixXd& x, BatchNoise noise,
            Eigen::MatrixXd& x_next) const {
    x_next.resize(x.rows(), x.cols());
    model.drift(t, x, x_next);
    x_next = x + h * x_next + model.noise_scale(t) * *noise.dW;
  }

  template <sde::Model M>
  void step(const M& model, double t, double h, const double* x, StepNoise noise, double* x_next) const {
    static_assert(M::interpretation == Interpretation::ito,
                  "EulerMaruyama approximates Ito SDEs only; use EulerHeun or Milstein for a Stratonovich model");
    constexpr int d = M::dim, m = M::noise_dim;
    double a[d], g[d * m];
    model.drift(t, x, a);
    model.diffusion(t, x, g);
    for (int i = 0; i < d; ++i) {
      double y = x[i] + a[i] * h;
      for (int j = 0; j < m; ++j) y += g[i * m + j] * noise.dW[j];
      x_next[i] = y;
    }
  }
};

}  // namespace ito::schemes
