#include "ito/fokker_planck/bernoulli.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ito::fokker_planck {
namespace {

long double reference(long double z) { return z == 0 ? 1.0L : z / std::expm1(z); }

TEST(Bernoulli, MatchesExtendedPrecisionAcrossTheSeriesThreshold) {
  for (double z : {0.0, 1e-12, -1e-8, 3e-4, 0.0099999, 0.01, -0.0100001, 0.3, -2.0, 15.0, -40.0, 700.0}) {
    const double b = bernoulli(z);
    EXPECT_NEAR(b, static_cast<double>(reference(z)), 2e-16 * std::max(1.0, std::fabs(b))) << "z = " << z;
  }
}

TEST(Bernoulli, LimitsAndPositivity) {
  EXPECT_EQ(bernoulli(0.0), 1.0);
  EXPECT_EQ(bernoulli(1000.0), 0.0);               // e^z overflows: B → 0, no NaN
  EXPECT_DOUBLE_EQ(bernoulli(-1000.0), 1000.0);    // B(z) → −z
  for (double z = -50; z <= 50; z += 0.37) EXPECT_GT(bernoulli(z), 0.0);
}

TEST(Bernoulli, DetailedBalanceIdentity) {
  // B(−z) = eᶻ B(z): the ratio that makes fitted fluxes vanish on exp(∫ b/D).
  for (double z : {1e-5, 0.004, 0.02, 0.5, 3.0, -7.5, 20.0})
    EXPECT_NEAR(bernoulli(-z) / bernoulli(z), std::exp(z), 4e-16 * std::exp(z)) << "z = " << z;
}

}  // namespace
}  // namespace ito::fokker_planck
