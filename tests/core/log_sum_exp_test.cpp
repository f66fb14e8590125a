// log_sum_exp / softmax: the max-shift keeps huge and tiny arguments finite; edge cases (empty, all −∞, +∞,
// NaN) as documented; the column versions agree with the scalar ones.
#include "ito/core/log_sum_exp.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace ito::core {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

TEST(LogSumExp, ExactOnSmallArgumentsAndStableOnHugeOnes) {
  const double v[] = {std::log(1.0), std::log(2.0), std::log(3.0)};
  EXPECT_NEAR(log_sum_exp(v, 3), std::log(6.0), 1e-15);
  const double big[] = {1000.0, 1000.0};  // exp overflows; the shifted sum does not
  EXPECT_DOUBLE_EQ(log_sum_exp(big, 2), 1000.0 + std::log(2.0));
  const double tiny[] = {-1000.0, -1000.0 + std::log(3.0)};
  EXPECT_NEAR(log_sum_exp(tiny, 2), -1000.0 + std::log(4.0), 1e-12);
  const double one[] = {-7.25};
  EXPECT_EQ(log_sum_exp(one, 1), -7.25);
}

TEST(LogSumExp, EdgeCases) {
  EXPECT_EQ(log_sum_exp(nullptr, 0), -inf);
  const double all_minus_inf[] = {-inf, -inf};
  EXPECT_EQ(log_sum_exp(all_minus_inf, 2), -inf);
  const double some_minus_inf[] = {-inf, 2.0};
  EXPECT_EQ(log_sum_exp(some_minus_inf, 2), 2.0);
  const double plus_inf[] = {1.0, inf};
  EXPECT_EQ(log_sum_exp(plus_inf, 2), inf);
  const double with_nan[] = {1.0, std::nan(""), 3.0};
  EXPECT_TRUE(std::isnan(log_sum_exp(with_nan, 3)));
  const double nan_last[] = {1.0, 3.0, std::nan("")};
  EXPECT_TRUE(std::isnan(log_sum_exp(nan_last, 3)));
}

TEST(Softmax, SumsToOneAndHandlesExtremes) {
  const double v[] = {-800.0, -801.0, -1e6};
  double p[3];
  softmax(v, 3, p);
  EXPECT_NEAR(p[0], 1.0 / (1.0 + std::exp(-1.0)), 1e-15);
  EXPECT_NEAR(p[1], std::exp(-1.0) / (1.0 + std::exp(-1.0)), 1e-15);
  EXPECT_EQ(p[2], 0.0);
  const double bad[] = {-inf, -inf};
  double q[2];
  softmax(bad, 2, q);
  EXPECT_TRUE(std::isnan(q[0]) && std::isnan(q[1]));
}

TEST(LogSumExp, ColumnVersionsMatchScalarOnes) {
  Eigen::MatrixXd l(3, 4);
  l << 0.1, -5.0, 700.0, -inf, 2.0, -5.0, 710.0, -inf, -3.0, 1.0, 705.0, -inf;
  const Eigen::RowVectorXd lse = log_sum_exp_columns(l);
  Eigen::MatrixXd p = l;
  Eigen::RowVectorXd norm(4);
  softmax_columns(p, norm);
  for (int j = 0; j < 4; ++j) {
    const double ref = log_sum_exp(l.col(j).data(), 3);
    EXPECT_EQ(lse(j), ref);
    EXPECT_EQ(norm(j), ref);
    double q[3];
    softmax(l.col(j).data(), 3, q);
    for (int i = 0; i < 3; ++i) {
      if (std::isnan(q[i]))
        EXPECT_TRUE(std::isnan(p(i, j)));
      else
        EXPECT_EQ(p(i, j), q[i]);
    }
  }
  Eigen::MatrixXd p2 = l;
  softmax_columns(p2);
  EXPECT_TRUE(p2.leftCols(3).isApprox(p.leftCols(3)));
}

}  // namespace
}  // namespace ito::core
