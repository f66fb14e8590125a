// The path kernel: a lane is exactly the path its stream indices say (the closed form of GBM at the sum of the
// path's normals; the one-path integrator on brownian_path for a Purpose::brownian stream, companions of every
// kind included — the fair signs of PlatenWeak2General among them, so a kernel that dropped them fails here);
// every lane of a block (antithetic partners, functionals that end paths, functionals with uniforms and
// four-word states) is its one-lane simulation; the observer sees every grid point; blow-ups name scheme,
// path and step; a non-finite functional value names the path, its end point and where its state went bad.
#include "ito/monte_carlo/simulate_paths.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/feynman_kac/barrier.hpp"
#include "ito/feynman_kac/exit_time.hpp"
#include "ito/feynman_kac/functional.hpp"
#include "ito/feynman_kac/lookback.hpp"
#include "ito/monte_carlo/simulate_coupled_paths.hpp"
#include "ito/schemes.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"
#include "test_models.hpp"
#include "test_support.hpp"

namespace ito::monte_carlo {
namespace {

using feynman_kac::TerminalFunctional;
const auto identity = [](const double* x) { return x[0]; };
using Identity = TerminalFunctional<decltype(identity)>;

TEST(SimulatePath, ExactGbmPathIsTheClosedFormOfTheSummedIncrements) {
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const random::NormalStream stream(3, random::Purpose::monte_carlo);
  const core::TimeGrid grid(0.0, 1.0, 300);  // spans several batches of drawn numbers
  const double s0 = 100.0;
  const double value = simulate_path(gbm, schemes::PathwiseExact{}, Identity{identity}, grid, &s0, stream, 11);
  std::vector<double> z(300);
  stream.fill(11, 0, 300, z.data());
  double w = 0;
  for (double zi : z) w += std::sqrt(grid.step_size()) * zi;
  EXPECT_NEAR(value, s0 * std::exp((0.05 - 0.02) * 1.0 + 0.2 * w), 1e-10);
  // The antithetic partner reads −Z.
  const double anti = simulate_path(gbm, schemes::PathwiseExact{}, Identity{identity}, grid, &s0, stream, 11, -1.0);
  EXPECT_NEAR(anti, s0 * std::exp((0.05 - 0.02) * 1.0 - 0.2 * w), 1e-10);
}

// Lane p of a block on NormalStream(seed, Purpose::brownian) against integrate_path on brownian_path(seed, p):
// the index layout and the companion rules are the same in both. Every state component is compared, the
// states after every step through the observer.
template <class M, class S>
void expect_lanes_are_brownian_paths(const M& model, const S& scheme, std::vector<double> x0, int steps,
                                     double theta = 0.0) {
  const core::TimeGrid grid(0.0, 1.0, steps);
  const std::uint32_t seed = 17;
  const random::NormalStream stream(seed, random::Purpose::brownian);
  constexpr std::size_t count = 37, first = 5;
  constexpr int d = M::dim;
  std::vector<double> states(static_cast<std::size_t>(steps + 1) * d * count);
  const auto record = [&](std::int64_t n, const double* X, std::size_t lanes) {
    ASSERT_EQ(lanes, count);
    for (int i = 0; i < d; ++i)
      for (std::size_t p = 0; p < count; ++p)
        states[(static_cast<std::size_t>(n) * d + i) * count + p] = X[i * lanes + p];
  };
  simulate_paths(model, scheme, NoFunctional{}, grid, x0.data(), PathBlock{&stream, first, count}, nullptr, record);
  for (std::size_t p = 0; p < count; ++p) {
    const auto path = sde::brownian_path(seed, first + p, grid, M::noise_dim, S::companion, theta);
    const auto expected = schemes::integrate_path_states(model, scheme, x0, path);
    for (int n = 0; n <= steps; ++n)
      for (int i = 0; i < d; ++i) {
        const double y = expected[static_cast<std::size_t>(n) * d + i];
        ASSERT_NEAR(states[(static_cast<std::size_t>(n) * d + i) * count + p], y, 1e-13 * (1 + std::abs(y)))
            << S::name << ": path " << first + p << ", step " << n << ", component " << i;
      }
  }
}

TEST(SimulatePaths, LanesAreTheBrownianPathsForEveryCompanion) {
  expect_lanes_are_brownian_paths(sde::OrnsteinUhlenbeck{2.0, 0.5, 0.3}, schemes::EulerMaruyama{}, {1.0}, 9);
  expect_lanes_are_brownian_paths(sde::GeometricBrownianMotion{}, schemes::Sriw1{}, {0.5}, 9);
  expect_lanes_are_brownian_paths(sde::OrnsteinUhlenbeck{2.0, 0.5, 0.3}, schemes::ExactOrnsteinUhlenbeck{}, {1.0}, 9,
                                  2.0);
  expect_lanes_are_brownian_paths(test::NonCommutingLinear{}, schemes::PlatenWeak2General{}, {1.0, -0.6}, 11);
}

// The same kernel with the signs switched off gives other paths: the comparison above can see them.
struct PlatenWeak2WithoutSigns : schemes::PlatenWeak2General {
  template <sde::Model M>
  void step_given_sqrt_h(const M& model, double t, double h, double sqrt_h, const double* x, sde::StepNoise noise,
                         double* x_next) const {
    schemes::detail::platen_weak2_cross_terms(model, t, h, sqrt_h, x, noise, nullptr, x_next);
  }
};

TEST(SimulatePaths, DroppingTheSignsChangesThePaths) {
  const core::TimeGrid grid(0.0, 1.0, 11);
  const random::NormalStream stream(17, random::Purpose::brownian);
  const double x0[2] = {1.0, -0.6};
  const auto first = [](const double* x) { return x[0]; };
  std::vector<double> with(64), without(64);
  const TerminalFunctional<decltype(first)> f{first};
  simulate_paths(test::NonCommutingLinear{}, schemes::PlatenWeak2General{}, f, grid, x0, PathBlock{&stream, 0, 64},
                 with.data());
  simulate_paths(test::NonCommutingLinear{}, PlatenWeak2WithoutSigns{}, f, grid, x0, PathBlock{&stream, 0, 64},
                 without.data());
  int differ = 0;
  for (std::size_t p = 0; p < 64; ++p) differ += std::abs(with[p] - without[p]) > 1e-6;
  EXPECT_EQ(differ, 64);
}

// Every lane of a block (plain and antithetic partner lanes) is the one-lane simulation of
// its path, also for a functional that ends paths at different steps (knock-out) and one that reads uniforms.
template <class Model, class Scheme, class Functional>
void expect_lanes_match_single_paths(const Model& model, const Scheme& scheme, const Functional& functional,
                                     const core::TimeGrid& grid, double x0) {
  const random::NormalStream stream(21, random::Purpose::monte_carlo);
  constexpr std::size_t count = 37;  // not a multiple of the vector width: remainder lanes too
  std::vector<double> values(2 * count);
  simulate_paths(model, scheme, functional, grid, &x0, PathBlock{&stream, 1000, count, 1.0, true}, values.data());
  for (std::size_t i = 0; i < count; ++i) {
    const double plus = simulate_path(model, scheme, functional, grid, &x0, stream, 1000 + i, 1.0);
    const double minus = simulate_path(model, scheme, functional, grid, &x0, stream, 1000 + i, -1.0);
    // Vector and scalar exp/log may differ in the last bits (vector_math.hpp).
    EXPECT_NEAR(values[i], plus, 1e-12 * (1.0 + std::abs(plus))) << i;
    EXPECT_NEAR(values[count + i], minus, 1e-12 * (1.0 + std::abs(minus))) << i;
  }
}

TEST(SimulatePaths, ExactGbmLanesAreTheClosedFormsOfTheirPathsIncrements) {
  // Independent of the kernel: lane i (and its antithetic partner) from the closed form of GBM at the sum of
  // the normals its stream path holds.
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const random::NormalStream stream(5, random::Purpose::monte_carlo);
  const core::TimeGrid grid(0.0, 1.0, 37);
  const double s0 = 100.0;
  constexpr std::size_t count = 45;
  std::vector<double> values(2 * count), z(37);
  simulate_paths(gbm, schemes::PathwiseExact{}, Identity{identity}, grid, &s0, PathBlock{&stream, 70, count, 1.0, true},
                 values.data());
  for (std::size_t i = 0; i < count; ++i) {
    stream.fill(70 + i, 0, 37, z.data());
    double w = 0;
    for (double zi : z) w += std::sqrt(grid.step_size()) * zi;
    EXPECT_NEAR(values[i], s0 * std::exp((0.05 - 0.02) + 0.2 * w), 1e-10) << i;
    EXPECT_NEAR(values[count + i], s0 * std::exp((0.05 - 0.02) - 0.2 * w), 1e-10) << i;
  }
}

TEST(SimulatePaths, EveryLaneIsTheSinglePathSimulation) {
  using namespace feynman_kac;
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const core::TimeGrid grid(0.0, 1.0, 37);  // odd: the last step uses half of a drawn pair
  expect_lanes_match_single_paths(gbm, schemes::PathwiseExact{}, Identity{identity}, grid, 100.0);
  expect_lanes_match_single_paths(gbm, schemes::Milstein{}, Identity{identity}, grid, 100.0);
  const BridgeView<sde::GeometricBrownianMotion> bridge{&gbm, BridgeCoordinates::logarithmic};
  expect_lanes_match_single_paths(gbm, schemes::PathwiseExact{},
                                  LookbackCallFunctional<sde::GeometricBrownianMotion>{bridge},
                                  core::TimeGrid(0.0, 1.0, 200), 100.0);  // uniforms over two chunks
  const auto call = [](const double* x) { return x[0] > 100.0 ? x[0] - 100.0 : 0.0; };
  BarrierFunctional<sde::GeometricBrownianMotion, decltype(call)> knock_out{bridge, call};
  knock_out.lower = 95.0;  // close to the spot: lanes end at many different steps
  expect_lanes_match_single_paths(gbm, schemes::PathwiseExact{}, knock_out, grid, 100.0);
  const sde::OrnsteinUhlenbeck bm{0.0, 0.0, 1.0};
  ExitTimeFunctional<sde::OrnsteinUhlenbeck> exit{{&bm, BridgeCoordinates::state}, 0.0, 1.0};
  expect_lanes_match_single_paths(bm, schemes::EulerMaruyama{}, exit, core::TimeGrid(0.0, 4.0, 400), 0.3);
  const sde::OrnsteinUhlenbeck ou{1.5, 0.2, 0.8};
  expect_lanes_match_single_paths(ou, schemes::ExactOrnsteinUhlenbeck{}, Identity{identity}, grid, 1.0);
  // A four-word state (Feynman–Kac functional with a running cost and a rate), companion variables.
  const auto phi = [](const double* x) { return x[0] * x[0]; };
  const auto cost = [](double t, const double* x) { return t * x[0]; };
  const auto rate = [](double, const double* x) { return 0.1 * x[0]; };
  expect_lanes_match_single_paths(ou, schemes::ExactOrnsteinUhlenbeck{}, FeynmanKacFunctional{phi, cost, rate}, grid,
                                  1.0);
  expect_lanes_match_single_paths(ou, schemes::Sra1{}, FeynmanKacFunctional{phi, cost, rate}, grid, 1.0);
}

TEST(SimulatePath, BlowUpNamesSchemePathAndStep) {
  const sde::GeometricBrownianMotion gbm{1e3, 30.0};  // Euler explodes with h = 1
  const random::NormalStream stream(1, random::Purpose::monte_carlo);
  const double s0 = 1.0;
  try {
    for (std::uint64_t p = 0; p < 100; ++p)
      simulate_path(gbm, schemes::EulerMaruyama{}, Identity{identity}, core::TimeGrid(0.0, 1000.0, 1000), &s0, stream,
                    p);
    FAIL() << "no blow-up";
  } catch (const NumericalError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("euler_maruyama"), std::string::npos) << what;
    EXPECT_NE(what.find("path 0 "), std::string::npos) << what;
    EXPECT_NE(what.find("in step "), std::string::npos) << what;
  }
}

// A payoff that is NaN where the path is finite (log of a negative end point): NonFiniteValueError naming the
// first such lane in lane order (plain lanes, then antithetic partners) and its end point. Which lane that is
// comes from the one-lane simulations of the identity, independent of the error path.
TEST(SimulatePaths, NonFiniteValueNamesTheFirstSuchPathAndItsEndPoint) {
  const sde::OrnsteinUhlenbeck ou{1.0, 0.0, 1.0};
  const core::TimeGrid grid(0.0, 1.0, 8);
  const random::NormalStream stream(12, random::Purpose::monte_carlo);
  const double x0 = 0.3;
  const auto log_x = [](const double* x) { return std::log(x[0]); };
  const TerminalFunctional<decltype(log_x)> f{log_x};
  for (const bool antithetic : {false, true}) {
    constexpr std::size_t count = 40;
    std::string expected;
    for (std::size_t lane = 0; lane < (antithetic ? 2 : 1) * count && expected.empty(); ++lane) {
      const std::size_t p = lane % count;
      const double end = simulate_path(ou, schemes::ExactOrnsteinUhlenbeck{}, Identity{identity}, grid, &x0, stream,
                                       300 + p, lane < count ? 1.0 : -1.0);
      if (end < 0)
        expected = "path " + std::to_string(300 + p) + (lane < count ? "" : " (its antithetic partner)") +
                   ": the path functional's value is nan at t = 1 (X = ";
    }
    ASSERT_FALSE(expected.empty()) << "no path of the block ends below 0";
    std::vector<double> values(2 * count);
    ito::test::expect_error<NonFiniteValueError>(
        [&] {
          simulate_paths(ou, schemes::ExactOrnsteinUhlenbeck{}, f, grid, &x0,
                         PathBlock{&stream, 300, count, 1.0, antithetic}, values.data());
        },
        {expected, "the path itself is finite"});
  }
}

// A rate that turns NaN after t = 0.57: the value is NaN on every path, the functional says that ∫ r ds is to
// blame, and the step after which the state went bad is located (step 6 of 10 ends at t = 0.6; of the fine
// grid of a coupled pair, step 12 of 20).
TEST(SimulatePaths, NonFiniteStateIsTracedToItsStep) {
  const sde::OrnsteinUhlenbeck ou{1.0, 0.0, 1.0};
  const random::NormalStream stream(13, random::Purpose::monte_carlo);
  const double x0 = 0.3;
  const auto phi = [](const double*) { return 1.0; };
  const auto zero = [](double, const double*) { return 0.0; };
  const auto rate = [](double t, const double*) { return t > 0.57 ? std::nan("") : 0.0; };
  const feynman_kac::FeynmanKacFunctional f{phi, zero, rate};
  std::vector<double> values(16), coarse(16);
  ito::test::expect_error<NonFiniteValueError>(
      [&] {
        simulate_paths(ou, schemes::EulerMaruyama{}, f, core::TimeGrid(0.0, 1.0, 10), &x0, PathBlock{&stream, 5, 16},
                       values.data());
      },
      {"path 5: ", "∫ r ds along the path is nan (the discount rate r)",
       "became non-finite in step 6 of 10 (at t = 0.6)"});
  ito::test::expect_error<NonFiniteValueError>(
      [&] {
        simulate_coupled_path_block(ou, schemes::EulerMaruyama{}, f, core::TimeGrid(0.0, 1.0, 20), &x0,
                                    PathBlock{&stream, 5, 16}, values.data(), coarse.data());
      },
      {"path 5 (fine path): ", "became non-finite in step 12 of 20 (at t = 0.6)"});
}

}  // namespace
}  // namespace ito::monte_carlo
