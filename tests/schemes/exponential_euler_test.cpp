// The exponential integrator (schemes/exponential_euler.hpp) on its own: one step is Φx + ΨN(t, x) + J with
// the companion J passed in, the orders it declares, and its deterministic order 1 on a semilinear model whose
// input N depends on the state (the case where freezing N costs O(h²) per step). Exactness on OU, and the
// agreement of J with the Brownian path, are tested with the batch kernel (monte_carlo/batch_kernel_test.cpp).
#include "ito/schemes/exponential_euler.hpp"

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <vector>

#include "ito/core/line_fit.hpp"

namespace ito::schemes {
namespace {

// dX = (−λX + N(t, X)) dt + σ dW with N(t, x) = sin(x) + cos(t), componentwise: ℓ = −λ, κ = 1.
struct Semilinear {
  static constexpr sde::NoiseClass noise_class = sde::NoiseClass::isotropic;
  static constexpr sde::Interpretation interpretation = sde::Interpretation::ito;
  int d = 3;
  double lambda = 2.0;
  double sigma = 0.0;

  int dim() const { return d; }
  void nonlinear_input(double t, const Eigen::MatrixXd& X, Eigen::MatrixXd& N) const {
    N = (X.array().sin() + std::cos(t)).matrix();
  }
  void drift(double t, const Eigen::MatrixXd& X, Eigen::MatrixXd& A) const {
    nonlinear_input(t, X, A);
    A -= lambda * X;
  }
  double noise_scale(double) const { return sigma; }
  sde::LinearFlow linear_flow(double, double h) const {
    const double e1 = -std::expm1(-lambda * h), e2 = -std::expm1(-2.0 * lambda * h);
    return {1.0 - e1, e1 / lambda, sigma * sigma * e2 / (2.0 * lambda), sigma * e1 / lambda};
  }
};
static_assert(sde::SemilinearRuntimeModel<Semilinear>);

Eigen::MatrixXd start() {
  Eigen::MatrixXd x(3, 2);
  x << 0.3, -1.2, 1.0, 0.0, -0.7, 2.5;
  return x;
}

// The deterministic (σ = 0) solution at T by the exponential integrator with n steps.
Eigen::MatrixXd exponential_euler(const Semilinear& m, double T, int n) {
  const double h = T / n;
  Eigen::MatrixXd x = start(), next;
  const Eigen::MatrixXd zero = Eigen::MatrixXd::Zero(x.rows(), x.cols());
  for (int i = 0; i < n; ++i) {
    ExponentialEuler{}.step(m, i * h, h, x, sde::BatchNoise{&zero, &zero}, next);
    x.swap(next);
  }
  return x;
}

// The reference: classical Runge–Kutta 4 on the same ODE with 2¹⁴ steps (error ~ h⁴ ≈ 1e-17).
Eigen::MatrixXd runge_kutta(const Semilinear& m, double T, int n) {
  const double h = T / n;
  Eigen::MatrixXd x = start(), k1, k2, k3, k4;
  for (int i = 0; i < n; ++i) {
    const double t = i * h;
    m.drift(t, x, k1);
    m.drift(t + h / 2, x + h / 2 * k1, k2);
    m.drift(t + h / 2, x + h / 2 * k2, k3);
    m.drift(t + h, x + h * k3, k4);
    x += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  return x;
}

TEST(ExponentialEuler, OneStepIsTheLinearFlowPlusTheFrozenInputPlusTheCompanion) {
  const Semilinear m{3, 2.0, 0.5};
  const Eigen::MatrixXd x = start();
  Eigen::MatrixXd dW(3, 2), J(3, 2), next, N;
  dW << 0.1, -0.2, 0.3, 0.05, -0.4, 0.2;
  J << 0.02, 0.01, -0.03, 0.04, 0.0, -0.01;
  const double t = 0.7, h = 0.125;
  ExponentialEuler{}.step(m, t, h, x, sde::BatchNoise{&dW, &J}, next);
  m.nonlinear_input(t, x, N);
  const sde::LinearFlow f = m.linear_flow(t, h);
  const Eigen::MatrixXd expected = f.phi * x + f.psi * N + J;
  for (Eigen::Index i = 0; i < x.size(); ++i) EXPECT_DOUBLE_EQ(next(i), expected(i)) << "entry " << i;
  // ΔW itself enters only through J (the exact convolution), never as a separate term.
  Eigen::MatrixXd other_dW = -dW, next2;
  ExponentialEuler{}.step(m, t, h, x, sde::BatchNoise{&other_dW, &J}, next2);
  EXPECT_EQ(next, next2);
}

TEST(ExponentialEuler, DeclaresOrderOneForAdditiveNoiseOnly) {
  using sde::Interpretation;
  using sde::NoiseClass;
  for (NoiseClass c : {NoiseClass::additive, NoiseClass::isotropic}) {
    const Order o = ExponentialEuler::order(c, Interpretation::ito, 3);
    EXPECT_EQ(o.strong, 1.0);
    EXPECT_EQ(o.weak, 1.0);
  }
  for (NoiseClass c : {NoiseClass::diagonal, NoiseClass::scalar, NoiseClass::commutative, NoiseClass::general})
    EXPECT_FALSE(ExponentialEuler::order(c, Interpretation::ito, 3).supported());
}

// Freezing N over a step costs O(h²) locally, so the global error is first order in h: the fitted slope of
// log error against log h is the declared order to within the curvature of the ladder (deterministic: the
// tolerance is on the pre-asymptotic curvature, not on sampling error).
TEST(ExponentialEuler, GlobalErrorIsFirstOrderWhenTheInputDependsOnTheState) {
  const Semilinear m{3, 2.0, 0.0};
  const double T = 1.5;
  const Eigen::MatrixXd reference = runge_kutta(m, T, 1 << 14);
  std::vector<double> log_h, log_err;
  for (int n : {16, 32, 64, 128, 256, 512}) {
    const double err = (exponential_euler(m, T, n) - reference).cwiseAbs().maxCoeff();
    ASSERT_GT(err, 0.0);
    log_h.push_back(std::log(T / n));
    log_err.push_back(std::log(err));
  }
  const core::LineFit fit = core::fit_line(log_h, log_err);
  const double declared = ExponentialEuler::order(sde::NoiseClass::isotropic, sde::Interpretation::ito, 3).strong;
  EXPECT_NEAR(fit.slope, declared, 0.05) << "fitted order " << fit.slope << " [" << fit.ci_low << ", " << fit.ci_high
                                         << "]";
}

}  // namespace
}  // namespace ito::schemes
