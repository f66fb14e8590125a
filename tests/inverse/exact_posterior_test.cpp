// Exact mixture posteriors against brute-force quadrature of prior × likelihood (1-D and 2-D grids, mixture
// prior, dense operator: per-component weights, mean, covariance, density), against the textbook Gaussian
// formulas (A = I), the structured paths against the general one, singular (empirical) priors, bad input.
#include "ito/inverse/exact_posterior.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <cmath>

#include "ito/core/error.hpp"
#include "priors/mixture_fixtures.hpp"

namespace ito::inverse {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using priors::CovarianceType;
using priors::GaussianMixture;
using priors::test::normal_matrix;

constexpr double kPi = 3.14159265358979323846;

double log_normal(const VectorXd& x, const VectorXd& m, const MatrixXd& c) {
  const Eigen::LLT<MatrixXd> llt(c);
  const VectorXd z = llt.matrixL().solve(x - m);
  return -0.5 * z.squaredNorm() - MatrixXd(llt.matrixL()).diagonal().array().log().sum() -
         0.5 * static_cast<double>(x.size()) * std::log(2 * kPi);
}

// Quadrature on a uniform grid (trapezoid = Riemann sum for integrands that vanish at the ends; spectrally
// accurate for these smooth, rapidly decaying integrands: the grid step is < 1/10 of every standard deviation,
// so the error is far below the 1e-9 tolerance).
struct Quadrature {
  VectorXd weights;  // per component ∫ w_k N(x; m_k, Σ_k) N(y; A x, σ²I) dx, normalised
  VectorXd mean;
  MatrixXd cov;
};

Quadrature quadrature(const GaussianMixture& prior, const MatrixXd& a, double sigma_y, const VectorXd& y, double lo,
                      double hi, int n) {
  const int d = prior.dim(), K = prior.components();
  const double h = (hi - lo) / (n - 1);
  Quadrature q{VectorXd::Zero(K), VectorXd::Zero(d), MatrixXd::Zero(d, d)};
  double z = 0.0;
  // Precision matrices and log normalisers of every component, computed once.
  std::vector<MatrixXd> prec;
  VectorXd lognorm(K);
  for (int k = 0; k < K; ++k) {
    prec.push_back(prior.covariance(k).inverse());
    lognorm(k) =
        std::log(prior.weights()(k)) - 0.5 * std::log(prior.covariance(k).determinant()) - 0.5 * d * std::log(2 * kPi);
  }
  const double like_norm = -0.5 * static_cast<double>(a.rows()) * std::log(2 * kPi * sigma_y * sigma_y);
  const long total = static_cast<long>(std::pow(n, d));
  VectorXd x(d);
  for (long t = 0; t < total; ++t) {
    long r = t;
    for (int i = 0; i < d; ++i) {
      x(i) = lo + h * static_cast<double>(r % n);
      r /= n;
    }
    const double like = std::exp(like_norm - 0.5 * (y - a * x).squaredNorm() / (sigma_y * sigma_y));
    double p = 0.0;
    for (int k = 0; k < K; ++k) {
      const VectorXd rk = x - prior.means().col(k);
      const double pk = std::exp(lognorm(k) - 0.5 * rk.dot(prec[static_cast<std::size_t>(k)] * rk)) * like;
      q.weights(k) += pk;
      p += pk;
    }
    z += p;
    q.mean += p * x;
    q.cov += p * x * x.transpose();
  }
  q.weights /= z;
  q.mean /= z;
  q.cov = q.cov / z - q.mean * q.mean.transpose();
  return q;
}

void expect_matches_quadrature(const GaussianMixture& post, const Quadrature& q, double tol) {
  ASSERT_EQ(post.components(), q.weights.size());
  EXPECT_LT((post.weights() - q.weights).cwiseAbs().maxCoeff(), tol);
  EXPECT_LT((post.mean() - q.mean).cwiseAbs().maxCoeff(), tol);
  EXPECT_LT((post.covariance() - q.cov).cwiseAbs().maxCoeff(), tol);
}

TEST(ExactPosterior, MatchesQuadratureIn1D) {
  VectorXd w(3);
  w << 0.3, 0.5, 0.2;
  MatrixXd m(1, 3);
  m << -2.0, 0.5, 3.0;
  const auto prior = GaussianMixture::full(
      w, m, {MatrixXd::Constant(1, 1, 0.5), MatrixXd::Constant(1, 1, 1.2), MatrixXd::Constant(1, 1, 0.3)});
  const MatrixXd a = MatrixXd::Constant(1, 1, 0.7);
  const VectorXd y = VectorXd::Constant(1, 1.3);
  const auto post = exact_posterior(prior, LinearOperator::dense(a), 0.5, y);
  expect_matches_quadrature(post, quadrature(prior, a, 0.5, y, -15.0, 15.0, 30001), 1e-10);
}

TEST(ExactPosterior, MatchesQuadratureIn2D) {
  VectorXd w(3);
  w << 0.25, 0.45, 0.3;
  // Means within ±3 and standard deviations below 1.7: the grid ±16 reaches ≥ 7.6 standard deviations beyond
  // every component (tail mass ~e^{−29}, below 1e-10 even weighted by x² in the covariance).
  const MatrixXd m = normal_matrix(2, 3, 1);
  std::vector<MatrixXd> cov;
  for (int k = 0; k < 3; ++k) {
    const MatrixXd b = 0.5 * normal_matrix(2, 2, 10 + k);
    cov.push_back(b * b.transpose() + 0.3 * MatrixXd::Identity(2, 2));
  }
  const auto prior = GaussianMixture::full(w, m, cov);
  for (int dy : {1, 2}) {
    const MatrixXd a = normal_matrix(dy, 2, 20 + dy);
    const VectorXd y = normal_matrix(dy, 1, 30);
    const auto post = exact_posterior(prior, LinearOperator::dense(a), 0.6, y);
    EXPECT_EQ(post.covariance_type(), CovarianceType::full);
    ASSERT_LT(m.cwiseAbs().maxCoeff(), 3.0);
    for (int k = 0; k < 3; ++k) ASSERT_LT(prior.variances().col(k).maxCoeff(), 1.7 * 1.7);
    expect_matches_quadrature(post, quadrature(prior, a, 0.6, y, -16.0, 16.0, 1281), 1e-9);
    // Density: log p(x | y) = log p(x) + log N(y; A x, σ²I) − log p(y), with log p(y) from component 0's
    // Bayes identity p(y) = w_0 N(y; A m_0, S_0) / w_0^post.
    const MatrixXd s0 = a * cov[0] * a.transpose() + 0.36 * MatrixXd::Identity(dy, dy);
    const double log_evidence = std::log(w(0)) + log_normal(y, a * m.col(0), s0) - std::log(post.weights()(0));
    const MatrixXd x = normal_matrix(2, 4, 40);
    VectorXd lp_post, lp_prior;
    post.log_density(1.0, 0.0, x, lp_post);
    prior.log_density(1.0, 0.0, x, lp_prior);
    for (int j = 0; j < 4; ++j) {
      const double ref = lp_prior(j) + log_normal(y, a * x.col(j), 0.36 * MatrixXd::Identity(dy, dy)) - log_evidence;
      EXPECT_NEAR(lp_post(j), ref, 1e-10);
    }
  }
}

// One Gaussian, A = I: Σ_post = (Σ⁻¹ + I/σ²)⁻¹, μ_post = Σ_post (Σ⁻¹ m + y/σ²).
TEST(ExactPosterior, GaussianPriorWithIdentityIsTextbook) {
  const MatrixXd b = normal_matrix(4, 4, 3);
  const MatrixXd cov = b * b.transpose() + 0.5 * MatrixXd::Identity(4, 4);
  const VectorXd m = normal_matrix(4, 1, 4), y = normal_matrix(4, 1, 5);
  const double s = 0.4;
  const MatrixXd post_cov = (cov.inverse() + MatrixXd::Identity(4, 4) / (s * s)).inverse();
  const VectorXd post_mean = post_cov * (cov.inverse() * m + y / (s * s));
  const auto post = exact_posterior(GaussianMixture::gaussian(m, cov), LinearOperator::identity(4), s, y);
  EXPECT_LT((post.means().col(0) - post_mean).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((post.covariance(0) - post_cov).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NEAR(post.weights()(0), 1.0, 1e-15);
  // Isotropic prior λI: the coordinate-wise path, variance λσ²/(λ + σ²), mean (σ² m + λ y)/(λ + σ²).
  const auto iso = exact_posterior(GaussianMixture::isotropic(VectorXd::Ones(1), m, VectorXd::Constant(1, 2.0)),
                                   LinearOperator::identity(4), s, y);
  EXPECT_EQ(iso.covariance_type(), CovarianceType::isotropic);
  EXPECT_NEAR(iso.variances()(0, 0), 2.0 * s * s / (2.0 + s * s), 1e-15);
  EXPECT_LT((iso.means().col(0) - (s * s * m + 2.0 * y) / (2.0 + s * s)).cwiseAbs().maxCoeff(), 1e-14);
}

// The structured paths (isotropic/diagonal prior under identity or mask) against the general Kalman path
// (the same operator given as a dense matrix).
TEST(ExactPosterior, StructuredPathsMatchTheGeneralPath) {
  for (const auto& m : priors::test::mixture_catalogue()) {
    if (m.mixture.covariance_type() == CovarianceType::full) continue;
    const int d = m.mixture.dim();
    for (const LinearOperator& a : {LinearOperator::identity(d), LinearOperator::mask(d, {2, 0})}) {
      const VectorXd y = normal_matrix(a.output_dim(), 1, 7);
      const auto fast = exact_posterior(m.mixture, a, 0.3, y);
      const auto slow = exact_posterior(m.mixture, LinearOperator::dense(a.matrix()), 0.3, y);
      EXPECT_NE(fast.covariance_type(), CovarianceType::full) << m.name;
      EXPECT_EQ(slow.covariance_type(), CovarianceType::full) << m.name;
      ASSERT_EQ(fast.components(), slow.components()) << m.name;
      EXPECT_LT((fast.weights() - slow.weights()).cwiseAbs().maxCoeff(), 1e-12) << m.name << " " << a.kind();
      EXPECT_LT((fast.means() - slow.means()).cwiseAbs().maxCoeff(), 1e-12) << m.name << " " << a.kind();
      for (int k = 0; k < fast.components(); ++k)
        EXPECT_LT((fast.covariance(k) - slow.covariance(k)).cwiseAbs().maxCoeff(), 1e-12) << m.name << " " << k;
    }
  }
}

// Empirical prior (zero covariances): the posterior keeps the data points with weights ∝ N(y; A x_i, σ²I).
TEST(ExactPosterior, SingularEmpiricalPrior) {
  const MatrixXd data = normal_matrix(3, 6, 8);
  const auto prior = GaussianMixture::empirical(data);
  const MatrixXd a = normal_matrix(2, 3, 9);
  const VectorXd y = normal_matrix(2, 1, 10);
  for (const LinearOperator& op : {LinearOperator::dense(a), LinearOperator::mask(3, {1, 2})}) {
    const auto post = exact_posterior(prior, op, 0.5, y);
    VectorXd logw(6);
    MatrixXd ax;
    op.apply(data, ax);
    for (int k = 0; k < 6; ++k) logw(k) = -0.5 * (y - ax.col(k)).squaredNorm() / 0.25;
    VectorXd w(6);
    core::softmax(logw.data(), 6, w.data());
    EXPECT_LT((post.weights() - w).cwiseAbs().maxCoeff(), 1e-14) << op.kind();
    EXPECT_LT((post.means() - data).cwiseAbs().maxCoeff(), 1e-14) << op.kind();
    for (int k = 0; k < 6; ++k) EXPECT_LT(post.covariance(k).cwiseAbs().maxCoeff(), 1e-15) << op.kind();
    MatrixXd dn;
    post.denoise(1.0, 0.1, data, dn);  // usable as a diffusion prior for σ > 0
    EXPECT_TRUE(dn.allFinite());
  }
}

TEST(ExactPosterior, SharedPriorGivesSharedPosteriorAndDropsUnderflowedComponents) {
  MatrixXd m(2, 2);
  m << 0.0, 100.0, 0.0, 0.0;
  const auto prior = GaussianMixture::isotropic(VectorXd::Ones(2), m, VectorXd::Ones(2));
  const auto post =
      exact_posterior(prior, LinearOperator::dense(MatrixXd::Identity(2, 2)), 0.1, Eigen::Vector2d(0.1, -0.2));
  EXPECT_TRUE(post.shared_covariance());
  EXPECT_EQ(post.components(), 1);  // the component at 100 has relative weight e^{−5·10⁵}
  EXPECT_NEAR(post.means()(0, 0), 0.1 / 1.01, 1e-14);
}

TEST(ExactPosterior, RejectsBadInput) {
  const auto prior = GaussianMixture::gaussian(VectorXd::Zero(3), MatrixXd::Identity(3, 3));
  EXPECT_THROW(exact_posterior(prior, LinearOperator::identity(4), 0.1, VectorXd::Zero(4)), ParameterError);
  EXPECT_THROW(exact_posterior(prior, LinearOperator::identity(3), 0.1, VectorXd::Zero(2)), ParameterError);
  EXPECT_THROW(exact_posterior(prior, LinearOperator::identity(3), 0.0, VectorXd::Zero(3)), ParameterError);
  EXPECT_THROW(exact_posterior(prior, LinearOperator::identity(3), -1.0, VectorXd::Zero(3)), ParameterError);
  EXPECT_THROW(exact_posterior(prior, LinearOperator::identity(3), 0.1, VectorXd::Constant(3, NAN)), ParameterError);
}

}  // namespace
}  // namespace ito::inverse
