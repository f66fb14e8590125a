// The uniform time grid: times computed from their index (never accumulated), the last point exactly the end
// time, coarsening and refining by powers of two landing on the fine points bitwise.
#include "ito/core/time_grid.hpp"

#include <gtest/gtest.h>

#include "ito/core/error.hpp"

namespace ito::core {
namespace {

TEST(TimeGrid, TimesAreComputedFromTheirIndex) {
  const TimeGrid grid(0.5, 1.2, 7);
  EXPECT_EQ(grid.steps(), 7);
  EXPECT_EQ(grid.step_size(), (1.2 - 0.5) / 7);
  EXPECT_EQ(grid.time(0), 0.5);
  for (std::int64_t n = 0; n < 7; ++n) EXPECT_EQ(grid.time(n), 0.5 + static_cast<double>(n) * grid.step_size());
  EXPECT_EQ(grid.time(7), 1.2);
}

TEST(TimeGrid, EndsExactlyWhereAskedWhereAccumulationWouldDrift) {
  // 0.1 is not a binary fraction: adding h a thousand times misses 100 by many ulp; the grid does not.
  const TimeGrid grid(0.0, 100.0, 1000);
  double accumulated = 0.0;
  for (int n = 0; n < 1000; ++n) accumulated += grid.step_size();
  EXPECT_NE(accumulated, 100.0);
  EXPECT_EQ(grid.time(1000), 100.0);
  EXPECT_EQ(grid.time(500), 500 * grid.step_size());
}

TEST(TimeGrid, PowerOfTwoCoarseningAndRefiningShareThePoints) {
  const TimeGrid fine(0.0, 1.0, 48);
  const TimeGrid coarse = fine.coarsened(4), finer = fine.refined(8);
  EXPECT_EQ(coarse.steps(), 12);
  EXPECT_EQ(coarse.step_size(), 4 * fine.step_size());
  EXPECT_EQ(finer.step_size(), fine.step_size() / 8);
  for (std::int64_t n = 0; n <= 12; ++n) EXPECT_EQ(coarse.time(n), fine.time(4 * n)) << n;
  for (std::int64_t n = 0; n <= 48; ++n) EXPECT_EQ(finer.time(8 * n), fine.time(n)) << n;
}

TEST(TimeGrid, RejectsEmptyGridsAndFactorsThatDoNotDivide) {
  EXPECT_THROW(TimeGrid(1.0, 1.0, 4), Error);
  EXPECT_THROW(TimeGrid(0.0, 1.0, 0), Error);
  EXPECT_THROW(TimeGrid(0.0, 1.0, 6).coarsened(4), Error);
  EXPECT_THROW(TimeGrid(0.0, 1.0, 6).refined(0), Error);
}

}  // namespace
}  // namespace ito::core
