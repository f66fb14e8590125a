// User models (problem = "expression"): the same numbers as the built-in problem they restate, second order
// against exact densities the user gives, survival through an absorbing wall from a point mass, periodic sides
// and time-dependent coefficients; and the refusals, each naming its key. In 1-D and in 2-D.
#include "ito/fokker_planck/expression_problem.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <numbers>

#include "ito/convergence/order_fit.hpp"
#include "ito/fokker_planck/solve.hpp"
#include "test_support.hpp"

namespace ito::fokker_planck {
namespace {

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

ExpressionProblemSpec ou_by_expression() {
  ExpressionProblemSpec e;
  e.drift = "theta*(mu - x)";
  e.diffusion = "sigma";
  e.parameters = {{"theta", 1.0}, {"mu", 0.0}, {"sigma", std::numbers::sqrt2}};
  e.mean = 2.0;
  e.sd = 0.5;
  return e;
}

// The OU process stated by expression goes through the same generator as the built-in OU: ∫ a/D is linear in
// x, so Simpson's rule on each half cell gives the built-in's exact potential differences and face exponents
// up to rounding, D = σ²/2 and the Gaussian start are the same numbers. So the densities agree to rounding,
// whichever the sides (the built-in's potential is used across the periodic wrap face, and so is the
// expression's a/D: the same linear function there).
TEST(ExpressionProblem, OuByExpressionIsTheBuiltInOuToRounding) {
  for (const auto& [lower, left, right] : std::vector<std::tuple<double, Boundary, Boundary>>{
           {-6.0, Boundary::reflecting, Boundary::reflecting},
           {0.0, Boundary::absorbing, Boundary::reflecting},
           {-3.0, Boundary::periodic, Boundary::periodic}}) {
    const Grid1D grid(lower, 6.0, 120, left, right);
    Options1D o;
    o.stepping.dt = 2e-4;
    o.output_times = {0.1, 0.4};
    const auto built_in = solve(ou_problem(1.0, 0.0, std::sqrt(2.0), 2.0, 0.5, grid), o);
    const auto user = solve(expression_problem(ou_by_expression(), grid), o);
    ASSERT_EQ(user.density.size(), built_in.density.size());
    for (std::size_t k = 0; k < user.density.size(); ++k) {
      const double diff = max_difference(user.density[k], built_in.density[k]);
      std::cout << "OU by expression vs built-in, sides " << to_string(left) << "/" << to_string(right) << ", t = "
                << user.times[k] << ": max |Δp| = " << diff << '\n';
      EXPECT_LT(diff, 1e-12);
    }
    EXPECT_NEAR(user.survival.back(), built_in.survival.back(), 1e-12);
    EXPECT_NEAR(user.exit_flux_left.back(), built_in.exit_flux_left.back(), 1e-12);
    EXPECT_FALSE(user.exact_known()) << "no exact_density given, so no reference";
    EXPECT_TRUE(std::isnan(user.l1_error.back()));
    EXPECT_TRUE(std::isnan(user.exact_survival.back()));
  }
}

// With the OU Gaussian given as exact_density, the L1 error is the built-in's up to the quadrature of the
// exact cell averages (Gauss–Legendre here, differences of the normal CDF there).
TEST(ExpressionProblem, GivenExactDensityGivesTheBuiltInsL1Error) {
  auto e = ou_by_expression();
  e.parameters.insert({{"m0", 2.0}, {"s0", 0.5}});
  e.exact_density =
      "exp(-((x - (mu + (m0 - mu)*exp(-theta*t)))^2) / (2*(s0^2*exp(-2*theta*t) + sigma^2*(1 - exp(-2*theta*t))/(2*theta))))"
      " / sqrt(2*_pi*(s0^2*exp(-2*theta*t) + sigma^2*(1 - exp(-2*theta*t))/(2*theta)))";
  const Grid1D grid(-6.0, 6.0, 120);
  Options1D o;
  o.stepping.dt = 2e-4;
  o.output_times = {0.4};
  const auto built_in = solve(ou_problem(1.0, 0.0, std::sqrt(2.0), 2.0, 0.5, grid), o);
  const auto user = solve(expression_problem(e, grid), o);
  ASSERT_TRUE(user.exact_known()) << user.reference;
  std::cout << "OU by expression, L1 " << user.l1_error.back() << " (built-in " << built_in.l1_error.back() << ")\n";
  EXPECT_NEAR(user.l1_error.back(), built_in.l1_error.back(), 1e-9);
  // The given density's moments are taken over the grid, the built-in's are those of the whole line: they
  // differ by the law's mass beyond the grid m (5e-9 here) times at most the distance (squared, for the
  // variance) it sits from the mean; bounded with the grid's length L = 12.
  const double m = built_in.reference_mass_outside, length = 12.0;
  EXPECT_NEAR(user.exact_mean.back(), built_in.exact_mean.back(), m * length);
  EXPECT_NEAR(user.exact_variance.back(), built_in.exact_variance.back(), m * length * length);
  EXPECT_NEAR(user.exact_survival.back(), 1.0, 1e-8);
  EXPECT_NE(user.reference.find("model.exact_density"), std::string::npos) << user.reference;
}

// GBM stated by expression: D = σ²x²/2 depends on the state and vanishes at the reflecting side x = 0 (never
// evaluated there). Started at t0 = 0.1 from the lognormal density given as an expression (normalised on the
// grid), compared with the lognormal exact_density at t = 1: second order in h.
TEST(ExpressionProblem, GbmByExpressionConvergesAtOrderTwoToTheLognormal) {
  ExpressionProblemSpec e;
  e.drift = "mu*x";
  e.diffusion = "sigma*x";
  e.parameters = {{"mu", 0.05}, {"sigma", 0.3}, {"x0", 1.0}, {"t0", 0.1}};
  e.start_time = 0.1;
  e.initial = InitialKind::density;
  e.density = "x > 0 ? exp(-((ln(x) - ln(x0) - (mu - sigma^2/2)*t0)^2)/(2*sigma^2*t0)) / (x*sigma*sqrt(2*_pi*t0)) : 0";
  e.exact_density = "x > 0 ? exp(-((ln(x) - ln(x0) - (mu - sigma^2/2)*t)^2)/(2*sigma^2*t)) / (x*sigma*sqrt(2*_pi*t)) : 0";
  std::vector<double> h, error;
  for (std::size_t cells : {150, 300, 600, 1200}) {
    Options1D o;
    o.stepping.dt = 1e-3;
    o.output_times = {1.0};
    const auto s = solve(expression_problem(e, Grid1D(0.0, 6.0, cells)), o);
    ASSERT_TRUE(s.exact_known());
    h.push_back(6.0 / static_cast<double>(cells));
    error.push_back(s.l1_error.back());
    std::cout << "GBM by expression h=" << h.back() << " L1=" << error.back() << " mean " << s.mean.back()
              << " (exact " << s.exact_mean.back() << ") mass drift " << s.mass_drift << '\n';
    EXPECT_LT(s.mass_drift, 1e-12);
    EXPECT_GE(s.min_density, 0.0);
  }
  const auto fit = convergence::fit_loglog(h, error);
  std::cout << "GBM by expression: spatial order " << fit.slope << " [" << fit.ci_low << ", " << fit.ci_high << "]\n";
  EXPECT_LE(fit.ci_low, 2.0);
  EXPECT_GE(fit.ci_high, 2.0);
  EXPECT_LT(fit.ci_high - fit.ci_low, 0.2);
}

// Brownian motion with drift, dX = μ dt + σ dW, from a point mass at x0 = 1, absorbed at 0: by the method of
// images with drift,
//   p(x, t) = [φ((x − x0 − μt)/(σ√t)) − e^{−2μx0/σ²} φ((x + x0 − μt)/(σ√t))] / (σ√t),
//   S(t) = Φ((x0 + μt)/(σ√t)) − e^{−2μx0/σ²} Φ((−x0 + μt)/(σ√t)).
// The short-time law N(x0 + μτ, σ²τ) is exact here (constant coefficients; the wall's image at distance 2x0
// carries e^{−2/(σ²τ)}), so only the grid and the steps err.
constexpr double kMu = -0.5, kSigma = 1.0, kX0 = 1.0;

double exact_survival(double t) {
  const double s = kSigma * std::sqrt(t);
  const auto cdf = [](double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); };
  return cdf((kX0 + kMu * t) / s) - std::exp(-2.0 * kMu * kX0 / (kSigma * kSigma)) * cdf((-kX0 + kMu * t) / s);
}

// ∫_b^∞ p(x, t) dx of the image density: its mass beyond the grid's far side b.
double mass_beyond(double b, double t) {
  const double s = kSigma * std::sqrt(t);
  const auto tail = [](double z) { return 0.5 * std::erfc(z / std::numbers::sqrt2); };
  return tail((b - kX0 - kMu * t) / s) - std::exp(-2.0 * kMu * kX0 / (kSigma * kSigma)) * tail((b + kX0 - kMu * t) / s);
}

ExpressionProblemSpec drifting_bm_from_a_point() {
  ExpressionProblemSpec e;
  e.drift = "mu";
  e.diffusion = "sigma";
  e.parameters = {{"mu", kMu}, {"sigma", kSigma}, {"x0", kX0}};
  e.initial = InitialKind::point;
  e.x0 = kX0;
  e.exact_density =
      "(exp(-((x - x0 - mu*t)^2)/(2*sigma^2*t)) - exp(-2*mu*x0/sigma^2)*exp(-((x + x0 - mu*t)^2)/(2*sigma^2*t)))"
      " / (sigma*sqrt(2*_pi*t))";
  return e;
}

Solution1D drifting_bm(std::size_t cells) {
  auto e = drifting_bm_from_a_point();
  const Grid1D grid(0.0, 8.0, cells, Boundary::absorbing, Boundary::reflecting);
  e.smoothing_time = default_smoothing_time(e, grid);
  Options1D o;
  o.stepping.dt = 2.5e-4;
  o.output_times = {0.25, 0.5, 1.0, 2.0};
  return solve(expression_problem(e, grid), o);
}

TEST(ExpressionProblem, PointMassAtAnAbsorbingWallGivesTheSurvivalOfTheImages) {
  std::vector<double> h, error;
  std::vector<Solution1D> runs;
  for (std::size_t cells : {100, 200, 400, 800}) {
    runs.push_back(drifting_bm(cells));
    const auto& s = runs.back();
    ASSERT_TRUE(s.exact_known()) << s.reference;
    h.push_back(8.0 / static_cast<double>(cells));
    error.push_back(s.l1_error.back());
    std::cout << "drifting BM from a point, h=" << h.back() << ": L1 at t=2 " << error.back();
    for (std::size_t k = 0; k < s.times.size(); ++k)
      std::cout << "; S(" << s.times[k] << ") " << s.survival[k] << " (exact " << exact_survival(s.times[k])
                << ", error " << s.survival[k] - exact_survival(s.times[k]) << ")";
    std::cout << "; mass drift " << s.mass_drift << '\n';
    EXPECT_GE(s.min_density, 0.0);
    EXPECT_GT(s.exit_flux_left.back(), 0.0);
    EXPECT_EQ(s.exit_flux_right.back(), 0.0);
    // the exact survival reported is the exact density's integral over the grid [0, 8]: the closed form less
    // the density's mass beyond 8 (7.7e-9 at t = 2), up to the quadrature
    for (std::size_t k = 0; k < s.times.size(); ++k)
      EXPECT_NEAR(s.exact_survival[k], exact_survival(s.times[k]) - mass_beyond(8.0, s.times[k]), 1e-11);
  }
  const auto fit = convergence::fit_loglog(h, error);
  std::cout << "drifting BM from a point: L1 order " << fit.slope << " [" << fit.ci_low << ", " << fit.ci_high << "]\n";
  EXPECT_LE(fit.ci_low, 2.0);
  EXPECT_GE(fit.ci_high, 2.0);
  EXPECT_LT(fit.ci_high - fit.ci_low, 0.3);
  // Survival: the finest grid's error within twice its Richardson estimate R = |S_h − S_{h/2}|/3 (second order),
  // at every output time.
  const auto& coarse = runs[runs.size() - 2];
  const auto& fine = runs.back();
  for (std::size_t k = 0; k < fine.times.size(); ++k) {
    const double richardson = std::fabs(coarse.survival[k] - fine.survival[k]) / 3.0;
    EXPECT_LE(std::fabs(fine.survival[k] - exact_survival(fine.times[k])), 2.0 * richardson) << "t = " << fine.times[k];
  }
}

// dX = cos(t) dt + σ dW on the circle [0, 1) (periodic): the wrapped Gaussian N(m0 + sin t, s0² + σ²t),
// given as the sum of its images within 9 sd. Time-dependent drift: the generator is reassembled every step.
TEST(ExpressionProblem, PeriodicSidesAndTimeDependentDriftConvergeToTheWrappedGaussian) {
  ExpressionProblemSpec e;
  e.drift = "c*cos(t)";
  e.diffusion = "sigma";
  e.parameters = {{"c", 2.0}, {"sigma", 0.4}, {"m0", 0.5}, {"s0", 0.08}};
  e.mean = 0.5;
  e.sd = 0.08;
  std::string images;
  for (int k = -4; k <= 7; ++k)  // the mean 0.5 + 2 sin t stays in [0.5, 2.5] up to t = 1.5, sd <= 0.5
    images += (images.empty() ? "" : " + ") + std::string("exp(-((x + (") + std::to_string(k) +
              ") - m0 - c*sin(t))^2)/(2*(s0^2 + sigma^2*t)))";
  e.exact_density = "(" + images + ") / sqrt(2*_pi*(s0^2 + sigma^2*t))";
  std::vector<double> h, error;
  for (std::size_t cells : {50, 100, 200, 400}) {
    const auto problem = expression_problem(e, Grid1D(0.0, 1.0, cells, Boundary::periodic, Boundary::periodic));
    EXPECT_TRUE(problem.model.time_dependent);
    Options1D o;
    o.stepping.dt = 1e-4;
    o.output_times = {0.5, 1.5};
    const auto s = solve(problem, o);
    h.push_back(1.0 / static_cast<double>(cells));
    error.push_back(s.l1_error.back());
    std::cout << "periodic, drift cos(t): h=" << h.back() << " L1=" << error.back() << " mass drift " << s.mass_drift
              << '\n';
    EXPECT_LT(s.mass_drift, 1e-12);
    EXPECT_NEAR(s.exact_survival.back(), 1.0, 1e-8);
  }
  const auto fit = convergence::fit_loglog(h, error);
  std::cout << "periodic, drift cos(t): L1 order " << fit.slope << " [" << fit.ci_low << ", " << fit.ci_high << "]\n";
  EXPECT_LE(fit.ci_low, 2.0);
  EXPECT_GE(fit.ci_high, 2.0);
  EXPECT_LT(fit.ci_high - fit.ci_low, 0.3);
}

// A point mass where the one-step law is not exact: OU from x0 = 1 against its transition density
// N(x0 e^{−θt}, σ²(1 − e^{−2θt})/2θ). The start is O(τ) from the true law, and the default τ = (2h/σ)² makes
// that O(h²): the L1 error stays second order.
TEST(ExpressionProblem, PointMassOfOuKeepsOrderTwoWithTheDefaultSmoothing) {
  auto e = ou_by_expression();
  e.initial = InitialKind::point;
  e.x0 = 1.0;
  e.parameters.insert({"x0", 1.0});
  e.exact_density =
      "exp(-((x - x0*exp(-theta*t))^2)/(sigma^2*(1 - exp(-2*theta*t))/theta))"
      " / sqrt(_pi*sigma^2*(1 - exp(-2*theta*t))/theta)";
  std::vector<double> h, error;
  for (std::size_t cells : {120, 240, 480, 960}) {
    const Grid1D grid(-6.0, 6.0, cells);
    e.smoothing_time = default_smoothing_time(e, grid);
    Options1D o;
    o.stepping.dt = 2.5e-4;
    o.output_times = {0.5};
    const auto s = solve(expression_problem(e, grid), o);
    h.push_back(12.0 / static_cast<double>(cells));
    error.push_back(s.l1_error.back());
    std::cout << "OU from a point, h=" << h.back() << " tau=" << e.smoothing_time << " L1=" << error.back() << '\n';
    EXPECT_GE(s.min_density, 0.0);
  }
  const auto fit = convergence::fit_loglog(h, error);
  std::cout << "OU from a point: L1 order " << fit.slope << " [" << fit.ci_low << ", " << fit.ci_high << "]\n";
  // The coarsest grid is pre-asymptotic (τ = 0.02 there; error ratios 3.3, 3.8, 4.0 from coarse to fine), so the
  // four-point fit has a wide interval: require that it contains 2 and that the order between the two finest
  // grids is within 0.1 of 2.
  EXPECT_LE(fit.ci_low, 2.0);
  EXPECT_GE(fit.ci_high, 2.0);
  EXPECT_NEAR(std::log2(error[2] / error[3]), 2.0, 0.1);
}

TEST(ExpressionProblem, TimeDependenceIsReadFromTheText) {
  EXPECT_FALSE(uses_time("theta*(mu - x)", {{"theta", 1.0}, {"mu", 0.0}}));
  EXPECT_TRUE(uses_time("x*sin(t)", {}));
  EXPECT_FALSE(expression_problem(ou_by_expression(), Grid1D(-6, 6, 20)).model.time_dependent);
}

// Refusals, each naming the key that holds the expression or value, and where.
TEST(ExpressionProblem, ValuesTheSchemeCannotUseAreRefusedAtTheirKey) {
  const Grid1D grid(-1.0, 1.0, 20);
  auto e = ou_by_expression();
  e.diffusion = "x - 0.03";  // D vanishes between two of the points where the scheme evaluates it
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'model.diffusion'", "changes sign between x = 0.025 and x = 0.05"});
  e.diffusion = "x > 0.5 ? 1 : 0";
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'model.diffusion'", "D = b²/2 = 0 at x = -0.975, t = 0"});
  e = ou_by_expression();
  e.drift = "sqrt(x)";
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'model.drift'", "is nan at x = -0.95"});
  e = ou_by_expression();
  e.initial = InitialKind::density;
  e.density = "x - 0.5";
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'initial.density'", "is -1.", "at x = -0.99"});
  e.density = "0";
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); }, {"key 'initial.density'", "mass 0"});
  e = ou_by_expression();
  e.initial = InitialKind::point;
  e.smoothing_time = 1e-3;
  e.x0 = 1.5;
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'initial.x0'", "not inside the grid"});
  e.x0 = 0.99;  // the short-time law (sd √2·0.03) crosses the side
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'initial.x0'", "beyond the grid"});
  e = ou_by_expression();
  e.exact_density = "sqrt(-t)";
  Options1D o;
  o.output_times = {0.1};
  test::expect_error<ExpressionValueError>([&] { solve(expression_problem(e, grid), o); },
                                           {"key 'model.exact_density'", "nan"});
  // a diffusion that vanishes only later: refused when the step reaches it, at the key
  e = ou_by_expression();
  e.diffusion = "t < 1 ? 1 : 0";
  o.stepping.dt = 0.1;
  o.output_times = {2.0};
  test::expect_error<ExpressionValueError>([&] { solve(expression_problem(e, grid), o); },
                                           {"key 'model.diffusion'", "D = b²/2 = 0"});
  // a b whose zero enters the grid after the start, between evaluation points (never exactly at one, so no
  // point value shows it): refused when the generator is assembled at the first time b changes sign along the
  // grid, at the key. Without the check at every assembly the run went on with a vanishing D.
  e = ou_by_expression();
  e.diffusion = "x + 1.0123 - t";  // > 0 on the grid at t = 0, crosses 0 inside it for t > 0.0123
  test::expect_error<ExpressionValueError>([&] { solve(expression_problem(e, grid), o); },
                                           {"key 'model.diffusion'", "changes sign between x = -0.975 and x = -0.95 (t = "});
  // a point mass where b = 0 does not spread
  e = ou_by_expression();
  e.diffusion = "x";
  e.initial = InitialKind::point;
  e.x0 = 0.0;
  test::expect_error<ExpressionValueError>([&] { default_smoothing_time(e, grid); }, {"key 'model.diffusion'", "is 0"});
}

