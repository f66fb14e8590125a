// Cost of the whole-image patch denoiser (diffusion/patch_denoiser.hpp) per call, and the patch mixture's
// denoiser throughput, with the shipped patch prior. Best of `reps` calls at (α, σ) = (0.98, 0.2) on a
// noised image made of prior tiles.
//   ito_bench_patch_denoiser PRIOR.h5 [rows cols] [reps]
// prints, per stride (1, 2, 4, 8) and thread count (1, 2): patches per call and the time of denoise and of
// denoise_jvp; then patches per second of GaussianMixture::denoise on a batch of 4096 patches, 1 thread
// (the number validation/bench/patch_score_numpy.py is compared with).
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "ito/diffusion/patch_denoiser.hpp"
#include "ito/priors/mixture_file.hpp"
#include "ito/random/normal.hpp"

using Eigen::MatrixXd;

namespace {

template <class F>
double best_of(int reps, F&& f) {
  double best = 1e300;
  for (int i = 0; i < reps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

MatrixXd normals(int rows, int cols, std::uint64_t path) {
  MatrixXd m(rows, cols);
  ito::random::NormalStream(1, ito::random::Purpose::test)
      .fill(path, 0, static_cast<std::size_t>(rows) * cols, m.data());
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ito_bench_patch_denoiser PRIOR.h5 [rows cols] [reps]\n");
    return 2;
  }
  const auto prior = ito::priors::read_mixture(argv[1]);
  const int rows = argc > 3 ? std::atoi(argv[2]) : 256, cols = argc > 3 ? std::atoi(argv[3]) : 256;
  const int reps = argc > 4 ? std::atoi(argv[4]) : 3;
  const double alpha = 0.98, sigma = 0.2;
  std::printf("patch prior %s: K = %d, d = %d; image %d x %d\n", argv[1], prior.components(), prior.dim(), rows, cols);
  for (int stride : {8, 4, 2, 1}) {
    const ito::diffusion::PatchDenoiser den(prior, 8, rows, cols, stride, true, 1);
    MatrixXd x;
    den.sample_diffused(alpha, sigma, 1, 0, 1, x);
    const MatrixXd v = normals(den.dim(), 1, 5);
    const auto L = den.layout(alpha, sigma, x.data());
    MatrixXd D, JV;
    for (int threads : {1, 2}) {
      omp_set_num_threads(threads);
      const int r = stride == 1 ? 1 : reps;
      const double t = best_of(r, [&] { den.denoise(alpha, sigma, x, D); });
      const double tj = best_of(r, [&] { den.denoise_jvp(alpha, sigma, x, v, D, JV); });
      std::printf("stride %d  %7zu patches  %d thread(s): denoise %8.3f s  denoise_jvp %8.3f s\n", stride,
                  L.rows.size() * L.cols.size(), threads, t, tj);
    }
  }
  omp_set_num_threads(1);
  MatrixXd P = normals(64, 4096, 9) * 0.05, D;
  P.array() += 0.5;
  const double t = best_of(reps, [&] { prior.denoise(alpha, sigma, P, D); });
  std::printf("GaussianMixture::denoise, 4096 patches, 1 thread: %.3f s = %.0f patches/s\n", t, 4096 / t);
  return 0;
}
