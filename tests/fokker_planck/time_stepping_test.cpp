#include "ito/fokker_planck/time_stepping.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/fokker_planck/problems.hpp"
#include "ito/convergence/order_fit.hpp"

namespace ito::fokker_planck {
namespace {

// OU transient of the brief on 120 cells; time errors against a reference with a 16× smaller step.
struct TimeLadder {
  Problem1D problem = ou_problem(1.0, 0.0, std::sqrt(2.0), 2.0, 0.5, Grid1D(-6.0, 6.0, 120));
  Eigen::VectorXd run(TimeMethod method, double dt) const {
    LinearEvolution e{[this](double t) { return assemble_generator(problem.model, problem.grid, t).matrix; }, false,
                      problem.grid.width()};
    Eigen::VectorXd p = Eigen::Map<const Eigen::VectorXd>(problem.initial.data(), 120);
    TimeStepping s;
    s.method = method;
    s.dt = dt;
    evolve(e, p, 0.0, {0.4}, s);
    return p;
  }
  core::LineFit order(TimeMethod method) const {
    const std::vector<double> dts{0.04, 0.02, 0.01, 0.005};
    const Eigen::VectorXd reference = run(method, dts.back() / 16);
    std::vector<double> errors;
    for (double dt : dts) errors.push_back(problem.grid.width() * (run(method, dt) - reference).cwiseAbs().sum());
    const auto fit = convergence::fit_loglog(dts, errors);
    std::cout << to_string(method) << ": time order " << fit.slope << " ± " << (fit.ci_high - fit.slope)
              << " (95%), L1 error at dt=0.005: " << errors.back() << '\n';
    return fit;
  }
};

TEST(TimeStepping, OrdersOfTheThreeSteppers) {
  const TimeLadder ladder;
  const auto ie = ladder.order(TimeMethod::implicit_euler);
  EXPECT_NEAR(ie.slope, 1.0, 0.05);
  EXPECT_LT(ie.ci_high - ie.slope, 0.05);
  for (auto m : {TimeMethod::crank_nicolson, TimeMethod::tr_bdf2}) {
    const auto fit = ladder.order(m);
    EXPECT_NEAR(fit.slope, 2.0, 0.05) << to_string(m);
    EXPECT_LT(fit.ci_high - fit.slope, 0.05) << to_string(m);
  }
}

TEST(TimeStepping, ImplicitEulerKeepsPositivityAndMassForHugeSteps) {
  // A point mass (the least smooth data) with Δt far beyond any explicit stability limit.
  const auto p = ou_problem(1.0, 0.0, 1.0, 0.0, 1.0, Grid1D(-5.0, 7.0, 200));
  LinearEvolution e{[&](double t) { return assemble_generator(p.model, p.grid, t).matrix; }, false, p.grid.width()};
  Eigen::VectorXd q = Eigen::VectorXd::Zero(200);
  q[150] = 1.0 / p.grid.width();
  TimeStepping s;
  s.method = TimeMethod::implicit_euler;
  s.dt = 0.5;
  double worst_mass = 0.0, minimum = 0.0;
  evolve(e, q, 0.0, {1.0, 5.0}, s, [&](double, const Eigen::VectorXd& v, int) {
    worst_mass = std::max(worst_mass, std::fabs(v.sum() * p.grid.width() - 1.0));
    minimum = std::min(minimum, v.minCoeff());
  });
  EXPECT_LT(worst_mass, 1e-13);
  EXPECT_GE(minimum, 0.0);
}

TEST(TimeStepping, AdaptiveCostGrowsLogarithmicallyWithTheEndTime) {
  const auto p = ou_problem(1.0, 0.0, std::sqrt(2.0), 2.0, 0.5, Grid1D(-6.0, 6.0, 120));
  LinearEvolution e{[&](double t) { return assemble_generator(p.model, p.grid, t).matrix; }, false, p.grid.width()};
  TimeStepping s;
  s.adaptive = true;
  s.dt = 1e-3;
  s.tolerance = 1e-8;
  std::size_t steps[2], factorizations[2];
  double error[2];
  const double ends[2] = {20.0, 2000.0};
  for (int k = 0; k < 2; ++k) {
    Eigen::VectorXd q = Eigen::Map<const Eigen::VectorXd>(p.initial.data(), 120);
    const auto stats = evolve(e, q, 0.0, {ends[k]}, s);
    steps[k] = stats.steps;
    factorizations[k] = stats.factorizations;
    const auto exact = p.exact_density(ends[k]);
    error[k] = 0.0;
    for (int i = 0; i < 120; ++i) error[k] += p.grid.width() * std::fabs(q[i] - exact[static_cast<std::size_t>(i)]);
  }
  std::cout << "adaptive TR-BDF2: T=20 " << steps[0] << " steps, " << factorizations[0] << " LUs; T=2000 " << steps[1]
            << " steps, " << factorizations[1] << " LUs; L1 errors " << error[0] << ", " << error[1] << '\n';
  // 100× the end time costs at most log2(100) ≈ 7 doublings more (+ a few rejections).
  EXPECT_LE(steps[1], steps[0] + 12);
  EXPECT_LE(factorizations[1], factorizations[0] + 12);
  EXPECT_LT(error[1], 2e-3);  // the spatial error of the stationary state at h = 0.1, not accumulated in time
}

TEST(TimeStepping, TimeDependentDriftMatchesTheExactMovingMean) {
  // dX = (sin t − X) dt + √2 dW: the mean solves m′ = sin t − m, m(0) = 0 → m = (sin t − cos t + e^{−t})/2.
  Model1D m{[](double t, double x) { return std::sin(t) - x; }, [](double, double) { return 1.0; }, {}, true, {}};
  const Grid1D grid(-7.0, 7.0, 560);
  LinearEvolution e{[&](double t) { return assemble_generator(m, grid, t).matrix; }, true, grid.width()};
  Eigen::VectorXd q = Eigen::Map<const Eigen::VectorXd>(gaussian_cell_averages(grid, 0.0, 1.0).data(), 560);
  TimeStepping s;
  s.dt = 0.01;
  evolve(e, q, 0.0, {2.0}, s);
  double mean = 0.0;
  for (int i = 0; i < 560; ++i) mean += grid.width() * grid.centre(static_cast<std::size_t>(i)) * q[i];
  const double exact = 0.5 * (std::sin(2.0) - std::cos(2.0) + std::exp(-2.0));
  EXPECT_NEAR(mean, exact, 2e-4);  // O(h²) spatial (h = 0.025) + O(Δt²) time error
}

TEST(TimeStepping, RejectsBadConfigurations) {
  const auto p = ou_problem(1.0, 0.0, 1.0, 0.0, 1.0, Grid1D(-5.0, 5.0, 20));
  LinearEvolution e{[&](double t) { return assemble_generator(p.model, p.grid, t).matrix; }, false, p.grid.width()};
  Eigen::VectorXd q = Eigen::VectorXd::Ones(20);
  TimeStepping s;
  s.dt = -1.0;
  EXPECT_THROW(evolve(e, q, 0.0, {1.0}, s), ParameterError);
  s.dt = 0.1;
  EXPECT_THROW(evolve(e, q, 0.0, {1.0, 0.5}, s), ParameterError);
  s.adaptive = true;
  s.method = TimeMethod::crank_nicolson;
  EXPECT_THROW(evolve(e, q, 0.0, {1.0}, s), ParameterError);
  EXPECT_THROW(time_method_from_string("rk4"), ParameterError);
}

}  // namespace
}  // namespace ito::fokker_planck
