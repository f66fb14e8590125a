// The terminal and Feynman–Kac functionals on hand-made paths: the discounted payoff, the trapezoidal time
// integrals of the rate and the running cost (exact for a constant rate), and the Brownian-bridge view of a
// scalar path (its coordinates, coefficient and bridge midpoint).
#include "ito/feynman_kac/functional.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/sde/geometric_brownian_motion.hpp"

namespace ito::feynman_kac {
namespace {

TEST(TerminalFunctional, DiscountedPayoffOfTheEndPoint) {
  const auto payoff = [](const double* x) { return x[0] > 1.0 ? x[0] - 1.0 : 0.0; };
  const TerminalFunctional<decltype(payoff)> f{payoff, 0.9};
  auto s = f.start(0.0, nullptr);
  const double x = 0.5, y = 1.5;
  EXPECT_TRUE(f.step(s, 0.0, 0.1, &x, &y, nullptr));
  EXPECT_DOUBLE_EQ(f.value(s, 1.0, &y), 0.9 * 0.5);
}

TEST(FeynmanKacFunctional, TrapezoidalIntegralsAlongAPath) {
  // Path x = 1, 2, 4 at t = 0, 0.5, 1; rate r(t, x) = x/10, cost f(t, x) = t + x, payoff φ(x) = x.
  const auto phi = [](const double* x) { return x[0]; };
  const auto cost = [](double t, const double* x) { return t + x[0]; };
  const auto rate = [](double, const double* x) { return 0.1 * x[0]; };
  const FeynmanKacFunctional f{phi, cost, rate};
  const double path[3] = {1.0, 2.0, 4.0}, h = 0.5;
  auto s = f.start(0.0, &path[0]);
  EXPECT_TRUE(f.step(s, 0.0, h, &path[0], &path[1], nullptr));
  EXPECT_TRUE(f.step(s, 0.5, h, &path[1], &path[2], nullptr));
  // ∫r: ½h(r0 + r1) + ½h(r1 + r2) = 0.25·0.3 + 0.25·0.6 = 0.225.
  const double R1 = 0.25 * (0.1 + 0.2), R2 = R1 + 0.25 * (0.2 + 0.4);
  // ∫e^{−∫r} f: ½h(e^{0} f0 + e^{−R1} f1) + ½h(e^{−R1} f1 + e^{−R2} f2), f = 1, 2.5, 5.
  const double running = 0.25 * (1.0 + std::exp(-R1) * 2.5) + 0.25 * (std::exp(-R1) * 2.5 + std::exp(-R2) * 5.0);
  EXPECT_NEAR(f.value(s, 1.0, &path[2]), std::exp(-R2) * 4.0 - running, 1e-15);
}

TEST(FeynmanKacFunctional, ConstantRateDiscountsExactly) {
  const auto phi = [](const double*) { return 1.0; };
  const auto zero = [](double, const double*) { return 0.0; };
  const auto rate = [](double, const double*) { return 0.07; };
  const FeynmanKacFunctional f{phi, zero, rate};
  const double x = 3.0;
  auto s = f.start(0.0, &x);
  for (int n = 0; n < 8; ++n) f.step(s, n * 0.25, 0.25, &x, &x, nullptr);
  EXPECT_NEAR(f.value(s, 2.0, &x), std::exp(-0.07 * 2.0), 1e-15);
}

TEST(BridgeView, CoordinatesCoefficientAndMidpoint) {
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const BridgeView<sde::GeometricBrownianMotion> log_view{&gbm, BridgeCoordinates::logarithmic};
  const BridgeView<sde::GeometricBrownianMotion> state_view{&gbm, BridgeCoordinates::state};
  EXPECT_DOUBLE_EQ(log_view.variable(2.0), std::log(2.0));
  EXPECT_DOUBLE_EQ(state_view.variable(2.0), 2.0);
  EXPECT_DOUBLE_EQ(log_view.coefficient(0.0, 3.0), 0.2);  // g/x = β: log S is a Brownian motion with drift
  EXPECT_DOUBLE_EQ(state_view.coefficient(0.0, 3.0), 0.6);
  // For a Brownian motion with drift (log S), the midpoint interpolation with the two fine increments gives
  // back the exact midpoint: y1 = y0 + μH + b(ΔW1 + ΔW2), y_mid = y0 + μH/2 + bΔW1.
  const double y0 = 0.1, mu = 0.3, H = 0.2, b = 0.2, dw1 = 0.05, dw2 = -0.12;
  const double y1 = y0 + mu * H + b * (dw1 + dw2);
  EXPECT_NEAR(BridgeView<sde::GeometricBrownianMotion>::midpoint(y0, y1, b, dw1, dw2), y0 + 0.5 * mu * H + b * dw1,
              1e-15);
}

}  // namespace
}  // namespace ito::feynman_kac
