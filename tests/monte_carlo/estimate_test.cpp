// The Monte Carlo estimator: antithetic pairs of a linear functional cancel exactly, the estimate is the mean
// of the kernel's path values in path order whatever the thread count, and a blow-up in a block names its path.
#include "ito/monte_carlo/estimate.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <string>

#include "ito/core/error.hpp"
#include "ito/core/statistics.hpp"
#include "ito/feynman_kac/functional.hpp"
#include "ito/schemes/euler_maruyama.hpp"
#include "ito/schemes/exact_ornstein_uhlenbeck.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::monte_carlo {
namespace {

const auto identity = [](const double* x) { return x[0]; };
using Identity = feynman_kac::TerminalFunctional<decltype(identity)>;

TEST(Estimate, AntitheticLinearFunctionalHasNoVariance) {
  const sde::OrnsteinUhlenbeck ou{1.0, 0.0, 1.0};
  const double x0 = 1.0;
  const core::TimeGrid grid(0, 1, 4);
  const auto e = estimate(ou, schemes::ExactOrnsteinUhlenbeck{}, Identity{identity}, grid, &x0, {1000, true, 9, 0});
  EXPECT_NEAR(e.mean, std::exp(-1.0), 1e-14);
  EXPECT_LT(e.std_error, 1e-14);
  EXPECT_EQ(e.path_steps, 8000.0);
  EXPECT_THROW(estimate(ou, schemes::ExactOrnsteinUhlenbeck{}, Identity{identity}, grid, &x0, {1, false, 9, 0}),
               Error);
}

TEST(Estimate, IsTheMeanOfThePathValuesForAnyThreadCount) {
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const double s0 = 100.0;
  const core::TimeGrid grid(0, 1, 5);
  const MonteCarloOptions options{1300, false, 4, 7};  // three blocks, the last one partial
  const random::NormalStream stream(4, random::Purpose::monte_carlo);
  core::RunningStats expected;
  for (std::uint64_t p = 0; p < 1300; ++p)
    expected.add(simulate_path(gbm, schemes::EulerMaruyama{}, Identity{identity}, grid, &s0, stream, 7 + p));
  const int saved = omp_get_max_threads();
  for (int threads : {1, 2, 3}) {
    omp_set_num_threads(threads);
    const auto e = estimate(gbm, schemes::EulerMaruyama{}, Identity{identity}, grid, &s0, options);
    EXPECT_EQ(e.samples, 1300);
    EXPECT_NEAR(e.mean, expected.mean(), 1e-12 * expected.mean()) << threads;
    EXPECT_NEAR(e.std_error, expected.std_error(), 1e-9 * expected.std_error()) << threads;
  }
  omp_set_num_threads(saved);
}

TEST(Estimate, BlowUpInABlockNamesPathAndStep) {
  const sde::GeometricBrownianMotion gbm{1e3, 30.0};  // Euler explodes with h = 1
  const double s0 = 1.0;
  try {
    estimate(gbm, schemes::EulerMaruyama{}, Identity{identity}, core::TimeGrid(0.0, 1000.0, 1000), &s0,
             {600, false, 1, 0});
    FAIL() << "no blow-up";
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("path "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("step"), std::string::npos) << e.what();
  }
}

// Finite path values whose squares overflow: an error, never an infinite standard error.
TEST(Estimate, OverflowingSumsAreAnError) {
  const sde::OrnsteinUhlenbeck ou{1.0, 0.0, 1.0};
  const double x0 = 1.0;
  const auto huge = [](const double* x) { return 1e200 * x[0]; };
  const feynman_kac::TerminalFunctional<decltype(huge)> f{huge};
  try {
    estimate(ou, schemes::ExactOrnsteinUhlenbeck{}, f, core::TimeGrid(0, 1, 2), &x0, {100, false, 3, 0});
    FAIL() << "no NumericalError";
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("overflow double precision"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ito::monte_carlo
