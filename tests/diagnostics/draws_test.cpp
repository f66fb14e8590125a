// Split chains, rank normalisation, quantiles and the validity check shared by every diagnostic.
#include "ito/diagnostics/draws.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ito/core/statistics.hpp"

namespace ito::diagnostics {
namespace {

TEST(Draws, RankNormalizationUsesAverageRanksAndBlomOffset) {
  Eigen::MatrixXd x(2, 3);
  x << 5.0, 1.0, 3.0,  //
      3.0, 7.0, 2.0;
  // Pooled ranks: 1 → 1, 2 → 2, 3 and 3 → 3.5 each, 5 → 5, 7 → 6; S = 6.
  const Eigen::MatrixXd z = rank_normalize(x);
  auto score = [](double r) { return core::normal_quantile((r - 0.375) / 6.25); };
  EXPECT_DOUBLE_EQ(z(0, 0), score(5.0));
  EXPECT_DOUBLE_EQ(z(0, 1), score(1.0));
  EXPECT_DOUBLE_EQ(z(0, 2), score(3.5));
  EXPECT_DOUBLE_EQ(z(1, 0), score(3.5));
  EXPECT_DOUBLE_EQ(z(1, 1), score(6.0));
  EXPECT_DOUBLE_EQ(z(1, 2), score(2.0));
}

TEST(Draws, SplitChainsDropsTheMiddleDrawOfOddChains) {
  Eigen::MatrixXd x(1, 5);
  x << 1, 2, 3, 4, 5;
  const Eigen::MatrixXd s = split_chains(x);
  ASSERT_EQ(s.rows(), 2);
  ASSERT_EQ(s.cols(), 2);
  EXPECT_EQ(s(0, 0), 1);
  EXPECT_EQ(s(0, 1), 2);
  EXPECT_EQ(s(1, 0), 4);
  EXPECT_EQ(s(1, 1), 5);
}

TEST(Draws, QuantileIsHyndmanFanType7) {
  Eigen::MatrixXd x(1, 4);
  x << 4, 1, 3, 2;
  EXPECT_DOUBLE_EQ(quantile(x, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile(x, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(quantile(x, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile(x, 0.05), 1.15);  // h = 3·0.05 = 0.15
  EXPECT_TRUE(std::isnan(quantile(Eigen::MatrixXd(0, 0), 0.5)));
}

TEST(Draws, UsableDrawsAreFiniteLongEnoughAndNotAllEqual) {
  Eigen::MatrixXd x(2, 4);
  x << 1, 2, 3, 4,  //
      4, 3, 2, 1;
  EXPECT_TRUE(draws_usable(x));
  EXPECT_FALSE(draws_usable(x, 5));  // too short
  Eigen::MatrixXd one_constant = x;
  one_constant.row(1).setConstant(2.0);
  EXPECT_TRUE(draws_usable(one_constant));  // a stuck chain is what the diagnostics must show, not hide
  Eigen::MatrixXd constant_chains(2, 4);
  constant_chains << 1, 1, 1, 1,  //
      2, 2, 2, 2;
  EXPECT_TRUE(draws_usable(constant_chains));
  EXPECT_FALSE(draws_usable(Eigen::MatrixXd::Constant(2, 4, 3.0)));
  Eigen::MatrixXd inf = x;
  inf(0, 2) = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(draws_usable(inf));
  EXPECT_FALSE(draws_usable(Eigen::MatrixXd(0, 4)));
}

TEST(Draws, FoldedOrderIsTheSortedDistanceFromTheCentre) {
  Eigen::MatrixXd x(3, 5);
  x << 0.3, -1.2, 2.5, 0.7, 0.7,  //
      -0.4, 1.9, 0.0, -2.2, 1.1,  //
      0.7, -0.3, 1.3, 0.2, -0.9;
  for (double centre : {0.7, 0.25, -5.0, 5.0}) {
    const detail::Order folded = detail::folded_order(detail::sorted_order(x), centre);
    ASSERT_EQ(folded.size(), 15u);
    for (std::size_t k = 0; k < folded.size(); ++k) {
      EXPECT_EQ(folded[k].first, std::abs(x(folded[k].second) - centre)) << "centre " << centre << " k " << k;
      if (k > 0) {
        EXPECT_LE(folded[k - 1].first, folded[k].first);
      }
    }
    // the same ranks as sorting |x − centre| directly
    const Eigen::MatrixXd direct = rank_normalize((x.array() - centre).abs().matrix());
    EXPECT_EQ(detail::rank_normalize(folded, 3, 5), direct) << "centre " << centre;
  }
}

TEST(Draws, SingleChainIsOneRowOverTheSameMemory) {
  const Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(7, -1.0, 2.0);
  const auto chain = single_chain(v);
  ASSERT_EQ(chain.rows(), 1);
  ASSERT_EQ(chain.cols(), 7);
  EXPECT_EQ(chain.data(), v.data());
  EXPECT_EQ(quantile(chain, 1.0), 2.0);
  EXPECT_EQ(split_chains(chain).rows(), 2);
}

}  // namespace
}  // namespace ito::diagnostics
