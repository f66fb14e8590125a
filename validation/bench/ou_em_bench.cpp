// Throughput of ito's OU Euler–Maruyama ensemble (path-steps per second) on 1 and 2 threads, against the
// NumPy peer (validation/bench/ou_em_numpy.py, run by validation/bench/run_ou_em.sh in the same session).
// Usage: ito_bench_ou_em [paths] [steps] [repeats]
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "ito/core/time_grid.hpp"
#include "ito/monte_carlo/ensemble.hpp"
#include "ito/schemes/euler_maruyama.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

int main(int argc, char** argv) {
  const std::size_t paths = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000;
  const int steps = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 5;
  const ito::sde::OrnsteinUhlenbeck ou{1.0, 0.0, 0.5};
  const ito::schemes::EulerMaruyama em;
  const ito::core::TimeGrid grid(0.0, 1.0, steps);
  // Repeats alternate between 1 and 2 threads, so that a slow spell of the machine hits both alike; the best
  // repeat of each counts.
  double best[2] = {1e300, 1e300}, checksum[2] = {0, 0};
  for (int r = 0; r < repeats; ++r)
    for (int threads : {1, 2}) {
      omp_set_num_threads(threads);
      const auto t0 = std::chrono::steady_clock::now();
      const auto x = ito::monte_carlo::simulate_terminal(ou, em, 1.0, grid, paths, 1u + r);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      best[threads - 1] = std::min(best[threads - 1], s);
      checksum[threads - 1] += x[0];
    }
  for (int threads : {1, 2})
    std::printf("threads=%d path_steps_per_s=%.6e (checksum %.3f)\n", threads,
                double(paths) * steps / best[threads - 1], checksum[threads - 1]);
  return 0;
}
