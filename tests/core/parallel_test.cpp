// Fixed-block parallel loops: reductions bitwise independent of the thread count, and exceptions thrown inside
// blocks rethrown after the region (never terminating the program), the first in block order whatever the
// thread count.
#include "ito/core/parallel.hpp"

#include <gtest/gtest.h>
#include <omp.h>
#if defined(__linux__)
#include <sched.h>
#endif

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <cmath>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

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

TEST(ParallelTasks, EveryTaskRunsOnceAndTheFirstErrorInTaskOrderIsRethrown) {
  for (int threads : {1, 2, 4})
    for (std::size_t n : {std::size_t{1}, std::size_t{3}, std::size_t{17}}) {
      omp_set_num_threads(threads);
      std::vector<std::atomic<int>> ran(n);
      parallel_tasks(n, [&](std::size_t i) { ran[i].fetch_add(1); });
      for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(ran[i].load(), 1) << threads << " threads, task " << i << " of " << n;
      try {
        parallel_tasks(n, [&](std::size_t i) {
          if (i + 1 == n || i == 1) throw std::runtime_error("task " + std::to_string(i));
        });
        FAIL() << "no exception";
      } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), n == 1 ? "task 0" : "task 1") << threads << " threads";
      }
    }
}

// Back-to-back calls on the helper pool (run_with_helpers): every task of every call runs exactly once, whether
// a helper joins a call, joins it late or sleeps through it; a call made from inside a task runs on its calling
// thread and still runs every task once.
TEST(ParallelTasks, BackToBackAndNestedCallsRunEveryTaskOnce) {
  omp_set_num_threads(2);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::atomic<int>> ran(5);
    parallel_tasks(5, [&](std::size_t i) { ran[i].fetch_add(1); });
    for (auto& r : ran) ASSERT_EQ(r.load(), 1) << "round " << round;
  }
  std::vector<std::atomic<int>> inner(12);
  parallel_tasks(3, [&](std::size_t i) { parallel_tasks(4, [&](std::size_t j) { inner[4 * i + j].fetch_add(1); }); });
  for (auto& r : inner) EXPECT_EQ(r.load(), 1);
}

