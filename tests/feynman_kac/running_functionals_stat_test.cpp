// Path functionals by expression (running_functionals.hpp) against closed forms, on GBM written as expressions
// with its pathwise exact solution (dS = rS dt + σS dW, S0 = K = 100, r = 0.05, σ = 0.2, T = 1), so that
// the only biases are those of the monitoring: |estimate − exact| < 4.5 SE.
//  - Geometric-average Asian call, discrete monitoring on N = 12 dates: the discrete Kemna–Vorst form is exact
//    for the estimator (no bias).
//  - The same, continuous monitoring by the trapezoidal rule on 64 steps, against Kemna & Vorst (1990): the
//    trapezoid integral of log S has the right mean and a variance smaller by σ²T h²/12 = 8.1e-7, which moves
//    the price by about 1.3e-4 (∂C/∂v ≈ 165), 1% of the standard error.
//  - Floating lookback call S_T − min S with minimum(x) in log-bridge coordinates: exact in law
//    (Goldman–Sosin–Gatto), by MC and by MLMC (Milstein levels, bridge-midpoint coupling).
//  - The arithmetic-average Asian call with the geometric one as control variate (β̂ from the samples): the
//    controlled and plain estimates agree, the control's sample mean agrees with Kemna–Vorst, and the variance
//    falls by a large factor.
#include <gtest/gtest.h>

#include <cmath>

#include "ito/feynman_kac/black_scholes.hpp"
#include "ito/feynman_kac/problem.hpp"

