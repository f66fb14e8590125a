// kind = expression_system (problem.hpp, lib/src/feynman_kac/expression_system_problem.cpp) against closed
// forms, |estimate − exact| < 4.5 SE:
//  - Margrabe's exchange option e^{−rT}(S1_T − S2_T)⁺ under two correlated geometric Brownian motions with two
//    noises (the diffusion columns commute): the pathwise exact solution (no bias), Euler–Maruyama on 64 steps
//    (bias far below the standard error, measured in the README), and MLMC on Milstein levels.
//  - A 2-D Ornstein–Uhlenbeck system with two correlated additive noises, a running cost f = x and a constant
//    discount δ, payoff x·y: E[e^{−δT} x_T y_T − ∫ e^{−δs} x_s ds] in closed form (mean and covariance of a
//    linear SDE). Euler–Maruyama's own expectation is known exactly too (the mean and covariance recursions of
//    a linear scheme), so coarse steps are checked without any bias allowance, and the closed form is checked
//    as the limit of that recursion.
//  - Running functionals and control variates (running_functionals.hpp, lib/src/feynman_kac/path_functionals.hpp)
//    on the Margrabe model (S1 = 100, S2 = 95, σ1 = 0.2, σ2 = 0.3, ρ = 0.5, r = 0.05, T = 1, exact solution):
//    - The geometric basket B = √(S1 S2) is itself a GBM: ln B has drift μ = r − (σ1² + σ2²)/4 and variance rate
//      s² = (σ1² + σ2² + 2ρσ1σ2)/4, i.e. B is a GBM with rate q = μ + s²/2 and volatility s. So the Asian call on
//      the geometric average of the basket, e^{−rT}(G − K)⁺ with G = exp((1/T)∫ ln B dt), is Kemna & Vorst's
//      (1990) price at rate q times e^{(q−r)T}: discrete monitoring on N = 12 dates (the discrete form, exact for
//      the estimator) and continuous monitoring by the trapezoidal rule on 64 steps (the trapezoid integral of
//      ln B has the right mean and a variance smaller by s²T h²/12 = 1e-6, which moves the price by about 1e-4,
//      1% of the standard error).
//    - The floating lookback put e^{−rT}(max S2 − S2_T), maximum(S2) continuously monitored in log-bridge
//      coordinates: S2 is driven by both noises, its bridge coefficient is (ρ²σ2² + (1−ρ²)σ2²)^{1/2} = σ2, and
//      the bridge law is exact for it, so Goldman–Sosin–Gatto at σ2 is exact for the estimator: by MC (plain and
//      antithetic) and by MLMC on the exact scheme's levels (the bridge-midpoint coupling of a system's
//      component).
//    - The arithmetic-basket Asian call e^{−rT}(A − K)⁺, A = (1/T)∫ (S1 + S2)/2 dt, with the geometric one as
//      control variate (known mean): the controlled and plain estimates agree, the control's sample mean agrees
//      with its closed form, and the variance falls by a large factor.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <string>

#include "ito/feynman_kac/black_scholes.hpp"
#include "ito/feynman_kac/problem.hpp"
#include "ito/sde/expression_system.hpp"

