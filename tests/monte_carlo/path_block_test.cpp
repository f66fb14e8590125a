// The numbers of a block: a step pair drawn across the block's paths is the path-by-path normals of the stream
// at the documented indices (ΔW normals at n·m + j, companion normals at companion_index_offset + n·m + j), for
// any span of paths, and the uniforms of a batch are the path's uniforms from kUniformIndexOffset.
#include "ito/monte_carlo/path_block.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace ito::monte_carlo {
namespace {

TEST(PathBlock, StepPairsAcrossPathsAreThePathsNormals) {
  const random::NormalStream stream(8, random::Purpose::monte_carlo);
  constexpr int m = 2, nu = 1;
  constexpr std::size_t P = 9;
  const PathBlock block{&stream, 40, P};
  std::vector<double> z(2 * m * P, -99.0), eta(2 * m * P, -99.0), u(P * detail::kChunkSteps * nu);
  const std::int64_t n = 6, steps = 200;
  detail::draw_step_pair<m, true, nu>(block, P, 2, 7, n, steps, z.data(), eta.data(), u.data());
  for (std::size_t p = 0; p < P; ++p)
    for (int s = 0; s < 2; ++s)
      for (int j = 0; j < m; ++j) {
        const std::size_t k = (s * m + j) * P + p;
        const std::uint64_t index = static_cast<std::uint64_t>((n + s) * m + j);
        if (p < 2 || p >= 7) {  // outside the span: untouched
          EXPECT_EQ(z[k], -99.0);
          continue;
        }
        EXPECT_EQ(z[k], stream.normal(40 + p, index));
        EXPECT_EQ(eta[k], stream.normal(40 + p, sde::companion_index_offset + index));
      }
  // n = 0 starts a batch of uniforms, drawn for every path of the block.
  detail::draw_step_pair<m, true, nu>(block, P, 0, P, 0, steps, z.data(), eta.data(), u.data());
  for (std::size_t p = 0; p < P; ++p)
    for (std::int64_t k = 0; k < detail::kChunkSteps; ++k)
      EXPECT_EQ(u[p * detail::kChunkSteps + k], stream.uniform(40 + p, kUniformIndexOffset + k));
}

TEST(PathBlock, AntitheticBlocksHaveTwiceTheLanes) {
  EXPECT_EQ((PathBlock{nullptr, 0, 7}.lanes()), 7u);
  EXPECT_EQ((PathBlock{nullptr, 0, 7, 1.0, true}.lanes()), 14u);
}

}  // namespace
}  // namespace ito::monte_carlo
