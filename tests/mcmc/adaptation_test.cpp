#include "ito/mcmc/adaptation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace ito::mcmc {
namespace {

TEST(Adaptation, MetricWindowsAreStansSchedule) {
  // Stan, 1000 warmup iterations: buffer 75, windows 25, 50, 100, 200, 500 (stretched), terminal buffer 50
  const auto w = metric_windows(1000);
  ASSERT_EQ(w.size(), 5u);
  const std::int64_t ends[] = {100, 150, 250, 450, 950};
  std::int64_t begin = 75;
  for (std::size_t i = 0; i < w.size(); ++i) {
    EXPECT_EQ(w[i].begin, begin);
    EXPECT_EQ(w[i].end, ends[i]);
    begin = ends[i];
  }
  // short warmup: 15% / 10% buffers and one window
  const auto s = metric_windows(100);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].begin, 15);
  EXPECT_EQ(s[0].end, 90);
  EXPECT_TRUE(metric_windows(19).empty());
}

// Dense accumulators merged in a fixed order give the two-pass sample covariance of all draws, and the
// regularised dense metric is n/(n + 5) C + 10⁻³ 5/(n + 5) I.
TEST(Adaptation, PooledDenseCovarianceIsTheTwoPassCovariance) {
  const int d = 3;
  std::vector<Eigen::VectorXd> x;
  for (int i = 0; i < 40; ++i)
    x.push_back(Eigen::Vector3d(std::sin(i), std::cos(3.0 * i) + 0.5 * std::sin(i), 0.01 * i * i));
  VarianceAccumulator parts[3], pooled;
  for (auto& p : parts) p.reset(d, /*dense=*/true);
  for (int i = 0; i < 40; ++i) parts[i < 7 ? 0 : (i < 30 ? 1 : 2)].add(x[static_cast<std::size_t>(i)]);
  pooled.reset(d, true);
  for (const auto& p : parts) pooled.merge(p);
  Eigen::Vector3d mean = Eigen::Vector3d::Zero();
  for (const auto& v : x) mean += v / 40.0;
  Eigen::Matrix3d cov = Eigen::Matrix3d::Zero();
  for (const auto& v : x) cov += (v - mean) * (v - mean).transpose() / 39.0;
  EXPECT_EQ(pooled.count, 40.0);
  EXPECT_LT((pooled.covariance() - cov).cwiseAbs().maxCoeff(), 1e-13 * cov.cwiseAbs().maxCoeff());
  EXPECT_LT((pooled.variance() - cov.diagonal()).cwiseAbs().maxCoeff(), 1e-13 * cov.cwiseAbs().maxCoeff());
  const Eigen::MatrixXd a = regularized_dense_inverse_metric(pooled);
  Eigen::Matrix3d expected = (40.0 / 45.0) * cov;
  expected.diagonal().array() += 1e-3 * 5.0 / 45.0;
  EXPECT_LT((a - expected).cwiseAbs().maxCoeff(), 1e-13 * cov.cwiseAbs().maxCoeff());
  EXPECT_EQ(a, a.transpose());
}

// For an acceptance statistic a(h) = exp(−c h), the fixed point of dual averaging is h* = −log δ / c.
TEST(Adaptation, DualAveragingConvergesToTheTargetAcceptance) {
  const double c = 3.0, delta = 0.574;
  DualAveraging da;
  da.target_accept = delta;
  double h = 5.0;
  da.restart(h);
  for (int t = 0; t < 5000; ++t) h = da.learn(std::exp(-c * h));
  const double exact = -std::log(delta) / c;
  EXPECT_NEAR(da.final_step_size(), exact, 0.01 * exact);
  EXPECT_NEAR(h, exact, 0.05 * exact);
}

TEST(Adaptation, DualAveragingUpdateMatchesHoffmanGelmanAlgorithm5) {
  DualAveraging da;
  da.restart(0.5);
  const double h1 = da.learn(0.9);
  const double mu = std::log(5.0), s_bar = (0.574 - 0.9) / 11.0, x = mu - s_bar / 0.05;
  EXPECT_DOUBLE_EQ(h1, std::exp(x));
  EXPECT_DOUBLE_EQ(da.x_bar, x);  // 1^{−κ} = 1: the first average is the iterate
  // a NaN acceptance statistic counts as 0
  const double expected = std::exp(mu - ((1.0 - 1.0 / 12.0) * s_bar + 0.574 / 12.0) * std::sqrt(2.0) / 0.05);
  EXPECT_NEAR(da.learn(NAN), expected, 1e-13 * expected);
}

TEST(Adaptation, MergedAccumulatorsEqualOnePass) {
  VarianceAccumulator all, a, b;
  all.reset(2);
  a.reset(2);
  b.reset(2);
  for (int i = 0; i < 50; ++i) {
    const Eigen::Vector2d x(std::sin(i * 1.3) * 3 + 1, std::cos(i * 0.7) - 2);
    all.add(x);
    (i < 17 ? a : b).add(x);
  }
  a.merge(b);
  EXPECT_EQ(a.count, 50.0);
  EXPECT_TRUE(a.mean.isApprox(all.mean, 1e-13));
  EXPECT_TRUE(a.variance().isApprox(all.variance(), 1e-13));
  const Eigen::VectorXd m = regularized_inverse_metric(a);
  for (int i = 0; i < 2; ++i) EXPECT_DOUBLE_EQ(m[i], 50.0 / 55.0 * a.variance()[i] + 1e-3 * 5.0 / 55.0);
}

TEST(Adaptation, StepSizeSearchStopsAtTheFirstCrossingOf08) {
  auto probe = [](double h) { return std::exp(-h * h); };
  EXPECT_DOUBLE_EQ(search_initial_step_size(1.0, probe), 0.25);   // 0.37, 0.78, 0.94: halve twice
  EXPECT_DOUBLE_EQ(search_initial_step_size(0.01, probe), 0.64);  // double until exp(−h²) < 0.8
}

}  // namespace
}  // namespace ito::mcmc
