// The run-time OU model (sde/isotropic_ornstein_uhlenbeck.hpp): its semilinear split reproduces the drift,
// and the closed forms of its LinearFlow (Φ, Ψ, v = Var J, c = Cov(ΔW, J)) agree with the integrals that
// define them (runtime_model.hpp), computed here by composite Simpson quadrature; J rebuilt from (ΔW, η) by
// on_dW/on_normal has variance v and covariance c with ΔW.
#include "ito/sde/isotropic_ornstein_uhlenbeck.hpp"

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <functional>

namespace ito::sde {
namespace {

double simpson(const std::function<double(double)>& f, double a, double b, int n = 20000) {
  const double h = (b - a) / n;
  double s = f(a) + f(b);
  for (int i = 1; i < n; ++i) s += (i % 2 ? 4.0 : 2.0) * f(a + i * h);
  return s * h / 3.0;
}

TEST(IsotropicOrnsteinUhlenbeck, SemilinearSplitReproducesTheDrift) {
  const IsotropicOrnsteinUhlenbeck m{4, 1.7, -0.3, 0.9};
  Eigen::MatrixXd X = Eigen::MatrixXd::Random(4, 3), A, N;
  m.drift(0.2, X, A);
  m.nonlinear_input(0.2, X, N);
  // ℓ = −θ, κ = θ: a(x) = −θ x + θ N.
  EXPECT_LT((A - (-m.theta * X + m.theta * N)).cwiseAbs().maxCoeff(), 1e-15);
}

TEST(IsotropicOrnsteinUhlenbeck, LinearFlowMatchesItsDefiningIntegrals) {
  const IsotropicOrnsteinUhlenbeck m{2, 1.7, -0.3, 0.9};
  for (double h : {1e-3, 0.05, 0.4, 2.0}) {
    const LinearFlow f = m.linear_flow(0.0, h);
    // With ℓ = −θ: ∫_s^h ℓ = −θ(h − s).
    const auto decay = [&](double s) { return std::exp(-m.theta * (h - s)); };
    EXPECT_NEAR(f.phi, std::exp(-m.theta * h), 1e-15);
    EXPECT_NEAR(f.psi, simpson([&](double s) { return decay(s) * m.theta; }, 0.0, h), 1e-12);
    EXPECT_NEAR(f.variance, simpson([&](double s) { return decay(s) * decay(s) * m.sigma * m.sigma; }, 0.0, h),
                1e-12);
    EXPECT_NEAR(f.covariance, simpson([&](double s) { return decay(s) * m.sigma; }, 0.0, h), 1e-12);
    // J = (c/h) ΔW + r η with ΔW ~ N(0, h), η ~ N(0, 1): Var J = c²/h + r², Cov(ΔW, J) = c.
    const double r = f.on_normal(h);
    EXPECT_NEAR(f.on_dW(h) * f.on_dW(h) * h + r * r, f.variance, 1e-15);
    EXPECT_NEAR(f.on_dW(h) * h, f.covariance, 1e-15);
    EXPECT_GE(r, 0.0);
  }
}

TEST(IsotropicOrnsteinUhlenbeck, MomentsSolveTheMomentEquations) {
  const IsotropicOrnsteinUhlenbeck m{1, 1.7, -0.3, 0.9};
  const double x0 = 1.1, t = 0.8, dt = 1e-6;
  // d/dt E X = θ(μ − E X), d/dt Var X = −2θ Var X + σ², by central differences.
  const double dmean = (m.exact_mean(t + dt, x0) - m.exact_mean(t - dt, x0)) / (2 * dt);
  const double dvar = (m.exact_variance(t + dt) - m.exact_variance(t - dt)) / (2 * dt);
  EXPECT_NEAR(dmean, m.theta * (m.mu - m.exact_mean(t, x0)), 1e-8);
  EXPECT_NEAR(dvar, -2 * m.theta * m.exact_variance(t) + m.sigma * m.sigma, 1e-8);
  EXPECT_EQ(m.exact_mean(0.0, x0), x0);
  EXPECT_EQ(m.exact_variance(0.0), 0.0);
}

}  // namespace
}  // namespace ito::sde
