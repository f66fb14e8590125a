// The 2-D linear system with four commuting noises: the pathwise exact solution has the stated per-component
// exact moments (Monte Carlo over W_T ~ N(0, T·I₄), within 4.5 SE; exact_moments.hpp).
#include <gtest/gtest.h>

#include "exact_moments.hpp"
#include "ito/sde/linear_system_2d.hpp"

namespace ito::sde {
namespace {

TEST(LinearSystem2dStat, PathwiseSolutionHasTheExactMoments) {
  testing::expect_exact_moments(LinearSystem2d{}, {1.0, 0.5}, 0.5, 400000, 5);
}

}  // namespace
}  // namespace ito::sde
