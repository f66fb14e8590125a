#include "ito/mcmc/mala.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "gaussian_test_target.hpp"
#include "langevin_fixtures.hpp"

namespace ito::mcmc {
namespace {

using test::HalfLineEdge;
using test::state_at;

TEST(Mala, ProposalIsTheLangevinEulerStep) {
  const auto g = test::diagonal_gaussian({0.5, -1.0}, {1.0, 2.0});
  const Eigen::Vector2d a(0.5, 3.0), x(1.0, 2.0);
  const double h = 0.3, xi[2] = {0.7, -1.2};
  auto s = state_at(g, x);
  LangevinWorkspace ws;
  ws.resize(2);
  double lp;
  Mala::log_acceptance_ratio(g, a, a.cwiseSqrt(), h, xi, s, ws, lp);
  for (int i = 0; i < 2; ++i) {
    const double drift = -(x[i] - g.mean[i]) / (g.sd[i] * g.sd[i]);
    EXPECT_DOUBLE_EQ(ws.proposal[i], x[i] + 0.5 * h * a[i] * drift + std::sqrt(h * a[i]) * xi[i]);
  }
  EXPECT_DOUBLE_EQ(lp, g.log_density(ws.proposal));
}

// Detailed balance: log α(x → x') = −log α(x' → x) when the reverse move uses the noise that maps x' to x.
TEST(Mala, AcceptanceRatioIsAntisymmetricUnderTheReverseMove) {
  const auto g = test::diagonal_gaussian({0.5, -1.0, 2.0}, {1.0, 2.0, 0.3});
  const Eigen::Vector3d a(0.5, 3.0, 0.1);
  const Eigen::Vector3d sqrt_a = a.cwiseSqrt();
  const double h = 0.4, xi[3] = {0.7, -1.2, 0.3};
  auto forward = state_at(g, Eigen::Vector3d(1.0, 2.0, 1.5));
  LangevinWorkspace ws;
  ws.resize(3);
  double lp;
  const double log_alpha = Mala::log_acceptance_ratio(g, a, sqrt_a, h, xi, forward, ws, lp);
  auto backward = state_at(g, ws.proposal);
  const Eigen::Vector3d reverse_mean = backward.position + 0.5 * h * a.cwiseProduct(backward.gradient);
  const Eigen::Vector3d reverse_xi = (forward.position - reverse_mean).cwiseQuotient(std::sqrt(h) * sqrt_a);
  const double log_alpha_back = Mala::log_acceptance_ratio(g, a, sqrt_a, h, reverse_xi.data(), backward, ws, lp);
  EXPECT_NE(log_alpha, 0.0);
  EXPECT_NEAR(log_alpha, -log_alpha_back, 1e-12 * (1.0 + std::abs(log_alpha)));
  EXPECT_TRUE(ws.proposal.isApprox(forward.position, 1e-14));
}

TEST(Mala, AcceptsWhenLogUniformIsBelowLogAlphaAndRejectsOtherwise) {
  const auto g = test::diagonal_gaussian({0.0}, {1.0});
  const Eigen::VectorXd a = Eigen::VectorXd::Ones(1);
  const double xi[1] = {2.5};  // a move away from the mode: log α < 0
  LangevinWorkspace ws;
  ws.resize(1);
  auto s = state_at(g, Eigen::VectorXd::Constant(1, 0.3));
  const auto before = s.position;
  double lp;
  auto probe_state = s;
  const double log_alpha = Mala::log_acceptance_ratio(g, a, a, 1.0, xi, probe_state, ws, lp);
  ASSERT_LT(log_alpha, 0.0);
  const double alpha = std::exp(log_alpha);
  auto rejected = Mala::step(g, a, a, 1.0, 0.0, xi, std::min(1.0, alpha * 1.01), s, ws);
  EXPECT_FALSE(rejected.accepted);
  EXPECT_EQ(s.position, before);
  EXPECT_NEAR(rejected.accept_stat, alpha, 1e-15);
  auto accepted = Mala::step(g, a, a, 1.0, 0.0, xi, alpha * 0.99, s, ws);
  EXPECT_TRUE(accepted.accepted);
  EXPECT_NE(s.position, before);
  EXPECT_DOUBLE_EQ(s.log_density, g.log_density(s.position));
  EXPECT_EQ(s.gradient_evaluations, 2);  // one per transition
}

TEST(Mala, ProposalOutsideTheSupportIsRejectedWithZeroAcceptance) {
  HalfLineEdge e;
  auto& s = e.state;
  const auto st = Mala::step(e.target, e.metric, e.metric, 1.0, 0.0, e.xi, 1e-300, s, e.ws);
  EXPECT_FALSE(st.accepted);
  EXPECT_EQ(st.accept_stat, 0.0);
  EXPECT_TRUE(st.finite);
  EXPECT_EQ(s.position[0], 0.1);
}

}  // namespace
}  // namespace ito::mcmc