// D may vanish at a reflecting side's own face (never evaluated there), as GBM's does at 0, but not at an
// absorbing one, whose face the exit flux uses.
TEST(ExpressionProblem, DiffusionMayVanishOnlyAtAReflectingSidesFace) {
  ExpressionProblemSpec e;
  e.drift = "0";
  e.diffusion = "x";
  e.mean = 1.0;
  e.sd = 0.2;
  EXPECT_NO_THROW(expression_problem(e, Grid1D(0.0, 2.0, 40)));
  test::expect_error<ExpressionValueError>(
      [&] { expression_problem(e, Grid1D(0.0, 2.0, 40, Boundary::absorbing, Boundary::reflecting)); },
      {"key 'model.diffusion'", "at x = 0"});
}

// ---- 2-D ------------------------------------------------------------------------------------------------

// ou2d's default process, dX = −A X dt + S dW with correlated noise (Dxy = 0.3), stated by expressions.
ExpressionProblemSpec2D ou2d_by_expression() {
  ExpressionProblemSpec2D e;
  e.drift = {"-(a11*x + a12*y)", "-(a21*x + a22*y)"};
  e.diffusion = {{"s11", "s12"}, {"s21", "s22"}};
  e.parameters = {{"a11", 1.0}, {"a12", 0.3}, {"a21", -0.2}, {"a22", 2.0},
                  {"s11", 1.0}, {"s12", 0.0}, {"s21", 0.6}, {"s22", 0.8}};
  e.mean = {1.5, -1.0};
  e.covariance = {0.25, 0.0, 0.0, 0.25};
  return e;
}

