#include "ito/fokker_planck/step_control.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "ito/core/error.hpp"
#include "ito/fokker_planck/problems.hpp"
#include "ito/fokker_planck/time_stepping.hpp"

namespace ito::fokker_planck {
namespace {

// A synthetic stepper with a prescribed error model, err = h³ and change = h (the controller alone).
struct ModelStepper {
  std::vector<double> attempts;
  StepReport operator()(double, double h, const Eigen::VectorXd& p, Eigen::VectorXd& next, bool) {
    attempts.push_back(h);
    next = p;
    return {h * h * h, h};
  }
};

std::vector<double> accepted_steps(ModelStepper& stepper, const StepControl& control, double t_end, StepStats& stats) {
  Eigen::VectorXd p = Eigen::VectorXd::Ones(1);
  std::vector<double> steps;
  double last = 0.0, reached = 0.0;
  advance(std::ref(stepper), p, 0.0, {t_end}, control, [&](double t, const Eigen::VectorXd&, int output) {
    steps.push_back(t - last);
    last = t;
    if (output == 0) reached = t;
  }, "test", stats);
  EXPECT_EQ(reached, t_end);  // bitwise: the output time itself is reported
  return steps;
}

StepControl adaptive_control(double dt, double tolerance, double relative_tolerance) {
  StepControl c;
  c.adaptive = true;
  c.dt = dt;
  c.tolerance = tolerance;
  c.relative_tolerance = relative_tolerance;
  return c;
}

TEST(StepControl, AbsoluteToleranceSettlesOnTheLargestPowerOfTwoStepPredictedToPassTwice) {
  // err = h³ ≤ 1e-3 accepts h ≤ 0.1; growth needs the predicted 8 err ≤ ½ 1e-3, i.e. h ≤ 0.05 before
  // doubling, so from dt0 = 1/64 the first step jumps ×4 to 1/16, which is kept.
  ModelStepper stepper;
  StepControl c = adaptive_control(1.0 / 64, 1e-3, 0.0);
  StepStats stats;
  const auto steps = accepted_steps(stepper, c, 1.0 + 1.0 / 64, stats);
  ASSERT_EQ(steps.size(), 17u);
  EXPECT_EQ(steps.front(), 1.0 / 64);
  for (std::size_t k = 1; k < steps.size(); ++k) EXPECT_EQ(steps[k], 1.0 / 16);
  EXPECT_EQ(stats.rejected, 0u);

  // A first step far too large is rejected once and shrunk by the predicted factor (here the cap 16).
  ModelStepper again;
  c.dt = 1.0;
  StepStats second;
  const auto shrunk = accepted_steps(again, c, 2.0, second);
  EXPECT_EQ(second.rejected, 1u);
  EXPECT_EQ(again.attempts.front(), 1.0);
  for (double h : shrunk) EXPECT_EQ(h, 1.0 / 16);
}

TEST(StepControl, RelativeToleranceComparesTheErrorWithTheChangeOfTheStep) {
  // err = h³ ≤ 0.1·h accepts h ≤ 0.316; doubling is predicted to pass twice over when 8h³ ≤ ½·0.1·2h,
  // h ≤ 0.112: the steps settle at 1/8 (with a negligible absolute part).
  ModelStepper stepper;
  const StepControl c = adaptive_control(1.0 / 64, 1e-15, 0.1);
  StepStats stats;
  const auto steps = accepted_steps(stepper, c, 4.0 + 1.0 / 64, stats);
  EXPECT_EQ(steps.back(), 1.0 / 8);
  EXPECT_EQ(stats.rejected, 0u);
  for (double h : steps) EXPECT_LE(h, 1.0 / 8);
}

TEST(StepControl, NonFiniteEstimatesAndStatesAreReported) {
  StepControl c;
  c.adaptive = true;
  Eigen::VectorXd p = Eigen::VectorXd::Ones(1);
  StepStats stats;
  const Stepper nan_error = [](double, double, const Eigen::VectorXd& q, Eigen::VectorXd& next, bool) {
    next = q;
    return StepReport{std::nan(""), 0.0};
  };
  EXPECT_THROW(advance(nan_error, p, 0.0, {1.0}, c, {}, "test", stats), NumericalError);  // step size underflow
  const Stepper nan_state = [](double, double, const Eigen::VectorXd& q, Eigen::VectorXd& next, bool) {
    next = q * std::nan("");
    return StepReport{0.0, 0.0};
  };
  c.adaptive = false;
  EXPECT_THROW(advance(nan_state, p, 0.0, {1.0}, c, {}, "test", stats), NumericalError);
  c.relative_tolerance = -1.0;
  c.adaptive = true;
  EXPECT_THROW(advance(nan_state, p, 0.0, {1.0}, c, {}, "test", stats), ParameterError);
}

// dp/dt = Λp, Λ = diag(−0.78, −1.72, −40, −400) (the slow rates of the fplanck benchmark and two stiff
// ones), p(0) = 1: exactly p_k(t) = e^{λ_k t}. Adaptive TR-BDF2 to T.
struct StiffDecay {
  Eigen::VectorXd rates = (Eigen::VectorXd(4) << -0.78, -1.72, -40.0, -400.0).finished();
  StepStats run(double tolerance, double relative_tolerance, double end, double& slow_relative_error) const {
    SparseMatrix l(4, 4);
    for (int k = 0; k < 4; ++k) l.insert(k, k) = rates[k];
    TimeStepping s;
    s.adaptive = true;
    s.dt = 1.0 / 64;
    s.tolerance = tolerance;
    s.relative_tolerance = relative_tolerance;
    Eigen::VectorXd p = Eigen::VectorXd::Ones(4);
    const auto stats = evolve({[&](double) { return l; }, false, 1.0}, p, 0.0, {end}, s);
    slow_relative_error = std::fabs(p[0] / std::exp(rates[0] * end) - 1.0);
    return stats;
  }
};

TEST(StepControl, RelativeToleranceFollowsTheSlowModeAndTheCostStaysBounded) {
  // With err ≤ ρ‖Δp‖₁ the slow mode loses a relative ≈ ρ·(change/amplitude) ≈ ρ|λ|Δt per step, so at
  // most ≈ ρ|λ|T by time T (the estimate is asymptotically exact; a factor 2 covers its O(λΔt) terms).
  const StiffDecay problem;
  const double rho = 1e-3, end = 20.0, bound = 2.0 * rho * 0.78 * end;
  double relative = 0.0, absolute_only = 0.0, ignored = 0.0;
  const auto stats = problem.run(1e-14, rho, end, relative);
  problem.run(1e-6, 0.0, end, absolute_only);
  std::cout << "slow mode at T = 20: relative error " << relative << " (bound " << bound << ") in " << stats.steps
            << " steps; absolute tolerance 1e-6 alone: " << absolute_only << '\n';
  EXPECT_LT(relative, bound);
  // The slow mode's value e^{−15.6} = 1.7e-7 is below an absolute tolerance of 1e-6 long before T, which
  // then no longer resolves it: an O(1) relative error.
  EXPECT_GT(absolute_only, 0.1);
  // Once the modes have decayed below the absolute tolerance the steps grow by up to 16× per step:
  // ten times the end time costs at most a few more steps.
  const auto long_run = problem.run(1e-14, rho, 200.0, ignored), longer_run = problem.run(1e-14, rho, 2000.0, ignored);
  std::cout << "steps to T = 20, 200, 2000: " << stats.steps << ", " << long_run.steps << ", " << longer_run.steps << '\n';
  EXPECT_LE(longer_run.steps, long_run.steps + 3);
}

TEST(StepControl, OutputTimesOnTheLatticeReuseEveryFactorisation) {
  // 1-D OU transient, adaptive TR-BDF2 from dt0 = 1/64 through outputs 0.5 and 3 (multiples of dt0) and
  // 3 + 1/3 (not): every step is dt0·2ᵏ except at most one landing step per output (a remainder that is
  // not a power-of-two fraction of the step), and each size is factorised once.
  const auto problem = ou_problem(1.0, 0.0, std::sqrt(2.0), 2.0, 0.5, Grid1D(-6.0, 6.0, 120));
  LinearEvolution e{[&](double t) { return assemble_generator(problem.model, problem.grid, t).matrix; }, false,
                    problem.grid.width()};
  Eigen::VectorXd p = Eigen::Map<const Eigen::VectorXd>(problem.initial.data(), 120);
  TimeStepping s;
  s.adaptive = true;
  s.dt = 1.0 / 64;
  s.tolerance = 1e-7;
  s.relative_tolerance = 1e-3;
  const std::vector<double> outputs{0.5, 3.0, 3.0 + 1.0 / 3.0};
  std::vector<double> reached;
  std::set<double> sizes;
  int off_lattice = 0;
  double last = 0.0;
  const auto stats = evolve(e, p, 0.0, outputs, s, [&](double t, const Eigen::VectorXd&, int output) {
    const double h = t - last;
    last = t;
    sizes.insert(h);
    const double k = std::log2(h * 64);
    if (std::fabs(k - std::round(k)) > 1e-12) ++off_lattice;
    if (output >= 0) reached.push_back(t);
  });
  EXPECT_EQ(reached, outputs);  // bitwise
  EXPECT_LE(off_lattice, 3);
  EXPECT_GE(off_lattice, 1);  // 3 + 1/3 is not a multiple of 2⁻³⁶
  // One factorisation per size: accepted sizes, plus at most one per rejected attempt.
  EXPECT_LE(stats.factorizations, sizes.size() + stats.rejected);
  std::cout << stats.steps << " steps, " << off_lattice << " landing steps of other sizes, " << sizes.size()
            << " step sizes, " << stats.rejected << " rejected, " << stats.factorizations
            << " factorisations\n";
  EXPECT_LT(std::fabs(problem.grid.width() * p.sum() - 1.0), 1e-12);
}

}  // namespace
}  // namespace ito::fokker_planck
