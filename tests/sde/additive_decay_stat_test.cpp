// Rößler's additive test problem: the pathwise exact solution has the stated exact moments (Monte Carlo over
// W_T ~ N(0, T), within 4.5 SE; exact_moments.hpp), with ito's default α = β = 1 and with the published
// α = 1/10, β = 1/20.
#include <gtest/gtest.h>

#include "exact_moments.hpp"
#include "ito/sde/additive_decay.hpp"

namespace ito::sde {
namespace {

TEST(AdditiveDecayStat, PathwiseSolutionHasTheExactMoments) {
  testing::expect_exact_moments(AdditiveDecay{}, {1.0}, 1.5, 200000, 3);
  testing::expect_exact_moments(AdditiveDecay{0.1, 0.05}, {1.0}, 1.0, 200000, 4);
}

}  // namespace
}  // namespace ito::sde
