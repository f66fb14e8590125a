// The non-centred eight-schools model: its log density against the Stan model written out term by term,
// gradients by finite differences, the reported (constrained) quantities, and the error cases.
#include "ito/targets/eight_schools.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "target_testing.hpp"

namespace ito::targets {
namespace {

double normal_lpdf(double x, double mu, double sigma) {
  const double z = (x - mu) / sigma;
  return -0.5 * z * z - std::log(sigma) - 0.5 * std::log(2.0 * M_PI);
}
double half_cauchy_lpdf(double x, double scale) {
  return std::log(2.0 / (M_PI * scale * (1.0 + x * x / (scale * scale))));
}

TEST(EightSchools, MatchesTheStanModel) {
  const Eigen::VectorXd y = (Eigen::VectorXd(8) << 28, 8, -3, 7, -1, 1, 18, 12).finished();
  const Eigen::VectorXd sigma = (Eigen::VectorXd(8) << 15, 10, 16, 11, 9, 11, 10, 18).finished();
  const EightSchoolsNoncenteredTarget target(y, sigma);
  // Stan model (posteriordb eight_schools_noncentered.stan) on u = (theta_trans, mu, log tau).
  auto direct = [&](const Eigen::VectorXd& u) {
    const double mu = u(8), tau = std::exp(u(9));
    double lp = normal_lpdf(mu, 0, 5) + half_cauchy_lpdf(tau, 5) + u(9);
    for (int j = 0; j < 8; ++j) lp += normal_lpdf(u(j), 0, 1) + normal_lpdf(y(j), mu + tau * u(j), sigma(j));
    return lp;
  };
  ASSERT_EQ(target.dim(), 10);
  Eigen::VectorXd u0 = Eigen::VectorXd::LinSpaced(10, -1.0, 1.2), u1 = Eigen::VectorXd::LinSpaced(10, 0.8, -0.5);
  u1(9) = 2.5;
  EXPECT_NEAR(target.log_density(u1) - target.log_density(u0), direct(u1) - direct(u0), 1e-11);
  for (const auto& u : {u0, u1}) test::expect_gradient_matches_finite_differences(target, u, 1e-7, "eight schools");
  Eigen::VectorXd reported;
  target.constrain(u1, reported);
  EXPECT_NEAR(reported(9), std::exp(2.5), 1e-12);
  EXPECT_NEAR(reported(8), u1(8), 0.0);
  EXPECT_NEAR(reported(2), u1(8) + std::exp(2.5) * u1(2), 1e-12);
  EXPECT_EQ(target.parameter_names().front(), "theta[1]");
  EXPECT_EQ(target.parameter_names()[8], "mu");
  EXPECT_EQ(target.sigma(), sigma);
}

TEST(EightSchools, RejectsInconsistentData) {
  EXPECT_THROW(EightSchoolsNoncenteredTarget(Eigen::Vector2d(1, 2), Eigen::Vector3d(1, 1, 1)), ParameterError);
  EXPECT_THROW(EightSchoolsNoncenteredTarget(Eigen::Vector2d(1, 2), Eigen::Vector2d(1, 0)), ParameterError);
  EXPECT_THROW(EightSchoolsNoncenteredTarget(Eigen::VectorXd(0), Eigen::VectorXd(0)), ParameterError);
}

}  // namespace
}  // namespace ito::targets
