#pragma once
// Platen's explicit (derivative-free) weak order 2.0 scheme (Kloeden & Platen, Numerical Solution of
// Stochastic Differential Equations, §15.1, (15.1.1) for one Wiener process and (15.1.3) for several):
//
//   Ῡ   = Y + a(t, Y) h + Σ_j g_{·j}(t, Y) ΔW_j                      (Euler predictor, for the drift)
//   R±  = Y + a(t, Y) h ± √h Σ_j g_{·j}(t, Y)                          (supporting values, for the diffusion)
//   Y_{n+1} = Y + ½ (a(t+h, Ῡ) + a(t, Y)) h
//             + Σ_j ¼ (g_{·j}(t+h, R+) + g_{·j}(t+h, R−) + 2 g_{·j}(t, Y)) ΔW_j
//             + Σ_j ¼ (g_{·j}(t+h, R+) − g_{·j}(t+h, R−)) (ΔW_j² − h) / √h.
//
// Expanding the difference quotients reproduces the simplified weak order-2 Itô–Taylor scheme (KP (14.2.2))
// without derivatives: ¼(g(R+) − g(R−))/√h = ½ g g' + O(h) is Milstein's term, ¼(g(R+) + g(R−) + 2g) =
// g + ½ L⁰g h + O(h^{3/2}) and ½(a(Ῡ) + a) h = a h + ½ g a' ΔW h + ½ L⁰a h² + … carry the mixed terms with
// I_(1,0) ≈ I_(0,1) ≈ ½ ΔW h (exact in the first two moments). Evaluating g at t + h in R± supplies the ∂ₜg
// part of L⁰g for time-dependent diffusions.
//
// Noise: for one Wiener process this is KP (15.1.1) (any state dimension). For several Wiener processes the
// general form (15.1.3) has cross terms b^j(Y ± b^r √h) − b^j, r ≠ j, and two-point variables V_{r,j}; they
// vanish identically for additive noise (g independent of x) and for diagonal noise (g_jj depends on x_j only),
// where one pair of supporting values serves all components at once, as above. Commutative and general noise
// are refused (they need the cross terms). Itô only.
//
// Orders: weak 2 (the increments may be Gaussian, as here, so that the weak error can be measured on the
// same paths as the exact solution); strong 1 for scalar and diagonal noise (the Milstein term is present),
// strong 1 for additive noise. Cost per step: two drift and three diffusion evaluations.
#include <cmath>

#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

struct PlatenWeak2 : StepsWithSqrtH<PlatenWeak2> {
  static constexpr std::string_view name = "platen_weak2";
  static constexpr Companion companion = Companion::none;
  static constexpr std::string_view refusal_hint =
      "the Platen weak order-2 scheme is for Ito SDEs with scalar, diagonal or additive noise; use "
      "euler_maruyama (weak order 1) for commutative or general noise";

  static constexpr Order order(NoiseClass c, Interpretation i, int) {
    if (i != Interpretation::ito) return Order::unsupported();
    if (c == NoiseClass::scalar || c == NoiseClass::diagonal || c == NoiseClass::additive) return {1.0, 2.0};
    return Order::unsupported();
  }

  /// One step with √h supplied (step() from StepsWithSqrtH computes it; the ensemble loop hoists it).
  template <sde::Model M>
  void step_given_sqrt_h(const M& model, double t, double h, double sqrt_h, const double* x, StepNoise noise,
                         double* x_next) const {
    static_assert(M::interpretation == Interpretation::ito,
                  "PlatenWeak2 is an Ito scheme (Stratonovich model given)");
    static_assert(M::noise_class == NoiseClass::scalar || M::noise_class == NoiseClass::diagonal ||
                      M::noise_class == NoiseClass::additive,
                  "PlatenWeak2 needs scalar, diagonal or additive noise (commutative and general noise need the "
                  "cross terms of Kloeden-Platen (15.1.3)); use EulerMaruyama");
    constexpr int d = M::dim, m = M::noise_dim;
    double a[d], g[d * m], predictor[d], support_plus[d], support_minus[d];
    double a_predictor[d], g_plus[d * m], g_minus[d * m];
    model.drift(t, x, a);
    model.diffusion(t, x, g);
    for (int i = 0; i < d; ++i) {
      double noise_sum = 0.0, column_sum = 0.0;
      for (int j = 0; j < m; ++j) {
        noise_sum += g[i * m + j] * noise.dW[j];
        column_sum += g[i * m + j];
      }
      const double euler_drift = x[i] + a[i] * h;
      predictor[i] = euler_drift + noise_sum;
      support_plus[i] = euler_drift + sqrt_h * column_sum;
      support_minus[i] = euler_drift - sqrt_h * column_sum;
    }
    model.drift(t + h, predictor, a_predictor);
    model.diffusion(t + h, support_plus, g_plus);
    model.diffusion(t + h, support_minus, g_minus);
    const double quarter_over_sqrt_h = 0.25 / sqrt_h;
    for (int i = 0; i < d; ++i) {
      double y = x[i] + 0.5 * (a_predictor[i] + a[i]) * h;
      for (int j = 0; j < m; ++j) {
        const int k = i * m + j;
        const double dw = noise.dW[j];
        y += 0.25 * (g_plus[k] + g_minus[k] + 2.0 * g[k]) * dw +
             quarter_over_sqrt_h * (g_plus[k] - g_minus[k]) * (dw * dw - h);
      }
      x_next[i] = y;
    }
  }
};

}  // namespace ito::schemes
