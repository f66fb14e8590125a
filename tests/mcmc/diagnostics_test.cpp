// Diagnostics against Stan's own test fixture (stan-dev/stan src/test/unit/analyze/mcmc/test_csv_files,
// 4 chains × 1000 draws of the Bernoulli example) and against exact answers for simple sequences.
#include "ito/mcmc/diagnostics.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "ito/core/statistics.hpp"
#include "ito/random/normal.hpp"
#include "test_support.hpp"

namespace {

using ito::mcmc::ChainDraws;

// Reads column `name` of a Stan CSV file ('#' lines are comments, first other line is the header).
std::vector<double> read_stan_column(const std::filesystem::path& file, const std::string& name) {
  std::ifstream in(file);
  EXPECT_TRUE(in.good()) << file;
  std::string line;
  int column = -1;
  std::vector<double> values;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string cell;
    std::vector<std::string> cells;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (column < 0) {
      for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i] == name) column = static_cast<int>(i);
      EXPECT_GE(column, 0) << name << " not in " << file;
      if (column < 0) return values;
      continue;
    }
    values.push_back(std::stod(cells[static_cast<std::size_t>(column)]));
  }
  return values;
}

// m chains of a stationary AR(1) x_{i+1} = φ x_i + sqrt(1 − φ²) z_i (unit marginal variance) plus `shift` · c.
Eigen::MatrixXd ar1_chains(int m, int n, double phi, double shift, std::uint32_t seed) {
  const ito::random::NormalStream stream(seed, ito::random::Purpose::test);
  Eigen::MatrixXd x(m, n);
  std::vector<double> z(static_cast<std::size_t>(n));
  for (int c = 0; c < m; ++c) {
    stream.fill(static_cast<std::uint64_t>(c), 0, z.size(), z.data());
    x(c, 0) = z[0];
    for (int i = 1; i < n; ++i) x(c, i) = phi * x(c, i - 1) + std::sqrt(1.0 - phi * phi) * z[static_cast<std::size_t>(i)];
    x.row(c).array() += shift * c;
  }
  return x;
}

// Equal, or both NaN.
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

Eigen::MatrixXd bernoulli_fixture(const std::filesystem::path& data, const std::string& column) {
  Eigen::MatrixXd draws(4, 1000);
  for (int c = 0; c < 4; ++c) {
    const auto v = read_stan_column(data / "stan_diagnostics_fixture" / ("bern" + std::to_string(c + 1) + ".csv"), column);
    EXPECT_EQ(v.size(), 1000u);
    for (int i = 0; i < 1000 && i < static_cast<int>(v.size()); ++i) draws(c, i) = v[static_cast<std::size_t>(i)];
  }
  return draws;
}

// Stan's expected values (stan-dev/stan src/test/unit/analyze/mcmc/*_test.cpp; ../shared/data/README.md).
TEST(Diagnostics, ReproducesStanFixtureRhatAndEss) {
  ITO_REQUIRE_SHARED_DATA(data);
  struct Expected {
    const char* column;
    double rhat, ess_bulk, ess_tail;
  };
  for (const Expected& e : {Expected{"lp__", 1.00073, 1512.7684, 1591.9707}, Expected{"theta", 1.006789, 1407.5124, 1291.7131}}) {
    const Eigen::MatrixXd draws = bernoulli_fixture(data, e.column);
    const auto s = ito::mcmc::summarize(draws);
    // Stan's expected R-hat is max(bulk, tail): the tail R-hat for lp__ (1.00073 vs bulk 1.000446) and the
    // bulk R-hat for theta (1.006790 vs tail 1.000580). Neither variant alone, nor the classic split R-hat
    // on the raw draws (1.000355 / 1.007218), reproduces both numbers.
    EXPECT_NEAR(s.rhat, e.rhat, 1e-4) << e.column;
    EXPECT_NEAR(s.ess_bulk, e.ess_bulk, 1e-4) << e.column;
    EXPECT_NEAR(s.ess_tail, e.ess_tail, 1e-4) << e.column;
  }
}

TEST(Diagnostics, FixtureRhatVariantsDiffer) {
  ITO_REQUIRE_SHARED_DATA(data);
  const Eigen::MatrixXd lp = bernoulli_fixture(data, "lp__");
  const Eigen::MatrixXd theta = bernoulli_fixture(data, "theta");
  const auto rn_lp = ito::mcmc::rank_normalized_split_rhat(lp);
  const auto rn_theta = ito::mcmc::rank_normalized_split_rhat(theta);
  // The reported R-hat is the larger of the two, which is the tail one for lp__ and the bulk one for theta.
  EXPECT_GT(rn_lp.tail, rn_lp.bulk + 1e-4);
  EXPECT_GT(rn_theta.bulk, rn_theta.tail + 1e-4);
  EXPECT_EQ(ito::mcmc::summarize(lp).rhat, rn_lp.tail);
  EXPECT_EQ(ito::mcmc::summarize(theta).rhat, rn_theta.bulk);
  EXPECT_GT(std::abs(ito::mcmc::split_rhat(lp) - 1.00073), 1e-4);
}

