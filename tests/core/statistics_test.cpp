// Running moments merged in any grouping equal the sequential ones (to rounding), and the quantiles match
// their tabulated values.
#include "ito/core/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

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

// add_block (two passes) gives the sequential moments to rounding, for block lengths around the 8-way split,
// and the same bits wherever the numbers lie in memory (the sum's order depends on n alone).
TEST(RunningStats, BlocksOfTwoPassesEqualTheSequentialMomentsAndDoNotDependOnAlignment) {
  for (std::size_t n : {0u, 1u, 2u, 7u, 8u, 9u, 16u, 513u}) {
    std::vector<double> buffer(n + 8);
    for (std::size_t offset = 0; offset < 8; ++offset) {
      RunningStats seq, blocks;
      RunningCovariance cseq, cblocks;
      std::vector<double> c(n);
      for (std::size_t i = 0; i < n; ++i) {
        buffer[offset + i] = 100.0 + std::sin(0.37 * static_cast<double>(i)) * 3.0;
        c[i] = std::cos(0.11 * static_cast<double>(i)) + 0.5 * buffer[offset + i];
        seq.add(buffer[offset + i]);
        cseq.add(buffer[offset + i], c[i]);
      }
      blocks.add_block(buffer.data() + offset, n);
      cblocks.add_block(buffer.data() + offset, c.data(), n);
      ASSERT_EQ(blocks.count(), static_cast<std::int64_t>(n));
      EXPECT_NEAR(blocks.mean(), seq.mean(), 1e-13 * 100.0) << n;
      EXPECT_NEAR(blocks.variance(), seq.variance(), 1e-11) << n;
      EXPECT_NEAR(cblocks.mean_c(), cseq.mean_c(), 1e-13 * 100.0) << n;
      EXPECT_NEAR(cblocks.covariance(), cseq.covariance(), 1e-11) << n;
      EXPECT_NEAR(cblocks.variance_c(), cseq.variance_c(), 1e-11) << n;
      if (offset == 0) continue;
      RunningStats aligned;
      aligned.add_block(buffer.data() + offset, n);  // the same numbers, compared with offset 0's result below
      std::vector<double> moved(buffer.begin() + static_cast<std::ptrdiff_t>(offset),
                                buffer.begin() + static_cast<std::ptrdiff_t>(offset + n));
      RunningStats elsewhere;
      elsewhere.add_block(moved.data(), n);
      EXPECT_EQ(aligned.mean(), elsewhere.mean()) << n << " at offset " << offset;
      EXPECT_EQ(aligned.variance(), elsewhere.variance()) << n << " at offset " << offset;
    }
  }
}

TEST(Quantiles, TabulatedValues) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(student_t_critical(0.05, 10.0), 2.2281388519649385, 1e-9);
  EXPECT_DOUBLE_EQ(z_score(3.0, 2.0, 0.5), 2.0);
}

}  // namespace
}  // namespace ito::core
