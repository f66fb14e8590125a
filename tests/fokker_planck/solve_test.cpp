#include "ito/fokker_planck/solve.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/convergence/order_fit.hpp"

namespace ito::fokker_planck {
namespace {

Solution1D ou_transient(std::size_t cells) {
  // The brief's OU transient: θ = 1, μ = 0, σ = √2, N(2, 0.5²) at t = 0 (exact cell averages), t = 0.4.
  const auto p = ou_problem(1.0, 0.0, std::sqrt(2.0), 2.0, 0.5, Grid1D(-6.0, 6.0, cells));
  Options1D o;
  o.stepping.dt = 2e-4;  // TR-BDF2 time error ~1e-7, far below the spatial error
  o.output_times = {0.2, 0.4};
  return solve(p, o);
}

TEST(SolveOu, SpatialOrderTwoAndErrorAtTheBriefsGrid) {
  std::vector<double> h, error;
  for (std::size_t cells : {60, 120, 150, 240, 480}) {
    const auto s = ou_transient(cells);
    h.push_back(12.0 / static_cast<double>(cells));
    error.push_back(s.l1_error.back());
    std::cout << "OU h=" << h.back() << " L1=" << error.back() << " mean " << s.mean.back() << " (exact "
              << s.exact_mean.back() << ") variance " << s.variance.back() << " (exact " << s.exact_variance.back()
              << ") mass drift " << s.mass_drift << " min " << s.min_density << '\n';
    EXPECT_LT(s.mass_drift, 1e-12);
    EXPECT_GE(s.min_density, 0.0);
    // Second-order moment errors with the measured constants of the face-weighted fitted flux: mean
    // 0.022 h², variance (of the piecewise-constant density, h²/12 included) 0.207 h², at every h here.
    // (Plain Scharfetter–Gummel: 0.089 h² and 0.173 h².)
    EXPECT_NEAR(s.mean.back(), s.exact_mean.back(), 0.03 * h.back() * h.back());
    EXPECT_NEAR(s.variance.back(), s.exact_variance.back(), 0.25 * h.back() * h.back());
  }
  const auto fit = convergence::fit_loglog(h, error);
  std::cout << "OU spatial order " << fit.slope << " ± " << (fit.ci_high - fit.slope) << " (95%)\n";
  EXPECT_NEAR(fit.slope, 2.0, 0.05);
  EXPECT_LT(fit.ci_high - fit.slope, 0.05);
  // The requirement: L1 ≤ 1.0e-3 at h = 0.1 (120 cells). Error sources, separated with exact time
  // integration (matrix exponential): time stepping ~1e-7 here; initial condition and comparison are exact
  // cell averages. What remains is the O(h²) flux error. Plain Scharfetter–Gummel gives 1.474e-3 (central
  // fluxes 2.08e-3); the fitted flux with the exact face value of e^{−Φ} (generator.hpp) 0.975e-3.
  EXPECT_LE(error[1], 1.0e-3);
}

TEST(SolveGbm, LognormalDensityAtSpatialOrderTwo) {
  std::vector<double> h, error;
  for (std::size_t cells : {100, 200, 400, 800}) {
    const auto p = gbm_problem(0.05, 0.3, 1.0, 0.1, Grid1D(0.0, 4.0, cells));
    Options1D o;
    o.stepping.dt = 1e-3;
    o.output_times = {1.0};
    const auto s = solve(p, o);
    h.push_back(4.0 / static_cast<double>(cells));
    error.push_back(s.l1_error.back());
    EXPECT_LT(s.mass_drift, 1e-12);
    EXPECT_GE(s.min_density, 0.0);
    EXPECT_NEAR(s.mean.back(), s.exact_mean.back(), 0.1 * h.back() * h.back());
  }
  const auto fit = convergence::fit_loglog(h, error);
  std::cout << "GBM spatial order " << fit.slope << " ± " << (fit.ci_high - fit.slope) << ", L1 at h=0.01: "
            << error.back() << '\n';
  EXPECT_NEAR(fit.slope, 2.0, 0.05);
  EXPECT_LT(fit.ci_high - fit.slope, 0.05);
}

TEST(SolveAbsorbing, SurvivalMatchesTheMethodOfImages) {
  // D = 0.5, wall at 0, x0 = 1: S(t) = erf(1/√(2t)). Left wall absorbing, far side reflecting at 10.
  const auto p = absorbing_bm_problem(0.5, 1.0, 0.05, Grid1D(0.0, 10.0, 250, Boundary::absorbing, Boundary::reflecting));
  Options1D o;
  o.stepping.dt = 2e-3;
  o.output_times = {0.25, 0.5, 1.0};
  const auto s = solve(p, o);
  for (std::size_t k = 0; k < 3; ++k) {
    std::cout << "survival t=" << s.times[k] << ": " << s.survival[k] << " exact " << s.exact_survival[k] << " rel "
              << s.survival[k] / s.exact_survival[k] - 1 << '\n';
    EXPECT_NEAR(s.survival[k] / s.exact_survival[k], 1.0, 1e-4);
  }
  EXPECT_GT(s.exit_flux_left.back(), 0.0);
  EXPECT_EQ(s.exit_flux_right.back(), 0.0);
  // Mirror image: wall on the right.
  const auto q = absorbing_bm_problem(0.5, -1.0, 0.05, Grid1D(-10.0, 0.0, 250, Boundary::reflecting, Boundary::absorbing));
  const auto r = solve(q, o);
  EXPECT_NEAR(r.survival.back() / r.exact_survival.back(), 1.0, 1e-4);
  EXPECT_NEAR(r.survival.back(), s.survival.back(), 1e-13);
  // d(survival)/dt = −exit flux, integrated by the trapezoidal rule over the steps (O(Δt²)).
  EXPECT_LT(s.mass_drift, 1e-6);
}

Problem2D ou2d(std::size_t cells) {
  Eigen::Matrix2d a, s;
  a << 1.0, 0.3, -0.2, 2.0;  // anisotropic, non-symmetric drift
  s << 1.0, 0.0, 0.6, 0.8;   // correlated noise: Dxy = 0.3
  return ou2d_problem(a, s, Eigen::Vector2d(1.5, -1.0), 0.25 * Eigen::Matrix2d::Identity(),
                      Grid2D{Grid1D(-5, 5, cells), Grid1D(-4.5, 5.5, cells)});
}

TEST(SolveOu2d, SparseImplicitAndAdiConvergeToTheExactGaussian) {
  std::vector<double> h, error_implicit, error_adi;
  for (std::size_t cells : {40, 80, 160}) {
    const auto p = ou2d(cells);
    Options2D o;
    o.stepping.dt = 0.01;
    o.adi.dt = 0.0025;  // HV time error well below the spatial error
    o.output_times = {0.5};
    o.solver = Solver2D::implicit;
    const auto si = solve(p, o);
    o.solver = Solver2D::adi;
    const auto sa = solve(p, o);
    h.push_back(10.0 / static_cast<double>(cells));
    error_implicit.push_back(si.l1_error.back());
    error_adi.push_back(sa.l1_error.back());
    std::cout << "OU2D h=" << h.back() << " L1 implicit " << si.l1_error.back() << " ADI " << sa.l1_error.back()
              << "; mass drift " << si.mass_drift << ", " << sa.mass_drift << "; min density " << si.min_density << ", "
              << sa.min_density << "; cov_xy " << sa.cov_xy.back() << " (exact " << sa.exact_cov_xy.back() << ")\n";
    for (const auto* s : {&si, &sa}) {
      EXPECT_LT(s->mass_drift, 1e-12);
      EXPECT_NEAR(s->mean_x.back(), s->exact_mean_x.back(), 0.2 * h.back() * h.back());  // measured 0.157 h²
      EXPECT_NEAR(s->cov_xy.back(), s->exact_cov_xy.back(), 0.05 * h.back() * h.back());  // measured 0.035 h²
    }
  }
  const auto fi = convergence::fit_loglog(h, error_implicit), fa = convergence::fit_loglog(h, error_adi);
  std::cout << "OU2D spatial order implicit " << fi.slope << " ± " << (fi.ci_high - fi.slope) << ", ADI "
            << fa.slope << " ± " << (fa.ci_high - fa.slope) << '\n';
  // The coarsest grid (h = 0.25) is pre-asymptotic (error ratio 3.5 to the next), so the three-point fit
  // has a wide interval: require that it contains 2, and that the order between the two finest grids is
  // within 0.1 of 2 (measured 1.95 implicit, 1.93 ADI).
  EXPECT_LE(std::fabs(fi.slope - 2.0), fi.ci_high - fi.slope);
  EXPECT_LE(std::fabs(fa.slope - 2.0), fa.ci_high - fa.slope);
  EXPECT_NEAR(std::log2(error_implicit[1] / error_implicit[2]), 2.0, 0.1);
  EXPECT_NEAR(std::log2(error_adi[1] / error_adi[2]), 2.0, 0.1);
}

TEST(SolveErrors, InvalidProblemsThrowParameterError) {
  EXPECT_THROW(gbm_problem(0.05, 0.3, 1.0, 0.1, Grid1D(-1.0, 4.0, 50)), ParameterError);
  EXPECT_THROW(absorbing_bm_problem(0.5, 1.0, 0.05, Grid1D(0.0, 10.0, 50)), ParameterError);
  EXPECT_THROW(ou_problem(-1.0, 0.0, 1.0, 0.0, 1.0, Grid1D(0.0, 1.0, 50)), ParameterError);
  Options1D o;
  o.steady_state = true;
  EXPECT_THROW(solve(absorbing_bm_problem(0.5, 1.0, 0.05, Grid1D(0.0, 10.0, 50, Boundary::absorbing)), o), ParameterError);
}

}  // namespace
}  // namespace ito::fokker_planck