// The 2-D OU stated by expressions goes through the same generator as the built-in ou2d: the same drifts, the
// same D = ½SSᵀ (the mixed term included), the same Gaussian start. So the densities agree to rounding, with
// ADI and with the sparse implicit solver.
TEST(ExpressionProblem2D, Ou2dByExpressionIsTheBuiltInToRounding) {
  const Grid2D grid{Grid1D(-5.0, 5.0, 60), Grid1D(-4.5, 5.5, 60)};
  Eigen::Matrix2d a, s;
  a << 1.0, 0.3, -0.2, 2.0;
  s << 1.0, 0.0, 0.6, 0.8;
  const auto built_in_problem = ou2d_problem(a, s, Eigen::Vector2d(1.5, -1.0), 0.25 * Eigen::Matrix2d::Identity(), grid);
  const auto user_problem = expression_problem(ou2d_by_expression(), grid);
  EXPECT_FALSE(user_problem.model.time_dependent);
  for (const Solver2D solver : {Solver2D::adi, Solver2D::implicit}) {
    Options2D o;
    o.solver = solver;
    o.adi.dt = o.stepping.dt = 5e-3;
    o.output_times = {0.1, 0.3};
    const auto built_in = solve(built_in_problem, o);
    const auto user = solve(user_problem, o);
    ASSERT_EQ(user.density.size(), built_in.density.size());
    for (std::size_t k = 0; k < user.density.size(); ++k) {
      const double diff = max_difference(user.density[k], built_in.density[k]);
      std::cout << "2-D OU by expression vs ou2d (" << (solver == Solver2D::adi ? "adi" : "implicit")
                << "), t = " << user.times[k] << ": max |Δp| = " << diff << '\n';
      EXPECT_LT(diff, 1e-12);
    }
    EXPECT_FALSE(user.exact_known()) << "no exact_density given, so no reference";
    EXPECT_TRUE(std::isnan(user.l1_error.back()));
    EXPECT_TRUE(std::isnan(user.exact_survival.back()));
    EXPECT_LT(user.mass_drift, 1e-12);
    EXPECT_EQ(user.step_time.size(), user.step_survival.size());
  }
}

