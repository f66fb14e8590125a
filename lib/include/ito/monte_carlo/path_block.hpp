#pragma once
// A block of Monte Carlo paths and the random numbers it reads, as pure functions of (stream, path, index)
// (DESIGN.md §4). The stream is the caller's: NormalStream(seed, Purpose::brownian) for ensembles, whose path
// p is then sde::brownian_path(seed, p, ...), and NormalStream(seed, Purpose::monte_carlo) for the Monte Carlo
// and MLMC estimators. Path p of a block reads, m = noise_dim, ν = uniforms per step of the functional:
//   ΔW_j of step n            = √h · normal(p, n·m + j)
//   companion normal of (n,j) = normal(p, sde::companion_index_offset + n·m + j)   (schemes that need one)
//   uniforms of step n        = uniform(p, kUniformIndexOffset + n·ν + i)          (bridge extrema)
// and the companion variables are built from (ΔW, η) by the rules of ito/sde/companion.hpp. The antithetic
// partner of a path reads the same numbers negated (−Z has the law of Z, so the pair average is unbiased) and
// the same uniforms. The kernels draw these numbers across the paths of a block, two step indices per Philox
// block (NormalStream::fill_across_paths), the same numbers as path by path.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "ito/core/error.hpp"
#include "ito/core/time_grid.hpp"
#include "ito/random/normal.hpp"
#include "ito/sde/brownian_path.hpp"

namespace ito::monte_carlo {

/// Offset of uniform 0 of a path. Uniforms come from a counter domain of their own
/// (NormalStream::fill_uniform); the offset fixes which of them a path reads.
inline constexpr std::uint64_t kUniformIndexOffset = std::uint64_t{1} << 42;

/// A block of paths: stream paths first_path … first_path + count − 1, driven by sign·Z, and with `antithetic`
/// also by −sign·Z (2·count lanes: the Z lanes first, then their partners in the same order, which share the
/// partner's uniforms).
struct PathBlock {
  const random::NormalStream* stream = nullptr;
  std::uint64_t first_path = 0;
  std::size_t count = 0;
  double sign = 1.0;
  bool antithetic = false;
  std::size_t lanes() const { return antithetic ? 2 * count : count; }
};

namespace detail {

inline constexpr std::int64_t kChunkSteps = 128;  // steps whose uniforms are drawn in one batch
static_assert(kChunkSteps % 2 == 0, "uniform batches start on the even steps where step pairs are drawn");

/// The numbers of steps n and n + 1 (n even) for the block's paths p_lo … p_hi − 1 of P: the ΔW normals (and,
/// with a companion, the companion normals) across paths into z[(s·m + j)·P + p] (eta alike), two step
/// indices per Philox block; and when n starts a batch of kChunkSteps steps, the uniforms of that batch (up to
/// `steps`), path by path for all P paths, into u[p·C·ν + k·ν + i].
template <int m, bool has_companion, int nu>
void draw_step_pair(const PathBlock& block, std::size_t P, std::size_t p_lo, std::size_t p_hi, std::int64_t n,
                    std::int64_t steps, double* z, double* eta, double* u) {
  const std::uint64_t first = static_cast<std::uint64_t>(n) * m;
  for (int k = 0; k < 2 * m; k += 2) {
    block.stream->fill_across_paths(block.first_path + p_lo, p_hi - p_lo, first + k, z + k * P + p_lo,
                                    z + (k + 1) * P + p_lo);
    if constexpr (has_companion)
      block.stream->fill_across_paths(block.first_path + p_lo, p_hi - p_lo, sde::companion_index_offset + first + k,
                                      eta + k * P + p_lo, eta + (k + 1) * P + p_lo);
  }
  if constexpr (nu > 0) {
    if (n % kChunkSteps == 0) {
      const std::int64_t count = std::min(kChunkSteps, steps - n);
      for (std::size_t p = 0; p < P; ++p)
        block.stream->fill_uniform(block.first_path + p, kUniformIndexOffset + static_cast<std::uint64_t>(n * nu),
                                   static_cast<std::size_t>(count * nu), u + p * kChunkSteps * nu);
    }
  }
}

/// A path left the finite states in step `step` (0-based, from t_step to t_step+1) of `grid`: NumericalError
/// naming the scheme, the path (its stream index; `which` says fine or coarse path of a coupled pair) and the
/// step.
[[noreturn]] inline void throw_blow_up(std::string_view scheme, std::uint64_t path, std::string_view which,
                                       std::int64_t step, const core::TimeGrid& grid) {
  ito::detail::throw_error<NumericalError>("scheme '", scheme, "': path ", path, which, " became non-finite in step ",
                                           step + 1, " of ", grid.steps(), " (from t = ", grid.time(step),
                                           " with h = ", grid.step_size(), "; reduce the step size)");
}

template <int d>
inline bool all_finite(const double* x) {
  for (int i = 0; i < d; ++i)
    if (!std::isfinite(x[i])) return false;
  return true;
}

}  // namespace detail

}  // namespace ito::monte_carlo
