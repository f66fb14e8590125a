#pragma once
// The pathwise exact step of a time-homogeneous model with a closed-form solution X_t = F(t, x0, W_t)
// (ito::sde::HasPathwiseExact, e.g. geometric Brownian motion): by the flow property
//   X_{t+h} = F(h, X_t, W_{t+h} − W_t),
// so each step is exact in law and pathwise, and a Monte Carlo estimate on this scheme has no
// time-discretisation bias. Satisfies the ito::schemes scheme concept. Only for models whose coefficients
// do not depend on t (the flow property fails otherwise).
#include "ito/schemes/scheme.hpp"
#include "ito/sde/model.hpp"

namespace ito::feynman_kac {

struct PathwiseExactScheme {
  static constexpr std::string_view name = "exact";
  static constexpr sde::Companion companion = sde::Companion::none;
  static constexpr std::string_view refusal_hint = "the pathwise exact step needs a model with exact(t, x0, W, x)";

  static constexpr schemes::Order order(sde::NoiseClass, sde::Interpretation, int) { return schemes::Order::exact(); }

  template <sde::Model M>
  void step(const M& model, double, double h, const double* x, sde::StepNoise noise, double* x_next) const {
    static_assert(sde::HasPathwiseExact<M>, "PathwiseExactScheme needs a model with exact(t, x0, W, x)");
    model.exact(h, x, noise.dW, x_next);
  }
};

}  // namespace ito::feynman_kac
