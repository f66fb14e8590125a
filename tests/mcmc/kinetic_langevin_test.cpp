#include "ito/mcmc/kinetic_langevin.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "gaussian_test_target.hpp"

namespace ito::mcmc {
namespace {

ChainState state_at(const test::DiagonalGaussian& g, double x, double p) {
  ChainState s;
  s.position = Eigen::VectorXd::Constant(1, x);
  s.momentum = Eigen::VectorXd::Constant(1, p);
  s.log_density = g.log_density_gradient(s.position, s.gradient);
  return s;
}

// With no friction (c = 1) BAOAB is one leapfrog step: compare with the leapfrog formulas for the harmonic
// oscillator U = x²/2 and check that the shadow work is the leapfrog energy error, O(h³).
TEST(KineticLangevin, WithoutFrictionIsLeapfrogWithThirdOrderEnergyError) {
  const auto g = test::diagonal_gaussian({0.0}, {1.0});
  const Eigen::VectorXd a = Eigen::VectorXd::Ones(1);
  const double xi[1] = {0.0};
  LangevinWorkspace ws;
  ws.resize(1);
  std::vector<double> work;
  for (double h : {0.2, 0.1, 0.05}) {
    auto s = state_at(g, 1.0, 0.5);
    const auto st = KineticLangevin::step(g, a, a, h, 0.0, xi, 0.5, s, ws);
    const double p_half = 0.5 - 0.5 * h * 1.0, x1 = 1.0 + h * p_half, p1 = p_half - 0.5 * h * x1;
    EXPECT_NEAR(s.position[0], x1, 1e-15);
    EXPECT_NEAR(s.momentum[0], p1, 1e-15);
    const double energy_error = 0.5 * (x1 * x1 + p1 * p1) - 0.5 * (1.0 + 0.25);
    EXPECT_NEAR(st.accept_stat, std::min(1.0, std::exp(-energy_error)), 1e-15);
    work.push_back(std::abs(energy_error));
  }
  EXPECT_NEAR(work[0] / work[1], 8.0, 0.8);
  EXPECT_NEAR(work[1] / work[2], 8.0, 0.4);
}

// With huge friction the O step replaces the momentum by A^{−1/2} ξ, and the shadow work excludes the heat.
TEST(KineticLangevin, InfiniteFrictionRefreshesTheMomentumExactly) {
  const auto g = test::diagonal_gaussian({0.0}, {1.0});
  const Eigen::VectorXd a = Eigen::VectorXd::Constant(1, 4.0);
  const Eigen::VectorXd sqrt_a = a.cwiseSqrt();
  const double xi[1] = {1.3}, h = 0.1;
  LangevinWorkspace ws;
  ws.resize(1);
  auto s = state_at(g, 1.0, 100.0);  // the old momentum must be forgotten
  KineticLangevin::step(g, a, sqrt_a, h, 1e6, xi, 0.5, s, ws);
  const double p_fresh = 1.3 / 2.0;
  const double x_mid = 1.0 + 0.5 * h * 4.0 * (100.0 - 0.5 * h * 1.0);
  const double x1 = x_mid + 0.5 * h * 4.0 * p_fresh;
  EXPECT_NEAR(s.position[0], x1, 1e-12);
  EXPECT_NEAR(s.momentum[0], p_fresh - 0.5 * h * x1, 1e-12);
  EXPECT_EQ(s.gradient_evaluations, 1);
}

TEST(KineticLangevin, ProbeIsTheLeapfrogAcceptanceFromAFreshMomentum) {
  const auto g = test::diagonal_gaussian({0.0}, {1.0});
  const Eigen::VectorXd a = Eigen::VectorXd::Ones(1);
  const double xi[1] = {0.5}, h = 0.7;
  LangevinWorkspace ws;
  ws.resize(1);
  auto s = state_at(g, 1.0, -9.0);
  const double probe = KineticLangevin::probe(g, a, a, h, xi, s, ws);
  const double p_half = 0.5 - 0.5 * h, x1 = 1.0 + h * p_half, p1 = p_half - 0.5 * h * x1;
  EXPECT_NEAR(probe, std::min(1.0, std::exp(-(0.5 * (x1 * x1 + p1 * p1) - 0.625))), 1e-15);
  EXPECT_EQ(s.position[0], 1.0);
  EXPECT_EQ(s.momentum[0], -9.0);
}

}  // namespace
}  // namespace ito::mcmc

namespace ito::mcmc {
namespace {

TEST(KineticLangevin, MetropolisedStepRejectsBackWithReversedMomentum) {
  const auto g = test::diagonal_gaussian({0.0}, {1.0});
  const Eigen::VectorXd a = Eigen::VectorXd::Ones(1);
  const double xi[1] = {-2.0};
  LangevinWorkspace ws;
  ws.resize(1);
  auto s = state_at(g, 1.0, 0.5);
  const auto st = KineticLangevin::step(g, a, a, 3.0, 1.0, xi, 0.999999, s, ws, /*metropolize=*/true);
  EXPECT_NEAR(st.accept_stat, std::exp(-9.630327906660874), 1e-12);  // shadow work computed by hand
  EXPECT_FALSE(st.accepted);
  EXPECT_EQ(s.position[0], 1.0);
  EXPECT_EQ(s.momentum[0], -0.5);
  EXPECT_EQ(s.log_density, g.log_density(s.position));
  EXPECT_EQ(s.gradient[0], -1.0);
}

}  // namespace
}  // namespace ito::mcmc
