// Geometric Brownian motion, Itô and Stratonovich: the pathwise exact solution has the stated exact moments
// (Monte Carlo over W_T ~ N(0, T), within 4.5 SE; exact_moments.hpp).
#include <gtest/gtest.h>

#include "exact_moments.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"

namespace ito::sde {
namespace {

TEST(GeometricBrownianMotionStat, ItoPathwiseSolutionHasTheExactMoments) {
  testing::expect_exact_moments(GeometricBrownianMotion{}, {0.5}, 1.0, 400000, 1);
}

TEST(GeometricBrownianMotionStat, StratonovichPathwiseSolutionHasTheExactMoments) {
  testing::expect_exact_moments(StratonovichGeometricBrownianMotion{}, {0.5}, 0.5, 400000, 2);
}

}  // namespace
}  // namespace ito::sde
