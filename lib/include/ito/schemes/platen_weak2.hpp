#pragma once
// Platen's explicit (derivative-free) weak order 2.0 scheme (Kloeden & Platen, Numerical Solution of
// Stochastic Differential Equations, §15.1: the explicit order 2.0 weak scheme for one Wiener process and its form for several):
//
//   Ῡ   = Y + a(t, Y) h + Σ_j g_{·j}(t, Y) ΔW_j                      (Euler predictor, for the drift)
//   R±  = Y + a(t, Y) h ± √h Σ_j g_{·j}(t, Y)                          (supporting values, for the diffusion)
//   Y_{n+1} = Y + ½ (a(t+h, Ῡ) + a(t, Y)) h
//             + Σ_j ¼ (g_{·j}(t+h, R+) + g_{·j}(t+h, R−) + 2 g_{·j}(t, Y)) ΔW_j
//             + Σ_j ¼ (g_{·j}(t+h, R+) − g_{·j}(t+h, R−)) (ΔW_j² − h) / √h.
//
// Expanding the difference quotients reproduces the simplified weak order-2 Itô–Taylor scheme (KP §14.2)
// without derivatives: ¼(g(R+) − g(R−))/√h = ½ g g' + O(h) is Milstein's term, ¼(g(R+) + g(R−) + 2g) =
// g + ½ L⁰g h + O(h^{3/2}) and ½(a(Ῡ) + a) h = a h + ½ g a' ΔW h + ½ L⁰a h² + … carry the mixed terms with
// I_(1,0) ≈ I_(0,1) ≈ ½ ΔW h (exact in the first two moments). Evaluating g at t + h in R± supplies the ∂ₜg
// part of L⁰g for time-dependent diffusions.
//
// Noise: for one Wiener process this is KP's one-noise form (any state dimension). With several Wiener
// processes the multi-dimensional form of §15.1 adds, for every pair r ≠ j, supporting values
// U±^r = Y ± g_{·r} √h (at time t) and the terms
//   ¼ (g_{·j}(U+^r) + g_{·j}(U−^r) − 2 g_{·j}) ΔW_j                 (the cross part of ½ L⁰g h ΔW_j)
//   ¼ (g_{·j}(U+^r) − g_{·j}(U−^r)) (ΔW_j ΔW_r + V_{r,j}) / √h        (½ L^r g_{·j} (ΔW_j ΔW_r + V_{r,j}))
// with R±^j = Y + a h ± g_{·j} √h per noise component, and two-point variables V_{r,j} = −V_{j,r} = ±h. For
// commutative noise (L^r g_{·j} = L^j g_{·r}) the V terms cancel in pairs up to an O(h²) mean-zero remainder
// that leaves the moments unchanged to O(h⁴), so they are omitted and no extra random numbers are needed:
// commutative noise is supported, general (non-commutative) noise is refused. For additive noise
// (g independent of x) and diagonal noise (g_jj depends on x_j only) every cross term vanishes identically and
// one pair of supporting values R± = Y + a h ± √h Σ_j g_{·j} serves all components at once (as written
// above). Itô only.
//
// Orders: weak 2 (the increments may be Gaussian, as here, so that the weak error can be measured on the
// same paths as the exact solution); strong 1 (the Milstein terms are present; commutative noise needs no
// Lévy areas). Cost per step: two drift evaluations and 3 (scalar, diagonal, additive) or 4m + 1
// (commutative, m Wiener processes) diffusion evaluations.
#include <cmath>

#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

