// Effective sample size: the FFT autocovariance against the direct sum, and the two ends of Geyer's
// truncation (antithetic chains capped at S·log10(S), alternating chains truncated at the first pair).
#include "ito/diagnostics/ess.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "test_chains.hpp"

namespace ito::diagnostics {
namespace {

TEST(Ess, AutocovarianceByFftEqualsDirectSum) {
  const random::NormalStream stream(7, random::Purpose::test);
  for (int n : {1, 2, 5, 64, 100, 1000}) {
    Eigen::VectorXd x(n);
    stream.fill(0, 0, static_cast<std::size_t>(n), x.data());
    for (int i = 1; i < n; ++i) x(i) += 0.8 * x(i - 1);  // correlated
    const Eigen::VectorXd acov = autocovariance(x);
    const double mean = x.mean();
    for (int t = 0; t < n; ++t) {
      double direct = 0.0;
      for (int i = 0; i + t < n; ++i) direct += (x(i) - mean) * (x(i + t) - mean);
      direct /= n;
      EXPECT_NEAR(acov(t), direct, 1e-12 * (1.0 + std::abs(acov(0)))) << "n " << n << " lag " << t;
    }
  }
}

TEST(Ess, AntitheticChainIsCappedAtSLog10S) {
  // AR(1) with φ = −0.9: τ = (1 + φ)/(1 − φ) ≈ 0.053 < 1/log10(S), so ESS = S log10 S exactly.
  const Eigen::MatrixXd x = test::ar1_chains(random::NormalStream(21, random::Purpose::test), 0, 4, 2000, -0.9);
  EXPECT_NEAR(effective_sample_size(x), 8000.0 * std::log10(8000.0), 1e-9);
}

TEST(Ess, TruncatesAtTheFirstNegativePairLikeStan) {
  // Chains x_i = ±(−1)^i (opposite phases, both of mean 0, so B = 0 and var⁺ = γ̂_0): ρ̂_t = γ̂_t/γ̂_0 − 1/(n − 1)
  // with γ̂_t/γ̂_0 = (−1)^t (n − t)/n. Already ρ̂_0 + ρ̂_1 = 1/n − 1/(n − 1) < 0, so no pair is accepted (T = 1)
  // and the antithetic term is the last even-lag value, ρ̂_0 = 1: τ̂ = −1 + 2ρ̂_0 + 1 = 2, ESS = S/2 = n.
  const int n = 100;
  Eigen::MatrixXd x(2, n);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < n; ++i) x(c, i) = ((i + c) % 2 ? -1.0 : 1.0);
  EXPECT_NEAR(effective_sample_size(x), n, 1e-9);
}

TEST(Ess, TailEssIsTheSmallerOfTheTwoQuantileIndicators) {
  const Eigen::MatrixXd x = test::ar1_chains(random::NormalStream(3, random::Purpose::test), 0, 4, 1000, 0.5);
  const SplitEss ess = rank_normalized_split_ess(x);
  const Eigen::MatrixXd split = split_chains(x);
  const double q05 = quantile(x, 0.05), q95 = quantile(x, 0.95);
  const double low = effective_sample_size((split.array() <= q05).cast<double>().matrix());
  const double high = effective_sample_size((split.array() >= q95).cast<double>().matrix());
  EXPECT_EQ(ess.tail, std::min(low, high));
  EXPECT_EQ(ess.bulk, effective_sample_size(rank_normalize(split)));
}

}  // namespace
}  // namespace ito::diagnostics
