// The Gaussian target: the exact normalised density (closed form in 2-D, diagonal fast path), gradients by
// finite differences, both parametrisations, and the error cases.
#include "ito/targets/gaussian.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <cmath>
#include <numbers>

#include "ito/core/error.hpp"
#include "target_testing.hpp"

namespace ito::targets {
namespace {

TEST(Gaussian, LogDensityIsTheExactNormalisedDensity) {
  Eigen::VectorXd mean(2);
  mean << 1.0, -2.0;
  Eigen::MatrixXd cov(2, 2);
  cov << 2.0, 0.6, 0.6, 0.5;
  const auto g = GaussianTarget::from_covariance(mean, cov);
  Eigen::VectorXd x(2);
  x << 0.3, -1.1;
  // Closed form in 2-D: det = 2·0.5 − 0.36, Σ⁻¹ = [[0.5, −0.6], [−0.6, 2]] / det.
  const double det = 1.0 - 0.36;
  const double r0 = x(0) - 1.0, r1 = x(1) + 2.0;
  const double quad = (0.5 * r0 * r0 - 1.2 * r0 * r1 + 2.0 * r1 * r1) / det;
  EXPECT_NEAR(g.log_density(x), -0.5 * quad - std::log(2.0 * std::numbers::pi) - 0.5 * std::log(det), 1e-14);
  test::expect_gradient_matches_finite_differences(g, x, 1e-7, "gaussian");
  // Precision parametrisation gives the same target.
  const auto h = GaussianTarget::from_precision(mean, cov.inverse());
  EXPECT_NEAR(h.log_density(x), g.log_density(x), 1e-13);
  EXPECT_TRUE(h.covariance().isApprox(cov, 1e-13));
}

TEST(Gaussian, DiagonalFastPathIsExact) {
  const Eigen::Vector3d mean(0.5, -1.0, 2.0), variances(0.25, 4.0, 1.5);
  const auto g = GaussianTarget::from_covariance(mean, Eigen::MatrixXd(variances.asDiagonal()));
  const Eigen::Vector3d x(1.0, 0.0, -1.0);
  double expected = 0.0;
  for (int i = 0; i < 3; ++i)
    expected +=
        -0.5 * std::pow(x(i) - mean(i), 2) / variances(i) - 0.5 * std::log(2.0 * std::numbers::pi * variances(i));
  EXPECT_NEAR(g.log_density(x), expected, 1e-14);
  test::expect_gradient_matches_finite_differences(g, Eigen::VectorXd(x), 1e-8, "diagonal gaussian");
  Eigen::VectorXd grad;
  g.log_density_gradient(x, grad);
  EXPECT_NEAR(grad(1), -(x(1) - mean(1)) / variances(1), 1e-15);
}

TEST(Gaussian, RejectsBadMatrices) {
  Eigen::MatrixXd not_pd(2, 2);
  not_pd << 1.0, 2.0, 2.0, 1.0;
  EXPECT_THROW(GaussianTarget::from_covariance(Eigen::VectorXd::Zero(2), not_pd), ito::ParameterError);
  Eigen::MatrixXd asym(2, 2);
  asym << 1.0, 0.5, 0.0, 1.0;
  EXPECT_THROW(GaussianTarget::from_covariance(Eigen::VectorXd::Zero(2), asym), ito::ParameterError);
  EXPECT_THROW(GaussianTarget::from_precision(Eigen::VectorXd::Zero(3), Eigen::MatrixXd::Identity(2, 2)),
               ito::ParameterError);
}

}  // namespace
}  // namespace ito::targets
