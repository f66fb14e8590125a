// The exit-time functional: each step adds w·h·(1 + q)/2 (the trapezoidal rule for the survival probability
// inside the step) with q the bridge's probability of staying in (L, U), w the survival so far; a grid point
// outside ends the path, and so does a negligible survival.
#include "ito/feynman_kac/exit_time.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::feynman_kac {
namespace {

TEST(ExitTimeFunctional, AccumulatesTheSurvivalTrapezoid) {
  const sde::OrnsteinUhlenbeck bm{0.0, 0.0, 1.0};
  ExitTimeFunctional<sde::OrnsteinUhlenbeck> f{{&bm, BridgeCoordinates::state}, 0.0, 1.0};
  const double x0 = 0.5, x1 = 0.7, x2 = 1.2, h = 0.01;
  auto s = f.start(0.0, &x0);
  EXPECT_TRUE(f.step(s, 0.0, h, &x0, &x1, nullptr));
  const double q = 1.0 - bridge_crossing_probability_below(x0, x1, 1.0, h, 0.0) -
                   bridge_crossing_probability_above(x0, x1, 1.0, h, 1.0);
  EXPECT_DOUBLE_EQ(s.expected_time, h * 0.5 * (1.0 + q));
  EXPECT_DOUBLE_EQ(s.survival, q);
  EXPECT_FALSE(f.step(s, h, h, &x1, &x2, nullptr));  // left through the upper end
  EXPECT_DOUBLE_EQ(f.value(s, 2 * h, &x2), h * 0.5 * (1.0 + q) + q * h * 0.5);
  EXPECT_EQ(s.survival, 0.0);
}

TEST(ExitTimeFunctional, NegligibleSurvivalEndsThePath) {
  const sde::OrnsteinUhlenbeck bm{0.0, 0.0, 1.0};
  ExitTimeFunctional<sde::OrnsteinUhlenbeck> f{{&bm, BridgeCoordinates::state}, 0.0, 1.0};
  f.negligible_survival = 0.5;
  const double x0 = 0.02, x1 = 0.03;  // near the lower end with a large step: likely crossing
  auto s = f.start(0.0, &x0);
  EXPECT_FALSE(f.step(s, 0.0, 0.1, &x0, &x1, nullptr));
  EXPECT_LT(s.survival, 0.5);
}

}  // namespace
}  // namespace ito::feynman_kac
