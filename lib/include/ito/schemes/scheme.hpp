#pragma once
// The scheme concept (DESIGN.md §3).
//
// A scheme is a small struct S with
//   S::name                          static constexpr std::string_view, e.g. "euler_maruyama"
//   S::companion                     static constexpr sde::Companion: the extra Gaussian it needs per step
//   S::order(noise_class, interpretation, noise_dim)
//                                    static constexpr Order: strong and weak order it reaches for models of
//                                    that kind; Order::unsupported() when it cannot handle them at its order
//   s.step(model, t, h, x, noise, x_next)
//                                    one step from (t, x) to t + h with the given noise
//                                    (sde::StepNoise: ΔW and the companion variable); no allocation, no
//                                    random numbers, x_next must not alias x.
//   s.step_given_sqrt_h(model, t, h, sqrt_h, x, noise, x_next)   (optional)
//                                    the same with √h supplied by the caller: schemes that need √h provide it
//                                    so that the path kernel (ito/monte_carlo), which hoists √h, has no libm
//                                    call (with its errno branch) inside and vectorises across paths.
// Run-time dimension models (sde/runtime_model.hpp) are stepped through the same contract on batches:
//   s.step(model, t, h, X, noise, X_next)   X, X_next d × B Eigen matrices (a column per path, no aliasing),
//                                           noise an sde::BatchNoise (ΔW and the companion, d × B)
// with the order read from the same table at NoiseClass::isotropic. Schemes that need work matrices for
// run-time steps keep them as mutable members: one scheme object per thread (the kernels copy the scheme
// per block).
// Combining a scheme with a model it does not support is a compile-time error (static_assert in step, with a
// message naming the scheme and the noise class) and, for run-time choices (parameter files), a
// construction-time error via require_supported(), never a silent order drop. The schemes a user can name
// are listed in registry.hpp.
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>

#include "ito/core/error.hpp"
#include "ito/sde/companion.hpp"
#include "ito/sde/model.hpp"
#include "ito/sde/runtime_model.hpp"

namespace ito::schemes {

using sde::Companion;
using sde::Interpretation;
using sde::NoiseClass;
using sde::StepNoise;
using sde::BatchNoise;

/// Strong order (E|X_T − Y_N| = O(h^strong), pathwise on the same Brownian path) and weak order
/// (|E f(X_T) − E f(Y_N)| = O(h^weak) for smooth f) of a scheme on a class of models.
/// An exact scheme has both orders +∞; an unsupported combination has both 0.
struct Order {
  double strong = 0.0;
  double weak = 0.0;
  constexpr bool supported() const { return strong > 0.0; }
  static constexpr Order unsupported() { return {0.0, 0.0}; }
  static constexpr Order exact() {
    return {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
  }
};

/// Requirements of a scheme beyond the noise class (e.g. Milstein needs the derivative products);
/// specialised next to the scheme.
template <class S, class M>
struct meets_model_requirements : std::true_type {};

/// The scheme S supports the model M (known at compile time): its order table accepts the model's noise class,
/// interpretation and noise dimension, and the model provides what the scheme evaluates.
template <class S, class M>
inline constexpr bool supports = S::order(M::noise_class, M::interpretation, M::noise_dim).supported() &&
                                 meets_model_requirements<S, M>::value;

/// Order S reaches on M.
template <class S, class M>
constexpr Order order_on() {
  return S::order(M::noise_class, M::interpretation, M::noise_dim);
}

/// Throws ParameterError when S cannot integrate models of this kind at its order.
template <class S>
void require_supported(NoiseClass c, Interpretation i, int noise_dim) {
  if (!S::order(c, i, noise_dim).supported()) {
    std::ostringstream os;
    os << "scheme '" << S::name << "' cannot integrate " << sde::to_string(i) << " SDEs with "
       << sde::to_string(c) << " noise (noise_dim " << noise_dim << ") at its order; " << S::refusal_hint;
    throw ParameterError(os.str());
  }
}

/// Checks what a model only knows at run time (expression models): a scheme with
/// `needs_diffusion_derivative = true` (Milstein) on a model whose has_diffusion_derivative() is false is
/// refused with ParameterError. The integrators call this before any work.
template <class S, class M>
void require_model_capabilities(const M& model) {
  if constexpr (requires { S::needs_diffusion_derivative; } && requires { model.has_diffusion_derivative(); }) {
    if (S::needs_diffusion_derivative && !model.has_diffusion_derivative()) {
      std::ostringstream os;
      os << "scheme '" << S::name << "' needs the derivative of the diffusion coefficient, which this model "
         << "does not provide (give the 'diffusion_derivative' expression, or use rk_milstein, which needs none)";
      throw ParameterError(os.str());
    }
  }
}

/// Base of the schemes that use √h (s.step_given_sqrt_h is their one implementation): provides step(), which
/// computes √h and forwards.
template <class Derived>
struct StepsWithSqrtH {
  template <sde::Model M>
  void step(const M& model, double t, double h, const double* x, StepNoise noise, double* x_next) const {
    static_cast<const Derived&>(*this).step_given_sqrt_h(model, t, h, std::sqrt(h), x, noise, x_next);
  }
};

/// Concept check used by the integrators.
template <class S, class M>
concept SchemeFor = sde::Model<M> && requires(const S& s, const M& m, double t, const double* x, StepNoise n,
                                              double* y) {
  { S::name } -> std::convertible_to<std::string_view>;
  { S::companion } -> std::convertible_to<Companion>;
  s.step(m, t, t, x, n, y);
};

}  // namespace ito::schemes
