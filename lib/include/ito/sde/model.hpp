#pragma once
// The SDE model concept (DESIGN.md §3).
//
// A model is a plain struct describing   dX_t = a(t, X_t) dt + g(t, X_t) dW_t   (Itô)  or
//                                         dX_t = a(t, X_t) dt + g(t, X_t) ∘ dW_t (Stratonovich),
// X_t ∈ R^dim, W_t ∈ R^noise_dim. Valid expressions for a model type M and `const M& m`:
//
//   M::dim, M::noise_dim           static constexpr int (compile-time sizes: scalar models compile to
//                                  plain double arithmetic, the schemes use stack arrays)
//   M::noise_class                 static constexpr NoiseClass (what the schemes may assume about g)
//   M::interpretation              static constexpr Interpretation (Itô or Stratonovich calculus)
//   m.drift(t, x, a)               a[i] = a_i(t, x),            i < dim
//   m.diffusion(t, x, g)           g[i * noise_dim + j] = g_ij(t, x)  (row-major dim × noise_dim)
//
// Optional (detected by the concepts below):
//   m.diffusion_derivative_products(t, x, L)
//        L[(i * noise_dim + j) * noise_dim + k] = (L^j g_{·k})_i = Σ_l g_lj ∂g_ik/∂x_l,
//        the products Milstein needs (for scalar dim-1 models: g g').
//   m.exact(t, x0, W, x)   pathwise exact solution X_t as a function of x0 and W_t (noise_dim values)
//                          for models whose solution depends on the path only through W_t.
//   m.exact_mean(t, x0, mean) and m.exact_variance(t, x0, var)   moments of X_t (per component).
//
// All functions are const, allocation-free and inline so that the path kernel (ito/monte_carlo) vectorises
// across paths.
//
// Compile-time or run-time dimension. The concept below fixes dim and noise_dim at compile time: scalar and
// small systems compile to plain double arithmetic on stack arrays, and the structure-of-arrays path kernel
// (monte_carlo/simulate_paths.hpp) vectorises across paths. A model whose dimension is known only at run time
// (a 64-pixel digit, an 800-dimensional benchmark, a 512×512 image: d up to 10⁶) is a RuntimeModel
// (runtime_model.hpp): its state is an Eigen vector, a batch of states a d × B matrix (a column per path), its
// noise is additive and isotropic, g(t)·I, and the same schemes step it with the same
// step(model, t, h, x, noise, x_next) contract and the same order metadata (NoiseClass::isotropic). The
// boundary: fixed d ≤ a few dozen with any noise class → Model; d known at run time, or large, with noise
// g(t)·I → RuntimeModel.
#include <concepts>
#include <string_view>

namespace ito::sde {

/// What a scheme may assume about the diffusion matrix g (dim × noise_dim).
enum class NoiseClass {
  additive,     ///< g depends on t only (not on x)
  diagonal,     ///< noise_dim == dim and g_ij = 0 for i ≠ j, g_ii depends on x_i only
  scalar,       ///< noise_dim == 1
  commutative,  ///< L^j g_{·k} = L^k g_{·j} for all j, k (Lévy areas not needed)
  general,      ///< no structure
  isotropic,    ///< g(t)·I: additive, noise_dim == dim, the same scale on every component (diffusion models;
                ///< the class of the run-time dimension models, runtime_model.hpp)
};

/// Noise that does not depend on the state (Itô and Stratonovich integrals coincide).
constexpr bool is_additive(NoiseClass c) { return c == NoiseClass::additive || c == NoiseClass::isotropic; }

/// The calculus the stochastic integral is understood in.
enum class Interpretation { ito, stratonovich };

constexpr std::string_view to_string(NoiseClass c) {
  switch (c) {
    case NoiseClass::additive: return "additive";
    case NoiseClass::diagonal: return "diagonal";
    case NoiseClass::scalar: return "scalar";
    case NoiseClass::commutative: return "commutative";
    case NoiseClass::general: return "general";
    case NoiseClass::isotropic: return "isotropic";
  }
  return "?";
}

constexpr std::string_view to_string(Interpretation i) {
  return i == Interpretation::ito ? "Ito" : "Stratonovich";
}

/// A model in the sense above.
template <class M>
concept Model = requires(const M& m, double t, const double* x, double* out) {
  requires std::same_as<std::remove_cv_t<decltype(M::dim)>, int>;
  requires std::same_as<std::remove_cv_t<decltype(M::noise_dim)>, int>;
  requires std::same_as<std::remove_cv_t<decltype(M::noise_class)>, NoiseClass>;
  requires std::same_as<std::remove_cv_t<decltype(M::interpretation)>, Interpretation>;
  requires M::dim >= 1 && M::noise_dim >= 1;
  m.drift(t, x, out);
  m.diffusion(t, x, out);
};

/// A model that provides the Milstein products L^j g_{·k}.
template <class M>
concept HasDiffusionDerivative = Model<M> && requires(const M& m, double t, const double* x, double* out) {
  m.diffusion_derivative_products(t, x, out);
};

/// A model with a pathwise exact solution X_t = F(t, x0, W_t).
template <class M>
concept HasPathwiseExact = Model<M> && requires(const M& m, double t, const double* x0, const double* w, double* out) {
  m.exact(t, x0, w, out);
};

/// True when m.exact() may be called: the model has the member and, if it knows only at run time
/// (expression models: has_exact()), says so.
template <class M>
bool has_pathwise_exact(const M& m) {
  if constexpr (!HasPathwiseExact<M>) {
    return (void)m, false;
  } else if constexpr (requires { m.has_exact(); }) {
    return m.has_exact();
  } else {
    return true;
  }
}

/// A model with exact per-component mean and variance of X_t.
template <class M>
concept HasExactMoments = Model<M> && requires(const M& m, double t, const double* x0, double* out) {
  m.exact_mean(t, x0, out);
  m.exact_variance(t, x0, out);
};

}  // namespace ito::sde
