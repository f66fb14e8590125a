// The Giles MLMC driver on a synthetic hierarchy with known rates (α = 1, β = 2, γ = 1): it meets its target
// error, fits the rates, allocates samples as √(V_l/C_l), is bitwise independent of the thread count, refuses
// bad options and warns when the level cap stops it.
#include "ito/monte_carlo/mlmc.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstring>
#include <vector>

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

// The blocks of a round's levels: each level's blocks in their own order, every block once, and every prefix of
// the order holding each level's blocks in proportion (within one block per level), so that a thread's run of
// consecutive blocks or a rank's range gets the same share of every level.
TEST(Mlmc, RoundBlocksInterleaveInProportionAndKeepEachLevelsOrder) {
  const std::vector<std::size_t> nb = {16589, 239, 63, 1, 4};
  const auto order = detail::interleave_blocks(nb);
  std::size_t total = 0;
  for (const auto n : nb) total += n;
  ASSERT_EQ(order.size(), total);
  std::vector<std::size_t> seen(nb.size(), 0);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto [r, j] = order[k];
    ASSERT_LT(r, nb.size());
    ASSERT_EQ(j, seen[r]) << "request " << r << " out of order at position " << k;
    ++seen[r];
    for (std::size_t q = 0; q < nb.size(); ++q) {
      const double share = static_cast<double>(k + 1) * static_cast<double>(nb[q]) / static_cast<double>(total);
      ASSERT_LE(std::abs(static_cast<double>(seen[q]) - share), static_cast<double>(nb.size()))
          << "request " << q << " after " << k + 1 << " blocks";
    }
  }
  for (std::size_t r = 0; r < nb.size(); ++r) EXPECT_EQ(seen[r], nb[r]);
}

// A level's new sums do not depend on the other levels sampled in the same round, nor on the thread count.
TEST(Mlmc, ARoundsSumsAreThoseOfEachLevelAloneForAnyThreadCount) {
  const SyntheticLevels s;
  const std::vector<detail::LevelRequest> round = {{0, 1000, 70000}, {1, 0, 3001}, {3, 250, 17}, {5, 0, 600}};
  const int before = omp_get_max_threads();
  auto same = [](const LevelSums& a, const LevelSums& b) {
    return a.samples == b.samples && std::memcmp(a.difference, b.difference, sizeof a.difference) == 0 &&
           std::memcmp(a.fine, b.fine, sizeof a.fine) == 0 && std::memcmp(a.coarse, b.coarse, sizeof a.coarse) == 0;
  };
  omp_set_num_threads(1);
  std::vector<LevelSums> alone;
  for (const auto& r : round) alone.push_back(detail::sample_round(s, {r}).front());
  for (int threads : {1, 2, 3}) {
    omp_set_num_threads(threads);
    const auto together = detail::sample_round(s, round);
    ASSERT_EQ(together.size(), round.size());
    for (std::size_t r = 0; r < round.size(); ++r) {
      EXPECT_EQ(together[r].samples, round[r].count);
      EXPECT_TRUE(same(together[r], alone[r])) << "level " << round[r].level << ", " << threads << " threads";
    }
  }
  // A round of more than kMlmcOneLoopBlocks blocks runs level by level: the small level's sums are still
  // those it has alone (where it runs in one loop with the round's other blocks).
  struct Cheap {
    double cost(int level) const { return std::ldexp(1.0, level); }
    void sample_block(int level, std::int64_t first, std::size_t count, double* fine, double* coarse) const {
      for (std::size_t i = 0; i < count; ++i) {
        const auto k = static_cast<double>((first + static_cast<std::int64_t>(i)) % 1009);
        fine[i] = 1e-3 * k + level;
        coarse[i] = level == 0 ? 0.0 : 1e-3 * k;
      }
    }
  };
  const auto big = static_cast<std::int64_t>(detail::kMlmcOneLoopBlocks * detail::kMlmcBlock + 1000);
  const std::vector<detail::LevelRequest> large = {{0, 0, big}, {2, 77, 5000}};
  omp_set_num_threads(2);
  const auto level_by_level = detail::sample_round(Cheap{}, large);
  const auto small_alone = detail::sample_round(Cheap{}, {large[1]});
  omp_set_num_threads(before);
  EXPECT_EQ(level_by_level[0].samples, big);
  EXPECT_TRUE(same(level_by_level[1], small_alone.front()));
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
