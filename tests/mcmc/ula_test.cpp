// ULA (ito/mcmc/ula.hpp): one transition is the Euler–Maruyama step of the preconditioned Langevin diffusion,
// always accepted, reporting the acceptance MALA would have had; a non-finite point is flagged as a blow-up;
// the Metropolised (warmup) step is MALA's. The stationary bias s²/(1 − h/(4s²)) on a Gaussian target is
// checked in ula_stat_test.cpp. The first three tests moved here from mala_test.cpp.
#include "ito/mcmc/ula.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "gaussian_test_target.hpp"
#include "langevin_fixtures.hpp"
#include "ito/mcmc/mala.hpp"

namespace ito::mcmc {
namespace {

using test::HalfLineEdge;
using test::state_at;

TEST(Ula, AlwaysMovesByTheEulerStepAndReportsTheMalaAcceptance) {
  const auto g = test::diagonal_gaussian({0.0}, {1.5});
  const Eigen::VectorXd a = Eigen::VectorXd::Ones(1);
  const double h = 0.9, xi[1] = {2.5};
  auto s = state_at(g, Eigen::VectorXd::Constant(1, 0.3));
  auto probe_state = s;
  LangevinWorkspace ws;
  ws.resize(1);
  const double mala_alpha = Mala::probe(g, a, a, h, xi, probe_state, ws);
  const auto st = Ula::step(g, a, a, h, 0.0, xi, 0.999999, s, ws);
  EXPECT_TRUE(st.accepted);
  EXPECT_DOUBLE_EQ(st.accept_stat, mala_alpha);
  EXPECT_DOUBLE_EQ(s.position[0], (1.0 - h / (2.0 * 1.5 * 1.5)) * 0.3 + std::sqrt(h) * 2.5);
}

TEST(Ula, NonFinitePointIsReportedAsABlowUp) {
  HalfLineEdge e;
  EXPECT_FALSE(Ula::step(e.target, e.metric, e.metric, 1.0, 0.0, e.xi, 0.5, e.state, e.ws).finite);
}

TEST(Ula, MetropolisedStepIsMala) {
  const auto g = test::diagonal_gaussian({0.0}, {1.0});
  const Eigen::VectorXd a = Eigen::VectorXd::Ones(1);
  const double xi[1] = {2.5};
  LangevinWorkspace ws;
  ws.resize(1);
  auto ula = state_at(g, Eigen::VectorXd::Constant(1, 0.3)), mala = ula;
  for (double u : {0.999999, 1e-9}) {
    const auto su = Ula::step(g, a, a, 1.0, 0.0, xi, u, ula, ws, /*metropolize=*/true);
    const auto sm = Mala::step(g, a, a, 1.0, 0.0, xi, u, mala, ws);
    EXPECT_EQ(su.accepted, sm.accepted);
    EXPECT_EQ(ula.position, mala.position);
    EXPECT_EQ(ula.log_density, mala.log_density);
  }
}

// With a diagonal inverse metric A, every component moves by (h/2) a_i ∂_i log π + √(h a_i) ξ_i even when u is
// tiny (a Metropolised step would reject this move away from the mode), and the chain's density, gradient and
// gradient count follow the new point. Catches a missing preconditioner, a √h vs h mix-up and a stale gradient.
TEST(Ula, PreconditionedUnadjustedStepAlwaysMovesByTheEulerStep) {
  const auto g = test::diagonal_gaussian({0.5, -1.0}, {1.0, 2.0});
  const Eigen::Vector2d a(0.5, 3.0), x(1.0, 2.0);
  const Eigen::VectorXd va = a, sqrt_a = a.cwiseSqrt();
  const double h = 0.3, xi[2] = {2.7, 3.2};
  auto s = state_at(g, x);
  LangevinWorkspace ws;
  ws.resize(2);
  const auto st = Ula::step(g, va, sqrt_a, h, 0.0, xi, 1e-300, s, ws);
  EXPECT_TRUE(st.accepted);
  EXPECT_TRUE(st.finite);
  EXPECT_LT(st.accept_stat, 1.0);  // the move is one MALA would sometimes reject
  for (int i = 0; i < 2; ++i) {
    const double grad = -(x[i] - g.mean[i]) / (g.sd[i] * g.sd[i]);
    EXPECT_DOUBLE_EQ(s.position[i], x[i] + 0.5 * h * a[i] * grad + std::sqrt(h * a[i]) * xi[i]);
  }
  Eigen::VectorXd grad;
  EXPECT_DOUBLE_EQ(s.log_density, g.log_density_gradient(s.position, grad));
  EXPECT_TRUE(s.gradient.isApprox(grad, 1e-15));
  EXPECT_EQ(s.gradient_evaluations, 1);
}

}  // namespace
}  // namespace ito::mcmc
