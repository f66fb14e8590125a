// Derivative-free Runge–Kutta–Milstein: its one-step formula (and its O(h^{3/2}) distance to Milstein's), its
// refusal of general noise, its orders as data, and local RMS errors O(h^{3/2}) against exact solutions, Itô and
// Stratonovich (strong order 1; local_error.hpp).
#include "ito/schemes/runge_kutta_milstein.hpp"

#include <gtest/gtest.h>

#include "ito/schemes/milstein.hpp"
#include "ito/sde/cubic.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/linear_system_2d.hpp"
#include "local_error.hpp"

namespace ito::schemes {
namespace {

static_assert(!supports<RungeKuttaMilstein, test::GeneralNoiseModel>);
static_assert(supports<RungeKuttaMilstein, sde::LinearSystem2d> &&
              supports<RungeKuttaMilstein, sde::StratonovichGeometricBrownianMotion>);

TEST(RungeKuttaMilstein, OrdersPerNoiseClass) {
  EXPECT_EQ((order_on<RungeKuttaMilstein, sde::LinearSystem2d>().strong), 1.0);
  EXPECT_EQ((order_on<RungeKuttaMilstein, sde::CubicSde>().weak), 1.0);
  EXPECT_THROW(require_supported<RungeKuttaMilstein>(NoiseClass::general, Interpretation::ito, 2), ParameterError);
}

TEST(RungeKuttaMilstein, OneStepFormula) {
  const double x0 = 2.0, h = 0.25, dw = 0.3, al = 1.01, be = 0.87;
  double y;
  RungeKuttaMilstein{}.step(sde::GeometricBrownianMotion{}, 0.0, h, &x0, {&dw}, &y);
  const double support = x0 + al * x0 * h + be * x0 * std::sqrt(h);
  EXPECT_NEAR(y, x0 + al * x0 * h + be * x0 * dw + (be * support - be * x0) * (dw * dw - h) / (2 * std::sqrt(h)),
              1e-14);
  // For linear g, (g(Υ) − g(x))/√h = β(a h + β x √h)/√h = β² x + β a √h: differs from Milstein by O(h^{3/2}).
  double ym;
  Milstein{}.step(sde::GeometricBrownianMotion{}, 0.0, h, &x0, {&dw}, &ym);
  EXPECT_NEAR(y - ym, 0.5 * be * al * x0 * std::sqrt(h) * (dw * dw - h), 1e-14);
}

TEST(RungeKuttaMilstein, LocalRmsErrorIsOrderThreeHalves) {
  const auto slope = [](const auto& model, double x0) {
    return test::local_slope(1.0 / 64,
                             [&](double h) { return test::local_rms_error(RungeKuttaMilstein{}, model, x0, h); });
  };
  EXPECT_NEAR(slope(sde::GeometricBrownianMotion{}, 0.5), 1.5, 0.05) << "Ito GBM";
  EXPECT_NEAR(slope(sde::StratonovichGeometricBrownianMotion{}, 0.5), 1.5, 0.05) << "Stratonovich GBM";
  EXPECT_NEAR(slope(sde::CubicSde{}, 0.5), 1.5, 0.05) << "cubic model";
}

}  // namespace
}  // namespace ito::schemes
