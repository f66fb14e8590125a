// The cost of a run's first parallel loop: what core::place_threads and the helper pool add to the first
// core::parallel_reduce_blocks after the thread count is set (a Monte Carlo estimate is usually a run's first loop),
// against later loops of the same work on the same threads.
//
// Usage: ito_bench_first_loop [items = 2e6] [pause_ms = 0]
// For 1 and then 2 threads, in fresh processes (this program re-runs itself, nine times per thread count,
// alternating): set the thread count, place_threads, wait pause_ms, then time a reduction over `items` (sqrt of the
// index, blocks of 256) five times. Prints the median over the processes of the first loop's time and of the best
// later loop's, for each thread count, and their 1 / 2 thread ratios. (The median: how long a typical run's first
// loop takes is the question; the best of several processes hides a cost paid in most of them.)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "ito/core/parallel.hpp"

namespace {

double loop_seconds(std::size_t items) {
  const auto t0 = std::chrono::steady_clock::now();
  const double sum = ito::core::parallel_reduce_blocks(
      items, 256, 0.0,
      [](double& acc, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) acc += std::sqrt(static_cast<double>(i));
      },
      [](double& acc, double part) { acc += part; });
  const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!(sum > 0)) std::abort();  // keeps the loop
  return dt;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t items = argc > 1 ? static_cast<std::size_t>(std::atof(argv[1])) : 2000000;
  const int pause_ms = argc > 2 ? std::atoi(argv[2]) : 0;
  if (argc > 3) {  // child: one process, one thread count
    ito::core::set_threads(std::atoi(argv[3]));
    ito::core::place_threads();
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    double first = loop_seconds(items), later = 1e300;
    for (int r = 0; r < 4; ++r) later = std::min(later, loop_seconds(items));
    std::printf("%.6f %.6f\n", first, later);
    return 0;
  }
  constexpr int kProcesses = 9;
  std::vector<double> first[3], later[3];
  for (int rep = 0; rep < kProcesses; ++rep)
    for (int threads = 1; threads <= 2; ++threads) {
      const std::string cmd = std::string(argv[0]) + " " + std::to_string(items) + " " + std::to_string(pause_ms) +
                              " " + std::to_string(threads);
      FILE* p = popen(cmd.c_str(), "r");
      double f = 0, l = 0;
      if (!p || std::fscanf(p, "%lf %lf", &f, &l) != 2) return 1;
      pclose(p);
      first[threads].push_back(f);
      later[threads].push_back(l);
    }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double f1 = median(first[1]), f2 = median(first[2]), l1 = median(later[1]), l2 = median(later[2]);
  std::printf("%zu items, pause %d ms after place_threads; medians of %d processes:\n", items, pause_ms, kProcesses);
  std::printf("  first loop: 1 thread %.3f ms, 2 threads %.3f ms, ratio %.2f\n", f1 * 1e3, f2 * 1e3, f1 / f2);
  std::printf("  later loops (best of 4 per process): 1 thread %.3f ms, 2 threads %.3f ms, ratio %.2f\n", l1 * 1e3,
              l2 * 1e3, l1 / l2);
}
