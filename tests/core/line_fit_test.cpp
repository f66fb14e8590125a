// The least-squares line: exact lines are recovered with a zero-width interval, the standard error of the
// slope is the textbook one (checked against a hand computation), and the 95% interval covers the true slope
// in about 95% of noisy replications.
#include "ito/core/line_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/core/statistics.hpp"
#include "ito/random/normal.hpp"

namespace ito::core {
namespace {

TEST(LineFit, RecoversAnExactLine) {
  const auto fit = fit_line({1, 2, 3, 4}, {3, 5, 7, 9});
  EXPECT_NEAR(fit.slope, 2.0, 1e-14);
  EXPECT_NEAR(fit.intercept, 1.0, 1e-14);
  EXPECT_NEAR(fit.slope_se, 0.0, 1e-14);
  EXPECT_NEAR(fit.ci_low, 2.0, 1e-12);
  EXPECT_NEAR(fit.ci_high, 2.0, 1e-12);
}

TEST(LineFit, StandardErrorAndIntervalByHand) {
  // x = 0, 1, 2, 3, y = 0, 1, 1, 3: x̄ = 1.5, ȳ = 1.25, Sxx = 5, Sxy = 4.5, b = 0.9, a = −0.1,
  // residuals 0.1, 0.2, −0.7, 0.4: RSS = 0.7, se = √(0.7 / 2 / 5) = √0.07; t₀.₉₇₅,₂ = 4.3026527299 (Boost's
  // quantile agrees with it to 1e-10).
  const auto fit = fit_line({0, 1, 2, 3}, {0, 1, 1, 3});
  EXPECT_NEAR(fit.slope, 0.9, 1e-15);
  EXPECT_NEAR(fit.intercept, -0.1, 1e-15);
  EXPECT_NEAR(fit.slope_se, std::sqrt(0.07), 1e-15);
  const double t = student_t_critical(0.05, 2.0);
  EXPECT_NEAR(t, 4.302652729911275, 1e-9);
  EXPECT_NEAR(fit.ci_high - fit.slope, t * std::sqrt(0.07), 1e-14);
  EXPECT_NEAR(fit.slope - fit.ci_low, t * std::sqrt(0.07), 1e-14);
}

TEST(LineFit, TwoPointsGiveTheLineThroughThem) {
  const auto fit = fit_line({1, 3}, {2, 8});
  EXPECT_DOUBLE_EQ(fit.slope, 3.0);
  EXPECT_DOUBLE_EQ(fit.intercept, -1.0);
  EXPECT_EQ(fit.slope_se, 0.0);
  EXPECT_EQ(fit.ci_low, fit.slope);
  EXPECT_EQ(fit.ci_high, fit.slope);
}

TEST(LineFit, IntervalCoversTheSlopeAtItsLevel) {
  // 2000 replications of y = 1 + 0.5 x + N(0, 0.3²) on 6 points: the coverage of the 95% interval is
  // binomial(2000, 0.95), SE 0.0049, so it must lie within 4.5 SE of 0.95.
  const random::NormalStream stream(3, random::Purpose::test);
  const std::vector<double> x{0, 1, 2, 3, 4, 5};
  int covered = 0;
  const int replications = 2000;
  for (int r = 0; r < replications; ++r) {
    std::vector<double> z(x.size()), y(x.size());
    stream.fill(static_cast<std::uint64_t>(r), 0, z.size(), z.data());
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = 1.0 + 0.5 * x[i] + 0.3 * z[i];
    const auto fit = fit_line(x, y);
    covered += fit.ci_low <= 0.5 && 0.5 <= fit.ci_high;
  }
  const double coverage = static_cast<double>(covered) / replications;
  EXPECT_LT(std::abs(coverage - 0.95), 4.5 * std::sqrt(0.95 * 0.05 / replications)) << coverage;
}

TEST(LineFit, RejectsTooFewPointsAndConstantX) {
  EXPECT_THROW(fit_line({1}, {1}), Error);
  EXPECT_THROW(fit_line({1, 2}, {1}), Error);
  EXPECT_THROW(fit_line({2, 2, 2}, {1, 2, 3}), Error);
}

}  // namespace
}  // namespace ito::core
