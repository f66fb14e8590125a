// The lookback functionals: the running extreme is the bridge extreme of each step (sampled from its exact law
// by the step's uniform), the coarse step takes the extreme of the two bridge halves through the midpoint, and
// the value is the discounted distance of the end point to the extreme (in S after log coordinates).
#include "ito/feynman_kac/lookback.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ito/sde/geometric_brownian_motion.hpp"

namespace ito::feynman_kac {
namespace {

using Gbm = sde::GeometricBrownianMotion;

TEST(LookbackFunctional, CallTracksTheBridgeMinimum) {
  const Gbm gbm{0.05, 0.2};
  const LookbackCallFunctional<Gbm> f{{&gbm, BridgeCoordinates::logarithmic}, 0.9};
  const double x0 = 100.0, x1 = 103.0, x2 = 98.0, h = 0.1, u1 = 0.3, u2 = 0.8;
  auto s = f.start(0.0, &x0);
  f.step(s, 0.0, h, &x0, &x1, &u1);
  f.step(s, h, h, &x1, &x2, &u2);
  const double m1 = bridge_minimum(std::log(x0), std::log(x1), 0.2, h, u1);
  const double m2 = bridge_minimum(std::log(x1), std::log(x2), 0.2, h, u2);
  EXPECT_DOUBLE_EQ(s.extreme, std::min({std::log(x0), m1, m2}));
  EXPECT_NEAR(f.value(s, 2 * h, &x2), 0.9 * (x2 - std::exp(s.extreme)), 1e-12);
  EXPECT_LT(std::exp(s.extreme), x2);
}

TEST(LookbackFunctional, PutTracksTheBridgeMaximumAndCoarseStepsUseBothHalves) {
  const Gbm gbm{0.05, 0.2};
  const LookbackPutFunctional<Gbm> f{{&gbm, BridgeCoordinates::logarithmic}, 1.0};
  const double x0 = 100.0, x1 = 96.0, H = 0.2, b = 0.2, dw1 = 0.03, dw2 = -0.2, u1 = 0.4, u2 = 0.6;
  auto s = f.start(0.0, &x0);
  f.coarse_step(s, 0.0, H, &x0, &x1, &dw1, &dw2, &u1, &u2);
  const double y0 = std::log(x0), y1 = std::log(x1);
  const double ym = BridgeView<Gbm>::midpoint(y0, y1, b, dw1, dw2);
  const double expected =
      std::max({y0, bridge_maximum(y0, ym, b, 0.5 * H, u1), bridge_maximum(ym, y1, b, 0.5 * H, u2)});
  EXPECT_DOUBLE_EQ(s.extreme, expected);
  EXPECT_NEAR(f.value(s, H, &x1), std::exp(expected) - x1, 1e-12);
}

}  // namespace
}  // namespace ito::feynman_kac