// Two independent geometric Brownian motions, dX = μ₁X dt + σ₁X dW₁, dY = μ₂Y dt + σ₂Y dW₂: D = diag(σ₁²x²,
// σ₂²y²)/2 depends on the state and vanishes on the reflecting sides x = 0 and y = 0 (never evaluated there).
// The density is the product of two lognormals (its mass beyond [0, 5] × [0, 4] is about 1e-7 at t = 1).
// Started at t0 = 0.5 from it (a density expression, normalised on the grid), compared at t = 1 with the
// exact_density: second order in h, with the time step shrinking with h (dt ∝ h: the Hundsdorfer–Verwer
// error O(dt²) is then O(h²) too).
TEST(ExpressionProblem2D, ProductOfGbmsConvergesAtOrderTwoToTheProductOfLognormals) {
  ExpressionProblemSpec2D e;
  e.drift = {"mu1*x", "mu2*y"};
  e.diffusion = {{"s1*x", "0"}, {"0", "s2*y"}};
  e.parameters = {{"mu1", 0.1}, {"mu2", -0.1}, {"s1", 0.3}, {"s2", 0.25}, {"t0", 0.5}};
  const std::string lognormal_x = "exp(-((ln(x) - (mu1 - s1^2/2)*T)^2)/(2*s1^2*T)) / (x*s1*sqrt(2*_pi*T))";
  const std::string lognormal_y = "exp(-((ln(y) - (mu2 - s2^2/2)*T)^2)/(2*s2^2*T)) / (y*s2*sqrt(2*_pi*T))";
  const auto at_time = [&](const std::string& time) {
    std::string text = "x > 0 && y > 0 ? (" + lognormal_x + ")*(" + lognormal_y + ") : 0";
    for (std::size_t k = text.find('T'); k != std::string::npos; k = text.find('T', k)) text.replace(k, 1, time);
    return text;
  };
  e.start_time = 0.5;
  e.initial = InitialKind::density;
  e.density = at_time("t0");
  e.exact_density = at_time("t");
  std::vector<double> h, error;
  for (std::size_t cells : {50, 100, 200, 400}) {
    const Grid2D grid{Grid1D(0.0, 5.0, cells), Grid1D(0.0, 4.0, cells * 4 / 5)};  // h = 5/cells both ways
    Options2D o;
    h.push_back(5.0 / static_cast<double>(cells));
    o.adi.dt = h.back() / 4.0;
    o.output_times = {1.0};
    const auto s = solve(expression_problem(e, grid), o);
    ASSERT_TRUE(s.exact_known()) << s.reference;
    error.push_back(s.l1_error.back());
    std::cout << "two GBMs, h=" << h.back() << " L1=" << error.back() << " mean (" << s.mean_x.back() << ", "
              << s.mean_y.back() << ") exact (" << s.exact_mean_x.back() << ", " << s.exact_mean_y.back()
              << ") cov_xx " << s.cov_xx.back() << " (exact " << s.exact_cov_xx.back() << ") mass drift "
              << s.mass_drift << " min " << s.min_density << '\n';
    EXPECT_LT(s.mass_drift, 1e-12);
  }
  const auto fit = convergence::fit_loglog(h, error);
  std::cout << "two GBMs: spatial order " << fit.slope << " [" << fit.ci_low << ", " << fit.ci_high << "]\n";
  EXPECT_LE(fit.ci_low, 2.0);
  EXPECT_GE(fit.ci_high, 2.0);
  EXPECT_LT(fit.ci_high - fit.ci_low, 0.3);
}

