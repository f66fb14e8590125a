#pragma once
// The pathwise exact step of a time-homogeneous model with a closed-form solution X_t = F(t, x0, W_t)
// (ito::sde::HasPathwiseExact, e.g. geometric Brownian motion): by the flow property
//   X_{t+h} = F(h, X_t, W_{t+h} − W_t),
// so each step is exact in law and pathwise, and a Monte Carlo estimate on this scheme has no
// time-discretisation bias. Only for models whose coefficients do not depend on t (the flow property fails
// otherwise). It is the step `ito feynman-kac` calls "exact" on models with a closed form; it is not in the
// scheme registry (registry.hpp), whose schemes approximate.
#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

struct PathwiseExact {
  static constexpr std::string_view name = "exact";
  static constexpr Companion companion = Companion::none;
  static constexpr std::string_view refusal_hint = "the pathwise exact step needs a model with exact(t, x0, W, x)";

  static constexpr Order order(NoiseClass, Interpretation, int) { return Order::exact(); }

  template <sde::Model M>
  void step(const M& model, double, double h, const double* x, StepNoise noise, double* x_next) const {
    static_assert(sde::HasPathwiseExact<M>, "PathwiseExact needs a model with exact(t, x0, W, x)");
    model.exact(h, x, noise.dW, x_next);
  }
};

template <class M>
struct meets_model_requirements<PathwiseExact, M> : std::bool_constant<sde::HasPathwiseExact<M>> {};

}  // namespace ito::schemes
