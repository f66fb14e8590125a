// Running moments merged in any grouping equal the sequential ones (to rounding), and the quantiles match
// their tabulated values.
#include "ito/core/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ito::core {
namespace {

TEST(RunningStats, MergedBlocksEqualTheSequentialMoments) {
  RunningStats all, left, right;
  for (int i = 0; i < 1000; ++i) {
    const double x = std::sin(0.37 * i) * 3.0 + 0.01 * i;
    all.add(x);
    (i < 413 ? left : right).add(x);
  }
  left.merge(right);
  EXPECT_EQ(left.count(), 1000);
  EXPECT_NEAR(left.mean(), all.mean(), 1e-14);
  EXPECT_NEAR(left.variance(), all.variance(), 1e-12);
  EXPECT_NEAR(all.std_error(), std::sqrt(all.variance() / 1000.0), 1e-15);
  RunningStats empty;
  empty.merge(all);
  EXPECT_EQ(empty.mean(), all.mean());
}

TEST(Quantiles, TabulatedValues) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(student_t_critical(0.05, 10.0), 2.2281388519649385, 1e-9);
  EXPECT_DOUBLE_EQ(z_score(3.0, 2.0, 0.5), 2.0);
}

}  // namespace
}  // namespace ito::core
