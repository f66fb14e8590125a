// The Giles MLMC driver on a synthetic hierarchy with known rates (α = 1, β = 2, γ = 1): it meets its target
// error, fits the rates, allocates samples as √(V_l/C_l), is bitwise independent of the thread count, refuses
// bad options and warns when the level cap stops it.
#include "ito/monte_carlo/mlmc.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/random/normal.hpp"

namespace ito::monte_carlo {
namespace {

// Synthetic hierarchy with known rates: P_l = 1 + 2^{-l} + 2^{-l} Z1 and Y_l = P_l − P_{l−1}^c with
// E Y_l = −2^{-l} (α = 1), Var Y_l = 4^{-l} (β = 2), cost 2^l (γ = 1); the coarse value P_l − Y_l has the
// mean of level l − 1, and E P_∞ = 1.
struct SyntheticLevels {
  random::NormalStream stream{7, random::Purpose::test};
  double cost(int level) const { return std::ldexp(1.0, level); }
  std::pair<double, double> sample(int level, std::int64_t index) const {
    double z[2];
    stream.fill((static_cast<std::uint64_t>(level) << 48) + static_cast<std::uint64_t>(index), 0, 2, z);
    const double scale = std::ldexp(1.0, -level);
    const double fine = 1.0 + scale + scale * z[0];
    if (level == 0) return {fine, 0.0};
    return {fine, fine - (-scale + scale * z[1])};
  }
};

TEST(Mlmc, SyntheticHierarchyMeetsItsTargetAndRates) {
  MlmcOptions o;
  o.target_rms_error = 5e-3;
  o.initial_samples = 2000;
  const auto r = mlmc(SyntheticLevels{}, o);
  ASSERT_TRUE(r.converged);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
  // The bias of the truncation at L is 2^{-L}; the sampling error is at most ε/√2 (up to the 1% top-up rule).
  const double bias = std::ldexp(1.0, -(static_cast<int>(r.levels.size()) - 1));
  EXPECT_LE(bias, o.target_rms_error / std::sqrt(2.0) * 2.0);  // the estimator's bias bound is within 2x
  EXPECT_LE(r.std_error, 1.01 * o.target_rms_error / std::sqrt(2.0));
  EXPECT_LT(std::abs(r.estimate - (1.0 + bias)), 4.5 * r.std_error);
  EXPECT_LT(r.alpha.ci_low, 1.0 + 0.2);
  EXPECT_GT(r.alpha.ci_high, 1.0 - 0.2);
  EXPECT_NEAR(r.beta.slope, 2.0, 0.25);
  EXPECT_NEAR(r.gamma.slope, 1.0, 1e-12);
  // Allocation: N_l ∝ √(V_l/C_l) = 2^{-1.5 l}.
  for (std::size_t l = 1; l + 1 < r.levels.size(); ++l)
    EXPECT_NEAR(static_cast<double>(r.levels[l].samples) / static_cast<double>(r.levels[l + 1].samples),
                std::pow(2.0, 1.5), 0.5);
}

// A target whose cost exceeds max_cost stops before sampling it, with the estimate (ε = 1e-9 would need
// about 2/ε² · (Σ √(V_l C_l))² ≈ 1e18 samples here; it used to allocate per-block partials for all of them).
TEST(Mlmc, WorkBeyondTheLimitStopsWithTheEstimate) {
  MlmcOptions o;
  o.target_rms_error = 1e-9;
  o.initial_samples = 200;
  o.max_cost = 1e9;
  try {
    mlmc(SyntheticLevels{}, o);
    FAIL() << "no WorkLimitError";
  } catch (const WorkLimitError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("would need about"), std::string::npos) << m;
    EXPECT_NE(m.find("more than the limit of 1e+09"), std::string::npos) << m;
  }
  o.target_rms_error = 5e-3;  // the same limit lets a reachable target run
  o.initial_samples = 2000;
  EXPECT_TRUE(mlmc(SyntheticLevels{}, o).converged);
}

TEST(Mlmc, IsBitwiseIndependentOfTheThreadCount) {
  MlmcOptions o;
  o.target_rms_error = 2e-2;
  const int before = omp_get_max_threads();
  std::vector<double> estimates;
  for (int threads : {1, 2, 4}) {
    omp_set_num_threads(threads);
    estimates.push_back(mlmc(SyntheticLevels{}, o).estimate);
  }
  omp_set_num_threads(before);
  EXPECT_EQ(estimates[0], estimates[1]);
  EXPECT_EQ(estimates[0], estimates[2]);
}

// Finite samples whose power sums overflow: an error naming the level, never an infinite estimate.
TEST(Mlmc, OverflowingSumsAreAnErrorNamingTheLevel) {
  struct Huge : SyntheticLevels {
    std::pair<double, double> sample(int level, std::int64_t index) const {
      const auto [f, c] = SyntheticLevels::sample(level, index);
      return {1e160 * f, 1e160 * c};
    }
  };
  MlmcOptions o;
  o.target_rms_error = 0.1;
  try {
    mlmc(Huge{}, o);
    FAIL() << "no NumericalError";
  } catch (const NumericalError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("level 0: the sums of its 1000 finite samples overflow"), std::string::npos) << m;
  }
}

TEST(Mlmc, RejectsBadOptions) {
  MlmcOptions o;
  o.target_rms_error = 0.0;
  EXPECT_THROW(mlmc(SyntheticLevels{}, o), Error);
  o.target_rms_error = 0.1;
  o.initial_levels = 1;
  EXPECT_THROW(mlmc(SyntheticLevels{}, o), Error);
}

TEST(Mlmc, WarnsWhenTheLevelCapStopsIt) {
  MlmcOptions o;
  // Three levels leave a bias of about 2^{-2} > ε/√2.
  o.target_rms_error = 0.05;
  o.initial_samples = 100;
  o.max_levels = 3;
  const auto r = mlmc(SyntheticLevels{}, o);
  EXPECT_FALSE(r.converged);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings.front().find("bias"), std::string::npos);
}

}  // namespace
}  // namespace ito::monte_carlo
