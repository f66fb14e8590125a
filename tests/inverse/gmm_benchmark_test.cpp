// The Gaussian-mixture benchmark: the protocol's structure (means on the 5 × 5 grid tiled over coordinate
// pairs, identity covariances, ε² weights, A's singular values the sorted uniforms, σ_y ≤ max s,
// y = A x* + σ_y ε with the documented streams), everything a pure function of the seed.
#include "ito/inverse/gmm_benchmark.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <Eigen/SVD>
#include <algorithm>

#include "ito/core/error.hpp"
#include "ito/random/normal.hpp"

namespace ito::inverse {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

TEST(GmmBenchmark, FollowsTheProtocol) {
  for (auto [d, dy] : {std::pair{8, 1}, std::pair{8, 4}, std::pair{80, 2}}) {
    const GmmBenchmark b = make_gmm_benchmark(d, dy, 12);
    const random::NormalStream stream(12, random::Purpose::problem);
    ASSERT_EQ(b.prior.components(), 25);
    ASSERT_EQ(b.prior.dim(), d);
    EXPECT_EQ(b.prior.covariance_type(), priors::CovarianceType::isotropic);
    EXPECT_EQ(b.prior.variances(), MatrixXd::Ones(1, 25));
    for (int i = -2; i <= 2; ++i)
      for (int j = -2; j <= 2; ++j) {
        const int k = 5 * (i + 2) + (j + 2);
        for (int r = 0; r < d; r += 2) {
          EXPECT_EQ(b.prior.means()(r, k), 8.0 * i);
          EXPECT_EQ(b.prior.means()(r + 1, k), 8.0 * j);
        }
      }
    VectorXd eps(25);
    stream.fill(0, 0, 25, eps.data());
    EXPECT_LT((b.prior.weights() - eps.array().square().matrix() / eps.squaredNorm()).cwiseAbs().maxCoeff(), 1e-15);
    // Singular values of A are the uniforms of path 2, sorted decreasingly.
    std::vector<double> s(static_cast<std::size_t>(dy));
    stream.fill_uniform(2, 0, s.size(), s.data());
    std::sort(s.begin(), s.end(), std::greater<>());
    const Eigen::JacobiSVD<MatrixXd> svd(b.A.matrix());
    for (int i = 0; i < dy; ++i) EXPECT_NEAR(svd.singularValues()(i), s[static_cast<std::size_t>(i)], 1e-13);
    EXPECT_EQ(b.A.output_dim(), dy);
    EXPECT_EQ(b.A.input_dim(), d);
    EXPECT_NEAR(b.sigma_y, stream.uniform(2, static_cast<std::uint64_t>(dy)) * s[0], 1e-15);
    EXPECT_GT(b.sigma_y, 0.0);
    // A's row space is that of the Gaussian matrix G of path 1: A = U diag(s) V_{:d_y}ᵀ with G = U S Vᵀ.
    MatrixXd g(dy, d);
    std::vector<double> z(static_cast<std::size_t>(dy * d));
    stream.fill(1, 0, z.size(), z.data());
    for (int r = 0; r < dy; ++r)
      for (int c = 0; c < d; ++c) g(r, c) = z[static_cast<std::size_t>(r * d + c)];
    const MatrixXd proj = g.transpose() * (g * g.transpose()).inverse() * g;  // projector on G's row space
    EXPECT_LT((b.A.matrix() * proj - b.A.matrix()).cwiseAbs().maxCoeff(), 1e-10);
    // The observation and its noise (path 4).
    VectorXd noise(dy);
    stream.fill(4, 0, static_cast<std::size_t>(dy), noise.data());
    MatrixXd ax;
    b.A.apply(b.truth, ax);
    EXPECT_LT((b.y - ax.col(0) - b.sigma_y * noise).cwiseAbs().maxCoeff(), 1e-12);
    // The truth is a component mean plus the normals of path 3.
    VectorXd z3(d);
    stream.fill(3, 0, static_cast<std::size_t>(d), z3.data());
    const VectorXd m = b.truth - z3;
    bool on_grid = false;
    for (int k = 0; k < 25; ++k) on_grid = on_grid || (m - b.prior.means().col(k)).cwiseAbs().maxCoeff() < 1e-12;
    EXPECT_TRUE(on_grid);
  }
}

TEST(GmmBenchmark, PureFunctionOfTheSeed) {
  const GmmBenchmark a = make_gmm_benchmark(80, 2, 5), b = make_gmm_benchmark(80, 2, 5),
                     c = make_gmm_benchmark(80, 2, 6);
  EXPECT_EQ(a.y, b.y);
  EXPECT_EQ(a.truth, b.truth);
  EXPECT_EQ(a.A.matrix(), b.A.matrix());
  EXPECT_EQ(a.prior.weights(), b.prior.weights());
  EXPECT_NE(a.y, c.y);
}

TEST(GmmBenchmark, RejectsBadShapes) {
  EXPECT_THROW(make_gmm_benchmark(7, 1, 1), ParameterError);
  EXPECT_THROW(make_gmm_benchmark(8, 0, 1), ParameterError);
  EXPECT_THROW(make_gmm_benchmark(8, 9, 1), ParameterError);
}

}  // namespace
}  // namespace ito::inverse
