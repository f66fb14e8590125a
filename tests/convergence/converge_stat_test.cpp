// Fitted convergence orders of every scheme on the shipped problem files (problems/converge_*.toml, run
// as shipped: same paths, same ladder, same seed as `ito converge`), against theory.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "ito/convergence/converge.hpp"
#include "ito/convergence/params.hpp"
#include "ito/sde/expression_system.hpp"
#include "test_support.hpp"

namespace ito::convergence {
namespace {

ConvergeReport run_problem(const std::string& name, const std::vector<std::string>& overrides = {}) {
  auto params = io::Params::from_file(std::string(ITO_SOURCE_DIR) + "/problems/" + name, overrides);
  const auto seed = static_cast<std::uint32_t>(params.integer("seed", 1));
  const auto problem = read_converge_problem(params);
  params.check_unused();
  return run_converge(problem, seed);
}

const SchemeStudy& scheme(const ConvergeReport& r, const std::string& name) {
  for (const auto& s : r.schemes)
    if (s.scheme == name) return s;
  throw std::runtime_error("no scheme " + name);
}

// |order − theory| < 0.1 and the 95% CI contains theory.
void expect_order(const OrderFit& fit, double theory, const std::string& what) {
  EXPECT_LT(std::abs(fit.order - theory), 0.1) << what << ": fitted " << fit.order;
  EXPECT_LE(fit.ci_low, theory) << what << ": CI [" << fit.ci_low << ", " << fit.ci_high << "]";
  EXPECT_GE(fit.ci_high, theory) << what << ": CI [" << fit.ci_low << ", " << fit.ci_high << "]";
}

TEST(ConvergeOrders, GeometricBrownianMotion) {
  const auto r = run_problem("converge_gbm.toml");
  expect_order(scheme(r, "euler_maruyama").result.strong_fit, 0.5, "EM on GBM");
  expect_order(scheme(r, "milstein").result.strong_fit, 1.0, "Milstein on GBM");
  expect_order(scheme(r, "sriw1").result.strong_fit, 1.5, "SRIW1 on GBM");
  expect_order(scheme(r, "rk_milstein").result.strong_fit, 1.0, "RK-Milstein on GBM");
}

TEST(ConvergeOrders, OrnsteinUhlenbeckStrongWeakAndExact) {
  const auto r = run_problem("converge_ou.toml");
  EXPECT_FALSE(r.self_convergence);
  expect_order(scheme(r, "euler_maruyama").result.strong_fit, 1.0, "EM on OU (additive)");
  expect_order(scheme(r, "milstein").result.strong_fit, 1.0, "Milstein on OU");
  expect_order(scheme(r, "euler_maruyama").result.weak_fit, 1.0, "EM weak on OU");
  EXPECT_LT(scheme(r, "exact_ou").result.max_strong_error, 1e-12);  // exact step: round-off only
}

TEST(ConvergeOrders, AdditiveNoiseDominatedShowsOneAndAHalf) {
  const auto r = run_problem("converge_additive.toml");
  EXPECT_TRUE(r.self_convergence);  // no exact solution: said so
  expect_order(scheme(r, "euler_maruyama").result.strong_fit, 1.0, "EM on additive");
  expect_order(scheme(r, "sra1").result.strong_fit, 1.5, "SRA1 on nonlinear additive");
}

TEST(ConvergeOrders, LinearSystem2dCommutativeNoise) {
  const auto r = run_problem("converge_2d.toml");
  expect_order(scheme(r, "euler_maruyama").result.strong_fit, 0.5, "EM on 2-D");
  expect_order(scheme(r, "milstein").result.strong_fit, 1.0, "Milstein on 2-D");
  expect_order(scheme(r, "rk_milstein").result.strong_fit, 1.0, "RK-Milstein on 2-D");
  expect_order(scheme(r, "platen_weak2").result.strong_fit, 1.0, "Platen weak-2 (strong order 1) on 2-D");
}

TEST(ConvergeOrders, WeakOrderOfEulerMaruyama) {
  const auto r = run_problem("converge_weak.toml");
  const auto& em = scheme(r, "euler_maruyama").result;
  EXPECT_TRUE(em.weak_fit_valid);
  expect_order(em.weak_fit, 1.0, "EM weak on sinh");
  // The plain Monte Carlo estimate of E g(X_T) at the finest level agrees with the exact value
  // t³ − 3t² + 2t = 0 within 4.5 SE plus the measured bias.
  const double plain = em.weak_plain.back(), se = em.weak_plain_se.back();
  EXPECT_LT(std::abs(plain - em.weak_signed.back()), 4.5 * se);
}

// SRIW1's weak order is 1.5 (its one-step weak error is O(h^2.5) by quadrature: tests/schemes/sriw1_test.cpp,
// Sriw1.LocalWeakError*). On the shipped ladder the fitted slope is still pre-asymptotic (1.42; its interval
// reaches 1.5 in 12 of 20 seeds, README "Coverage"), so only the 0.1 criterion is asserted here.
TEST(ConvergeOrders, WeakOrderOfSriw1) {
  const auto r = run_problem("converge_weak_sriw1.toml");
  const auto& sriw1 = scheme(r, "sriw1").result;
  EXPECT_TRUE(sriw1.weak_fit_valid);
  EXPECT_LT(std::abs(sriw1.weak_fit.order - 1.5), 0.1) << "fitted " << sriw1.weak_fit.order;
}

TEST(ConvergeOrders, WeakOrderTwoOfPlatenScheme) {
  const auto r = run_problem("converge_weak2.toml");
  const auto& platen = scheme(r, "platen_weak2").result;
  EXPECT_TRUE(platen.weak_fit_valid);
  expect_order(platen.weak_fit, 2.0, "Platen weak order-2 scheme on sinh");
}

TEST(ConvergeStudy, BitwiseIndependentOfThreadCount) {
  std::vector<std::vector<double>> errors;
  for (int threads : {1, 2, 4}) {
    omp_set_num_threads(threads);
    const auto r = run_problem("converge_gbm.toml", {"study.paths=300", "study.steps=[8,16,32]", "study.bootstrap=20"});
    std::vector<double> e;
    for (const auto& s : r.schemes) {
      e.insert(e.end(), s.result.strong_error.begin(), s.result.strong_error.end());
      e.push_back(s.result.strong_fit.ci_low);
    }
    errors.push_back(e);
  }
  EXPECT_EQ(errors[0], errors[1]);
  EXPECT_EQ(errors[0], errors[2]);
}

}  // namespace
}  // namespace ito::convergence

