#include "ito/feynman_kac/brownian_bridge.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ito::feynman_kac {
namespace {

TEST(BrownianBridge, CrossingProbabilityLimits) {
  EXPECT_EQ(bridge_crossing_probability_below(1.0, 0.5, 0.3, 0.1, 0.5), 1.0);  // endpoint on the level
  EXPECT_EQ(bridge_crossing_probability_below(1.0, 0.2, 0.3, 0.1, 0.5), 1.0);  // endpoint beyond it
  EXPECT_NEAR(bridge_crossing_probability_below(1.0, 1.0, 0.3, 0.1, 0.0), std::exp(-2.0 / (0.09 * 0.1)), 1e-110);
  EXPECT_NEAR(bridge_crossing_probability_above(-1.0, -0.5, 0.3, 0.1, 0.0),
              bridge_crossing_probability_below(1.0, 0.5, 0.3, 0.1, 0.0), 1e-16);
}

TEST(BrownianBridge, MinimumSampleInvertsItsDistribution) {
  // P(min <= c) = exp(-2 (y0 - c)(y1 - c)/(b^2 h)), so c = bridge_minimum(u) must give back u.
  const double y0 = 0.3, y1 = -0.1, b = 0.7, h = 0.05;
  for (double u : {1e-6, 0.01, 0.3, 0.5, 0.9, 0.999999}) {
    const double c = bridge_minimum(y0, y1, b, h, u);
    EXPECT_LE(c, std::min(y0, y1));
    EXPECT_NEAR(bridge_crossing_probability_below(y0, y1, b, h, c), u, 1e-12 + 1e-9 * u);
    const double m = bridge_maximum(-y0, -y1, b, h, u);
    EXPECT_NEAR(m, -c, 1e-15);
  }
}

}  // namespace
}  // namespace ito::feynman_kac
