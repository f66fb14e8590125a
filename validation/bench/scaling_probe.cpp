// What two threads can gain on this machine right now, without ito: two kernels timed with 1 and 2 threads (the
// work split in halves, the OpenMP threads already started, best of 15 per side):
//   throughput — every thread runs independent 8-wide fused multiply–adds over 512 doubles held in L1, bound by
//                the core's arithmetic units;
//   latency    — every thread runs one scalar chain of dependent multiply–adds, bound by the instruction's latency.
// Two processors that are separate cores give about 2 for both; two hardware threads of one core (a virtual
// machine's host may place its virtual processors so, and move them while it runs) give about 2 for latency and
// about 1 for throughput. validation/bench/thread_scaling.py runs this before and after its cases so that its
// ratios can be read against it.  Usage: ito_bench_scaling_probe   -> prints "throughput X latency Y"
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace {

volatile double sink;

double throughput_kernel(long rounds) {
  alignas(64) double y[512];
  for (int i = 0; i < 512; ++i) y[i] = 1e-3 * i;
  for (long r = 0; r < rounds; ++r) {
#pragma omp simd
    for (int i = 0; i < 512; ++i) y[i] = y[i] * 0.999999 + 1e-7;
  }
  double s = 0;
  for (double v : y) s += v;
  return s;
}

double latency_kernel(long steps) {
  double x = 1.0;
  for (long i = 0; i < steps; ++i) x = x * 1.0000001 + 1e-9;
  return x;
}

template <class Kernel>
double ratio(Kernel kernel, long work) {
  std::vector<double> one, two;
  for (int r = 0; r < 15; ++r)
    for (int threads = 1; threads <= 2; ++threads) {
      const auto t0 = std::chrono::steady_clock::now();
#pragma omp parallel num_threads(threads)
      sink = kernel(work / threads);
      (threads == 1 ? one : two)
          .push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
  return *std::min_element(one.begin(), one.end()) / *std::min_element(two.begin(), two.end());
}

}  // namespace

int main() {
#pragma omp parallel num_threads(2)
  sink = 0;  // start the second thread before timing
  // about 5 ms of work per kernel on one thread
  const double throughput = ratio(throughput_kernel, 8000);
  const double latency = ratio(latency_kernel, 3000000);
  std::printf("throughput %.2f latency %.2f\n", throughput, latency);
}
