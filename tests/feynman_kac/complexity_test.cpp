// The Feynman–Kac MLMC complexity study (ito/feynman_kac/complexity.hpp): row i is the MLMC run of the
// problem's own scheme at target ε_i with seed + 2i beside an MLMC run of Euler–Maruyama (the scheme that
// fixes the standard Monte Carlo step count) with seed + 2i + 1 — each row is rebuilt here from those two
// solve() calls and must agree bitwise (a swapped seed, a shared seed or the scheme under study in place of
// Euler–Maruyama changes the numbers); fewer than two target errors are refused (no exponent can be fitted).
// The cost model and the fitted exponents themselves are tests/monte_carlo/complexity_test.cpp.
#include "ito/feynman_kac/complexity.hpp"

#include <gtest/gtest.h>

#include "ito/core/error.hpp"

namespace ito::feynman_kac {
namespace {

TEST(FeynmanKacComplexity, RowsAreTheSchemeAndEulerRunsAtTheirSeeds) {
  ProblemSpec call;  // European call on GBM, Black–Scholes defaults
  call.scheme = "milstein";
  monte_carlo::MlmcOptions base;
  base.initial_samples = 200;
  const std::vector<double> epsilons{0.4, 0.25};
  const std::uint32_t seed = 31;
  const auto study = mlmc_complexity(call, epsilons, base, seed);
  ASSERT_EQ(study.rows.size(), 2u);
  for (std::size_t i = 0; i < epsilons.size(); ++i) {
    RunSpec run;
    run.method = Method::multilevel;
    run.mlmc = base;
    run.mlmc.target_rms_error = epsilons[i];
    run.seed = seed + static_cast<std::uint32_t>(2 * i);
    const auto scheme_run = solve(call, run);
    ProblemSpec euler = call;
    euler.scheme = "euler_maruyama";
    run.seed = seed + static_cast<std::uint32_t>(2 * i + 1);
    const auto euler_run = solve(euler, run);
    const auto row = monte_carlo::complexity_row(epsilons[i], *scheme_run.mlmc, *euler_run.mlmc, call.steps);
    const auto& got = study.rows[i];
    EXPECT_EQ(got.epsilon, epsilons[i]);
    EXPECT_EQ(got.mlmc_estimate, row.mlmc_estimate) << "row " << i;
    EXPECT_EQ(got.mlmc_cost, row.mlmc_cost) << "row " << i;
    EXPECT_EQ(got.mlmc_levels, row.mlmc_levels) << "row " << i;
    EXPECT_EQ(got.euler_mlmc_cost, row.euler_mlmc_cost) << "row " << i;
    EXPECT_EQ(got.mc_cost, row.mc_cost) << "row " << i;
  }
}

TEST(FeynmanKacComplexity, FewerThanTwoTargetErrorsAreRefused) {
  EXPECT_THROW(mlmc_complexity(ProblemSpec{}, {0.1}, monte_carlo::MlmcOptions{}, 1), ParameterError);
}

}  // namespace
}  // namespace ito::feynman_kac
