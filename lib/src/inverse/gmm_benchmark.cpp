#include "ito/inverse/gmm_benchmark.hpp"

#include <Eigen/SVD>
#include <algorithm>
#include <functional>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/random/normal.hpp"

namespace ito::inverse {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

GmmBenchmark make_gmm_benchmark(int d, int d_y, std::uint32_t seed) {
  if (d < 2 || d % 2 != 0)
    ito::detail::throw_error<ParameterError>("gmm benchmark: d = ", d, ", expected even and >= 2");
  if (d_y < 1 || d_y > d)
    ito::detail::throw_error<ParameterError>("gmm benchmark: d_y = ", d_y, ", expected in 1 .. d = ", d);
  const random::NormalStream stream(seed, random::Purpose::problem);

  // Prior: 25 components N(m_ij, I), m_ij = (8i, 8j, 8i, 8j, …), weights ε²/Σε².
  constexpr int K = 25;
  MatrixXd means(d, K);
  for (int i = -2; i <= 2; ++i)
    for (int j = -2; j <= 2; ++j) {
      const int k = 5 * (i + 2) + (j + 2);
      for (int r = 0; r < d; r += 2) {
        means(r, k) = 8.0 * i;
        means(r + 1, k) = 8.0 * j;
      }
    }
  VectorXd eps(K);
  stream.fill(0, 0, K, eps.data());
  const VectorXd w = eps.array().square() / eps.squaredNorm();
  auto prior = priors::GaussianMixture::isotropic(w, means, VectorXd::Ones(K));

  // Operator: A = U diag(s) V[:, :d_y]ᵀ from the SVD of a Gaussian d_y × d matrix, s sorted uniforms.
  MatrixXd g(d_y, d);
  {
    std::vector<double> z(static_cast<std::size_t>(d_y) * static_cast<std::size_t>(d));
    stream.fill(1, 0, z.size(), z.data());
    for (int r = 0; r < d_y; ++r)
      for (int c = 0; c < d; ++c)
        g(r, c) = z[static_cast<std::size_t>(r) * static_cast<std::size_t>(d) + static_cast<std::size_t>(c)];
  }
  Eigen::JacobiSVD<MatrixXd> svd(g, Eigen::ComputeFullU | Eigen::ComputeFullV);
  std::vector<double> s(static_cast<std::size_t>(d_y));
  stream.fill_uniform(2, 0, s.size(), s.data());
  std::sort(s.begin(), s.end(), std::greater<>());
  const VectorXd sv = Eigen::Map<const VectorXd>(s.data(), d_y);
  const MatrixXd a = svd.matrixU() * sv.asDiagonal() * svd.matrixV().leftCols(d_y).transpose();
  const double sigma_y = stream.uniform(2, static_cast<std::uint64_t>(d_y)) * sv(0);

  // Truth from the prior (path 3) and the observation (path 4).
  VectorXd cumulative(K);
  double acc = 0.0;
  for (int k = 0; k < K; ++k) cumulative(k) = (acc += prior.weights()(k));
  const double u = stream.uniform(3, 0);
  int k = 0;
  while (k < K - 1 && cumulative(k) <= u) ++k;
  VectorXd truth(d);
  stream.fill(3, 0, static_cast<std::size_t>(d), truth.data());
  truth += prior.means().col(k);
  VectorXd noise(d_y);
  stream.fill(4, 0, static_cast<std::size_t>(d_y), noise.data());
  const VectorXd y = a * truth + sigma_y * noise;
  return {std::move(prior), LinearOperator::dense(a), sigma_y, std::move(truth), y};
}

}  // namespace ito::inverse