namespace ito::feynman_kac {
namespace {

ProblemSpec gbm_problem(std::map<std::string, std::string> functionals, std::string payoff, std::int64_t steps) {
  ProblemSpec p;
  p.kind = ProblemKind::expression;
  p.model_expressions = {"r*x", "sigma*x", "sigma", "x0*exp((r - sigma^2/2)*t + sigma*W)",
                         {{"r", 0.05}, {"sigma", 0.2}, {"K", 100.0}}};
  p.x0 = 100.0;
  p.horizon = 1.0;
  p.steps = steps;
  p.scheme = "exact";
  p.rate = "r";
  p.functionals = std::move(functionals);
  p.payoff = std::move(payoff);
  return p;
}

RunSpec mc(std::int64_t paths, std::uint32_t seed, bool antithetic = false) {
  RunSpec run;
  run.paths = paths;
  run.seed = seed;
  run.antithetic = antithetic;
  return run;
}

void expect_within(const SolveResult& r, double exact, const char* what) {
  ASSERT_GT(r.std_error, 0.0) << what;
  const double z = (r.estimate - exact) / r.std_error;
  EXPECT_LT(std::abs(z), 4.5) << what << ": " << r.estimate << " +- " << r.std_error << ", exact " << exact;
}

TEST(GeometricAsian, DiscreteMonitoringAgreesWithTheDiscreteClosedForm) {
  auto p = gbm_problem({{"G", "geometric_average(x)"}}, "max(G - K, 0)", 12);
  p.monitoring = Monitoring::discrete;
  const auto r = solve(p, mc(400000, 301));
  expect_within(r, black_scholes_geometric_asian_call_discrete(BlackScholesMarket{}, 12), "discrete, 12 dates");
  // Far from the continuous value at this N (0.39, about 40 SE): the monitoring is really discrete.
  EXPECT_GT(r.estimate - black_scholes_geometric_asian_call(BlackScholesMarket{}), 10 * r.std_error);
}

TEST(GeometricAsian, ContinuousMonitoringAgreesWithKemnaVorst) {
  const auto p = gbm_problem({{"G", "geometric_average(x)"}}, "max(G - K, 0)", 64);
  expect_within(solve(p, mc(200000, 302)), black_scholes_geometric_asian_call(BlackScholesMarket{}), "continuous");
  expect_within(solve(p, mc(100000, 303, true)), black_scholes_geometric_asian_call(BlackScholesMarket{}),
                "continuous, antithetic");
}

TEST(GeometricAsian, MlmcOnMilsteinLevelsMeetsItsTarget) {
  auto p = gbm_problem({{"G", "geometric_average(x)"}}, "max(G - K, 0)", 2);
  p.scheme = "milstein";
  RunSpec run;
  run.method = Method::multilevel;
  run.mlmc.target_rms_error = 0.02;
  run.mlmc.initial_samples = 10000;
  run.seed = 304;
  const auto r = solve(p, run);
  ASSERT_TRUE(r.mlmc && r.mlmc->converged);
  const double exact = black_scholes_geometric_asian_call(BlackScholesMarket{}), eps = 0.02;
  EXPECT_LE(r.std_error, 1.01 * eps / std::sqrt(2.0));
  EXPECT_LT(std::abs(r.estimate - exact), eps / std::sqrt(2.0) + 4.5 * r.std_error) << r.estimate << " +- " << r.std_error;
  for (std::size_t l = 1; l < r.mlmc->levels.size(); ++l) EXPECT_LT(r.mlmc->levels[l].consistency, 1.0) << "level " << l;
}

TEST(RunningExtrema, BridgeMinimumGivesTheFloatingLookbackByMcAndMlmc) {
  auto p = gbm_problem({{"m", "minimum(x)"}}, "x - m", 16);
  p.bridge = BridgeCoordinates::logarithmic;
  const double exact = black_scholes_lookback_floating_call(BlackScholesMarket{});
  expect_within(solve(p, mc(100000, 305)), exact, "lookback by mc");
  p.scheme = "milstein";
  p.steps = 1;
  RunSpec run;
  run.method = Method::multilevel;
  run.mlmc.target_rms_error = 0.05;
  run.mlmc.initial_samples = 10000;
  run.seed = 306;
  const auto r = solve(p, run);
  ASSERT_TRUE(r.mlmc && r.mlmc->converged);
  EXPECT_LT(std::abs(r.estimate - exact), 0.05 / std::sqrt(2.0) + 4.5 * r.std_error) << r.estimate << " +- " << r.std_error;
  // The bridge-midpoint coupling keeps the level variances falling fast (β > 1.5, as for the built-in lookback).
  EXPECT_GT(r.mlmc->beta.slope, 1.5);
}

TEST(ArithmeticAsian, GeometricControlVariateReducesTheVarianceManyTimes) {
  auto p = gbm_problem({{"A", "average(x)"}, {"G", "geometric_average(x)"}}, "max(A - K, 0)", 64);
  p.control_variate = "max(G - K, 0)";
  p.control_mean = black_scholes_geometric_asian_call(BlackScholesMarket{});
  const auto r = solve(p, mc(100000, 307));
  ASSERT_TRUE(r.control_variate.has_value());
  const auto& cv = *r.control_variate;
  EXPECT_EQ(r.estimate, cv.mean);
  EXPECT_EQ(r.std_error, cv.std_error);
  // The arithmetic average dominates the geometric one: the price is higher than the control's.
  EXPECT_GT(r.estimate, p.control_mean);
  // The control's own sample mean is the geometric-Asian estimate: it agrees with Kemna–Vorst.
  EXPECT_LT(std::abs(cv.control_sample_mean - cv.control_mean),
            4.5 * std::sqrt(cv.control_variance / static_cast<double>(cv.plain.samples)))
      << cv.control_sample_mean << " vs " << cv.control_mean;
  // Controlled and plain estimates of the same price agree: their difference β̂(C̄ − μ_C) has a standard error
  // below the plain one (|ρ| ≤ 1).
  EXPECT_LT(std::abs(cv.mean - cv.plain.mean), 4.5 * cv.plain.std_error)
      << cv.mean << " vs " << cv.plain.mean << " +- " << cv.plain.std_error;
  // Var(Y)/Var(Y − β̂C) = 1/(1 − ρ²): the two averages are almost perfectly correlated (ρ > 0.99).
  EXPECT_GT(cv.variance_reduction, 50.0);
  EXPECT_NEAR(cv.std_error, cv.plain.std_error / std::sqrt(cv.variance_reduction), 1e-3 * cv.std_error);
  EXPECT_GT(cv.coefficient, 0.5);
  EXPECT_LT(cv.coefficient, 1.5);
}

}  // namespace
}  // namespace ito::feynman_kac
