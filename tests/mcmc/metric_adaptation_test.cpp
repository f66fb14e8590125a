// The end of a metric window: pooling the half-windows in chain order gives the one-pass estimate of all
// chains' draws; the metric solves A C_g A = C_x (exact for a Gaussian target from any draws), with Stan's
// regularisation; Ledoit–Wolf shrinkage keeps it positive definite for d > N; the change, the settling rule
// and the error for a metric that is not positive definite.
#include "ito/mcmc/metric_adaptation.hpp"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <cmath>

#include "ito/core/error.hpp"
#include "ito/random/normal.hpp"

namespace ito::mcmc {
namespace {

// A correlated 4-d Gaussian N(μ, Σ) and its gradient −Σ⁻¹(x − μ).
struct Gaussian4 {
  Eigen::Vector4d mu{1.0, -2.0, 0.5, 3.0};
  Eigen::Matrix4d sigma;
  Gaussian4() {
    Eigen::Matrix4d b;
    b << 1.0, 0.0, 0.0, 0.0,  //
        0.9, 0.5, 0.0, 0.0,   //
        -0.3, 0.2, 0.1, 0.0,  //
        2.0, -1.0, 0.4, 3.0;
    sigma = b * b.transpose();
  }
  Eigen::VectorXd gradient(const Eigen::VectorXd& x) const { return -sigma.ldlt().solve(x - mu); }
};

// `chains` chains whose two half-windows hold n draws each of x = centre + spread ξ (ξ standard normal), with
// the gradients of `g`; and one accumulator of all draws.
std::vector<ChainState> windows_of(const Gaussian4& g, int chains, int n, double spread, bool dense,
                                   WindowAccumulator& all) {
  std::vector<ChainState> states(static_cast<std::size_t>(chains));
  all.reset(4, dense);
  const random::NormalStream stream(11, random::Purpose::test);
  std::vector<double> xi(4);
  std::uint64_t k = 0;
  for (auto& cs : states)
    for (auto& half : cs.metric_window) {
      half.reset(4, dense);
      for (int i = 0; i < n; ++i, ++k) {
        stream.fill(0, 4 * k, 4, xi.data());
        const Eigen::VectorXd x =
            Eigen::Vector4d(0.3, 0.1, -0.2, 0.0) + spread * Eigen::Map<Eigen::Vector4d>(xi.data());
        half.add(x, g.gradient(x));
        all.add(x, g.gradient(x));
      }
    }
  return states;
}

TEST(MetricAdaptation, PoolingTheHalfWindowsInChainOrderIsTheOnePassEstimate) {
  const Gaussian4 g;
  WindowAccumulator all;
  const auto chains = windows_of(g, 3, 40, 1.0, true, all);
  const PooledWindow w = pool_metric_windows(chains, 4, true);
  EXPECT_EQ(w.pooled.count(), 240.0);
  EXPECT_EQ(w.half_windows, 6.0);
  EXPECT_LT((w.pooled.position.covariance() - all.position.covariance()).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((w.pooled.gradient.covariance() - all.gradient.covariance()).cwiseAbs().maxCoeff(),
            1e-12 * all.gradient.covariance().cwiseAbs().maxCoeff());
  // independent draws: the half-windows agree, τ̂ is about 1 (mean of 4 ratios with 5 degrees of freedom each)
  EXPECT_GT(w.autocorrelation_time, 1.0 - 1e-12);
  EXPECT_LT(w.autocorrelation_time, 3.0);
}

// Whatever the draws (here too narrow and off-centre), for a Gaussian target C_g = Σ⁻¹ C_x Σ⁻¹, so the dense
// metric is Σ up to Stan's regularisation and a shrinkage of order 1/N; the draws alone would give 0.01 I.
TEST(MetricAdaptation, GaussianTargetGivesItsCovarianceFromDrawsThatHaveNotExploredIt) {
  const Gaussian4 g;
  WindowAccumulator all;
  const auto chains = windows_of(g, 4, 2000, 0.1, true, all);
  const PooledWindow w = pool_metric_windows(chains, 4, true);
  const MetricEstimate e = estimate_metric(w, true);
  const double n = 16000.0;
  EXPECT_LT(e.shrinkage, 1e-3);
  const Eigen::Matrix4d a = (e.dense - Eigen::Matrix4d::Identity() * 1e-3 * 5.0 / (n + 5.0)) * ((n + 5.0) / n);
  EXPECT_LT(((a - g.sigma).array() / g.sigma.diagonal().maxCoeff()).abs().maxCoeff(), 2e-3) << a;
  // diagonal: a_i = sqrt(Var x_i / Var g_i), Stan-regularised
  const MetricEstimate d =
      estimate_metric(pool_metric_windows(windows_of(g, 4, 2000, 0.1, false, all), 4, false), false);
  const Eigen::Vector4d expected =
      (n / (n + 5.0)) * (all.position.variance().array() / all.gradient.variance().array()).sqrt() +
      1e-3 * 5.0 / (n + 5.0);
  EXPECT_LT((d.diagonal - expected).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_EQ(d.dense.size(), 0);
}

TEST(MetricAdaptation, CorrelationShrinkageIsLedoitWolfForCorrelations) {
  Eigen::Matrix3d c;
  c << 4.0, 1.2, 0.0,  //
      1.2, 1.0, -0.3,  //
      0.0, -0.3, 9.0;
  const double r01 = 1.2 / 2.0, r12 = -0.3 / 3.0;  // r02 = 0
  const double n = 50.0;
  const double noise = (std::pow(1 - r01 * r01, 2) + std::pow(1 - r12 * r12, 2) + 1.0) / n;
  EXPECT_NEAR(correlation_shrinkage(c, n), noise / (r01 * r01 + r12 * r12), 1e-15);
  EXPECT_EQ(correlation_shrinkage(c, 1.0), 1.0);                          // too few draws: clamped to 1
  EXPECT_EQ(correlation_shrinkage(Eigen::Matrix3d::Identity(), n), 1.0);  // nothing to shrink
}

// d = 60 from N = 24 draws: both sample covariances are singular, the shrunk estimate is positive definite
// and no worse conditioned than its diagonal allows.
TEST(MetricAdaptation, ShrinkageKeepsTheDenseMetricPositiveDefiniteForMoreDimensionsThanDraws) {
  const int d = 60;
  std::vector<ChainState> chains(2);
  const random::NormalStream stream(5, random::Purpose::test);
  std::vector<double> xi(static_cast<std::size_t>(d));
  Eigen::VectorXd variance(d);  // a diagonal Gaussian target, variances 1 .. 1e-6
  for (int j = 0; j < d; ++j) variance(j) = std::pow(10.0, -j / 10.0);
  std::uint64_t k = 0;
  for (auto& cs : chains)
    for (auto& half : cs.metric_window) {
      half.reset(d, true);
      for (int i = 0; i < 6; ++i, ++k) {
        stream.fill(0, static_cast<std::uint64_t>(d) * k, xi.size(), xi.data());
        const Eigen::VectorXd x = Eigen::Map<Eigen::VectorXd>(xi.data(), d).cwiseProduct(variance.cwiseSqrt());
        half.add(x, -x.cwiseQuotient(variance));
      }
    }
  const PooledWindow w = pool_metric_windows(chains, d, true);
  ASSERT_EQ(w.pooled.count(), 24.0);
  const MetricEstimate e = estimate_metric(w, true);
  EXPECT_GT(e.shrinkage, 0.5);
  ASSERT_TRUE(e.dense.allFinite());
  const Eigen::VectorXd ev = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(e.dense).eigenvalues();
  EXPECT_GT(ev.minCoeff(), 0.0);
  // relative to its diagonal, the metric's condition number stays moderate (≤ (2 − λ)/λ for both factors)
  const Eigen::VectorXd s = e.dense.diagonal().cwiseSqrt().cwiseInverse();
  const Eigen::VectorXd rev =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(s.asDiagonal() * e.dense * s.asDiagonal()).eigenvalues();
  EXPECT_LT(rev.maxCoeff() / rev.minCoeff(), 100.0);
  RunState state;
  EXPECT_NO_THROW(set_metric(state, e, 54));
  EXPECT_EQ(state.inverse_metric_factor.rows(), d);
}

TEST(MetricAdaptation, ChangeIsTheSpreadOfTheGeneralisedEigenvalues) {
  RunState state;
  state.inverse_metric = Eigen::Vector3d(1.0, 2.0, 4.0);
  MetricEstimate diag;
  diag.diagonal = Eigen::Vector3d(3.0, 2.0, 2.0);  // ratios 3, 1, 0.5
  EXPECT_DOUBLE_EQ(metric_change(state, diag), 6.0);
  // dense, against A₀ = L₀ L₀ᵀ: A = L₀ diag(5, 1, 2) L₀ᵀ has generalised eigenvalues 5, 1, 2
  Eigen::Matrix3d l0;
  l0 << 2.0, 0.0, 0.0, 0.5, 1.0, 0.0, -1.0, 0.3, 0.7;
  state.inverse_metric_factor = l0;
  MetricEstimate dense;
  dense.dense = l0 * Eigen::Vector3d(5.0, 1.0, 2.0).asDiagonal() * l0.transpose();
  EXPECT_NEAR(metric_change(state, dense), 5.0, 1e-12);
  dense.dense = 3.0 * l0 * l0.transpose();  // a common factor is no change
  EXPECT_NEAR(metric_change(state, dense), 1.0, 1e-12);
}

TEST(MetricAdaptation, SettledNeedsASmallChangeAndHalfWindowsThatAgree) {
  PooledWindow w;
  w.pooled.reset(2);
  w.pooled.position.count = 800.0;  // 8 half-windows of 100 draws
  w.half_windows = 8.0;
  w.autocorrelation_time = 9.0;  // 100 ≥ 10 · 9
  EXPECT_TRUE(metric_settled(w, 1.9, 2.0));
  EXPECT_FALSE(metric_settled(w, 2.1, 2.0));
  w.autocorrelation_time = 11.0;  // 100 < 10 · 11: the halves disagree (drift or slow mixing)
  EXPECT_FALSE(metric_settled(w, 1.1, 2.0));
}

TEST(MetricAdaptation, DenseMetricThatIsNotPositiveDefiniteNamesTheIteration) {
  MetricEstimate e;
  e.dense.resize(2, 2);
  e.dense << 1.0, 2.0, 2.0, 1.0;  // eigenvalues 3 and −1
  e.diagonal = e.dense.diagonal();
  RunState state;
  try {
    set_metric(state, e, 450);
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& err) {
    EXPECT_NE(std::string(err.what()).find("window ending at iteration 450"), std::string::npos) << err.what();
  }
}

}  // namespace
}  // namespace ito::mcmc
