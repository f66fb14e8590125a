#pragma once
// Euler–Heun scheme for Stratonovich SDEs (Kloeden–Platen §11.1, Rümelin 1982; the stochastic trapezoidal
// predictor–corrector):
//   Ȳ = Y + a(t, Y) h + g(t, Y) ΔW,
//   Y_{n+1} = Y + ½(a(t, Y) + a(t + h, Ȳ)) h + ½(g(t, Y) + g(t + h, Ȳ)) ΔW.
// Converges to the Stratonovich solution: strong order 1 for commutative noise (scalar, diagonal, additive,
// commutative), 1/2 for general noise; weak order 1. An Itô model is refused (the scheme would converge to
// the Stratonovich solution of the same coefficients).
#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

struct EulerHeun {
  static constexpr std::string_view name = "euler_heun";
  static constexpr Companion companion = Companion::none;
  static constexpr std::string_view refusal_hint =
      "Euler-Heun approximates Stratonovich SDEs only; use euler_maruyama or milstein for Ito models";

  static constexpr Order order(NoiseClass c, Interpretation i, int) {
    if (i != Interpretation::stratonovich) return Order::unsupported();
    return c == NoiseClass::general ? Order{0.5, 1.0} : Order{1.0, 1.0};
  }

  template <sde::Model M>
  void step(const M& model, double t, double h, const double* x, StepNoise noise, double* x_next) const {
    static_assert(M::interpretation == Interpretation::stratonovich,
                  "EulerHeun approximates Stratonovich SDEs only; use EulerMaruyama or Milstein for an Ito model");
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
};

}  // namespace ito::schemes