namespace ito::feynman_kac {
namespace {

// The noise class as `ito feynman-kac` infers it from the expressions (params.cpp reads "auto" this way).
void infer_noise(ProblemSpec& p) {
  const sde::ExpressionSystem sys(p.system);
  p.system_noise = sys.infer_noise_class(p.system_x0, p.horizon);
}

RunSpec mc(std::int64_t paths, std::uint32_t seed, bool antithetic = false) {
  RunSpec run;
  run.paths = paths;
  run.seed = seed;
  run.antithetic = antithetic;
  return run;
}

void expect_within(const SolveResult& r, double exact, const std::string& what) {
  ASSERT_GT(r.std_error, 0.0) << what;
  EXPECT_LT(std::abs(r.estimate - exact), 4.5 * r.std_error)
      << what << ": " << r.estimate << " +- " << r.std_error << ", exact " << exact;
}

// ---- Margrabe: S1 = 100, S2 = 95, σ1 = 0.2, σ2 = 0.3, ρ = 0.5, r = 0.05, T = 1 ----

constexpr double kS1 = 100.0, kS2 = 95.0, kSigma1 = 0.2, kSigma2 = 0.3, kRho = 0.5, kRate = 0.05, kT = 1.0;

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

/// Margrabe (1978): S1 Φ(d1) − S2 Φ(d2), σ² = σ1² + σ2² − 2ρσ1σ2, d1 = (ln(S1/S2) + σ²T/2)/(σ√T),
/// d2 = d1 − σ√T.
double margrabe_exact() {
  const double sigma = std::sqrt(kSigma1 * kSigma1 + kSigma2 * kSigma2 - 2 * kRho * kSigma1 * kSigma2);
  const double d1 = (std::log(kS1 / kS2) + 0.5 * sigma * sigma * kT) / (sigma * std::sqrt(kT));
  return kS1 * normal_cdf(d1) - kS2 * normal_cdf(d1 - sigma * std::sqrt(kT));
}

ProblemSpec margrabe(const std::string& scheme, std::int64_t steps) {
  ProblemSpec p;
  p.kind = ProblemKind::expression_system;
  p.system.state = {"S1", "S2"};
  p.system.drift = {"r*S1", "r*S2"};
  p.system.diffusion = {{"sigma1*S1", "0"}, {"rho*sigma2*S2", "sqrt(1 - rho^2)*sigma2*S2"}};
  p.system.exact = {"S1_0*exp((r - sigma1^2/2)*t + sigma1*W1)",
                    "S2_0*exp((r - sigma2^2/2)*t + sigma2*(rho*W1 + sqrt(1 - rho^2)*W2))"};
  p.system.parameters = {{"r", kRate}, {"sigma1", kSigma1}, {"sigma2", kSigma2}, {"rho", kRho}};
  p.system_x0 = {kS1, kS2};
  p.horizon = kT;
  p.payoff = "exp(-r*t)*max(S1 - S2, 0)";
  p.scheme = scheme;
  p.steps = steps;
  infer_noise(p);
  return p;
}

TEST(Margrabe, NoiseIsInferredCommutative) {
  EXPECT_EQ(margrabe("exact", 1).system_noise, sde::NoiseClass::commutative);
  EXPECT_EQ(scheme_refusal(margrabe("milstein", 1)), "");
}

TEST(Margrabe, PathwiseExactSolutionAgreesWithTheClosedForm) {
  const double exact = margrabe_exact();
  const auto p = margrabe("exact", 1);
  expect_within(solve(p, mc(400000, 401)), exact, "exact solution");
  expect_within(solve(p, mc(200000, 402, true)), exact, "exact solution, antithetic");
  // The discount as a rate instead of inside the payoff: the same number.
  auto q = p;
  q.payoff = "max(S1 - S2, 0)";
  q.rate = "r";
  expect_within(solve(q, mc(200000, 403)), exact, "exact solution, problem.rate");
}

TEST(Margrabe, EulerMaruyamaOnSixtyFourStepsAgreesWithTheClosedForm) {
  // The weak error of Euler–Maruyama here is about −0.32/N, −0.005 at 64 steps (README), 1/9 of this run's SE.
  expect_within(solve(margrabe("euler_maruyama", 64), mc(100000, 404)), margrabe_exact(), "euler_maruyama");
}

TEST(Margrabe, MlmcOnMilsteinLevelsMeetsItsTarget) {
  const double eps = 0.05, exact = margrabe_exact();
  RunSpec run;
  run.method = Method::multilevel;
  run.mlmc.target_rms_error = eps;
  run.mlmc.initial_samples = 10000;
  run.seed = 405;
  const auto r = solve(margrabe("milstein", 2), run);
  ASSERT_TRUE(r.mlmc && r.mlmc->converged);
  EXPECT_LE(r.std_error, 1.01 * eps / std::sqrt(2.0));
  EXPECT_LE(r.mlmc->bias_estimate, eps / std::sqrt(2.0));
  EXPECT_LT(std::abs(r.estimate - exact), eps / std::sqrt(2.0) + 4.5 * r.std_error)
      << r.estimate << " +- " << r.std_error << ", exact " << exact;
  // Milstein is strong order 1 on commutative noise: the level variances fall as h², β ≈ 2 (β ≈ 1 for Euler).
  EXPECT_GT(r.mlmc->beta.slope, 1.5);
  for (std::size_t l = 1; l < r.mlmc->levels.size(); ++l) EXPECT_LT(r.mlmc->levels[l].consistency, 1.0) << l;
}

// ---- 2-D Ornstein–Uhlenbeck with a running cost and a discount ----
//   dx = (−a x + b y) dt + s1 dW1,   dy = −c y dt + s2 (ρ dW1 + √(1−ρ²) dW2),
//   u = E[e^{−δT} x_T y_T − ∫₀ᵀ e^{−δs} x_s ds].

constexpr double kA = 1.0, kB = 0.5, kC = 2.0, kS1Noise = 0.5, kS2Noise = 0.8, kCorrelation = 0.6, kDelta = 0.1;
constexpr double kX0 = 1.0, kY0 = 2.0, kHorizon = 1.0;

/// Closed form (the derivation is in problems/fk_ou2d_running_cost.toml): with I(q) = (1 − e^{−qT})/q and
/// k = b/(a − c), E x_T = e^{−aT} x0 + k y0 (e^{−cT} − e^{−aT}), E y_T = e^{−cT} y0,
/// Σ_xy(T) = s1 s2 ρ I(a + c) + s2² k (I(2c) − I(a + c)), ∫ e^{−δs} E x_s ds = x0 I(a + δ) + k y0 (I(c + δ) −
/// I(a + δ)).
double ou2d_exact() {
  const auto I = [](double q) { return -std::expm1(-q * kHorizon) / q; };
  const double k = kB / (kA - kC);
  const double mx = std::exp(-kA * kHorizon) * kX0 + k * kY0 * (std::exp(-kC * kHorizon) - std::exp(-kA * kHorizon));
  const double my = std::exp(-kC * kHorizon) * kY0;
  const double sxy = kS1Noise * kS2Noise * kCorrelation * I(kA + kC) + kS2Noise * kS2Noise * k * (I(2 * kC) - I(kA + kC));
  const double running = kX0 * I(kA + kDelta) + k * kY0 * (I(kC + kDelta) - I(kA + kDelta));
  return std::exp(-kDelta * kHorizon) * (mx * my + sxy) - running;
}

/// Euler–Maruyama's own expectation on N steps: the scheme is X_{n+1} = M X_n + G ΔW_n, M = I + hA, so its
/// mean m_{n+1} = M m_n and covariance S_{n+1} = M S_n Mᵀ + h G Gᵀ exactly; the functional integrates
/// e^{−δt} x by the trapezoidal rule on the grid (functional.hpp), whose expectation is that rule on the means.
double ou2d_euler_expectation(int steps) {
  using Mat = std::array<std::array<double, 2>, 2>;
  const double h = kHorizon / steps;
  const Mat M{{{1 - h * kA, h * kB}, {0.0, 1 - h * kC}}};
  const Mat G{{{kS1Noise, 0.0}, {kS2Noise * kCorrelation, kS2Noise * std::sqrt(1 - kCorrelation * kCorrelation)}}};
  Mat Q{}, S{};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) Q[i][j] = G[i][0] * G[j][0] + G[i][1] * G[j][1];
  std::array<double, 2> m{kX0, kY0};
  double running = 0.0;
  for (int n = 0; n < steps; ++n) {
    const std::array<double, 2> next{M[0][0] * m[0] + M[0][1] * m[1], M[1][1] * m[1]};
    Mat MS{}, next_S{};
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) MS[i][j] = M[i][0] * S[0][j] + M[i][1] * S[1][j];
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) next_S[i][j] = MS[i][0] * M[j][0] + MS[i][1] * M[j][1] + h * Q[i][j];
    running += 0.5 * h * (std::exp(-kDelta * n * h) * m[0] + std::exp(-kDelta * (n + 1) * h) * next[0]);
    m = next;
    S = next_S;
  }
  return std::exp(-kDelta * kHorizon) * (m[0] * m[1] + S[0][1]) - running;
}

