// The coupled kernel of MLMC: on a Purpose::brownian stream the fine path of a pair is brownian_path(seed, p)
// integrated on the fine grid and the coarse path the same path coarsened by two (sde::BrownianIncrements::
// coarsen), for every kind of companion — the time integrals and OU convolutions coarsened exactly, the fair
// signs as products; every pair of a block is its one-pair simulation (also for functionals that end paths and
// that observe coarse steps through the bridge midpoint); with the exact OU step both paths agree.
#include "ito/monte_carlo/simulate_coupled_paths.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "ito/feynman_kac/barrier.hpp"
#include "ito/feynman_kac/functional.hpp"
#include "ito/feynman_kac/lookback.hpp"
#include "ito/schemes.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"
#include "test_models.hpp"

namespace ito::monte_carlo {
namespace {

using feynman_kac::TerminalFunctional;
const auto identity = [](const double* x) { return x[0]; };
using Identity = TerminalFunctional<decltype(identity)>;

template <int k>
struct Component {
  double operator()(const double* x) const { return x[k]; }
};

template <int k, class M, class S>
void expect_pairs_are_coarsened_brownian_paths(const M& model, const S& scheme, const std::vector<double>& x0,
                                               int fine_steps, double theta) {
  const core::TimeGrid fine_grid(0.0, 1.0, fine_steps);
  const std::uint32_t seed = 29;
  const random::NormalStream stream(seed, random::Purpose::brownian);
  constexpr std::size_t count = 21, first = 3;
  std::vector<double> fine(count), coarse(count);
  simulate_coupled_path_block(model, scheme, TerminalFunctional<Component<k>>{Component<k>{}}, fine_grid, x0.data(),
                              PathBlock{&stream, first, count}, fine.data(), coarse.data());
  for (std::size_t p = 0; p < count; ++p) {
    const auto path = sde::brownian_path(seed, first + p, fine_grid, M::noise_dim, S::companion, theta);
    const double yf = schemes::integrate_path(model, scheme, x0, path)[k];
    const double yc = schemes::integrate_path(model, scheme, x0, path.coarsen(2))[k];
    EXPECT_NEAR(fine[p], yf, 1e-13 * (1 + std::abs(yf))) << S::name << ": path " << first + p;
    EXPECT_NEAR(coarse[p], yc, 1e-13 * (1 + std::abs(yc))) << S::name << ": coarse path " << first + p;
  }
}

TEST(SimulateCoupledPaths, PairsAreTheBrownianPathAndItsCoarsening) {
  const sde::OrnsteinUhlenbeck ou{2.0, 0.5, 0.3};
  expect_pairs_are_coarsened_brownian_paths<0>(ou, schemes::EulerMaruyama{}, {1.0}, 16, 0.0);
  expect_pairs_are_coarsened_brownian_paths<0>(sde::GeometricBrownianMotion{}, schemes::Sriw1{}, {0.5}, 16, 0.0);
  expect_pairs_are_coarsened_brownian_paths<0>(ou, schemes::ExactOrnsteinUhlenbeck{}, {1.0}, 16, 2.0);
  const test::NonCommutingLinear general;
  expect_pairs_are_coarsened_brownian_paths<0>(general, schemes::PlatenWeak2General{}, {1.0, -0.6}, 12, 0.0);
  expect_pairs_are_coarsened_brownian_paths<1>(general, schemes::PlatenWeak2General{}, {1.0, -0.6}, 12, 0.0);
}

TEST(SimulateCoupledPaths, CoarsePathIsDrivenBySummedFineIncrements) {
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const random::NormalStream stream(3, random::Purpose::monte_carlo);
  const core::TimeGrid fine(0.0, 1.0, 8);
  const double s0 = 100.0;
  const auto [pf, pc] = simulate_coupled_paths(gbm, schemes::EulerMaruyama{}, Identity{identity}, fine, &s0, stream, 5);
  std::vector<double> z(8);
  stream.fill(5, 0, 8, z.data());
  const double hf = 0.125;
  double xf = s0, xc = s0;
  for (int n = 0; n < 8; ++n) xf += 0.05 * xf * hf + 0.2 * xf * std::sqrt(hf) * z[n];
  for (int c = 0; c < 4; ++c) xc += 0.05 * xc * 2 * hf + 0.2 * xc * std::sqrt(hf) * (z[2 * c] + z[2 * c + 1]);
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
  const core::TimeGrid fine(0.0, 1.0, 260);  // more than one chunk of uniforms
  const double s0 = 100.0;
  constexpr std::size_t count = 29;
  std::vector<double> pf(count), pc(count);
  simulate_coupled_path_block(gbm, schemes::Milstein{}, functional, fine, &s0, PathBlock{&stream, 400, count},
                              pf.data(), pc.data());
  for (std::size_t i = 0; i < count; ++i) {
    const auto [f, c] = simulate_coupled_paths(gbm, schemes::Milstein{}, functional, fine, &s0, stream, 400 + i);
    EXPECT_NEAR(pf[i], f, 1e-12 * (1.0 + std::abs(f))) << i;
    EXPECT_NEAR(pc[i], c, 1e-12 * (1.0 + std::abs(c))) << i;
  }
}

TEST(SimulateCoupledPaths, EveryPairOfABlockIsTheSinglePairSimulation) {
  using namespace feynman_kac;
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
                                                 core::TimeGrid(0.0, 1.0, 16), &x0, stream, path);
    EXPECT_NEAR(pf, pc, 1e-12);
  }
}

TEST(SimulateCoupledPaths, RefusesOddGridsAndAntitheticLanes) {
  const sde::OrnsteinUhlenbeck ou{1.5, 0.2, 0.8};
  const random::NormalStream stream(4, random::Purpose::monte_carlo);
  const double x0 = 1.0;
  double f[2], c[2];
  EXPECT_THROW(simulate_coupled_path_block(ou, schemes::EulerMaruyama{}, Identity{identity}, core::TimeGrid(0, 1, 7),
                                           &x0, PathBlock{&stream, 0, 1}, f, c),
               Error);
  EXPECT_THROW(simulate_coupled_path_block(ou, schemes::EulerMaruyama{}, Identity{identity}, core::TimeGrid(0, 1, 8),
                                           &x0, PathBlock{&stream, 0, 1, 1.0, true}, f, c),
               Error);
}

}  // namespace
}  // namespace ito::monte_carlo
