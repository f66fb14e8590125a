#pragma once
// Milstein scheme for commutative noise (Milstein 1974; Kloeden–Platen (10.3.16) and (10.3.3)):
//   Itô:          Y_{n+1,i} = Y_i + a_i h + Σ_j g_ij ΔW_j + ½ Σ_{j,k} (L^j g_{·k})_i (ΔW_j ΔW_k − δ_jk h)
//   Stratonovich: the same without the −δ_jk h correction,
// where (L^j g_{·k})_i = Σ_l g_lj ∂g_ik/∂x_l are the model's diffusion_derivative_products. Commutativity
// (L^j g_{·k} = L^k g_{·j}) is what lets the iterated integrals I_(j,k) be replaced by ½(ΔW_jΔW_k − δ_jk h),
// so no Lévy areas are needed. Strong order 1, weak order 1 for additive, scalar, diagonal and commutative
// noise; general non-commutative noise is refused (it would need Lévy areas to keep order 1).
#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

struct Milstein {
  static constexpr std::string_view name = "milstein";
  static constexpr Companion companion = Companion::none;
  static constexpr bool needs_diffusion_derivative = true;
  static constexpr std::string_view refusal_hint =
      "Milstein needs commutative noise (scalar, diagonal, additive or commutative) to reach strong order 1 "
      "without Levy areas; use euler_maruyama (strong order 1/2) for general noise";

  static constexpr Order order(NoiseClass c, Interpretation, int) {
    return c == NoiseClass::general ? Order::unsupported() : Order{1.0, 1.0};
  }

  template <sde::Model M>
  void step(const M& model, double t, double h, const double* x, StepNoise noise, double* x_next) const {
    static_assert(M::noise_class != NoiseClass::general,
                  "Milstein is refused for general (non-commutative) noise: it would need Levy areas");
    static_assert(sde::HasDiffusionDerivative<M>,
                  "Milstein needs the model's diffusion_derivative_products (or use RungeKuttaMilstein)");
    constexpr int d = M::dim, m = M::noise_dim;
    constexpr double ito_correction = M::interpretation == Interpretation::ito ? 1.0 : 0.0;
    double a[d], g[d * m], l[d * m * m];
    model.drift(t, x, a);
    model.diffusion(t, x, g);
    model.diffusion_derivative_products(t, x, l);
    const double* dw = noise.dW;
    for (int i = 0; i < d; ++i) {
      double y = x[i] + a[i] * h;
      for (int j = 0; j < m; ++j) y += g[i * m + j] * dw[j];
      double second = 0.0;
#pragma GCC unroll 16
      for (int j = 0; j < m; ++j)
#pragma GCC unroll 16
        for (int k = 0; k < m; ++k)
          second += l[(i * m + j) * m + k] * (dw[j] * dw[k] - (j == k ? ito_correction * h : 0.0));
      x_next[i] = y + 0.5 * second;
    }
  }
};

template <class M>
struct meets_model_requirements<Milstein, M> : std::bool_constant<sde::HasDiffusionDerivative<M>> {};

}  // namespace ito::schemes
