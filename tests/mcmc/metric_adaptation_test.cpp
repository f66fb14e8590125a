// The end of a metric window: pooling in chain order gives the one-pass estimate of all chains' draws, and
// the inverse metric is Stan's regularised variance (diagonal) or the Cholesky factor of the regularised
// covariance (dense); a covariance that is not positive definite names the iteration.
#include "ito/mcmc/metric_adaptation.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"

namespace ito::mcmc {
namespace {

// Three chains whose windows hold 5, 9 and 14 draws of a correlated 3-vector; and the one accumulator of
// all 28 draws.
std::vector<ChainState> three_chains(bool dense, VarianceAccumulator& all) {
  std::vector<ChainState> chains(3);
  all.reset(3, dense);
  int i = 0;
  for (int c = 0; c < 3; ++c) {
    chains[static_cast<std::size_t>(c)].metric_window.reset(3, dense);
    for (int k = 0; k < 5 + 4 * c + (c == 2); ++k, ++i) {
      const Eigen::Vector3d x(std::sin(i), std::cos(2.0 * i) + 0.7 * std::sin(i), 0.1 * i);
      chains[static_cast<std::size_t>(c)].metric_window.add(x);
      all.add(x);
    }
  }
  return chains;
}

TEST(MetricAdaptation, DiagonalMetricIsTheRegularisedPooledVariance) {
  VarianceAccumulator all;
  const auto chains = three_chains(false, all);
  const VarianceAccumulator pooled = pool_metric_windows(chains, 3, false);
  EXPECT_EQ(pooled.count, 28.0);
  EXPECT_LT((pooled.variance() - all.variance()).cwiseAbs().maxCoeff(), 1e-13);
  RunState state;
  set_metric_from_window(state, pooled, false, 100);
  const Eigen::VectorXd expected = (28.0 / 33.0) * all.variance().array() + 1e-3 * 5.0 / 33.0;
  EXPECT_LT((state.inverse_metric - expected).cwiseAbs().maxCoeff(), 1e-13);
  EXPECT_EQ(state.inverse_metric_factor.size(), 0);
}

TEST(MetricAdaptation, DenseMetricIsTheCholeskyFactorOfTheRegularisedCovariance) {
  VarianceAccumulator all;
  const auto chains = three_chains(true, all);
  const VarianceAccumulator pooled = pool_metric_windows(chains, 3, true);
  RunState state;
  set_metric_from_window(state, pooled, true, 100);
  const Eigen::MatrixXd& l = state.inverse_metric_factor;
  ASSERT_EQ(l.rows(), 3);
  EXPECT_EQ(l(0, 1), 0.0);  // lower triangular
  Eigen::MatrixXd expected = (28.0 / 33.0) * all.covariance();
  expected.diagonal().array() += 1e-3 * 5.0 / 33.0;
  EXPECT_LT((l * l.transpose() - expected).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((state.inverse_metric - expected.diagonal()).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(MetricAdaptation, IndefiniteDenseCovarianceNamesTheIteration) {
  VarianceAccumulator pooled;
  pooled.reset(2, true);
  pooled.count = 10.0;
  pooled.cross << 9.0, 18.0, 18.0, 9.0;  // covariance [[1, 2], [2, 1]]: eigenvalues 3 and −1
  RunState state;
  try {
    set_metric_from_window(state, pooled, true, 450);
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("window ending at iteration 450"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ito::mcmc
