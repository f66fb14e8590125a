// Throughput of the ensemble integrator (not run by default; prints, asserts nothing):
//   build-sde/tests/ito_test_schemes --gtest_also_run_disabled_tests --gtest_filter='*Benchmark*'
// Goal (task brief): scalar OU + Euler–Maruyama, 10⁴ paths × 10³ steps, ≥ 250 M path-steps/s on one thread.
#include <gtest/gtest.h>
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "ito/random/normal.hpp"

#include "ito/schemes.hpp"
#include "ito/sde.hpp"

namespace ito::schemes {
namespace {

template <class M, class S>
void report_throughput(const char* what, const M& model, const S& scheme, double x0, int threads) {
  const std::size_t paths = 10000;
  const int steps = 1000;
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  double best = 1e300, checksum = 0;
  for (int rep = 0; rep < 5; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    const auto x = simulate_terminal(model, scheme, x0, 1.0, steps, paths, 1);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    checksum = x[0];
  }
  omp_set_num_threads(saved);
  std::printf("%-26s %d thread(s): %7.1f M path-steps/s (best of 5; %.3f s; x_T[0] = %.6f)\n", what, threads,
              paths * steps / best / 1e6, best, checksum);
}

// The floor set by the random numbers alone: the same 10⁷ normals drawn with fill_across_paths.
void report_normal_rate() {
  const random::NormalStream stream(1, random::Purpose::brownian);
  std::vector<double> a(512), b(512);
  double best = 1e300;
  for (int rep = 0; rep < 5; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    for (int n = 0; n < 1000; n += 2)
      for (std::size_t p = 0; p < 10000; p += 512)
        stream.fill_across_paths(p, std::min<std::size_t>(512, 10000 - p), n, a.data(), b.data());
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::printf("%-26s 1 thread(s): %7.1f M normals/s\n", "normals only", 1e7 / best / 1e6);
}

TEST(EnsembleBenchmark, DISABLED_Throughput) {
  report_normal_rate();
  const sde::OrnsteinUhlenbeck ou{1.0, 0.0, 0.5};
  report_throughput("OU + Euler-Maruyama", ou, EulerMaruyama{}, 1.0, 1);
  report_throughput("OU + Euler-Maruyama", ou, EulerMaruyama{}, 1.0, 2);
  report_throughput("OU + exact step", ou, ExactOrnsteinUhlenbeck{}, 1.0, 1);
  report_throughput("GBM + Milstein", sde::GeometricBrownianMotion{}, Milstein{}, 0.5, 1);
  report_throughput("GBM + SRIW1", sde::GeometricBrownianMotion{}, Sriw1{}, 0.5, 1);
  report_throughput("additive + SRA1", sde::AdditiveDecay{}, Sra1{}, 1.0, 1);
  report_throughput("cubic + RK-Milstein", sde::CubicSde{}, RungeKuttaMilstein{}, 0.5, 1);
}

}  // namespace
}  // namespace ito::schemes
