#pragma once
// Derivative-free Runge–Kutta–Milstein scheme (Kloeden–Platen (11.1.5) for one Wiener process and its
// commutative-noise form (11.1.7)): the products L^j g_{·k} of Milstein are replaced by difference quotients
// at the supporting values Υ^j = Y + a h + g_{·j} √h,
//   (L^j g_{·k})(Y) ≈ (g_{·k}(t, Υ^j) − g_{·k}(t, Y)) / √h,
// so that, Itô:
//   Y_{n+1} = Y + a h + Σ_j g_{·j} ΔW_j + 1/(2√h) Σ_{j,k} (g_{·k}(Υ^j) − g_{·k}(Y)) (ΔW_j ΔW_k − δ_jk h).
// Stratonovich has no −δ_jk h term, so the quotient's own error reaches the mean: the one-sided quotient is
// L^j g + ½ g″g² √h + …, and ½ · ½ g″g² √h ΔW_j² has mean ¼ g″g² h^{3/2} per step, an O(√h) global error
// whenever g″ ≠ 0 (measured: order 0.54 on a nonlinear g). Likewise a drift in the supporting value would add
// ½ g′a √h ΔW_j². Stratonovich therefore uses the centred quotient at Υ^j_± = Y ± g_{·j} √h (no drift):
//   (L^j g_{·k})(Y) ≈ (g_{·k}(t, Υ^j_+) − g_{·k}(t, Υ^j_−)) / (2√h) = L^j g_{·k} + O(h),
// whose error term has mean O(h²) per step. In the Itô form the factor ΔW_j ΔW_k − δ_jk h has mean zero and
// the one-sided quotient is enough. Strong order 1, weak order 1 for additive, scalar, diagonal and
// commutative noise; general noise is refused as for Milstein.
// Cost per step: 1 + noise_dim diffusion evaluations (Itô) or 1 + 2·noise_dim (Stratonovich), no derivatives.
#include <cmath>

#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

struct RungeKuttaMilstein : StepsWithSqrtH<RungeKuttaMilstein> {
  static constexpr std::string_view name = "rk_milstein";
  static constexpr Companion companion = Companion::none;
  static constexpr std::string_view refusal_hint =
      "the Runge-Kutta-Milstein scheme needs commutative noise (scalar, diagonal, additive or commutative); "
      "use euler_maruyama for general noise";

  static constexpr Order order(NoiseClass c, Interpretation, int) {
    return c == NoiseClass::general ? Order::unsupported() : Order{1.0, 1.0};
  }

  /// One step with √h supplied (step() from StepsWithSqrtH computes it; the path kernel hoists it).
  template <sde::Model M>
  void step_given_sqrt_h(const M& model, double t, double h, double sqrt_h, const double* x, StepNoise noise,
                         double* x_next) const {
    static_assert(M::noise_class != NoiseClass::general,
                  "RungeKuttaMilstein is refused for general (non-commutative) noise: it would need Levy areas");
    constexpr int d = M::dim, m = M::noise_dim;
    double a[d], g[d * m], support[d], g_support[d * m], y[d];
    model.drift(t, x, a);
    model.diffusion(t, x, g);
    const double* dw = noise.dW;
    for (int i = 0; i < d; ++i) {
      y[i] = x[i] + a[i] * h;
      for (int k = 0; k < m; ++k) y[i] += g[i * m + k] * dw[k];
    }
    if constexpr (M::interpretation == Interpretation::ito) {
      const double scale = 0.5 / sqrt_h;
      for (int j = 0; j < m; ++j) {
        for (int i = 0; i < d; ++i) support[i] = x[i] + a[i] * h + g[i * m + j] * sqrt_h;
        model.diffusion(t, support, g_support);
        for (int i = 0; i < d; ++i)
          for (int k = 0; k < m; ++k)
            y[i] += scale * (g_support[i * m + k] - g[i * m + k]) * (dw[j] * dw[k] - (j == k ? h : 0.0));
      }
    } else {
      // Centred quotient (header): ½ · (g(Υ₊) − g(Υ₋))/(2√h) · ΔW_j ΔW_k.
      const double scale = 0.25 / sqrt_h;
      double g_minus[d * m];
      for (int j = 0; j < m; ++j) {
        for (int i = 0; i < d; ++i) support[i] = x[i] + g[i * m + j] * sqrt_h;
        model.diffusion(t, support, g_support);
        for (int i = 0; i < d; ++i) support[i] = x[i] - g[i * m + j] * sqrt_h;
        model.diffusion(t, support, g_minus);
        for (int i = 0; i < d; ++i)
          for (int k = 0; k < m; ++k) y[i] += scale * (g_support[i * m + k] - g_minus[i * m + k]) * (dw[j] * dw[k]);
      }
    }
    for (int i = 0; i < d; ++i) x_next[i] = y[i];
  }
};

}  // namespace ito::schemes