TEST(Diagnostics, RankNormalizationUsesAverageRanksAndBlomOffset) {
  Eigen::MatrixXd x(2, 3);
  x << 5.0, 1.0, 3.0,  //
      3.0, 7.0, 2.0;
  // Pooled ranks: 1 → 1, 2 → 2, 3 and 3 → 3.5 each, 5 → 5, 7 → 6; S = 6.
  const Eigen::MatrixXd z = ito::mcmc::rank_normalize(x);
  auto score = [](double r) { return ito::core::normal_quantile((r - 0.375) / 6.25); };
  EXPECT_DOUBLE_EQ(z(0, 0), score(5.0));
  EXPECT_DOUBLE_EQ(z(0, 1), score(1.0));
  EXPECT_DOUBLE_EQ(z(0, 2), score(3.5));
  EXPECT_DOUBLE_EQ(z(1, 0), score(3.5));
  EXPECT_DOUBLE_EQ(z(1, 1), score(6.0));
  EXPECT_DOUBLE_EQ(z(1, 2), score(2.0));
}

TEST(Diagnostics, SplitChainsDropsTheMiddleDrawOfOddChains) {
  Eigen::MatrixXd x(1, 5);
  x << 1, 2, 3, 4, 5;
  const Eigen::MatrixXd s = ito::mcmc::split_chains(x);
  ASSERT_EQ(s.rows(), 2);
  ASSERT_EQ(s.cols(), 2);
  EXPECT_EQ(s(0, 0), 1);
  EXPECT_EQ(s(0, 1), 2);
  EXPECT_EQ(s(1, 0), 4);
  EXPECT_EQ(s(1, 1), 5);
}

TEST(Diagnostics, AutocovarianceByFftEqualsDirectSum) {
  const ito::random::NormalStream stream(7, ito::random::Purpose::test);
  for (int n : {1, 2, 5, 64, 100, 1000}) {
    Eigen::VectorXd x(n);
    stream.fill(0, 0, static_cast<std::size_t>(n), x.data());
    for (int i = 1; i < n; ++i) x(i) += 0.8 * x(i - 1);  // correlated
    const Eigen::VectorXd acov = ito::mcmc::autocovariance(x);
    const double mean = x.mean();
    for (int t = 0; t < n; ++t) {
      double direct = 0.0;
      for (int i = 0; i + t < n; ++i) direct += (x(i) - mean) * (x(i + t) - mean);
      direct /= n;
      EXPECT_NEAR(acov(t), direct, 1e-12 * (1.0 + std::abs(acov(0)))) << "n " << n << " lag " << t;
    }
  }
}

TEST(Diagnostics, PotentialScaleReductionMatchesHandComputation) {
  Eigen::MatrixXd x(2, 4);
  x << 1, 2, 3, 4,  //
      2, 3, 4, 5;
  // W = 5/3, B/n = variance of (2.5, 3.5) = 0.5, var+ = 3/4 W + B/n = 1.75.
  EXPECT_NEAR(ito::mcmc::potential_scale_reduction(x), std::sqrt(1.75 / (5.0 / 3.0)), 1e-15);
  // Identical chains: B = 0 so R-hat = sqrt((n − 1)/n).
  Eigen::MatrixXd same(3, 4);
  same << 1, 2, 3, 9, 1, 2, 3, 9, 1, 2, 3, 9;
  EXPECT_NEAR(ito::mcmc::potential_scale_reduction(same), std::sqrt(0.75), 1e-15);
}

TEST(Diagnostics, EssOfAntitheticChainIsCappedAtSLog10S) {
  // AR(1) with φ = −0.9: τ = (1 + φ)/(1 − φ) ≈ 0.053 < 1/log10(S), so ESS = S log10 S exactly.
  const Eigen::MatrixXd x = ar1_chains(4, 2000, -0.9, 0.0, 21);
  EXPECT_NEAR(ito::mcmc::effective_sample_size(x), 8000.0 * std::log10(8000.0), 1e-9);
}

TEST(Diagnostics, EssTruncatesAtTheFirstNegativePairLikeStan) {
  // Chains x_i = ±(−1)^i (opposite phases, both of mean 0, so B = 0 and var⁺ = γ̂_0): ρ̂_t = γ̂_t/γ̂_0 − 1/(n − 1)
  // with γ̂_t/γ̂_0 = (−1)^t (n − t)/n. Already ρ̂_0 + ρ̂_1 = 1/n − 1/(n − 1) < 0, so no pair is accepted (T = 1)
  // and the antithetic term is the last even-lag value, ρ̂_0 = 1: τ̂ = −1 + 2ρ̂_0 + 1 = 2, ESS = S/2 = n.
  const int n = 100;
  Eigen::MatrixXd x(2, n);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < n; ++i) x(c, i) = ((i + c) % 2 ? -1.0 : 1.0);
  EXPECT_NEAR(ito::mcmc::effective_sample_size(x), n, 1e-9);
}