// Brownian motion in the plane from a point, absorbed at the side x = 0 (the others reflecting and far): the
// density is the method-of-images one in x times a Gaussian in y, its survival erf(x0/√(2σ²t)). The solve
// starts from the one-step law at τ = 4h²/σ² (default), which ignores the wall, O(h²) off. The mass balance
// with the exit flux through the left side holds to the time step's trapezoidal rule, the L1 error is second
// order and the survival is within twice its Richardson estimate of the given density's.
TEST(ExpressionProblem2D, PointMassAtAnAbsorbingSideGivesTheImagesSurvival) {
  ExpressionProblemSpec2D e;
  e.drift = {"0", "0"};
  e.diffusion = {{"sigma", "0"}, {"0", "sigma"}};
  e.parameters = {{"sigma", 1.0}, {"x0", 1.0}};
  e.initial = InitialKind::point;
  e.x0 = {1.0, 0.0};
  e.exact_density = "(exp(-(x - x0)^2/(2*sigma^2*t)) - exp(-(x + x0)^2/(2*sigma^2*t))) / sqrt(2*_pi*sigma^2*t)"
                    " * exp(-y^2/(2*sigma^2*t)) / sqrt(2*_pi*sigma^2*t)";
  std::vector<double> h, error, survival;
  double exact_survival = 0.0;
  for (std::size_t cells : {50, 100, 200}) {
    const Grid2D grid{Grid1D(0.0, 5.0, cells, Boundary::absorbing, Boundary::reflecting),
                      Grid1D(-5.0, 5.0, 2 * cells)};
    e.smoothing_time = default_smoothing_time(e, grid);
    Options2D o;
    h.push_back(5.0 / static_cast<double>(cells));
    o.adi.dt = h.back() / 10.0;
    o.output_times = {0.5};
    const auto s = solve(expression_problem(e, grid), o);
    ASSERT_TRUE(s.exact_known()) << s.reference;
    error.push_back(s.l1_error.back());
    survival.push_back(s.step_survival.back());
    exact_survival = s.exact_survival.back();
    std::cout << "2-D BM from a point, absorbing at x = 0: h=" << h.back() << " tau=" << e.smoothing_time
              << " L1=" << error.back() << " survival " << survival.back() << " (exact " << exact_survival
              << ") mass balance " << s.mass_drift << '\n';
    // the given density's survival on the grid: erf(x0/√(2σ²t)) less its mass beyond the far side x = 5
    // (7.7e-9; beyond y = ±5 it is 1.5e-12)
    const double beyond = 0.5 * std::erfc(4.0 / std::sqrt(2.0 * 0.5)) - 0.5 * std::erfc(6.0 / std::sqrt(2.0 * 0.5));
    EXPECT_NEAR(exact_survival, std::erf(1.0 / std::sqrt(2.0 * 0.5)) - beyond, 1e-10);
    EXPECT_GT(s.exit_flux_left.back(), 0.0);
    EXPECT_EQ(s.exit_flux_right.back(), 0.0);
    EXPECT_EQ(s.exit_flux_bottom.back(), 0.0);
    EXPECT_EQ(s.exit_flux_top.back(), 0.0);
    // Σ p vol + ∫ exit flux dt is conserved up to the trapezoidal rule's O(dt²) per unit time.
    EXPECT_LT(s.mass_drift, 1e-4);
  }
  const auto fit = convergence::fit_loglog(h, error);
  std::cout << "2-D BM from a point: L1 order " << fit.slope << " [" << fit.ci_low << ", " << fit.ci_high << "]\n";
  EXPECT_LE(fit.ci_low, 2.0);
  EXPECT_GE(fit.ci_high, 2.0);
  const double richardson = (4.0 / 3.0) * std::fabs(survival[1] - survival[2]);
  EXPECT_LE(std::fabs(survival[2] - exact_survival), 2.0 * richardson);
}

