// Speed of the closed-form mixture quantities the diffusion samplers call at every step: one denoise_jvp
// (and one score) call on a batch of B states, single thread, best of 7. Cases: the Gaussian-mixture
// benchmark's prior (isotropic, d = 800, K = 25), its exact posterior (one shared full covariance,
// I − low rank: the spiked path), and a full-covariance mixture with distinct covariances (d = 64, K = 20,
// the digits' prior shape).  Usage: ito_bench_mixture [B]
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "ito/inverse/exact_posterior.hpp"
#include "ito/inverse/gmm_benchmark.hpp"
#include "ito/random/normal.hpp"

using Eigen::MatrixXd;
using ito::priors::GaussianMixture;

namespace {

MatrixXd normals(int rows, int cols, std::uint64_t path) {
  MatrixXd m(rows, cols);
  ito::random::NormalStream(1, ito::random::Purpose::test)
      .fill(path, 0, static_cast<std::size_t>(rows) * cols, m.data());
  return m;
}

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

void time_case(const char* name, const GaussianMixture& g, int batch) {
  // States at (α, σ) = (0.8, 0.6) (α² + σ² = 1, mid-way along a VP path): noised prior samples.
  MatrixXd x0;
  g.sample(1, 0, static_cast<std::size_t>(batch), x0);
  const MatrixXd x = 0.8 * x0 + 0.6 * normals(g.dim(), batch, 2), v = normals(g.dim(), batch, 3);
  MatrixXd d, jv, s;
  g.denoise_jvp(0.8, 0.6, x, v, d, jv);  // warm-up: scratch memory
  const double t_jvp = best_of(7, [&] { g.denoise_jvp(0.8, 0.6, x, v, d, jv); });
  const double t_score = best_of(7, [&] { g.score(0.8, 0.6, x, s); });
  std::printf("%-44s d=%4d K=%3d B=%5d  denoise_jvp %8.2f ms   score %8.2f ms\n", name, g.dim(), g.components(), batch,
              1e3 * t_jvp, 1e3 * t_score);
}

}  // namespace

int main(int argc, char** argv) {
  const int batch = argc > 1 ? std::atoi(argv[1]) : 1000;
  omp_set_num_threads(1);
  const auto bench = ito::inverse::make_gmm_benchmark(800, 4, 1);
  time_case("GMM benchmark prior (isotropic)", bench.prior, batch);
  const auto post = ito::inverse::exact_posterior(bench.prior, bench.A, bench.sigma_y, bench.y);
  time_case("its exact posterior (shared full, spiked)", post, batch);
  std::vector<MatrixXd> cov;
  for (int k = 0; k < 20; ++k) {
    const MatrixXd a = normals(64, 64, 10 + k) / 8.0;
    cov.push_back(a * a.transpose() + 0.01 * MatrixXd::Identity(64, 64));
  }
  const auto full = GaussianMixture::full(Eigen::VectorXd::Ones(20), normals(64, 20, 4), cov);
  time_case("full, distinct covariances", full, batch);
  const auto shared = GaussianMixture::full_shared(Eigen::VectorXd::Ones(20), normals(64, 20, 4), cov[0]);
  time_case("full, one shared covariance (rotated)", shared, batch);
}
