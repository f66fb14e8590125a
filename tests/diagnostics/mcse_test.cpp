// Monte Carlo standard errors: the defining formulas on one set of chains, and NaN where they are not
// defined. Their calibration is mcse_stat_test.cpp.
#include "ito/diagnostics/mcse.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/diagnostics/ess.hpp"
#include "test_chains.hpp"

namespace ito::diagnostics {
namespace {

TEST(Mcse, AreTheDefiningFormulas) {
  const Eigen::MatrixXd x = test::ar1_chains(random::NormalStream(11, random::Purpose::test), 0, 4, 501, 0.6);
  const double n = static_cast<double>(x.size()), mean = x.mean();
  const double sd = std::sqrt((x.array() - mean).square().sum() / (n - 1.0));
  EXPECT_NEAR(mcse_mean(x), sd / std::sqrt(effective_sample_size(split_chains(x))), 1e-14);
  const Eigen::MatrixXd a = (x.array() - mean).abs().matrix();
  const double e2 = a.array().square().mean(), e4 = a.array().pow(4).mean();
  const double var_e2 = (e4 - e2 * e2) / effective_sample_size(split_chains(a));
  EXPECT_NEAR(mcse_sd(x), std::sqrt(var_e2 / e2 / 4.0), 1e-14);
}

TEST(Mcse, NanForConstantOrShortChains) {
  EXPECT_TRUE(std::isnan(mcse_mean(Eigen::MatrixXd::Constant(2, 50, 1.0))));
  EXPECT_TRUE(std::isnan(mcse_sd(Eigen::MatrixXd::Constant(2, 50, 1.0))));
  Eigen::MatrixXd short_chains(2, 3);
  short_chains << 1, 2, 3, 3, 2, 1;
  EXPECT_TRUE(std::isnan(mcse_mean(short_chains)));
}

}  // namespace
}  // namespace ito::diagnostics