namespace ito::mcmc {
namespace {

// A dense metric equal to a diagonal one (A = diag(a), L = diag(√a)) gives the diagonal code path's proposal,
// log density and acceptance ratio up to rounding.
TEST(MalaDense, DiagonalDenseMetricMatchesTheDiagonalPath) {
  const auto g = test::diagonal_gaussian({0.5, -1.0, 2.0, 0.0}, {1.0, 2.0, 0.3, 5.0});
  const Eigen::Vector4d a(0.5, 3.0, 0.1, 20.0);
  const Eigen::MatrixXd dense = a.asDiagonal(), factor = a.cwiseSqrt().asDiagonal();
  const Eigen::VectorXd va = a, sqrt_a = a.cwiseSqrt();
  const double xi[4] = {0.7, -1.2, 0.3, 1.9};
  for (double h : {0.05, 0.4, 1.7}) {
    auto diag_state = state_at(g, Eigen::Vector4d(1.0, 2.0, 1.5, -3.0)), dense_state = diag_state;
    LangevinWorkspace wd, wm;
    wd.resize(4);
    wm.resize(4);
    double lp_diag, lp_dense;
    const double la_diag = Mala::log_acceptance_ratio(g, va, sqrt_a, h, xi, diag_state, wd, lp_diag);
    const double la_dense = MalaDense::log_acceptance_ratio(g, dense, factor, h, xi, dense_state, wm, lp_dense);
    EXPECT_NE(la_diag, 0.0);
    EXPECT_NEAR(la_dense, la_diag, 1e-14 * (1.0 + std::abs(la_diag))) << "h = " << h;
    EXPECT_NEAR(lp_dense, lp_diag, 1e-14 * (1.0 + std::abs(lp_diag)));
    EXPECT_LT((wm.proposal - wd.proposal).cwiseAbs().maxCoeff(), 1e-14 * (1.0 + wd.proposal.cwiseAbs().maxCoeff()));
    // the accept/reject decision is the same for a u on either side of α
    const double alpha = std::min(1.0, std::exp(la_diag));
    for (double u : {0.5 * alpha, std::min(0.999999, 1.5 * alpha)}) {
      auto sd = state_at(g, Eigen::Vector4d(1.0, 2.0, 1.5, -3.0)), sm = sd;
      const auto rd = Mala::step(g, va, sqrt_a, h, 0.0, xi, u, sd, wd);
      const auto rm = MalaDense::step(g, dense, factor, h, 0.0, xi, u, sm, wm);
      EXPECT_EQ(rd.accepted, rm.accepted);
      EXPECT_NEAR(rd.accept_stat, rm.accept_stat, 1e-14);
      EXPECT_LT((sd.position - sm.position).cwiseAbs().maxCoeff(), 1e-13);
    }
  }
}

// Detailed balance with a genuinely dense metric: log α(x → x') = −log α(x' → x), where the reverse move
// uses the noise ξ' = L⁻¹(x − x' − (h/2) A ∇log π(x'))/√h that maps x' back to x.
TEST(MalaDense, AcceptanceRatioIsAntisymmetricUnderTheReverseMove) {
  const auto g = test::diagonal_gaussian({0.5, -1.0, 2.0}, {1.0, 2.0, 0.3});
  Eigen::Matrix3d l;
  l << 1.0, 0.0, 0.0, 0.8, 0.5, 0.0, -0.3, 0.2, 0.4;
  const Eigen::MatrixXd factor = l, dense = l * l.transpose();
  const double h = 0.4, xi[3] = {0.7, -1.2, 0.3};
  auto forward = state_at(g, Eigen::Vector3d(1.0, 2.0, 1.5));
  LangevinWorkspace ws;
  ws.resize(3);
  double lp;
  const double log_alpha = MalaDense::log_acceptance_ratio(g, dense, factor, h, xi, forward, ws, lp);
  // the proposal is x + (h/2) A ∇ + √h L ξ
  const Eigen::Vector3d expected =
      forward.position + 0.5 * h * dense * forward.gradient + std::sqrt(h) * l * Eigen::Vector3d(xi[0], xi[1], xi[2]);
  EXPECT_TRUE(ws.proposal.isApprox(expected, 1e-14));
  auto backward = state_at(g, ws.proposal);
  const Eigen::Vector3d residual = forward.position - backward.position - 0.5 * h * dense * backward.gradient;
  const Eigen::Vector3d reverse_xi = l.triangularView<Eigen::Lower>().solve(residual) / std::sqrt(h);
  const double log_alpha_back =
      MalaDense::log_acceptance_ratio(g, dense, factor, h, reverse_xi.data(), backward, ws, lp);
  EXPECT_NE(log_alpha, 0.0);
  EXPECT_NEAR(log_alpha, -log_alpha_back, 1e-12 * (1.0 + std::abs(log_alpha)));
  EXPECT_TRUE(ws.proposal.isApprox(forward.position, 1e-13));
}

}  // namespace
}  // namespace ito::mcmc
