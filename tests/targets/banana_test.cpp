// Haario's banana: normalisation and the stated moments by 2-D quadrature, gradients by finite differences.
#include "ito/targets/banana.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "target_testing.hpp"

namespace ito::targets {
namespace {

TEST(Banana, IsNormalisedWithTheStatedMoments) {
  const double b = 0.05, s = 3.0;
  const BananaTarget banana(2, b, s);
  // Inner integral over x2 centred on the ridge x2 = −b(x1² − s²), outer over x1 (±9 sd).
  auto moments = [&](int power1, int power2) {
    return test::simpson(
        [&](double x1) {
          const double centre = -b * (x1 * x1 - s * s);
          return test::simpson(
              [&](double x2) {
                Eigen::VectorXd x(2);
                x << x1, x2;
                return std::pow(x1, power1) * std::pow(x2, power2) * std::exp(banana.log_density(x));
              },
              centre - 10.0, centre + 10.0, 400);
        },
        -9.0 * s, 9.0 * s, 800);
  };
  EXPECT_NEAR(moments(0, 0), 1.0, 1e-9);
  EXPECT_NEAR(moments(0, 1), 0.0, 1e-9);
  EXPECT_NEAR(moments(2, 0), s * s, 1e-8);
  EXPECT_NEAR(moments(0, 2), banana.exact_covariance()(1, 1), 1e-8);
  EXPECT_NEAR(moments(2, 1), -2.0 * b * std::pow(s, 4), 1e-8);
  for (double x1 : {-4.0, 0.0, 2.5})
    for (double x2 : {-1.0, 0.7}) {
      Eigen::VectorXd x(4);
      x << x1, x2, 0.3, -1.2;
      test::expect_gradient_matches_finite_differences(BananaTarget(4, 0.1, 10.0), x, 1e-7, "banana");
    }
}

}  // namespace
}  // namespace ito::targets
