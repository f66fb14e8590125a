#pragma once
// The Monte Carlo loop, written once: generate a path → evaluate its functional → accumulate.
//
// Paths are cut into fixed blocks of `kMonteCarloBlock` path indices; each block accumulates its own
// RunningStats and the blocks are merged in block order (ito::core::parallel_reduce_blocks), so the estimate
// is bitwise identical for any number of OpenMP threads. Path i reads the random numbers of stream path
// first_path + i. With antithetic variates, each sample is the average of the path driven by Z and the path
// driven by −Z (same uniforms): unbiased, and of smaller variance for monotone functionals.
#include <cstdint>

#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "ito/core/statistics.hpp"
#include "ito/feynman_kac/estimate.hpp"
#include "ito/feynman_kac/path_noise.hpp"

namespace ito::feynman_kac {

inline constexpr std::size_t kMonteCarloBlock = 512;

struct MonteCarloOptions {
  std::int64_t paths = 10000;  ///< samples (antithetic pairs count as one sample)
  bool antithetic = false;
  std::uint32_t seed = 0;
  std::uint64_t first_path = 0;  ///< stream path index of sample 0
};

/// Estimates E[path_value(noise)], path_value: callable (const PathNoise&) -> double.
/// `steps_per_path` is only used to report the work (Estimate::path_steps).
template <class PathValue>
Estimate monte_carlo(const PathValue& path_value, const MonteCarloOptions& options, double steps_per_path) {
  ITO_REQUIRE(options.paths >= 2, "need at least 2 paths for a standard error, got " << options.paths);
  const random::NormalStream stream(options.seed, random::Purpose::monte_carlo);
  const auto stats = core::parallel_reduce_blocks(
      static_cast<std::size_t>(options.paths), kMonteCarloBlock, core::RunningStats{},
      [&](core::RunningStats& acc, std::size_t begin, std::size_t end) {
        NormalCache cache;  // the partner of an antithetic pair replays the normals of the first path
        for (std::size_t i = begin; i < end; ++i) {
          const std::uint64_t path = options.first_path + i;
          if (!options.antithetic) {
            acc.add(path_value(PathNoise(stream, path, 1.0)));
            continue;
          }
          cache.clear();
          const double first = path_value(PathNoise(stream, path, 1.0, &cache, PathNoise::CacheUse::record));
          const double partner = path_value(PathNoise(stream, path, -1.0, &cache, PathNoise::CacheUse::replay));
          acc.add(0.5 * (first + partner));
        }
      },
      [](core::RunningStats& acc, const core::RunningStats& part) { acc.merge(part); });
  Estimate e;
  e.mean = stats.mean();
  e.std_error = stats.std_error();
  e.variance = stats.variance();
  e.samples = stats.count();
  e.path_steps = static_cast<double>(options.paths) * steps_per_path * (options.antithetic ? 2.0 : 1.0);
  return e;
}

}  // namespace ito::feynman_kac