ProblemSpec ou2d(const std::string& scheme, std::int64_t steps) {
  ProblemSpec p;
  p.kind = ProblemKind::expression_system;
  p.system.state = {"x", "y"};
  p.system.drift = {"-a*x + b*y", "-c*y"};
  p.system.diffusion = {{"s1", "0"}, {"rho*s2", "sqrt(1 - rho^2)*s2"}};
  p.system.parameters = {{"a", kA}, {"b", kB}, {"c", kC}, {"s1", kS1Noise}, {"s2", kS2Noise}, {"rho", kCorrelation},
                         {"delta", kDelta}};
  p.system_x0 = {kX0, kY0};
  p.horizon = kHorizon;
  p.payoff = "x*y";
  p.running_cost = "x";
  p.rate = "delta";
  p.scheme = scheme;
  p.steps = steps;
  infer_noise(p);
  return p;
}

TEST(Ou2dRunningCost, ClosedFormIsTheLimitOfTheEulerRecursion) {
  EXPECT_EQ(ou2d("euler_maruyama", 8).system_noise, sde::NoiseClass::additive);
  // Euler's weak error is c h + O(h²): Richardson's 2 u(h/2) − u(h) removes c h and leaves O(h²) ≈ 1e-8 here.
  const double u = ou2d_exact();
  EXPECT_LT(std::abs(2 * ou2d_euler_expectation(8192) - ou2d_euler_expectation(4096) - u), 1e-6);
  EXPECT_GT(std::abs(ou2d_euler_expectation(4096) - u), 1e-5);  // the recursion itself is biased
}

