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

// More blocks than one round holds: bookkeeping is per round (memory independent of n), the reduction equals
// the sequential one merged in block order, and the first error in block order stops at the end of its round.
TEST(ParallelBlocks, RoundsOfBlocksKeepBlockOrder) {
  const std::size_t n = 2 * kBlocksPerRound + 123;
  double sequential = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double part = 0.0;
    part += 1.0 / (1.0 + static_cast<double>(i));
    sequential += part;
  }
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    const double sum = parallel_reduce_blocks(
        n, 1, 0.0, [](double& acc, std::size_t begin, std::size_t) { acc += 1.0 / (1.0 + static_cast<double>(begin)); },
        [](double& acc, double part) { acc += part; });
    EXPECT_EQ(sum, sequential) << threads << " threads";
    std::vector<std::pair<std::size_t, std::size_t>> rounds;
    std::size_t last_block_run = 0;
    try {
      parallel_blocks(
          n, 1,
          [&](std::size_t b, std::size_t, std::size_t) {
#pragma omp critical
            last_block_run = std::max(last_block_run, b);
            if (b == kBlocksPerRound + 5 || b == 2 * kBlocksPerRound + 7) throw std::runtime_error(std::to_string(b));
          },
          [&](std::size_t first, std::size_t end) { rounds.emplace_back(first, end); });
      FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), std::to_string(kBlocksPerRound + 5));
    }
    ASSERT_EQ(rounds.size(), 1u);  // the round with the error does not complete
    EXPECT_EQ(rounds[0], std::make_pair(std::size_t{0}, kBlocksPerRound));
    EXPECT_LT(last_block_run, 2 * kBlocksPerRound) << "the third round never starts";
  }
}

}  // namespace
}  // namespace ito::core
