#include "ito/feynman_kac/simulate.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <string>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/feynman_kac/barrier.hpp"
#include "ito/feynman_kac/exit_time.hpp"
#include "ito/feynman_kac/functional.hpp"
#include "ito/feynman_kac/lookback.hpp"
#include "ito/feynman_kac/monte_carlo.hpp"
#include "ito/feynman_kac/pathwise_exact_scheme.hpp"
#include "ito/feynman_kac/problem.hpp"
#include "ito/schemes/euler_maruyama.hpp"
#include "ito/schemes/exact_ornstein_uhlenbeck.hpp"
#include "ito/schemes/milstein.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::feynman_kac {
namespace {

const auto identity = [](const double* x) { return x[0]; };
using Identity = TerminalFunctional<decltype(identity)>;

TEST(SimulatePath, ExactGbmPathIsTheClosedFormOfTheSummedIncrements) {
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const random::NormalStream stream(3, random::Purpose::monte_carlo);
  const TimeGrid grid{0.0, 1.0, 300};  // spans several batches of drawn numbers
  const double s0 = 100.0;
  const double value = simulate_path(gbm, PathwiseExactScheme{}, Identity{identity}, grid, &s0, PathNoise(stream, 11));
  std::vector<double> z(300);
  stream.fill(11, 0, 300, z.data());
  double w = 0;
  for (double zi : z) w += std::sqrt(grid.step_size()) * zi;
  EXPECT_NEAR(value, s0 * std::exp((0.05 - 0.02) * 1.0 + 0.2 * w), 1e-10);
  // The antithetic partner reads −Z.
  const double anti =
      simulate_path(gbm, PathwiseExactScheme{}, Identity{identity}, grid, &s0, PathNoise(stream, 11, -1));
  EXPECT_NEAR(anti, s0 * std::exp((0.05 - 0.02) * 1.0 - 0.2 * w), 1e-10);
}

// The block kernel: every lane of a block (plain and antithetic partner lanes) is the one-lane simulation of
// its path, also for a functional that ends paths at different steps (knock-out) and one that reads uniforms.
template <class Model, class Scheme, class Functional>
void expect_lanes_match_single_paths(const Model& model, const Scheme& scheme, const Functional& functional,
                                     const TimeGrid& grid, double x0) {
  const random::NormalStream stream(21, random::Purpose::monte_carlo);
  constexpr std::size_t count = 37;  // not a multiple of the vector width: remainder lanes too
  std::vector<double> values(2 * count);
  simulate_paths(model, scheme, functional, grid, &x0, PathBlock{&stream, 1000, count, 1.0, true}, values.data());
  for (std::size_t i = 0; i < count; ++i) {
    const double plus = simulate_path(model, scheme, functional, grid, &x0, PathNoise(stream, 1000 + i, 1.0));
    const double minus = simulate_path(model, scheme, functional, grid, &x0, PathNoise(stream, 1000 + i, -1.0));
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
  const TimeGrid grid{0.0, 1.0, 37};
  const double s0 = 100.0;
  constexpr std::size_t count = 45;
  std::vector<double> values(2 * count), z(37);
  simulate_paths(gbm, PathwiseExactScheme{}, Identity{identity}, grid, &s0, PathBlock{&stream, 70, count, 1.0, true},
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
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const TimeGrid grid{0.0, 1.0, 37};  // odd: the last step uses half of a drawn pair
  expect_lanes_match_single_paths(gbm, PathwiseExactScheme{}, Identity{identity}, grid, 100.0);
  expect_lanes_match_single_paths(gbm, schemes::Milstein{}, Identity{identity}, grid, 100.0);
  const BridgeView<sde::GeometricBrownianMotion> bridge{&gbm, BridgeCoordinates::logarithmic};
  expect_lanes_match_single_paths(gbm, PathwiseExactScheme{},
                                  LookbackCallFunctional<sde::GeometricBrownianMotion>{bridge},
                                  TimeGrid{0.0, 1.0, 200}, 100.0);  // uniforms over two chunks
  const auto call = [](const double* x) { return x[0] > 100.0 ? x[0] - 100.0 : 0.0; };
  BarrierFunctional<sde::GeometricBrownianMotion, decltype(call)> knock_out{bridge, call};
  knock_out.lower = 95.0;  // close to the spot: lanes end at many different steps
  expect_lanes_match_single_paths(gbm, PathwiseExactScheme{}, knock_out, grid, 100.0);
  const sde::OrnsteinUhlenbeck bm{0.0, 0.0, 1.0};
  ExitTimeFunctional<sde::OrnsteinUhlenbeck> exit{{&bm, BridgeCoordinates::state}, 0.0, 1.0};
  expect_lanes_match_single_paths(bm, schemes::EulerMaruyama{}, exit, TimeGrid{0.0, 4.0, 400}, 0.3);
  const sde::OrnsteinUhlenbeck ou{1.5, 0.2, 0.8};
  expect_lanes_match_single_paths(ou, schemes::ExactOrnsteinUhlenbeck{}, Identity{identity}, grid, 1.0);
  // A four-word state (Feynman–Kac functional with a running cost and a rate), companion variables.
  const auto phi = [](const double* x) { return x[0] * x[0]; };
  const auto cost = [](double t, const double* x) { return t * x[0]; };
  const auto rate = [](double, const double* x) { return 0.1 * x[0]; };
  expect_lanes_match_single_paths(ou, schemes::ExactOrnsteinUhlenbeck{}, FeynmanKacFunctional{phi, cost, rate}, grid,
                                  1.0);
}

TEST(SimulateCoupledPaths, CoarsePathIsDrivenBySummedFineIncrements) {
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const random::NormalStream stream(3, random::Purpose::monte_carlo);
  const TimeGrid fine{0.0, 1.0, 8};
  const double s0 = 100.0;
  const auto [pf, pc] =
      simulate_coupled_paths(gbm, schemes::EulerMaruyama{}, Identity{identity}, fine, &s0, PathNoise(stream, 5));
  std::vector<double> z(8);
  stream.fill(5, 0, 8, z.data());
  const double hf = 0.125;
  double xf = s0, xc = s0;
  for (int n = 0; n < 8; ++n) xf += 0.05 * xf * hf + 0.2 * xf * std::sqrt(hf) * z[n];
  for (int c = 0; c < 4; ++c)
    xc += 0.05 * xc * 2 * hf + 0.2 * xc * std::sqrt(hf) * (z[2 * c] + z[2 * c + 1]);
  EXPECT_NEAR(pf, xf, 1e-10);
  EXPECT_NEAR(pc, xc, 1e-10);
}

// Every pair of a coupled block is the one-pair simulation of its path, for a functional that ends paths
// (fine and coarse paths knocked out at different steps) and one that reads uniforms and observes coarse steps
// through the bridge midpoint.
template <class Functional>
void expect_coupled_lanes_match_single_pairs(const Functional& functional) {
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const random::NormalStream stream(23, random::Purpose::monte_carlo);
  const TimeGrid fine{0.0, 1.0, 260};  // more than one chunk of uniforms
  const double s0 = 100.0;
  constexpr std::size_t count = 29;
  std::vector<double> pf(count), pc(count);
  simulate_coupled_path_block(gbm, schemes::Milstein{}, functional, fine, &s0, PathBlock{&stream, 400, count},
                              pf.data(), pc.data());
  for (std::size_t i = 0; i < count; ++i) {
    const auto [f, c] =
        simulate_coupled_paths(gbm, schemes::Milstein{}, functional, fine, &s0, PathNoise(stream, 400 + i));
    EXPECT_NEAR(pf[i], f, 1e-12 * (1.0 + std::abs(f))) << i;
    EXPECT_NEAR(pc[i], c, 1e-12 * (1.0 + std::abs(c))) << i;
  }
}

TEST(SimulateCoupledPaths, EveryPairOfABlockIsTheSinglePairSimulation) {
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const BridgeView<sde::GeometricBrownianMotion> bridge{&gbm, BridgeCoordinates::logarithmic};
  expect_coupled_lanes_match_single_pairs(Identity{identity});
  expect_coupled_lanes_match_single_pairs(LookbackPutFunctional<sde::GeometricBrownianMotion>{bridge});
  const auto call = [](const double* x) { return x[0] > 100.0 ? x[0] - 100.0 : 0.0; };
  BarrierFunctional<sde::GeometricBrownianMotion, decltype(call)> knock_out{bridge, call};
  knock_out.lower = 96.0;
  expect_coupled_lanes_match_single_pairs(knock_out);
}

TEST(SimulateCoupledPaths, CoarseExactOuStepUsesTheCoarsenedConvolution) {
  // With the exact OU step both paths are exact: at the common grid points they agree to rounding.
  const sde::OrnsteinUhlenbeck ou{1.5, 0.2, 0.8};
  const random::NormalStream stream(4, random::Purpose::monte_carlo);
  const double x0 = 1.0;
  for (std::uint64_t path = 0; path < 20; ++path) {
    const auto [pf, pc] = simulate_coupled_paths(ou, schemes::ExactOrnsteinUhlenbeck{}, Identity{identity},
                                                 TimeGrid{0.0, 1.0, 16}, &x0, PathNoise(stream, path));
    EXPECT_NEAR(pf, pc, 1e-12);
  }
}

TEST(SimulatePath, BlowUpNamesPathAndStep) {
  const sde::GeometricBrownianMotion gbm{1e3, 30.0};  // Euler explodes with h = 1
  const random::NormalStream stream(1, random::Purpose::monte_carlo);
  const double s0 = 1.0;
  try {
    for (std::uint64_t p = 0; p < 100; ++p)
      simulate_path(gbm, schemes::EulerMaruyama{}, Identity{identity}, TimeGrid{0.0, 1000.0, 1000}, &s0,
                    PathNoise(stream, p));
    FAIL() << "no blow-up";
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("path 0"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("step"), std::string::npos) << e.what();
  }
}

TEST(MonteCarlo, AntitheticLinearFunctionalHasNoVariance) {
  const sde::OrnsteinUhlenbeck ou{1.0, 0.0, 1.0};
  const double x0 = 1.0;
  const TimeGrid grid{0, 1, 4};
  const auto e = monte_carlo(ou, schemes::ExactOrnsteinUhlenbeck{}, Identity{identity}, grid, &x0, {1000, true, 9, 0});
  EXPECT_NEAR(e.mean, std::exp(-1.0), 1e-14);
  EXPECT_LT(e.std_error, 1e-14);
  EXPECT_EQ(e.path_steps, 8000.0);
  EXPECT_THROW(monte_carlo(ou, schemes::ExactOrnsteinUhlenbeck{}, Identity{identity}, grid, &x0, {1, false, 9, 0}),
               Error);
}

TEST(MonteCarlo, BlowUpInABlockNamesPathAndStep) {
  const sde::GeometricBrownianMotion gbm{1e3, 30.0};  // Euler explodes with h = 1
  const double s0 = 1.0;
  try {
    monte_carlo(gbm, schemes::EulerMaruyama{}, Identity{identity}, TimeGrid{0.0, 1000.0, 1000}, &s0,
                {600, false, 1, 0});
    FAIL() << "no blow-up";
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("path "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("step"), std::string::npos) << e.what();
  }
}

TEST(Solve, BitwiseIndependentOfTheThreadCount) {
  ProblemSpec lookback;
  lookback.kind = ProblemKind::lookback_call;
  lookback.steps = 16;
  RunSpec mc;
  mc.paths = 3000;
  mc.antithetic = true;
  mc.seed = 17;
  ProblemSpec call;
  call.scheme = "milstein";
  RunSpec ml;
  ml.method = Method::multilevel;
  ml.mlmc.target_rms_error = 0.2;
  ml.mlmc.initial_samples = 500;
  ml.seed = 18;
  const int before = omp_get_max_threads();
  std::vector<double> a, b;
  for (int threads : {1, 2, 4}) {
    omp_set_num_threads(threads);
    a.push_back(solve(lookback, mc).estimate);
    b.push_back(solve(call, ml).estimate);
  }
  omp_set_num_threads(before);
  EXPECT_EQ(a[0], a[1]);
  EXPECT_EQ(a[0], a[2]);
  EXPECT_EQ(b[0], b[1]);
  EXPECT_EQ(b[0], b[2]);
}

// Parameter files are validated by read_feynman_kac (params_test.cpp); solve() still refuses what it cannot
// compute rather than answer something else.
TEST(Solve, RefusesWhatItCannotCompute) {
  ProblemSpec p;
  p.kind = ProblemKind::down_and_out_call;
  p.barrier = 120.0;  // no closed form above the spot
  EXPECT_THROW(solve(p, RunSpec{}), Error);
  ProblemSpec q;
  q.scheme = "rk4";  // no such scheme: not a silent Euler-Maruyama
  EXPECT_THROW(solve(q, RunSpec{}), Error);
}

}  // namespace
}  // namespace ito::feynman_kac
