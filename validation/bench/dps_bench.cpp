// DPS with the exact mixture denoiser on the Gaussian-mixture benchmark (d, d_y = 4, 100 steps): ito's
// diffusion::sample_guided at 1 and 2 threads, best of `repeats`. Prints sample-steps per second.
// Usage: ito_bench_dps d samples repeats   (validation/bench/run_dps.sh runs it beside dps_numpy.py)
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "ito/diffusion/samplers.hpp"
#include "ito/inverse/gmm_benchmark.hpp"

int main(int argc, char** argv) {
  using namespace ito;
  const int d = argc > 1 ? std::atoi(argv[1]) : 80;
  const auto n = static_cast<std::size_t>(argc > 2 ? std::atol(argv[2]) : 2000);
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 3;
  const auto bench = inverse::make_gmm_benchmark(d, 4, 1);
  const diffusion::MixtureDenoiser den(bench.prior);
  const diffusion::Observation obs{bench.A, bench.y, bench.sigma_y};
  diffusion::SamplerOptions o;
  o.steps = 100;
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    double best = 1e300, check = 0.0;
    for (int r = 0; r < repeats; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto res = diffusion::sample_guided(diffusion::Guidance::dps, den, diffusion::NoisingPath::vp_linear(), obs,
                                                o, {}, 1, n);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      check = res.samples.mean();
    }
    std::printf("threads=%d sample_steps_per_s=%.6g seconds=%.4f mean=%.6f\n", threads,
                static_cast<double>(n) * o.steps / best, best, check);
  }
  return 0;
}