namespace detail {

/// Scalar, diagonal and additive noise: one pair of supporting values for all noise components.
template <sde::Model M>
void platen_weak2_shared_support(const M& model, double t, double h, double sqrt_h, const double* x,
                                 StepNoise noise, double* x_next) {
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

/// Several Wiener processes: supporting values per noise component and the cross terms; the two-point
/// variables V_{r,j} from `signs` (general noise) or none (commutative noise, signs == nullptr).
template <sde::Model M>
void platen_weak2_cross_terms(const M& model, double t, double h, double sqrt_h, const double* x,
                              StepNoise noise, const double* signs, double* x_next) {
  constexpr int d = M::dim, m = M::noise_dim;
  double a[d], g[d * m], predictor[d], a_predictor[d], support[d], g_plus[d * m], g_minus[d * m];
  model.drift(t, x, a);
  model.diffusion(t, x, g);
  const double* dw = noise.dW;
  double y[d];
  for (int i = 0; i < d; ++i) {
    predictor[i] = x[i] + a[i] * h;
    for (int j = 0; j < m; ++j) predictor[i] += g[i * m + j] * dw[j];
  }
  model.drift(t + h, predictor, a_predictor);
  for (int i = 0; i < d; ++i) y[i] = x[i] + 0.5 * (a_predictor[i] + a[i]) * h;
  const double quarter_over_sqrt_h = 0.25 / sqrt_h;
  for (int r = 0; r < m; ++r) {
    // R±^r = Y + a h ± g_{·r} √h at t + h: the diagonal terms of component r.
    for (int i = 0; i < d; ++i) support[i] = x[i] + a[i] * h + g[i * m + r] * sqrt_h;
    model.diffusion(t + h, support, g_plus);
    for (int i = 0; i < d; ++i) support[i] = x[i] + a[i] * h - g[i * m + r] * sqrt_h;
    model.diffusion(t + h, support, g_minus);
    for (int i = 0; i < d; ++i) {
      const int k = i * m + r;
      y[i] += 0.25 * (g_plus[k] + g_minus[k] + 2.0 * g[k]) * dw[r] +
              quarter_over_sqrt_h * (g_plus[k] - g_minus[k]) * (dw[r] * dw[r] - h);
    }
    // U±^r = Y ± g_{·r} √h at t: the cross terms of every other component j ≠ r.
    for (int i = 0; i < d; ++i) support[i] = x[i] + g[i * m + r] * sqrt_h;
    model.diffusion(t, support, g_plus);
    for (int i = 0; i < d; ++i) support[i] = x[i] - g[i * m + r] * sqrt_h;
    model.diffusion(t, support, g_minus);
    for (int i = 0; i < d; ++i)
      for (int j = 0; j < m; ++j) {
        if (j == r) continue;
        const int k = i * m + j;
        // V_{r,j} = −V_{j,r} = ±h: h σ_r σ_j for r < j (signs == nullptr: commutative noise, V omitted).
        const double v = signs == nullptr ? 0.0 : (r < j ? h : -h) * signs[r] * signs[j];
        y[i] += 0.25 * (g_plus[k] + g_minus[k] - 2.0 * g[k]) * dw[j] +
                quarter_over_sqrt_h * (g_plus[k] - g_minus[k]) * (dw[j] * dw[r] + v);
      }
  }
  for (int i = 0; i < d; ++i) x_next[i] = y[i];
}

}  // namespace detail

struct PlatenWeak2 : StepsWithSqrtH<PlatenWeak2> {
  static constexpr std::string_view name = "platen_weak2";
  static constexpr Companion companion = Companion::none;
  static constexpr std::string_view refusal_hint =
      "the Platen weak order-2 scheme is for Ito SDEs with commutative noise (scalar, diagonal, additive or "
      "commutative); general noise would need two-point variables for the Levy areas: use euler_maruyama";

  static constexpr Order order(NoiseClass c, Interpretation i, int) {
    if (i != Interpretation::ito) return Order::unsupported();
    return c == NoiseClass::general ? Order::unsupported() : Order{1.0, 2.0};
  }

  /// One step with √h supplied (step() from StepsWithSqrtH computes it; the path kernel hoists it).
  template <sde::Model M>
  void step_given_sqrt_h(const M& model, double t, double h, double sqrt_h, const double* x, StepNoise noise,
                         double* x_next) const {
    static_assert(M::interpretation == Interpretation::ito,
                  "PlatenWeak2 is an Ito scheme (Stratonovich model given)");
    static_assert(M::noise_class != NoiseClass::general,
                  "PlatenWeak2 needs commutative noise (scalar, diagonal, additive or commutative); general noise "
                  "would need two-point variables V_{r,j}; use EulerMaruyama");
    if constexpr (M::noise_class == NoiseClass::commutative && M::noise_dim > 1)
      detail::platen_weak2_cross_terms(model, t, h, sqrt_h, x, noise, nullptr, x_next);
    else
      detail::platen_weak2_shared_support(model, t, h, sqrt_h, x, noise, x_next);
  }
};

/// Platen's weak order-2 scheme for any Itô noise, general (non-commutative) included: the form of
/// PlatenWeak2 with the two-point variables V_{r,j} = ±h of Kloeden–Platen §15.1, built from the path's fair
/// signs σ (Companion::signs) as V_{r,j} = h σ_r σ_j for r < j, V_{j,r} = −V_{r,j}. These products are not
/// independent, but they are pairwise uncorrelated with mean 0 and V² = h², which are the moments the weak
/// order-2 conditions involve (products of three of them enter the one-step moments only at O(h³)). For the
/// other noise classes it is PlatenWeak2 (the signs are not used). Orders: weak 2; strong 1 except for
/// general noise, where V is not the Lévy area of the path (strong 0.5).
struct PlatenWeak2General : StepsWithSqrtH<PlatenWeak2General> {
  static constexpr std::string_view name = "platen_weak2_general";
  static constexpr Companion companion = Companion::signs;
  static constexpr std::string_view refusal_hint = "the Platen weak order-2 scheme is for Ito SDEs";

  static constexpr Order order(NoiseClass c, Interpretation i, int noise_dim) {
    if (i != Interpretation::ito) return Order::unsupported();
    return c == NoiseClass::general && noise_dim > 1 ? Order{0.5, 2.0} : Order{1.0, 2.0};
  }

  template <sde::Model M>
  void step_given_sqrt_h(const M& model, double t, double h, double sqrt_h, const double* x, StepNoise noise,
                         double* x_next) const {
    static_assert(M::interpretation == Interpretation::ito,
                  "PlatenWeak2General is an Ito scheme (Stratonovich model given)");
    if constexpr (M::noise_class == NoiseClass::general && M::noise_dim > 1)
      detail::platen_weak2_cross_terms(model, t, h, sqrt_h, x, noise, noise.companion, x_next);
    else
      PlatenWeak2{}.step_given_sqrt_h(model, t, h, sqrt_h, x, noise, x_next);
  }
};


}  // namespace ito::schemes