TEST(Ou2dRunningCost, EulerOnCoarseStepsMatchesItsOwnExpectation) {
  // On 8 steps Euler's expectation is 0.039 away from the limit, many standard errors: each estimate must
  // match the scheme's own expectation, which it does only if the drift, both noises, their correlation, the
  // running cost and the discount all reach the paths (without the correlation of x and y the expectation
  // would move by e^{−δT} Σ_xy(T) ≈ 0.09).
  for (const bool antithetic : {false, true}) {
    const auto r = solve(ou2d("euler_maruyama", 8), mc(200000, 410 + antithetic, antithetic));
    const std::string what = antithetic ? "antithetic" : "plain";
    expect_within(r, ou2d_euler_expectation(8), what);
    EXPECT_GT(std::abs(ou2d_euler_expectation(8) - ou2d_exact()), 10 * r.std_error) << what << ": discriminates";
  }
}

TEST(Ou2dRunningCost, FineEulerAgreesWithTheClosedForm) {
  // Euler's bias at 1024 steps is −0.30/1024 = −2.9e-4 (the recursion above), a fraction of this run's SE.
  const auto r = solve(ou2d("euler_maruyama", 1024), mc(20000, 412, true));
  EXPECT_LT(std::abs(ou2d_euler_expectation(1024) - ou2d_exact()), 0.5 * r.std_error);
  expect_within(r, ou2d_exact(), "1024 steps");
}

// ---- Running functionals and control variates on the Margrabe model ----

constexpr double kStrike = 95.0;

// The geometric basket √(S1 S2) as a GBM (header comment): spot, rate q and volatility s.
BlackScholesMarket basket_market() {
  const double s2 = (kSigma1 * kSigma1 + kSigma2 * kSigma2 + 2 * kRho * kSigma1 * kSigma2) / 4;
  const double mu = kRate - (kSigma1 * kSigma1 + kSigma2 * kSigma2) / 4;
  return {std::sqrt(kS1 * kS2), kStrike, mu + s2 / 2, std::sqrt(s2), kT};
}
double geometric_basket_asian(std::int64_t dates /* 0: continuous */) {
  const auto m = basket_market();
  const double kv = dates == 0 ? black_scholes_geometric_asian_call(m)
                               : black_scholes_geometric_asian_call_discrete(m, dates);
  return std::exp((m.rate - kRate) * kT) * kv;
}

// The Margrabe model (two correlated GBMs, exact solution) with running functionals and the discount as a rate.
ProblemSpec gbm_pair(std::map<std::string, std::string> functionals, std::string payoff, std::int64_t steps) {
  ProblemSpec p = margrabe("exact", steps);
  p.system.parameters["K"] = kStrike;
  p.rate = "r";
  p.functionals = std::move(functionals);
  p.payoff = std::move(payoff);
  p.bridge = BridgeCoordinates::logarithmic;
  return p;
}

TEST(SystemGeometricBasketAsian, DiscreteMonitoringAgreesWithTheDiscreteClosedForm) {
  auto p = gbm_pair({{"G", "geometric_average(sqrt(S1*S2))"}}, "max(G - K, 0)", 12);
  p.monitoring = Monitoring::discrete;
  const auto r = solve(p, mc(200000, 501));
  expect_within(r, geometric_basket_asian(12), "discrete, 12 dates");
  // Far from the continuous value at this N: the monitoring is really discrete.
  EXPECT_GT(r.estimate - geometric_basket_asian(0), 10 * r.std_error);
}