namespace ito::fokker_planck {
namespace {

// "Exact" only where it holds: the free-space OU law is no reference once an absorbing wall takes mass (the
// issue's case: L1 0.21 against it, exact_survival = 1); it still is when the wall is never reached.
TEST(ExactReference, ReportedOnlyWhereItHoldsForTheConfiguredProblem) {
  Options1D o;
  o.stepping.dt = 1e-3;
  o.output_times = {0.4};
  const auto near = solve(ou_problem(1.0, 0.0, std::sqrt(2.0), 2.0, 0.5,
                                     Grid1D(0.0, 6.0, 120, Boundary::absorbing, Boundary::reflecting)),
                          o);
  EXPECT_FALSE(near.exact_known());
  EXPECT_NE(near.reference.find("none: the law of the unbounded process puts a mass of"), std::string::npos)
      << near.reference;
  EXPECT_TRUE(std::isnan(near.exact_survival.back()));
  EXPECT_TRUE(std::isnan(near.exact_mean.back()));
  EXPECT_TRUE(std::isnan(near.l1_error.back()));
  EXPECT_TRUE(near.exact_density.back().empty());
  EXPECT_LT(near.survival.back(), 0.99) << "the wall does take mass";

  const auto far = solve(ou_problem(1.0, 0.0, std::sqrt(2.0), 2.0, 0.5,
                                    Grid1D(-6.0, 6.0, 120, Boundary::absorbing, Boundary::reflecting)),
                         o);
  EXPECT_TRUE(far.exact_known()) << far.reference;
  EXPECT_LT(far.reference_mass_outside, kReferenceMassOutside);
  EXPECT_EQ(far.exact_survival.back(), 1.0);
  EXPECT_LT(far.l1_error.back(), 2e-3);

  // the double well's stationary density holds with reflecting sides only
  Options1D steady;
  steady.steady_state = true;
  const auto reflecting = solve(double_well_problem(0.25, 1.0, 0.3, Grid1D(-2.2, 2.6, 200)), steady);
  EXPECT_TRUE(reflecting.exact_known());
  const auto periodic =
      solve(double_well_problem(0.25, 1.0, 0.3, Grid1D(-2.2, 2.6, 200, Boundary::periodic, Boundary::periodic)), steady);
  EXPECT_FALSE(periodic.exact_known()) << periodic.reference;
  EXPECT_TRUE(std::isnan(periodic.l1_error.back()));
}

// The stationary OU state is compared with N(μ, σ²/2θ), not with the initial law (it used to report the
// initial mean as the exact mean).
TEST(ExactReference, StationaryOuIsComparedWithTheStationaryLaw) {
  Options1D steady;
  steady.steady_state = true;
  const auto s = solve(ou_problem(2.0, 0.5, 1.0, 3.0, 0.5, Grid1D(-4.0, 5.0, 400)), steady);
  ASSERT_TRUE(s.exact_known()) << s.reference;
  EXPECT_EQ(s.exact_mean.back(), 0.5);
  EXPECT_DOUBLE_EQ(s.exact_variance.back(), 0.25);
  EXPECT_NEAR(s.mean.back(), 0.5, 1e-4);
  EXPECT_LT(s.l1_error.back(), 1e-3);
  const auto gbm = solve(gbm_problem(0.05, 0.3, 1.0, 0.1, Grid1D(0.0, 4.0, 100)), steady);
  EXPECT_FALSE(gbm.exact_known());
  EXPECT_NE(gbm.reference.find("no stationary law"), std::string::npos) << gbm.reference;
}

}  // namespace
}  // namespace ito::fokker_planck
