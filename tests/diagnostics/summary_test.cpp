// Summaries against Stan's own test fixture (stan-dev/stan src/test/unit/analyze/mcmc/test_csv_files,
// 4 chains × 1000 draws of the Bernoulli example) and against exact answers for simple sequences; the
// chain-major layout of summarize_quantities and its independence of the thread count.
#include "ito/diagnostics/summary.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <limits>

#include "test_chains.hpp"
#include "test_support.hpp"

namespace ito::diagnostics {
namespace {

// Equal, or both NaN.
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Stan's expected values (stan-dev/stan src/test/unit/analyze/mcmc/*_test.cpp; ../shared/data/README.md).
TEST(Summary, ReproducesStanFixtureRhatAndEss) {
  ITO_REQUIRE_SHARED_DATA(data);
  struct Expected {
    const char* column;
    double rhat, ess_bulk, ess_tail;
  };
  for (const Expected& e :
       {Expected{"lp__", 1.00073, 1512.7684, 1591.9707}, Expected{"theta", 1.006789, 1407.5124, 1291.7131}}) {
    const auto s = summarize(test::stan_fixture(data, e.column));
    EXPECT_NEAR(s.rhat, e.rhat, 1e-4) << e.column;
    EXPECT_NEAR(s.ess_bulk, e.ess_bulk, 1e-4) << e.column;
    EXPECT_NEAR(s.ess_tail, e.ess_tail, 1e-4) << e.column;
  }
}

TEST(Summary, RankBasedDiagnosticsAreInvariantUnderMonotoneMaps) {
  Eigen::MatrixXd x = test::ar1_chains(random::NormalStream(3, random::Purpose::test), 0, 4, 1000, 0.9);
  for (int c = 0; c < 4; ++c) x.row(c).array() += 0.2 * c;
  const Eigen::MatrixXd y = x.array().exp().matrix();
  const auto a = summarize(x), b = summarize(y);
  EXPECT_EQ(a.rhat_bulk, b.rhat_bulk);
  EXPECT_EQ(a.ess_bulk, b.ess_bulk);
  EXPECT_EQ(a.ess_tail, b.ess_tail);
  EXPECT_TRUE(std::isfinite(a.ess_tail));
  EXPECT_GT(a.rhat, 1.01);  // the chains have different means: R-hat must notice
}

TEST(Summary, NanForConstantNonFiniteOrTooShortChains) {
  Eigen::MatrixXd constant = Eigen::MatrixXd::Constant(4, 100, 2.0);
  auto s = summarize(constant);
  EXPECT_EQ(s.mean, 2.0);
  EXPECT_TRUE(std::isnan(s.rhat));
  EXPECT_TRUE(std::isnan(s.ess_bulk));
  EXPECT_TRUE(std::isnan(s.ess_tail));
  EXPECT_TRUE(std::isnan(s.mcse_mean));
  EXPECT_TRUE(std::isnan(s.mcse_sd));

  const Eigen::MatrixXd x = test::ar1_chains(random::NormalStream(5, random::Purpose::test), 0, 2, 100, 0.0);
  EXPECT_TRUE(std::isfinite(summarize(x).rhat));
  // A constant chain beside a moving one is a finite, large R-hat (not NaN: that chain did not move).
  Eigen::MatrixXd one_constant = x;
  one_constant.row(1).setConstant(0.5);
  EXPECT_GT(summarize(one_constant).rhat, 1.1);
  EXPECT_TRUE(std::isfinite(summarize(one_constant).rhat));
  // Every chain stuck at its own value: R-hat is +∞.
  Eigen::MatrixXd stuck(2, 100);
  stuck.row(0).setConstant(0.5);
  stuck.row(1).setConstant(1.5);
  EXPECT_EQ(summarize(stuck).rhat, std::numeric_limits<double>::infinity());
  Eigen::MatrixXd with_nan = x;
  with_nan(1, 17) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isnan(summarize(with_nan).ess_bulk));
  with_nan(1, 17) = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isnan(summarize(with_nan).rhat));
  // 7 draws per chain → split chains of 3 < 4 draws.
  EXPECT_TRUE(std::isnan(summarize(x.leftCols(7)).ess_bulk));
  EXPECT_TRUE(std::isfinite(summarize(x.leftCols(8)).ess_bulk));
}

TEST(Summary, TailEssIsFiniteWhenOneSplitChainMissesATail) {
  // Four AR(1) chains; the second half of chain 2 is shifted up, so it never reaches the lower 5% tail and
  // its indicator I(x <= q05) is constant. The tail-ESS is still defined (it used to be NaN).
  Eigen::MatrixXd x = test::ar1_chains(random::NormalStream(17, random::Purpose::test), 0, 4, 400, 0.5);
  x.row(2).tail(200).array() += 10.0;
  const Eigen::MatrixXd split = split_chains(x);
  const double q05 = quantile(split, 0.05);
  ASSERT_EQ(((split.row(5).array() <= q05).cast<double>()).sum(), 0.0);  // that split chain misses the tail
  const Summary s = summarize(x);
  EXPECT_TRUE(std::isfinite(s.ess_tail));
  EXPECT_GT(s.ess_tail, 0.0);
  EXPECT_GT(s.rhat, 1.1);  // and R-hat sees the shift
}

