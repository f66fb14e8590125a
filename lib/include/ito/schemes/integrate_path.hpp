#pragma once
// The one-path driver of a scheme: Y_0 = x0, Y_{n+1} = step(t_n, h, Y_n, noise of step n) over the grid of a
// given sde::BrownianIncrements. Convergence studies call it on the same Brownian path at every step size
// (the fine increments and their coarsenings); many paths at once go through the path kernel of
// ito::monte_carlo, whose path p equals integrate_path() on brownian_path(seed, p, ...).
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/schemes/scheme.hpp"
#include "ito/sde/brownian_path.hpp"

namespace ito::schemes {

namespace detail {

/// The checks shared by the one-path integrators: model capabilities, sizes, companion variables.
template <class M, class S>
void check_path_arguments(const M& model, std::span<const double> x0, const sde::BrownianIncrements& noise) {
  constexpr int d = M::dim;
  require_model_capabilities<S>(model);
  ITO_REQUIRE(static_cast<int>(x0.size()) == d, "x0 has " << x0.size() << " components, the model has " << d);
  ITO_REQUIRE(noise.noise_dim == M::noise_dim, "increments have noise_dim " << noise.noise_dim << ", the model "
                                                                              << M::noise_dim);
  ITO_REQUIRE(S::companion == Companion::none || noise.companion == S::companion,
              "scheme '" << S::name << "' needs companion variables the increments do not carry");
}

}  // namespace detail

/// Steps one path driven by the given increments and calls observe(n, Y_n) for n = 0 … N (Y_n: dim values).
template <class M, class S, class Observe>
  requires SchemeFor<S, M>
void step_path(const M& model, const S& scheme, std::span<const double> x0, const sde::BrownianIncrements& noise,
               Observe&& observe) {
  constexpr int d = M::dim;
  detail::check_path_arguments<M, S>(model, x0, noise);
  const core::TimeGrid& grid = noise.grid;
  double a[d], b[d];
  std::copy(x0.begin(), x0.end(), a);
  observe(std::int64_t{0}, static_cast<const double*>(a));
  for (std::int64_t n = 0; n < grid.steps(); ++n) {
    scheme.step(model, grid.time(n), grid.step_size(), a, noise.noise(n), b);
    std::copy(b, b + d, a);
    observe(n + 1, static_cast<const double*>(a));
  }
}

/// States Y_0 … Y_N of one path driven by the given increments (size (N + 1) · dim, row n = Y_n).
template <class M, class S>
  requires SchemeFor<S, M>
std::vector<double> integrate_path_states(const M& model, const S& scheme, std::span<const double> x0,
                                          const sde::BrownianIncrements& noise) {
  constexpr int d = M::dim;
  std::vector<double> y(static_cast<std::size_t>(noise.grid.steps() + 1) * d);
  step_path(model, scheme, x0, noise,
            [&](std::int64_t n, const double* state) { std::copy(state, state + d, y.data() + n * d); });
  return y;
}

/// Terminal state Y_N of one path driven by the given increments.
template <class M, class S>
  requires SchemeFor<S, M>
std::vector<double> integrate_path(const M& model, const S& scheme, std::span<const double> x0,
                                   const sde::BrownianIncrements& noise) {
  constexpr int d = M::dim;
  std::vector<double> y(d);
  const std::int64_t last = noise.grid.steps();
  step_path(model, scheme, x0, noise, [&](std::int64_t n, const double* state) {
    if (n == last) std::copy(state, state + d, y.data());
  });
  return y;
}

}  // namespace ito::schemes