// parallel_blocks runs on the helper pool too: inside a task of parallel_tasks (the pool is busy) and inside an
// OpenMP region (whose threads share worker indices with the helpers) it runs on its calling thread alone, and
// every block still runs exactly once; back-to-back calls with blocks and tasks mixed do the same.
TEST(ParallelBlocks, NestedInTasksOrInAnOpenMPRegionEveryBlockRunsOnce) {
  omp_set_num_threads(2);
  std::vector<std::atomic<int>> ran(3 * 50);
  parallel_tasks(3, [&](std::size_t t) {
    parallel_blocks(50, 1, [&](std::size_t b, std::size_t, std::size_t) { ran[50 * t + b].fetch_add(1); });
  });
  for (auto& r : ran) EXPECT_EQ(r.load(), 1);
  std::vector<std::atomic<int>> in_region(2 * 40);
#pragma omp parallel num_threads(2)
  {
    const auto t = static_cast<std::size_t>(omp_get_thread_num());
    parallel_blocks(40, 1, [&](std::size_t b, std::size_t, std::size_t) { in_region[40 * t + b].fetch_add(1); });
  }
  for (auto& r : in_region) EXPECT_EQ(r.load(), 1);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::atomic<int>> blocks(7), tasks(3);
    parallel_blocks(7, 1, [&](std::size_t b, std::size_t, std::size_t) { blocks[b].fetch_add(1); });
    parallel_tasks(3, [&](std::size_t i) { tasks[i].fetch_add(1); });
    for (auto& r : blocks) ASSERT_EQ(r.load(), 1) << "round " << round;
    for (auto& r : tasks) ASSERT_EQ(r.load(), 1) << "round " << round;
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
    std::mutex last_block_lock;  // the blocks run on pool threads: a std::mutex, which ThreadSanitizer sees
    try {
      parallel_blocks(
          n, 1,
          [&](std::size_t b, std::size_t, std::size_t) {
            {
              const std::lock_guard<std::mutex> lock(last_block_lock);
              last_block_run = std::max(last_block_run, b);
            }
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

#if defined(__linux__)
// place_threads binds one thread per processor exactly when the run uses as many threads as processors it may
// run on, and leaves the threads alone otherwise. The test restores the threads' masks and the thread count.
TEST(ThreadPlacement, OneThreadPerProcessorOnlyWhenTheRunUsesEveryProcessor) {
  for (const char* name : {"OMP_PROC_BIND", "OMP_PLACES", "GOMP_CPU_AFFINITY"})
    if (std::getenv(name) != nullptr) {
      EXPECT_EQ(place_threads(), ThreadPlacement::chosen_by_user);
      GTEST_SKIP() << name << " is set: placement is the user's";
    }
  cpu_set_t mask;
  CPU_ZERO(&mask);
  ASSERT_EQ(sched_getaffinity(0, sizeof mask, &mask), 0);
  const int cpus = CPU_COUNT(&mask);
  if (cpus < 2) GTEST_SKIP() << "one processor: nothing to place";
  const int before = omp_get_max_threads();
  // Runs fn on the calling thread and on threads − 1 helpers of the pool, each worker once: a worker that has run
  // fn waits (at most 10 s) for the others, so that every helper joins the call.
  auto on_every_worker = [](int threads, const std::function<void(int)>& fn) {
    std::vector<std::atomic<int>> done(static_cast<std::size_t>(threads));
    std::atomic<int> count{0};
    run_with_helpers(threads - 1, [&] {
      const int k = worker_index();
      if (k < threads && done[static_cast<std::size_t>(k)].exchange(1) == 0) {
        fn(k);
        count.fetch_add(1);
      }
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (count.load() < threads && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    });
    EXPECT_EQ(count.load(), threads) << "every worker ran";
  };
  auto masks = [&](int threads) {
    std::vector<cpu_set_t> out(static_cast<std::size_t>(threads));
    for (auto& m : out) CPU_ZERO(&m);
    on_every_worker(threads, [&](int k) { sched_getaffinity(0, sizeof(cpu_set_t), &out[static_cast<std::size_t>(k)]); });
    return out;
  };
  auto restore = [&](int threads) { on_every_worker(threads, [&](int) { sched_setaffinity(0, sizeof mask, &mask); }); };

  omp_set_num_threads(cpus - 1 > 1 ? cpus - 1 : cpus + 1);
  const int fewer_or_more = omp_get_max_threads();
  EXPECT_EQ(place_threads(), ThreadPlacement::left_to_system);
  for (auto& m : masks(fewer_or_more)) EXPECT_TRUE(CPU_EQUAL(&m, &mask));

  omp_set_num_threads(1);
  EXPECT_EQ(place_threads(), ThreadPlacement::left_to_system);

  omp_set_num_threads(cpus);
  EXPECT_EQ(place_threads(), ThreadPlacement::one_per_processor);
  std::set<int> seen;
  const auto bound = masks(cpus);  // the helpers were created on their processors (or bind before this job)
  EXPECT_EQ(thread_placement(), ThreadPlacement::one_per_processor);
  for (auto& m : bound) {
    EXPECT_EQ(CPU_COUNT(&m), 1);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &m)) {
        EXPECT_TRUE(CPU_ISSET(cpu, &mask)) << cpu;
        seen.insert(cpu);
      }
  }
  EXPECT_EQ(static_cast<int>(seen.size()), cpus) << "each thread on its own processor";
  restore(cpus);
  for (auto& m : masks(cpus)) EXPECT_TRUE(CPU_EQUAL(&m, &mask));
  omp_set_num_threads(before);
}
#endif

}  // namespace
}  // namespace ito::core
