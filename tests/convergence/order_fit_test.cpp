#include "ito/convergence/order_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/convergence/study.hpp"
#include "ito/random/normal.hpp"

namespace ito::convergence {
namespace {

TEST(FitLogLog, ExactPowerLawHasZeroLackOfFit) {
  const std::vector<double> dt{0.1, 0.05, 0.025, 0.0125};
  std::vector<double> e;
  for (double h : dt) e.push_back(3.0 * std::pow(h, 1.5));
  const auto f = fit_loglog(dt, e);
  EXPECT_NEAR(f.slope, 1.5, 1e-12);
  EXPECT_NEAR(std::exp(f.intercept), 3.0, 1e-10);
  EXPECT_NEAR(f.slope_se, 0.0, 1e-10);
}

TEST(FitLogLog, RejectsNonPositiveErrors) {
  EXPECT_ANY_THROW(fit_loglog({0.1, 0.05}, {1e-3, 0.0}));
  EXPECT_ANY_THROW(fit_loglog({0.1}, {1e-3}));
}

TEST(FitOrder, CurvatureWidensTheInterval) {
  const std::vector<double> dt{0.1, 0.05, 0.025, 0.0125};
  std::vector<double> e;
  for (double h : dt) e.push_back(h + 5 * h * h);  // order 1 asymptotically, curved
  const auto fit = fit_order(dt, e, {}, kWeakCorrectionExponent);
  EXPECT_GT(fit.se_fit, 0.0);
  EXPECT_LT(fit.ci_low, fit.order);
  EXPECT_GT(fit.ci_high, fit.order);
}

// Error curves with a known first correction, log e = log C + p log dt + c dt^q, on the ladder of the shipped
// GBM study (dt = 1/16 … 1/512): the slope fitted over the ladder is biased by c·β(ladder); the estimated
// bias takes it back to p exactly (the model is exact here) and the interval reaches p. Measuring only the
// difference to the finer half's slope (the estimate before) leaves p outside for a correction of either sign.
TEST(FitOrder, PreAsymptoticBiasIsEstimatedToTheLimit) {
  std::vector<double> dt;
  for (int n = 16; n <= 512; n *= 2) dt.push_back(1.0 / n);
  for (double q : {kStrongCorrectionExponent, kWeakCorrectionExponent})
    for (double c : {-0.8, 0.5, 2.0})
      for (double p : {0.5, 1.0, 2.0}) {
        std::vector<double> e;
        for (double h : dt) e.push_back(0.7 * std::pow(h, p) * std::exp(c * std::pow(h, q)));
        const auto fit = fit_order(dt, e, {}, q);
        EXPECT_GT(std::abs(fit.order - p), 1e-3) << "the ladder shows the correction";
        EXPECT_NEAR(fit.extrapolated_order, p, 1e-12) << "q=" << q << " c=" << c << " p=" << p;
        EXPECT_LE(fit.ci_low, p + 1e-12);
        EXPECT_GE(fit.ci_high, p - 1e-12);
        EXPECT_GT(std::abs(fit.order - p), std::abs(fit.order - fit.fine_order) * 1.3)
            << "the finer half alone is still biased";
      }
}

TEST(LocalOrders, SlopesBetweenConsecutiveLevels) {
  const std::vector<double> dt{0.1, 0.05, 0.025, 0.0125};
  std::vector<double> e;
  for (double h : dt) e.push_back(2.0 * h * (1 + h));  // order 1 with an O(h) correction
  const auto s = local_orders(dt, e);
  ASSERT_EQ(s.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k)
    EXPECT_NEAR(s[k], 1 + std::log((1 + dt[k]) / (1 + dt[k + 1])) / std::log(2.0), 1e-12);
  EXPECT_TRUE(std::isnan(local_orders({0.1, 0.05}, {1e-3, 0.0})[0]));
}

TEST(FitOrder, RejectsNonPositiveCorrectionExponent) {
  const std::vector<double> dt{0.1, 0.05, 0.025, 0.0125}, e{0.1, 0.05, 0.025, 0.0125};
  EXPECT_ANY_THROW(fit_order(dt, e, {}, 0.0));
}

// A synthetic study: err = dt^p · |Z| with Z normal per path; the fitted order must be p, the CI must be
// finite and contain p, the strong error must be within 4.5 SE of dt^p · sqrt(2/π).
TEST(RunStudy, RecoversSyntheticOrderWithinInterval) {
  StudyOptions opt;
  opt.dt = {0.1, 0.05, 0.025, 0.0125, 0.00625};
  opt.paths = 4000;
  opt.seed = 3;
  const random::NormalStream rng(11, random::Purpose::test);
  const auto r = run_study(opt, [&](std::size_t p, double* err, double* g, double& g_ref) {
    const double z = rng.normal(p, 0);
    g_ref = z;
    for (std::size_t k = 0; k < opt.dt.size(); ++k) {
      err[k] = std::pow(opt.dt[k], 1.5) * std::abs(z);
      g[k] = z + opt.dt[k] * (1 + 0.1 * z);
    }
  });
  EXPECT_NEAR(r.strong_fit.order, 1.5, 1e-9);  // every level scales the same |Z|: exact power law
  EXPECT_LE(r.strong_fit.ci_low, 1.5);
  EXPECT_GE(r.strong_fit.ci_high, 1.5);
  for (std::size_t k = 0; k < opt.dt.size(); ++k) {
    const double expected = std::pow(opt.dt[k], 1.5) * std::sqrt(2 / M_PI);
    EXPECT_LT(std::abs(r.strong_error[k] - expected), 4.5 * r.strong_error_se[k]);
    EXPECT_LT(std::abs(r.weak_signed[k] - opt.dt[k]), 4.5 * r.weak_error_se[k]);
  }
  EXPECT_TRUE(r.weak_fit_valid);
  EXPECT_GE(1.0, r.weak_fit.ci_low);
  EXPECT_LE(1.0, r.weak_fit.ci_high);
}

}  // namespace
}  // namespace ito::convergence