// Refusals, each naming the key that holds the value.
TEST(ExpressionProblem2D, ValuesTheSchemeCannotUseAreRefusedAtTheirKey) {
  const Grid2D grid{Grid1D(-2.0, 2.0, 20), Grid1D(-2.0, 2.0, 20)};
  auto e = ou2d_by_expression();
  e.diffusion = {{"1", "1"}, {"1", "1"}};  // g has rank one: D is singular everywhere
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'model.diffusion'", "not positive definite"});
  e.diffusion = {{"x > 0 ? 1 : 0", "0"}, {"0", "1"}};  // Dxx = 0 on the left half
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'model.diffusion'", "D_xx = 0 at x = -1.9, y = -1.9, t = 0"});
  e = ou2d_by_expression();
  e.drift[1] = "sqrt(y)";
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'model.drift'", "a_y(x, y, t)", "is nan"});
  e = ou2d_by_expression();
  e.covariance = {1.0, 2.0, 2.0, 1.0};
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'initial.covariance'", "positive definite"});
  e = ou2d_by_expression();
  e.initial = InitialKind::density;
  e.density = "x*y";
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'initial.density'", "expected finite values >= 0"});
  e = ou2d_by_expression();
  e.initial = InitialKind::point;
  e.smoothing_time = 1e-3;
  e.x0 = {0.0, 2.5};
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'initial.x0'", "not inside the grid"});
  e.x0 = {0.0, 1.99};
  test::expect_error<ExpressionValueError>([&] { expression_problem(e, grid); },
                                           {"key 'initial.x0'", "beyond the grid"});
  e = ou2d_by_expression();
  e.drift[0] = "-x + z";
  EXPECT_THROW(expression_problem(e, grid), ParameterError);
  // a diffusion that degenerates only later: refused when the step reaches it, at the key
  e = ou2d_by_expression();
  e.diffusion = {{"t < 0.2 ? 1 : 0", "0"}, {"0", "1"}};
  EXPECT_TRUE(expression_problem(e, grid).model.time_dependent);
  Options2D o;
  o.solver = Solver2D::implicit;
  o.stepping.dt = 0.1;
  o.output_times = {0.5};
  test::expect_error<ExpressionValueError>([&] { solve(expression_problem(e, grid), o); },
                                           {"key 'model.diffusion'", "D_xx = 0"});
}

}  // namespace
}  // namespace ito::fokker_planck
