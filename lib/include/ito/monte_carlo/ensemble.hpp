#pragma once
// Ensembles: the states of many independent paths of one model and scheme, at the end of a time grid and at
// requested grid points, as the path kernel (simulate_paths.hpp) computes them with a state observer. Used by
// the distribution checks of the schemes, the throughput benchmark (validation/bench/ou_em_bench.cpp) and the
// coming diffusion samplers.
//
// Path p reads NormalStream(seed, Purpose::brownian), so it is exactly schemes::integrate_path() on
// sde::brownian_path(seed, p, grid, ...) (path_block.hpp). Paths are cut into fixed blocks (EnsembleOptions::
// block, independent of the thread count) run by ito::core::parallel_blocks, so results are bitwise
// independent of the thread count. A non-finite state is reported as ito::NumericalError naming the scheme,
// the path and the step.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "ito/core/time_grid.hpp"
#include "ito/monte_carlo/simulate_paths.hpp"
#include "ito/random/normal.hpp"
#include "ito/schemes/scheme.hpp"

namespace ito::monte_carlo {

struct EnsembleOptions {
  std::vector<std::int64_t> observe_steps;  ///< grid indices n (0 ≤ n ≤ steps) at which to record every path
  std::size_t block = 512;                  ///< paths per block (fixed, so results do not depend on the threads)
};

/// Terminal (and observed) states of an ensemble, structure-of-arrays.
struct Ensemble {
  int dim = 1;
  std::size_t paths = 0;
  std::vector<double> terminal;              ///< terminal[i * paths + p]
  std::vector<std::int64_t> observe_steps;   ///< as requested
  std::vector<double> observe_times;
  std::vector<double> observed;              ///< observed[(k * dim + i) * paths + p]

  double terminal_state(std::size_t p, int i = 0) const { return terminal[static_cast<std::size_t>(i) * paths + p]; }
  std::span<const double> terminal_component(int i = 0) const {
    return {terminal.data() + static_cast<std::size_t>(i) * paths, paths};
  }
  double observed_state(std::size_t k, std::size_t p, int i = 0) const {
    return observed[(k * dim + static_cast<std::size_t>(i)) * paths + p];
  }
};

/// `paths` paths of `model` advanced by `scheme` on `grid` from x0, paths keyed by `seed`.
template <class M, class S>
  requires schemes::SchemeFor<S, M>
Ensemble simulate_ensemble(const M& model, const S& scheme, std::span<const double> x0, const core::TimeGrid& grid,
                           std::size_t paths, std::uint32_t seed, const EnsembleOptions& options = {}) {
  constexpr int d = M::dim;
  schemes::require_model_capabilities<S>(model);
  ITO_REQUIRE(static_cast<int>(x0.size()) == d, "x0 has " << x0.size() << " components, the model has " << d);
  ITO_REQUIRE(paths >= 1 && options.block >= 1, "need paths >= 1 and block >= 1 (got " << paths << ", "
                                                                                       << options.block << ")");
  const std::int64_t steps = grid.steps();
  for (std::int64_t n : options.observe_steps)
    ITO_REQUIRE(n >= 0 && n <= steps, "observation step " << n << " outside [0, " << steps << "]");
  const random::NormalStream stream(seed, random::Purpose::brownian);

  Ensemble e;
  e.dim = d;
  e.paths = paths;
  e.terminal.resize(static_cast<std::size_t>(d) * paths);
  e.observe_steps = options.observe_steps;
  for (std::int64_t n : options.observe_steps) e.observe_times.push_back(grid.time(n));
  e.observed.resize(options.observe_steps.size() * d * paths);

  core::parallel_blocks(paths, options.block, [&](std::size_t, std::size_t begin, std::size_t end) {
    const auto record = [&](std::int64_t n, const double* X, std::size_t lanes) {
      for (std::size_t k = 0; k < e.observe_steps.size(); ++k)
        if (e.observe_steps[k] == n)
          for (int i = 0; i < d; ++i)
            std::copy_n(X + i * lanes, lanes, e.observed.data() + (k * d + i) * paths + begin);
      if (n == steps)
        for (int i = 0; i < d; ++i) std::copy_n(X + i * lanes, lanes, e.terminal.data() + i * paths + begin);
    };
    simulate_paths(model, scheme, NoFunctional{}, grid, x0.data(), PathBlock{&stream, begin, end - begin}, nullptr,
                   record);
  });
  return e;
}

/// Terminal values of a scalar model from x0: the entry point of the throughput benchmark.
template <class M, class S>
  requires schemes::SchemeFor<S, M> && (M::dim == 1)
std::vector<double> simulate_terminal(const M& model, const S& scheme, double x0, const core::TimeGrid& grid,
                                      std::size_t paths, std::uint32_t seed) {
  const double start[1] = {x0};
  return simulate_ensemble(model, scheme, std::span<const double>(start, 1), grid, paths, seed).terminal;
}

}  // namespace ito::monte_carlo