namespace ito::convergence {
namespace {

TEST(ConvergeOrders, StratonovichGeometricBrownianMotion) {
  const auto r = run_problem("converge_stratonovich.toml");
  expect_order(scheme(r, "euler_heun").result.strong_fit, 1.0, "Euler-Heun on Stratonovich GBM (scalar noise)");
  expect_order(scheme(r, "milstein").result.strong_fit, 1.0, "Stratonovich Milstein");
  expect_order(scheme(r, "rk_milstein").result.strong_fit, 1.0, "Stratonovich RK-Milstein");
}

}  // namespace
}  // namespace ito::convergence

namespace ito::convergence {
namespace {

// Expression systems (model = "expression_system"): a 2-D Stratonovich rotation with one noise and a closed form
// reaches strong order 1 with Euler–Heun and Milstein (Jacobian by central differences).
TEST(ConvergeOrders, ExpressionSystemStratonovichRotation) {
  const auto r = run_problem("converge_system_rotation.toml");
  EXPECT_FALSE(r.self_convergence);  // its exact solution is the reference
  expect_order(scheme(r, "euler_heun").result.strong_fit, 1.0, "Euler-Heun on the rotation system");
  expect_order(scheme(r, "milstein").result.strong_fit, 1.0, "Milstein on the rotation system");
  expect_order(scheme(r, "rk_milstein").result.strong_fit, 1.0, "RK-Milstein on the rotation system");
}

// A nonlinear diffusion with its Jacobian given (problems/converge_system_gudermann.toml,
// sde.diffusion_derivative): Milstein on the expressions reaches strong order 1, and its errors are those of the
// same problem differentiated by central differences, to within what the central differences' error can move
// them. The two runs differ only in Milstein's term ½ L g ΔW², L g = Σ_l g_l ∂g/∂x_l, so a path's end point moves
// by at most Σ_n ½ ΔW_n² · d · G · E ≈ (T/2) d G E (G = max |g|, E = max of the central differences' error
// estimate, which bounds their error: tests/sde/expression_system_test.cpp), and the mean error by no more; the
// bound below allows twice that sum and a factor 10 for the growth of a perturbation along the path.
TEST(ConvergeOrders, ExpressionSystemGivenJacobianMatchesCentralDifferences) {
  auto params = io::Params::from_file(std::string(ITO_SOURCE_DIR) + "/problems/converge_system_gudermann.toml");
  const auto seed = static_cast<std::uint32_t>(params.integer("seed", 1));
  const auto given = read_converge_problem(params);
  params.check_unused();
  ASSERT_FALSE(given.system.diffusion_derivative.empty());
  auto numeric = given;
  numeric.system.diffusion_derivative.clear();
  const auto rg = run_converge(given, seed), rn = run_converge(numeric, seed);
  EXPECT_FALSE(rg.self_convergence);
  const auto& mg = scheme(rg, "milstein").result;
  const auto& mn = scheme(rn, "milstein").result;
  expect_order(mg.strong_fit, 1.0, "Milstein with the given Jacobian on the Gudermann system");
  expect_order(mn.strong_fit, 1.0, "Milstein by central differences on the Gudermann system");
  expect_order(scheme(rg, "euler_heun").result.strong_fit, 1.0, "Euler-Heun on the Gudermann system");
  // G and E over the states the paths visit: x in (−π/2, π/2) (x = gd(·)), 0 < y <= y0 cosh(asinh(tan x0)).
  const sde::ExpressionSystem sys(numeric.system);
  double G = 0.0, E = 0.0;
  for (int a = 0; a <= 40; ++a)
    for (int b = 0; b <= 40; ++b) {
      const double x[2] = {-1.57 + 3.14 * a / 40, 1.1 * b / 40};
      double g[2], jac[4], error[4];
      sys.diffusion(0.0, x, g, 1);
      sys.central_difference_jacobian(0.0, x, jac, error);
      for (double v : g) G = std::max(G, std::abs(v));
      for (double v : error) E = std::max(E, v);
    }
  const double bound = 10.0 * given.T * 2 * G * E;  // 10 × (T/2) d G E with d = 2, ×2
  ASSERT_EQ(mg.strong_error.size(), mn.strong_error.size());
  for (std::size_t k = 0; k < mg.strong_error.size(); ++k) {
    const double diff = std::abs(mg.strong_error[k] - mn.strong_error[k]);
    std::printf("level %zu: Milstein strong error %.12e (given Jacobian) vs %.12e (central differences): "
                "difference %.2e (relative %.2e), bound %.2e\n",
                k, mg.strong_error[k], mn.strong_error[k], diff, diff / mn.strong_error[k], bound);
    EXPECT_LE(diff, bound) << k;
  }
}

// Weak errors against the given exact expectation E X_T² of OU (no self-convergence): Euler–Maruyama weak order 1,
// Euler–Heun weak order 2 on additive noise.
TEST(ConvergeOrders, ExpressionSystemWeakAgainstExactExpectation) {
  const auto r1 = run_problem("converge_system_ou_weak.toml");
  EXPECT_FALSE(r1.self_convergence);
  EXPECT_FALSE(r1.weak_reference.empty());
  const auto& em = scheme(r1, "euler_maruyama").result;
  EXPECT_TRUE(em.weak_fit_valid);
  expect_order(em.weak_fit, 1.0, "EM weak on OU (exact expectation)");
  // The weak error is the plain estimate: mean g(X^dt) − E g(X_T) (up to the rounding of the two sums).
  ASSERT_EQ(em.weak_signed.size(), em.weak_plain.size());
  for (std::size_t k = 0; k < em.weak_signed.size(); ++k) EXPECT_NEAR(em.weak_signed[k], em.weak_plain[k], 1e-12);
  const auto r2 = run_problem("converge_system_ou_weak2.toml");
  const auto& heun = scheme(r2, "euler_heun").result;
  EXPECT_TRUE(heun.weak_fit_valid);
  // On this short ladder the scheme's own slope, from its closed-form weak errors below, is
  // log(0.0271966 / 0.0015114) / log 4 = 2.085 (pre-asymptotic, the dt³ term): the interval must contain 2 and
  // the fit must be within 0.1 of that slope.
  EXPECT_LE(heun.weak_fit.ci_low, 2.0);
  EXPECT_GE(heun.weak_fit.ci_high, 2.0);
  EXPECT_LT(std::abs(heun.weak_fit.order - 2.085), 0.1) << heun.weak_fit.order;
  // Its weak error is known in closed form (a linear Gaussian recursion, problem file): within 4.5 SE.
  const double closed_form[] = {-0.027196642915608277, -0.006470303673603212, -0.0015114211567533453};
  for (std::size_t k = 0; k < 3; ++k)
    EXPECT_LT(std::abs(heun.weak_signed[k] - closed_form[k]), 4.5 * heun.weak_error_se[k]) << k;
}

TEST(ConvergeStudy, ExpressionSystemBitwiseIndependentOfThreadCount) {
  std::vector<std::vector<double>> results;
  for (int threads : {1, 2, 3}) {
    omp_set_num_threads(threads);
    const auto r = run_problem("converge_system_rotation.toml",
                               {"study.paths=300", "study.steps=[8,16,32]", "study.bootstrap=20"});
    const auto w = run_problem("converge_system_ou_weak.toml",
                               {"study.paths=300", "study.steps=[4,8]", "study.bootstrap=20"});
    std::vector<double> e;
    for (const auto* report : {&r, &w})
      for (const auto& s : report->schemes) {
        e.insert(e.end(), s.result.strong_error.begin(), s.result.strong_error.end());
        e.insert(e.end(), s.result.weak_signed.begin(), s.result.weak_signed.end());
        e.push_back(s.result.strong_fit.ci_low);
      }
    results.push_back(e);
  }
  EXPECT_EQ(results[0], results[1]);
  EXPECT_EQ(results[0], results[2]);
}

}  // namespace
}  // namespace ito::convergence
