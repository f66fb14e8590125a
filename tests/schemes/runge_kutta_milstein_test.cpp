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

// dX = a dt + g(X)∘dW with g = sin(x) + 2 (g″ ≠ 0): the step is x + a h + g ΔW + c ΔW², c independent of ΔW,
// so its mean is exactly the average over ΔW = ±√h. The true mean increment is (a + ½ g g′) h + O(h²); the
// scheme must match it to O(h²) for strong order 1 (Milstein's theorem: mean local error O(h^{p+1})). The
// one-sided Stratonovich quotient (g(x + g√h) − g(x))/√h missed it by ¼ g″g² h^{3/2}: slope 1.5, strong
// order 0.54 on a nonlinear problem. Catches that, and any drift in the Stratonovich supporting value.
struct SineStratonovich {
  static constexpr int dim = 1, noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::scalar;
  static constexpr Interpretation interpretation = Interpretation::stratonovich;
  void drift(double, const double* x, double* a) const { a[0] = 0.3 - 0.5 * x[0]; }
  void diffusion(double, const double* x, double* g) const { g[0] = std::sin(x[0]) + 2.0; }
};

TEST(RungeKuttaMilstein, StratonovichMeanLocalErrorIsOrderTwo) {
  const SineStratonovich model;
  const double x0 = 0.7;
  const double a = 0.3 - 0.5 * x0, g = std::sin(x0) + 2.0, gp = std::cos(x0);
  const auto mean_error = [&](double h) {
    double up, down;
    const double plus = std::sqrt(h), minus = -std::sqrt(h);
    RungeKuttaMilstein{}.step(model, 0.0, h, &x0, {&plus}, &up);
    RungeKuttaMilstein{}.step(model, 0.0, h, &x0, {&minus}, &down);
    return 0.5 * (up + down) - x0 - (a + 0.5 * g * gp) * h;
  };
  EXPECT_NEAR(test::local_slope(1.0 / 64, mean_error), 2.0, 0.05);
}

}  // namespace
}  // namespace ito::schemes
