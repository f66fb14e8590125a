// R-hat: the classic formula by hand, and which of the rank-normalised variants Stan's fixture reports.
#include "ito/diagnostics/rhat.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "ito/diagnostics/summary.hpp"
#include "test_chains.hpp"
#include "test_support.hpp"

namespace ito::diagnostics {
namespace {

TEST(Rhat, PotentialScaleReductionMatchesHandComputation) {
  Eigen::MatrixXd x(2, 4);
  x << 1, 2, 3, 4,  //
      2, 3, 4, 5;
  // W = 5/3, B/n = variance of (2.5, 3.5) = 0.5, var+ = 3/4 W + B/n = 1.75.
  EXPECT_NEAR(potential_scale_reduction(x), std::sqrt(1.75 / (5.0 / 3.0)), 1e-15);
  // Identical chains: B = 0 so R-hat = sqrt((n − 1)/n).
  Eigen::MatrixXd same(3, 4);
  same << 1, 2, 3, 9, 1, 2, 3, 9, 1, 2, 3, 9;
  EXPECT_NEAR(potential_scale_reduction(same), std::sqrt(0.75), 1e-15);
  // One chain has no between-chain variance to compare with.
  EXPECT_TRUE(std::isnan(potential_scale_reduction(x.topRows(1))));
}

TEST(Rhat, SplitRhatSeesATrendWithinOneChain) {
  // One chain drifting from 0 to 1: its halves have different means, which only the split version sees.
  Eigen::MatrixXd trend(1, 200);
  for (int i = 0; i < 200; ++i) trend(0, i) = i / 199.0 + 0.01 * std::sin(3.0 * i);
  EXPECT_GT(split_rhat(trend), 1.5);
  EXPECT_GT(rank_normalized_split_rhat(trend).bulk, 1.5);
}

TEST(Rhat, FixtureReportsTheLargerOfBulkAndTail) {
  ITO_REQUIRE_SHARED_DATA(data);
  const Eigen::MatrixXd lp = test::stan_fixture(data, "lp__");
  const Eigen::MatrixXd theta = test::stan_fixture(data, "theta");
  const auto rn_lp = rank_normalized_split_rhat(lp);
  const auto rn_theta = rank_normalized_split_rhat(theta);
  std::printf(
      "Stan fixture: lp__ bulk %.6f tail %.6f classic split %.6f; theta bulk %.6f tail %.6f classic split %.6f\n",
      rn_lp.bulk, rn_lp.tail, split_rhat(lp), rn_theta.bulk, rn_theta.tail, split_rhat(theta));
  // The reported R-hat is the larger of the two, which is the tail one for lp__ and the bulk one for theta;
  // Stan's expected values (1.00073, 1.006789) are those, and the classic split R-hat is neither.
  EXPECT_GT(rn_lp.tail, rn_lp.bulk + 1e-4);
  EXPECT_GT(rn_theta.bulk, rn_theta.tail + 1e-4);
  EXPECT_EQ(summarize(lp).rhat, rn_lp.tail);
  EXPECT_EQ(summarize(theta).rhat, rn_theta.bulk);
  EXPECT_NEAR(rn_lp.tail, 1.00073, 1e-4);
  EXPECT_NEAR(rn_theta.bulk, 1.006789, 1e-4);
  EXPECT_GT(std::abs(split_rhat(lp) - 1.00073), 1e-4);
  EXPECT_GT(std::abs(split_rhat(theta) - 1.006789), 1e-4);
}

}  // namespace
}  // namespace ito::diagnostics
