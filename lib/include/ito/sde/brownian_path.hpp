#pragma once
// Brownian paths on nested grids, drawn once on the finest grid and summed for coarser ones, so that every
// step size of a convergence study is driven by the same path (DESIGN.md §3, §4).
//
// Random numbers. Path p with seed s uses NormalStream(s, Purpose::brownian) with counter path p:
//   ΔW_j over fine step n          = √h ξ,  ξ = normal number  n·m + j                     (m = noise_dim)
//   companion normal of (n, j)     = η,     η = normal number  companion_index_offset + n·m + j.
// The Brownian increments therefore do not depend on whether a companion variable is requested (an
// Euler–Maruyama run and an SRA1 run with the same seed see the same W), and for m = 1 two consecutive
// steps share one Philox block (NormalStream::fill_across_paths draws steps in pairs). The path kernels of
// ito::monte_carlo read the same indices, so path p of an ensemble is brownian_path(s, p, ...).
// The companions are built from (ΔW, η) and coarsened by the rules of companion.hpp.
#include <cstdint>
#include <vector>

#include "ito/core/time_grid.hpp"
#include "ito/sde/companion.hpp"

namespace ito::sde {

/// Index offset of the companion normals in a path's stream (far beyond any step·noise_dim used).
inline constexpr std::uint64_t companion_index_offset = std::uint64_t{1} << 40;

/// Increments of one Brownian path (and its companions) on a uniform grid.
struct BrownianIncrements {
  core::TimeGrid grid;
  int noise_dim = 1;
  Companion companion = Companion::none;
  double theta = 0.0;              ///< kernel rate of Companion::ou_convolution
  std::vector<double> dW;          ///< dW[n * noise_dim + j]
  std::vector<double> companions;  ///< same layout; empty when companion == none

  StepNoise noise(std::int64_t n) const {
    const auto k = static_cast<std::size_t>(n) * noise_dim;
    return {dW.data() + k, companions.empty() ? nullptr : companions.data() + k};
  }
  /// W_{t_n} − W_{t0}, noise_dim values.
  std::vector<double> W(std::int64_t n) const;
  /// The same path on the grid coarsened by `factor` (which must divide the number of steps), companions
  /// coarsened exactly (companion.hpp).
  BrownianIncrements coarsen(int factor) const;
};

/// Path `path` of the study keyed by `seed` on `grid`. Companion::ou_convolution needs theta > 0.
BrownianIncrements brownian_path(std::uint32_t seed, std::uint64_t path, const core::TimeGrid& grid, int noise_dim,
                                 Companion companion = Companion::none, double theta = 0.0);

}  // namespace ito::sde
