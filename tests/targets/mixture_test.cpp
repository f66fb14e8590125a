// The Gaussian mixture: normalisation and moments by quadrature, log-sum-exp far in the tails, gradients by
// finite differences.
#include "ito/targets/mixture.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "target_testing.hpp"

namespace ito::targets {
namespace {

TEST(Mixture, IsNormalisedAndStableFarInTheTails) {
  std::vector<GaussianTarget> components;
  components.push_back(
      GaussianTarget::from_covariance(Eigen::VectorXd::Constant(1, -2.0), Eigen::MatrixXd::Constant(1, 1, 0.25)));
  components.push_back(
      GaussianTarget::from_covariance(Eigen::VectorXd::Constant(1, 3.0), Eigen::MatrixXd::Constant(1, 1, 1.0)));
  const MixtureTarget mixture({1.0, 3.0}, components);  // weights normalised to 0.25, 0.75
  auto integral = [&](int power) {
    return test::simpson(
        [&](double x) {
          const Eigen::VectorXd p = Eigen::VectorXd::Constant(1, x);
          return std::pow(x, power) * std::exp(mixture.log_density(p));
        },
        -15.0, 15.0, 4000);
  };
  EXPECT_NEAR(integral(0), 1.0, 1e-10);
  EXPECT_NEAR(integral(1), mixture.exact_mean()(0), 1e-10);
  EXPECT_NEAR(integral(2) - std::pow(mixture.exact_mean()(0), 2), mixture.exact_covariance()(0, 0), 1e-9);
  EXPECT_NEAR(mixture.exact_mean()(0), 0.25 * -2.0 + 0.75 * 3.0, 1e-15);
  // Far in the tail every component density underflows; log-sum-exp keeps the value finite and exact.
  const Eigen::VectorXd far = Eigen::VectorXd::Constant(1, 200.0);
  const double expected = std::log(0.75) + components[1].log_density(far);  // component 2 dominates by e^{>1e4}
  EXPECT_NEAR(mixture.log_density(far), expected, 1e-9 * std::abs(expected));
  test::expect_gradient_matches_finite_differences(mixture, far, 1e-6, "mixture far");
  for (double x : {-2.5, 0.4, 1.0, 5.0})
    test::expect_gradient_matches_finite_differences(mixture, Eigen::VectorXd::Constant(1, x), 1e-7, "mixture");
}

}  // namespace
}  // namespace ito::targets
