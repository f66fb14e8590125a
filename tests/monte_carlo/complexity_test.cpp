// The MLMC complexity pieces: a row's standard Monte Carlo cost N·M from the MLMC-Euler run's finest level
// (M = M0·2^L, N = ⌈2V/ε²⌉), and the cost exponents fitted on log ε.
#include "ito/monte_carlo/complexity.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"

namespace ito::monte_carlo {
namespace {

MlmcResult run_with(double cost, int levels, double fine_variance) {
  MlmcResult r;
  r.total_cost = cost;
  r.estimate = 1.5;
  r.std_error = 0.01;
  for (int l = 0; l < levels; ++l) {
    MlmcLevel level;
    level.level = l;
    level.fine_variance = fine_variance;
    r.levels.push_back(level);
  }
  return r;
}

TEST(Complexity, RowCostsTheStandardMonteCarloThatMatchesTheEulerBias) {
  const auto row = complexity_row(0.1, run_with(1e4, 3, 0.0), run_with(2e4, 5, 2.3), 4);
  EXPECT_EQ(row.mlmc_cost, 1e4);
  EXPECT_EQ(row.mlmc_levels, 3);
  EXPECT_EQ(row.euler_mlmc_cost, 2e4);
  EXPECT_EQ(row.mc_steps, 4 << 4);
  EXPECT_EQ(row.mc_variance, 2.3);
  EXPECT_EQ(row.mc_cost, std::ceil(2.0 * 2.3 / 0.01) * 64);
}

TEST(Complexity, ExponentsAreTheSlopesOfLogCostOnLogEpsilon) {
  std::vector<ComplexityRow> rows;
  for (double eps : {0.1, 0.05, 0.02, 0.01}) {
    ComplexityRow row;
    row.epsilon = eps;
    row.mlmc_cost = 7.0 * std::pow(eps, -2.0);
    row.mc_cost = 3.0 * std::pow(eps, -3.0);
    rows.push_back(row);
  }
  const auto study = complexity_study(rows);
  EXPECT_NEAR(study.mlmc_exponent.slope, -2.0, 1e-12);
  EXPECT_NEAR(study.mc_exponent.slope, -3.0, 1e-12);
  EXPECT_EQ(study.rows.size(), 4u);
  EXPECT_THROW(complexity_study({rows[0]}), ParameterError);
}

}  // namespace
}  // namespace ito::monte_carlo
