// Fixed-block parallel loops: reductions bitwise independent of the thread count, and exceptions thrown inside
// blocks rethrown after the region (never terminating the program), the first in block order whatever the
// thread count.
#include "ito/core/parallel.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace ito::core {
namespace {

TEST(ParallelBlocks, ReductionIsBitwiseIndependentOfThreadCount) {
  std::vector<double> sums;
  for (int threads : {1, 2, 4}) {
    omp_set_num_threads(threads);
    sums.push_back(parallel_reduce_blocks(
        100000, 37, 0.0,
        [](double& acc, std::size_t begin, std::size_t end) {
          for (std::size_t i = begin; i < end; ++i) acc += std::sin(static_cast<double>(i)) / (1.0 + i);
        },
        [](double& acc, double part) { acc += part; }));
  }
  EXPECT_EQ(sums[0], sums[1]);
  EXPECT_EQ(sums[0], sums[2]);
}

TEST(ParallelBlocks, FirstExceptionInBlockOrderIsRethrownForAnyThreadCount) {
  for (int threads : {1, 2, 4}) {
    omp_set_num_threads(threads);
    std::vector<int> ran(40, 0);
    try {
      parallel_blocks(400, 10, [&](std::size_t b, std::size_t, std::size_t) {
        ran[b] = 1;
        if (b == 7 || b == 23) throw std::runtime_error("block " + std::to_string(b));
      });
      FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "block 7") << threads << " threads";
    }
    for (int r : ran) EXPECT_EQ(r, 1) << "every block still runs";
  }
}

}  // namespace
}  // namespace ito::core
