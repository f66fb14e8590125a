// Neal's funnel: normalisation and the stated moments by 2-D quadrature, gradients by finite differences.
#include "ito/targets/funnel.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "target_testing.hpp"

namespace ito::targets {
namespace {

TEST(Funnel, IsNormalisedWithTheStatedMoments) {
  const double sv = 1.5;
  const FunnelTarget funnel(2, sv);
  auto moment = [&](int pv, int px) {
    return test::simpson(
        [&](double v) {
          const double sd = std::exp(0.5 * v);
          return test::simpson(
              [&](double x) {
                Eigen::VectorXd p(2);
                p << v, x;
                return std::pow(v, pv) * std::pow(x, px) * std::exp(funnel.log_density(p));
              },
              -12.0 * sd, 12.0 * sd, 400);
        },
        -10.0 * sv, 10.0 * sv, 1000);
  };
  EXPECT_NEAR(moment(0, 0), 1.0, 1e-9);
  EXPECT_NEAR(moment(2, 0), sv * sv, 1e-8);
  EXPECT_NEAR(moment(0, 2), std::exp(0.5 * sv * sv), 1e-8);  // Var x = E e^v
  const FunnelTarget neal(10, 3.0);
  EXPECT_EQ(neal.parameter_names().front(), "v");
  EXPECT_EQ(neal.parameter_names().back(), "x[9]");
  for (double v : {-4.0, 0.0, 3.0}) {
    Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(10, -1.0, 1.0);
    x(0) = v;
    test::expect_gradient_matches_finite_differences(neal, x, 1e-7, "funnel");
  }
}

// The non-centred funnel is the same law in the coordinates (v, z), x = e^{v/2} z: by the change of variables
// π_z(v, z) = π_x(v, e^{v/2} z) · e^{nv/2} (the Jacobian of z ↦ x). Catches a wrong density, gradient or
// constrain() map of the non-centred form (each alone breaks the identity or the finite differences).
TEST(Funnel, NonCentredIsTheSameLawInOtherCoordinates) {
  const double sv = 3.0;
  const int d = 10;
  const FunnelTarget centred(d, sv), noncentred(d, sv, FunnelParameterization::noncentered);
  EXPECT_EQ(noncentred.parameter_names(), centred.parameter_names());
  for (double v : {-6.0, -1.5, 0.0, 2.5, 7.0}) {
    Eigen::VectorXd z = Eigen::VectorXd::LinSpaced(d, -1.3, 0.9);
    z(0) = v;
    Eigen::VectorXd x;
    noncentred.constrain(z, x);
    EXPECT_EQ(x(0), v);
    for (int i = 1; i < d; ++i) EXPECT_NEAR(x(i), std::exp(0.5 * v) * z(i), 1e-15 * std::exp(0.5 * v));
    EXPECT_NEAR(noncentred.log_density(z), centred.log_density(x) + 0.5 * (d - 1) * v, 1e-11 * (1.0 + std::abs(v)));
    test::expect_gradient_matches_finite_differences(noncentred, z, 1e-7, "non-centred funnel");
  }
}

}  // namespace
}  // namespace ito::targets
