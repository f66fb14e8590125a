// Rößler's weak test problem: the pathwise exact solution X_T = sinh(T + W_T) (x0 = 0) has the stated weak
// functional E h(asinh X_T) = T³ − 3T² + 2T (Monte Carlo over W_T ~ N(0, T), within 4.5 SE), and
// functional_mean gives that closed form.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "ito/core/statistics.hpp"
#include "ito/random/normal.hpp"
#include "ito/sde/sinh_weak.hpp"

namespace ito::sde {
namespace {

TEST(SinhWeakStat, ExactSolutionHasTheExactWeakFunctional) {
  const random::NormalStream stream(6, random::Purpose::test);
  const SinhWeakSde model;
  for (double T : {0.5, 1.0, 1.5}) {
    core::RunningStats s;
    const double x0 = 0.0;
    for (int k = 0; k < 200000; ++k) {
      const double w = std::sqrt(T) * stream.normal(k, static_cast<std::uint64_t>(T * 4));
      double x;
      model.exact(T, &x0, &w, &x);
      s.add(SinhWeakSde::functional(x));
    }
    const double exact = T * T * T - 3 * T * T + 2 * T;
    EXPECT_NEAR(SinhWeakSde::functional_mean(T, 0.0), exact, 1e-14);
    std::printf("  sinh functional, T = %.1f: z = %+.2f\n", T, core::z_score(s.mean(), exact, s.std_error()));
    EXPECT_LT(std::abs(core::z_score(s.mean(), exact, s.std_error())), 4.5) << "T = " << T;
  }
}

}  // namespace
}  // namespace ito::sde
