#pragma once
// The Monte Carlo estimator, written once: simulate a block of paths → evaluate their functional → accumulate.
//
// Paths are cut into fixed blocks of kMonteCarloBlock path indices; each block is simulated together by the
// path kernel simulate_paths (simulate_paths.hpp), accumulates its own RunningStats in path order, and the
// blocks are merged in block order (ito::core::parallel_reduce_blocks), so the estimate is bitwise identical
// for any number of OpenMP threads. Sample i reads the random numbers of stream path first_path + i of
// NormalStream(seed, Purpose::monte_carlo). With antithetic variates, each sample is the average of the path
// driven by Z and the path driven by −Z (same uniforms): unbiased, and of smaller variance for monotone
// functionals. The estimate and its standard error are always finite: a path value that is not finite is a
// NonFiniteValueError naming the path (simulate_paths.hpp), and sums that overflow a NumericalError.
#include <cmath>
#include <cstdint>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/core/mpi.hpp"
#include "ito/core/statistics.hpp"
#include "ito/core/time_grid.hpp"
#include "ito/monte_carlo/simulate_paths.hpp"
#include "ito/random/normal.hpp"

namespace ito::monte_carlo {

/// Sample mean of `samples` i.i.d. path values, its standard error √(variance/samples), and the work
/// spent in path-steps (one step of one path = 1; an antithetic pair counts both paths).
struct Estimate {
  double mean = 0.0;
  double std_error = 0.0;
  double variance = 0.0;  ///< unbiased sample variance of one sample
  std::int64_t samples = 0;
  double path_steps = 0.0;
};

inline constexpr std::size_t kMonteCarloBlock = 512;

struct MonteCarloOptions {
  std::int64_t paths = 10000;  ///< samples (antithetic pairs count as one sample)
  bool antithetic = false;
  std::uint32_t seed = 0;
  std::uint64_t first_path = 0;  ///< stream path index of sample 0
};

/// Estimates E[functional] over paths of `model` advanced by `scheme` on `grid` from x0 (model.dim values).
template <class Model, class Scheme, class Functional>
Estimate estimate(const Model& model, const Scheme& scheme, const Functional& functional, const core::TimeGrid& grid,
                  const double* x0, const MonteCarloOptions& options) {
  ITO_REQUIRE(options.paths >= 2, "need at least 2 paths for a standard error, got " << options.paths);
  const random::NormalStream stream(options.seed, random::Purpose::monte_carlo);
  const auto n = static_cast<std::size_t>(options.paths);
  const auto stats = core::mpi::distributed_reduce_blocks(
      n, kMonteCarloBlock, core::RunningStats{},
      [&](core::RunningStats& acc, std::size_t begin, std::size_t end) {
        const PathBlock block{&stream, options.first_path + begin, end - begin, 1.0, options.antithetic};
        std::vector<double> values(block.lanes());
        simulate_paths(model, scheme, functional, grid, x0, block, values.data());
        for (std::size_t i = 0; i < block.count; ++i)
          acc.add(options.antithetic ? 0.5 * (values[i] + values[block.count + i]) : values[i]);
      },
      [](core::RunningStats& acc, const core::RunningStats& part) { acc.merge(part); });
  Estimate e;
  e.mean = stats.mean();
  e.std_error = stats.std_error();
  e.variance = stats.variance();
  e.samples = stats.count();
  e.path_steps =
      static_cast<double>(options.paths) * static_cast<double>(grid.steps()) * (options.antithetic ? 2.0 : 1.0);
  // Every path value is finite (the kernel refuses others), but their sums can still overflow.
  if (!std::isfinite(e.mean) || !std::isfinite(e.std_error))
    ito::detail::throw_error<NumericalError>("the Monte Carlo estimate over ", e.samples, " finite path values is ",
                                             e.mean, " with standard error ", e.std_error,
                                             ": the values or their squares overflow double precision when summed "
                                             "(rescale the functional)");
  return e;
}

}  // namespace ito::monte_carlo