TEST(Diagnostics, RankBasedDiagnosticsAreInvariantUnderMonotoneMaps) {
  const Eigen::MatrixXd x = ar1_chains(4, 1000, 0.9, 0.2, 3);
  const Eigen::MatrixXd y = x.array().exp().matrix();
  const auto a = ito::mcmc::summarize(x), b = ito::mcmc::summarize(y);
  EXPECT_EQ(a.rhat_bulk, b.rhat_bulk);
  EXPECT_EQ(a.ess_bulk, b.ess_bulk);
  EXPECT_EQ(a.ess_tail, b.ess_tail);
  EXPECT_TRUE(std::isfinite(a.ess_tail));
  EXPECT_GT(a.rhat, 1.01);  // the chains have different means: R-hat must notice
}

TEST(Diagnostics, QuantileIsHyndmanFanType7) {
  Eigen::MatrixXd x(1, 4);
  x << 4, 1, 3, 2;
  EXPECT_DOUBLE_EQ(ito::mcmc::quantile(x, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(ito::mcmc::quantile(x, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(ito::mcmc::quantile(x, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(ito::mcmc::quantile(x, 0.05), 1.15);  // h = 3·0.05 = 0.15
}

TEST(Diagnostics, NanForConstantNonFiniteOrTooShortChains) {
  Eigen::MatrixXd constant = Eigen::MatrixXd::Constant(4, 100, 2.0);
  auto s = ito::mcmc::summarize(constant);
  EXPECT_EQ(s.mean, 2.0);
  EXPECT_TRUE(std::isnan(s.rhat));
  EXPECT_TRUE(std::isnan(s.ess_bulk));
  EXPECT_TRUE(std::isnan(s.ess_tail));
  EXPECT_TRUE(std::isnan(s.mcse_mean));
  EXPECT_TRUE(std::isnan(s.mcse_sd));

  const Eigen::MatrixXd x = ar1_chains(2, 100, 0.0, 0.0, 5);
  EXPECT_TRUE(std::isfinite(ito::mcmc::summarize(x).rhat));
  Eigen::MatrixXd one_constant = x;
  one_constant.row(1).setConstant(0.5);
  EXPECT_TRUE(std::isnan(ito::mcmc::summarize(one_constant).rhat));
  Eigen::MatrixXd with_nan = x;
  with_nan(1, 17) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isnan(ito::mcmc::summarize(with_nan).ess_bulk));
  with_nan(1, 17) = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isnan(ito::mcmc::summarize(with_nan).rhat));
  // 7 draws per chain → split chains of 3 < 4 draws.
  EXPECT_TRUE(std::isnan(ito::mcmc::summarize(x.leftCols(7)).ess_bulk));
  EXPECT_TRUE(std::isfinite(ito::mcmc::summarize(x.leftCols(8)).ess_bulk));
}

TEST(Diagnostics, SummarizeQuantitiesMatchesSummarizeAndIgnoresLaterIterations) {
  const int chains = 3, stride = 250, quantities = 4, used = 200;
  std::vector<double> draws(static_cast<std::size_t>(chains * stride * quantities));
  const ito::random::NormalStream stream(9, ito::random::Purpose::test);
  stream.fill(0, 0, draws.size(), draws.data());
  for (std::size_t k = 0; k < draws.size(); k += 7) draws[k] *= 3.0;
  const auto all = ito::mcmc::summarize_quantities(draws.data(), chains, stride, used, quantities);
  ASSERT_EQ(all.size(), 4u);
  for (int q = 0; q < quantities; ++q) {
    Eigen::MatrixXd one(chains, used);
    for (int c = 0; c < chains; ++c)
      for (int i = 0; i < used; ++i) one(c, i) = draws[static_cast<std::size_t>((c * stride + i) * quantities + q)];
    const auto s = ito::mcmc::summarize(one);
    EXPECT_PRED2(same, all[q].mean, s.mean);
    EXPECT_PRED2(same, all[q].rhat, s.rhat);
    EXPECT_PRED2(same, all[q].ess_tail, s.ess_tail);
    EXPECT_PRED2(same, all[q].mcse_sd, s.mcse_sd);
    EXPECT_TRUE(std::isfinite(s.ess_tail));
  }
}

TEST(Diagnostics, SummarizeQuantitiesIsIndependentOfTheThreadCount) {
  const int chains = 4, iterations = 300, quantities = 7;
  std::vector<double> draws(static_cast<std::size_t>(chains * iterations * quantities));
  const ito::random::NormalStream stream(13, ito::random::Purpose::test);
  stream.fill(0, 0, draws.size(), draws.data());
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = ito::mcmc::summarize_quantities(draws.data(), chains, iterations, iterations, quantities);
  omp_set_num_threads(3);
  const auto three = ito::mcmc::summarize_quantities(draws.data(), chains, iterations, iterations, quantities);
  omp_set_num_threads(before);
  for (int q = 0; q < quantities; ++q) {
    EXPECT_EQ(one[q].rhat, three[q].rhat);
    EXPECT_EQ(one[q].ess_bulk, three[q].ess_bulk);
    EXPECT_EQ(one[q].ess_tail, three[q].ess_tail);
    EXPECT_EQ(one[q].mcse_sd, three[q].mcse_sd);
  }
}

}  // namespace
