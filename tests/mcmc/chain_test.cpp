// RunState (ito/mcmc/chain.hpp): growing the draw arrays keeps every chain's draws at their chain-major place
// draws[(c · capacity + i) · parameters + q] and zero-fills the new slots, and never shrinks; the sampling
// gradient count is the total minus what warmup spent.
#include "ito/mcmc/chain.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <limits>

namespace ito::mcmc {
namespace {

// A defect that copied the arrays flat (ignoring the per-chain stride) would move chain 1's draws into chain
// 0's new slots; this is caught by reading every (c, i, q) back at the new stride.
TEST(RunState, GrowCapacityKeepsEachChainsDrawsAtTheNewStride) {
  RunState s;
  s.chains = 3;
  s.parameters = 2;
  s.capacity = 4;
  const auto value = [](int c, std::int64_t i, int q) { return 100.0 * c + 10.0 * static_cast<double>(i) + q + 1; };
  s.draws.resize(3 * 4 * 2);
  s.accept_stat.resize(3 * 4);
  s.log_density.resize(3 * 4);
  for (int c = 0; c < 3; ++c)
    for (std::int64_t i = 0; i < 4; ++i) {
      for (int q = 0; q < 2; ++q) s.draws[static_cast<std::size_t>((c * 4 + i) * 2 + q)] = value(c, i, q);
      s.accept_stat[static_cast<std::size_t>(c * 4 + i)] = -value(c, i, 0);
      s.log_density[static_cast<std::size_t>(c * 4 + i)] = -value(c, i, 1);
    }
  s.grow_capacity(7);
  ASSERT_EQ(s.capacity, 7);
  ASSERT_EQ(s.draws.size(), 3u * 7u * 2u);
  ASSERT_EQ(s.accept_stat.size(), 3u * 7u);
  ASSERT_EQ(s.log_density.size(), 3u * 7u);
  for (int c = 0; c < 3; ++c)
    for (std::int64_t i = 0; i < 7; ++i) {
      const auto k = static_cast<std::size_t>(c * 7 + i);
      for (int q = 0; q < 2; ++q)
        EXPECT_EQ(s.draws[k * 2 + static_cast<std::size_t>(q)], i < 4 ? value(c, i, q) : 0.0)
            << "chain " << c << ", draw " << i << ", quantity " << q;
      EXPECT_EQ(s.accept_stat[k], i < 4 ? -value(c, i, 0) : 0.0);
      EXPECT_EQ(s.log_density[k], i < 4 ? -value(c, i, 1) : 0.0);
    }
  const auto before = s.draws;
  s.grow_capacity(5);  // smaller: nothing changes
  EXPECT_EQ(s.capacity, 7);
  EXPECT_EQ(s.draws, before);
}

// The three ways the arrays grow — within room reserved for `most` draws per chain (the memory stays where it is),
// reserving exactly what is needed (most = 0), and copying into new arrays when the reservation is refused (room
// for 2^63 draws per chain) — give the same layout: each chain's draws at the new stride, zeros after them.
TEST(RunState, GrowCapacityInPlaceExactOrByCopyGivesTheSameLayout) {
  const auto value = [](int c, std::int64_t i, int q) { return 100.0 * c + 10.0 * static_cast<double>(i) + q + 1; };
  for (const std::int64_t most : {std::int64_t{0}, std::int64_t{40}, std::numeric_limits<std::int64_t>::max()}) {
    RunState s;
    s.chains = 3;
    s.parameters = 2;
    s.grow_capacity(4, most);  // from empty arrays
    ASSERT_EQ(s.capacity, 4);
    for (int c = 0; c < 3; ++c)
      for (std::int64_t i = 0; i < 4; ++i) {
        const auto k = static_cast<std::size_t>(c * 4 + i);
        for (int q = 0; q < 2; ++q) {
          EXPECT_EQ(s.draws[k * 2 + static_cast<std::size_t>(q)], 0.0);
          s.draws[k * 2 + static_cast<std::size_t>(q)] = value(c, i, q);
        }
        s.accept_stat[k] = -value(c, i, 0);
        s.log_density[k] = -value(c, i, 1);
      }
    const double* const first = s.draws.data();
    for (const std::int64_t n : {std::int64_t{7}, std::int64_t{12}}) {
      s.grow_capacity(n, most);
      ASSERT_EQ(s.capacity, n);
      ASSERT_EQ(s.draws.size(), static_cast<std::size_t>(3 * n * 2));
      for (int c = 0; c < 3; ++c)
        for (std::int64_t i = 0; i < n; ++i) {
          const auto k = static_cast<std::size_t>(c * n + i);
          for (int q = 0; q < 2; ++q)
            EXPECT_EQ(s.draws[k * 2 + static_cast<std::size_t>(q)], i < 4 ? value(c, i, q) : 0.0)
                << "most " << most << ", capacity " << n << ", chain " << c << ", draw " << i << ", quantity " << q;
          EXPECT_EQ(s.accept_stat[k], i < 4 ? -value(c, i, 0) : 0.0);
          EXPECT_EQ(s.log_density[k], i < 4 ? -value(c, i, 1) : 0.0);
        }
    }
    if (most == 40) {
      EXPECT_EQ(s.draws.data(), first) << "room was reserved: the draws must not have moved";
    }
  }
}

TEST(RunState, SamplingGradientEvaluationsExcludeWarmup) {
  RunState s;
  s.chain.resize(2);
  s.chain[0].gradient_evaluations = 150;
  s.chain[1].gradient_evaluations = 90;
  s.warmup_gradient_evaluations = {100, 40};
  EXPECT_EQ(s.sampling_gradient_evaluations(), 50 + 50);
}

}  // namespace
}  // namespace ito::mcmc