TEST(SystemGeometricBasketAsian, ContinuousMonitoringAgreesWithKemnaVorst) {
  const auto p = gbm_pair({{"G", "geometric_average(sqrt(S1*S2))"}}, "max(G - K, 0)", 64);
  expect_within(solve(p, mc(100000, 502)), geometric_basket_asian(0), "continuous");
  expect_within(solve(p, mc(50000, 503, true)), geometric_basket_asian(0), "continuous, antithetic");
  // The product of the components' geometric averages is the basket's: the same price.
  const auto q = gbm_pair({{"G1", "geometric_average(S1)"}, {"G2", "geometric_average(S2)"}},
                          "max(sqrt(G1*G2) - K, 0)", 64);
  expect_within(solve(q, mc(100000, 504)), geometric_basket_asian(0), "continuous, from each component");
}

TEST(SystemLookback, BridgeMaximumOfAComponentDrivenByTwoNoisesGivesGoldmanSosinGatto) {
  auto p = gbm_pair({{"M", "maximum(S2)"}}, "M - S2", 16);
  const double exact = black_scholes_lookback_floating_put({kS2, kS2, kRate, kSigma2, kT});
  expect_within(solve(p, mc(100000, 505)), exact, "lookback put on S2 by mc");
  expect_within(solve(p, mc(50000, 506, true)), exact, "lookback put on S2 by mc, antithetic");
  p.steps = 1;
  RunSpec run;
  run.method = Method::multilevel;
  run.mlmc.target_rms_error = 0.05;
  run.mlmc.initial_samples = 10000;
  run.seed = 507;
  const auto r = solve(p, run);
  ASSERT_TRUE(r.mlmc && r.mlmc->converged);
  EXPECT_LE(r.std_error, 1.01 * 0.05 / std::sqrt(2.0));
  // Every level is exact in law (exact steps, exact bridge), so the telescoping sum has no bias at all.
  expect_within(r, exact, "lookback put on S2 by mlmc");
  // With exact steps the coarse path's bridge midpoint ½(y0 + y1) − ½ Σ_j c_j (ΔW2_j − ΔW1_j) is the fine
  // path's own midpoint (log S2 is linear in both noises), and both read the same uniforms: fine and coarse
  // values agree to rounding (level variances about 1e-27). A midpoint that left out a noise would differ from
  // the fine one by O(σ2 √h) and leave level variances many orders of magnitude above that.
  for (std::size_t l = 1; l < r.mlmc->levels.size(); ++l)
    EXPECT_LT(r.mlmc->levels[l].variance, 1e-20 * r.mlmc->levels[0].variance) << "level " << l;
}

TEST(SystemArithmeticBasketAsian, GeometricBasketControlVariateReducesTheVariance) {
  auto p = gbm_pair({{"A", "average((S1 + S2)/2)"}, {"G", "geometric_average(sqrt(S1*S2))"}}, "max(A - K, 0)", 64);
  p.control_variate = "max(G - K, 0)";
  p.control_mean = geometric_basket_asian(0);
  const auto r = solve(p, mc(100000, 508));
  ASSERT_TRUE(r.control_variate.has_value());
  const auto& cv = *r.control_variate;
  EXPECT_EQ(r.estimate, cv.mean);
  EXPECT_EQ(r.std_error, cv.std_error);
  // The arithmetic basket average dominates the geometric one: the price is higher than the control's.
  EXPECT_GT(r.estimate, p.control_mean);
  EXPECT_LT(std::abs(cv.control_sample_mean - cv.control_mean),
            4.5 * std::sqrt(cv.control_variance / static_cast<double>(cv.plain.samples)))
      << cv.control_sample_mean << " vs " << cv.control_mean;
  EXPECT_LT(std::abs(cv.mean - cv.plain.mean), 4.5 * cv.plain.std_error)
      << cv.mean << " vs " << cv.plain.mean << " +- " << cv.plain.std_error;
  // Var(Y)/Var(Y − β̂C) = 1/(1 − ρ²) with ρ the correlation of the two payoffs.
  EXPECT_GT(cv.variance_reduction, 20.0) << cv.variance_reduction;  // 326 on the shipped problem's paths
  EXPECT_NEAR(cv.std_error, cv.plain.std_error / std::sqrt(cv.variance_reduction), 1e-3 * cv.std_error);
}

}  // namespace
}  // namespace ito::feynman_kac
