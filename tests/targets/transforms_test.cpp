// Constraining transforms: the log-Jacobian makes densities integrate to one, derivatives by finite
// differences, round trips.
#include "ito/targets/transforms.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "target_testing.hpp"

namespace ito::targets {
namespace {

// ∫ p_θ(c(u)) |c'(u)| du = 1 for a normalised p_θ: the log-Jacobian is right.
TEST(Transforms, JacobianMakesTheDensityIntegrateToOne) {
  // Gamma(3, 1) on (0, ∞) through θ = e^u: p(θ) = θ² e^{−θ} / 2.
  const PositiveTransform positive;
  const double gamma_mass = test::simpson(
      [&](double u) {
        const double t = positive.constrain(u);
        return std::exp(2.0 * std::log(t) - t - std::log(2.0) + positive.log_jacobian(u));
      },
      -40.0, 5.0, 20000);
  EXPECT_NEAR(gamma_mass, 1.0, 1e-10);
  // Beta(2, 3) rescaled to (−1, 2) through the scaled logistic: p(θ) = 12 p(1−p)² / 3, p = (θ + 1)/3.
  const IntervalTransform interval{-1.0, 2.0};
  const double beta_mass = test::simpson(
      [&](double u) {
        const double p = (interval.constrain(u) + 1.0) / 3.0;
        return 12.0 * p * (1.0 - p) * (1.0 - p) / 3.0 * std::exp(interval.log_jacobian(u));
      },
      -60.0, 60.0, 40000);
  EXPECT_NEAR(beta_mass, 1.0, 1e-10);
  // Lower bound 2 with an exponential(1) shifted to (2, ∞).
  const LowerBoundTransform lower{2.0};
  const double shifted_mass = test::simpson(
      [&](double u) { return std::exp(-(lower.constrain(u) - 2.0) + lower.log_jacobian(u)); }, -40.0, 5.0, 20000);
  EXPECT_NEAR(shifted_mass, 1.0, 1e-10);
}

TEST(Transforms, DerivativesMatchFiniteDifferences) {
  const IntervalTransform interval{-1.0, 2.0};
  const LowerBoundTransform lower{0.5};
  for (double u : {-30.0, -3.0, -0.4, 0.0, 0.9, 4.0, 30.0}) {
    const double h = 1e-5;
    EXPECT_NEAR(interval.derivative(u), (interval.constrain(u + h) - interval.constrain(u - h)) / (2 * h), 1e-9);
    EXPECT_NEAR(std::exp(interval.log_jacobian(u)), interval.derivative(u), 1e-14 + 1e-12 * interval.derivative(u));
    EXPECT_NEAR(interval.log_jacobian_derivative(u),
                (interval.log_jacobian(u + h) - interval.log_jacobian(u - h)) / (2 * h), 1e-8);
    EXPECT_TRUE(std::isfinite(interval.log_jacobian(u)));
    if (std::abs(u) < 20) {
      EXPECT_NEAR(interval.unconstrain(interval.constrain(u)), u, 1e-9 * (1 + std::abs(u)));
    }
    if (std::abs(u) < 10) {
      EXPECT_NEAR(lower.derivative(u), (lower.constrain(u + h) - lower.constrain(u - h)) / (2 * h),
                  1e-8 * lower.derivative(u));
      EXPECT_NEAR(lower.log_jacobian_derivative(u), (lower.log_jacobian(u + h) - lower.log_jacobian(u - h)) / (2 * h),
                  1e-8);
      EXPECT_NEAR(lower.unconstrain(lower.constrain(u)), u, 1e-9 * (1 + std::abs(u)));
    }
  }
}

}  // namespace
}  // namespace ito::targets