TEST(Summary, ConvergenceIsSummarizesRhatAndBulkEssAndQuantilesAreOfAllDraws) {
  for (int n : {400, 401, 9}) {
    Eigen::MatrixXd x = test::ar1_chains(random::NormalStream(19, random::Purpose::test), 0, 4, n, 0.8);
    x.row(1).array() += 0.3;
    const Summary s = summarize(x);
    const Convergence c = convergence(x);
    EXPECT_EQ(c.rhat, s.rhat) << n;
    EXPECT_EQ(c.ess_bulk, s.ess_bulk) << n;
    EXPECT_EQ(c.rhat_bulk, s.rhat_bulk) << n;
    EXPECT_EQ(c.rhat_tail, s.rhat_tail) << n;
    // a summary that takes the check over is the summary
    const Summary t = summarize(x, &c);
    for (auto field : {&Summary::mean, &Summary::sd, &Summary::mcse_mean, &Summary::mcse_sd, &Summary::rhat,
                       &Summary::rhat_bulk, &Summary::rhat_tail, &Summary::ess_bulk, &Summary::ess_tail,
                       &Summary::ess_mean, &Summary::q5, &Summary::q50, &Summary::q95})
      EXPECT_PRED2(same, t.*field, s.*field) << n;
    // quantiles of all draws, also when the split chains drop the middle draws (odd n)
    EXPECT_EQ(s.q5, quantile(x, 0.05)) << n;
    EXPECT_EQ(s.q50, quantile(x, 0.5)) << n;
    EXPECT_EQ(s.q95, quantile(x, 0.95)) << n;
  }
  const Convergence nan_case = convergence(Eigen::MatrixXd::Constant(4, 100, 2.0));
  EXPECT_TRUE(std::isnan(nan_case.rhat) && std::isnan(nan_case.ess_bulk));
}

TEST(Summary, OneSequenceIsOneChain) {
  // A single sequence (e.g. a particle population) through single_chain(): the same as a 1 × n matrix.
  const Eigen::MatrixXd x = test::ar1_chains(random::NormalStream(8, random::Purpose::test), 0, 1, 400, 0.3);
  const Eigen::VectorXd v = x.row(0).transpose();
  const Summary a = summarize(single_chain(v)), b = summarize(x);
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.ess_bulk, b.ess_bulk);
  EXPECT_EQ(a.rhat, b.rhat);
  EXPECT_EQ(a.q95, b.q95);
  EXPECT_TRUE(std::isfinite(a.rhat));  // two split halves
}

TEST(Summary, SummarizeQuantitiesMatchesSummarizeAndIgnoresLaterIterations) {
  const int chains = 3, stride = 250, quantities = 4, used = 200;
  std::vector<double> draws(static_cast<std::size_t>(chains * stride * quantities));
  const random::NormalStream stream(9, random::Purpose::test);
  stream.fill(0, 0, draws.size(), draws.data());
  for (std::size_t k = 0; k < draws.size(); k += 7) draws[k] *= 3.0;
  const auto all = summarize_quantities(draws.data(), chains, stride, used, quantities);
  ASSERT_EQ(all.size(), 4u);
  for (int q = 0; q < quantities; ++q) {
    Eigen::MatrixXd one(chains, used);
    for (int c = 0; c < chains; ++c)
      for (int i = 0; i < used; ++i) one(c, i) = draws[static_cast<std::size_t>((c * stride + i) * quantities + q)];
    const auto s = summarize(one);
    EXPECT_PRED2(same, all[q].mean, s.mean);
    EXPECT_PRED2(same, all[q].rhat, s.rhat);
    EXPECT_PRED2(same, all[q].ess_tail, s.ess_tail);
    EXPECT_PRED2(same, all[q].mcse_sd, s.mcse_sd);
    EXPECT_TRUE(std::isfinite(s.ess_tail));
  }
  const auto checks = convergence_of_quantities(draws.data(), chains, stride, used, quantities);
  ASSERT_EQ(checks.size(), 4u);
  const auto taken_over = summarize_quantities(draws.data(), chains, stride, used, quantities, &checks);
  for (int q = 0; q < quantities; ++q) {
    EXPECT_EQ(checks[q].rhat, all[q].rhat);
    EXPECT_EQ(checks[q].ess_bulk, all[q].ess_bulk);
    EXPECT_PRED2(same, taken_over[q].rhat_tail, all[q].rhat_tail);
    EXPECT_PRED2(same, taken_over[q].ess_tail, all[q].ess_tail);
  }
}

TEST(Summary, SummarizeQuantitiesIsIndependentOfTheThreadCount) {
  const int chains = 4, iterations = 300, quantities = 7;
  std::vector<double> draws(static_cast<std::size_t>(chains * iterations * quantities));
  const random::NormalStream stream(13, random::Purpose::test);
  stream.fill(0, 0, draws.size(), draws.data());
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = summarize_quantities(draws.data(), chains, iterations, iterations, quantities);
  omp_set_num_threads(3);
  const auto three = summarize_quantities(draws.data(), chains, iterations, iterations, quantities);
  omp_set_num_threads(before);
  for (int q = 0; q < quantities; ++q) {
    EXPECT_EQ(one[q].rhat, three[q].rhat);
    EXPECT_EQ(one[q].ess_bulk, three[q].ess_bulk);
    EXPECT_EQ(one[q].ess_tail, three[q].ess_tail);
    EXPECT_EQ(one[q].mcse_sd, three[q].mcse_sd);
  }
}

}  // namespace
}  // namespace ito::diagnostics
