#pragma once
// Euler–Heun scheme for Stratonovich SDEs (Kloeden–Platen §11.1, Rümelin 1982; the stochastic trapezoidal
// predictor–corrector):
//   Ȳ = Y + a(t, Y) h + g(t, Y) ΔW,
//   Y_{n+1} = Y + ½(a(t, Y) + a(t + h, Ȳ)) h + ½(g(t, Y) + g(t + h, Ȳ)) ΔW.
// Converges to the Stratonovich solution: strong order 1 for commutative noise (scalar, diagonal, additive,
// commutative), 1/2 for general noise; weak order 1. An Itô model with state-dependent noise is refused (the
// scheme would converge to the Stratonovich solution of the same coefficients); with additive noise the two
// calculi coincide and it is accepted for either. For additive noise it is weak order 2: expanding
// a(t+h, Ȳ) = a + a'(a h + g ΔW) + ½ a''(g ΔW)² + ∂_t a h + O(h^{3/2}), the step reproduces the weak
// order-2 Taylor scheme's moments to O(h³) per step (E[½ a' g ΔW h · ΔW] = ½ a' g h² = E[a' g ΔZ ΔW],
// E[¼ a'' g² ΔW² h] = ¼ a'' g² h²; Kloeden–Platen §14.2, §15.1) — the run-time OU test measures it.
#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

struct EulerHeun {
  static constexpr std::string_view name = "euler_heun";
  static constexpr Companion companion = Companion::none;
  static constexpr std::string_view refusal_hint =
      "Euler-Heun approximates Stratonovich SDEs (and additive-noise SDEs) only; use euler_maruyama or milstein for "
      "Ito models with state-dependent noise";

  static constexpr Order order(NoiseClass c, Interpretation i, int) {
    if (sde::is_additive(c)) return Order{1.0, 2.0};
    if (i != Interpretation::stratonovich) return Order::unsupported();
    return c == NoiseClass::general ? Order{0.5, 1.0} : Order{1.0, 1.0};
  }

  /// Run-time dimension batch (additive noise g(t)·I):
  ///   P = X + a(t, X) h + g(t) ΔW,   X_next = X + ½(a(t, X) + a(t + h, P)) h + ½(g(t) + g(t + h)) ΔW.
  template <sde::RuntimeModel M>
  void step(const M& model, double t, double h, const Eigen::MatrixXd& x, BatchNoise noise,
            Eigen::MatrixXd& x_next) const {
    a0_.resize(x.rows(), x.cols());
    model.drift(t, x, a0_);
    const double g0 = model.noise_scale(t), g1 = model.noise_scale(t + h);
    predictor_ = x + h * a0_ + g0 * *noise.dW;
    x_next.resize(x.rows(), x.cols());
    model.drift(t + h, predictor_, x_next);
    x_next = x + (0.5 * h) * (a0_ + x_next) + (0.5 * (g0 + g1)) * *noise.dW;
  }

  template <sde::Model M>
  void step(const M& model, double t, double h, const double* x, StepNoise noise, double* x_next) const {
    static_assert(M::interpretation == Interpretation::stratonovich || sde::is_additive(M::noise_class),
                  "EulerHeun approximates Stratonovich SDEs (or additive-noise SDEs) only; use EulerMaruyama or "
                  "Milstein for an Ito model with state-dependent noise");
    constexpr int d = M::dim, m = M::noise_dim;
    double a0[d], g0[d * m], a1[d], g1[d * m], predictor[d];
    model.drift(t, x, a0);
    model.diffusion(t, x, g0);
    for (int i = 0; i < d; ++i) {
      double y = x[i] + a0[i] * h;
      for (int j = 0; j < m; ++j) y += g0[i * m + j] * noise.dW[j];
      predictor[i] = y;
    }
    model.drift(t + h, predictor, a1);
    model.diffusion(t + h, predictor, g1);
    for (int i = 0; i < d; ++i) {
      double y = x[i] + 0.5 * (a0[i] + a1[i]) * h;
      for (int j = 0; j < m; ++j) y += 0.5 * (g0[i * m + j] + g1[i * m + j]) * noise.dW[j];
      x_next[i] = y;
    }
  }

 private:
  mutable Eigen::MatrixXd a0_, predictor_;  // run-time steps' work matrices (one scheme object per thread)
};

}  // namespace ito::schemes
