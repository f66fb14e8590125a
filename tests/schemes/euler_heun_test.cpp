// Euler–Heun: its one-step formula, its refusal of Itô models with state-dependent noise, its orders as data,
// the local RMS error O(h^{3/2}) against the exact Stratonovich solution (strong order 1), and on additive noise
// (where Itô and Stratonovich coincide) local weak errors O(h³) (weak order 2; local_error.hpp).
#include "ito/schemes/euler_heun.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "ito/sde/additive_decay.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"
#include "local_error.hpp"

namespace ito::schemes {
namespace {

static_assert(!supports<EulerHeun, sde::GeometricBrownianMotion>, "Euler-Heun on an Ito model must be refused");
static_assert(supports<EulerHeun, sde::StratonovichGeometricBrownianMotion>);
static_assert(supports<EulerHeun, sde::AdditiveDecay>, "additive noise: the Ito and Stratonovich solutions coincide");

TEST(EulerHeun, OrdersPerNoiseClass) {
  EXPECT_EQ((order_on<EulerHeun, sde::StratonovichGeometricBrownianMotion>().strong), 1.0);
  EXPECT_EQ((order_on<EulerHeun, sde::StratonovichGeometricBrownianMotion>().weak), 1.0);
  EXPECT_EQ(EulerHeun::order(NoiseClass::general, Interpretation::stratonovich, 2).strong, 0.5);
  EXPECT_EQ((order_on<EulerHeun, sde::AdditiveDecay>().weak), 2.0);
  EXPECT_THROW(require_supported<EulerHeun>(NoiseClass::scalar, Interpretation::ito, 1), ParameterError);
}

TEST(EulerHeun, OneStepFormula) {
  const double x0 = 2.0, h = 0.25, dw = 0.3, al = 1.01, be = 0.87;
  double y;
  EulerHeun{}.step(sde::StratonovichGeometricBrownianMotion{}, 0.0, h, &x0, {&dw}, &y);
  const double pred = x0 * (1 + al * h + be * dw);
  EXPECT_DOUBLE_EQ(y, x0 + 0.5 * al * (x0 + pred) * h + 0.5 * be * (x0 + pred) * dw);
}

TEST(EulerHeun, LocalRmsErrorIsOrderThreeHalves) {
  const sde::StratonovichGeometricBrownianMotion gbm;
  EXPECT_NEAR(test::local_slope(1.0 / 64, [&](double h) { return test::local_rms_error(EulerHeun{}, gbm, 0.5, h); }),
              1.5, 0.05);
}

TEST(EulerHeun, LocalWeakErrorOnAdditiveNoiseIsOrderThree) {
  // OU: E Y_1 = x(1 − θh + θ²h²/2) + μ(...) against μ + (x − μ)e^{−θh}, an O(h³) difference; likewise E Y_1².
  const sde::OrnsteinUhlenbeck ou{1.5, 0.3, 0.8};
  const auto mean = [&](double h) { return test::local_moment_errors(EulerHeun{}, ou, 1.0, h).first; };
  const auto second = [&](double h) { return test::local_moment_errors(EulerHeun{}, ou, 1.0, h).second; };
  EXPECT_NEAR(test::local_slope(1.0 / 64, mean), 3.0, 0.1) << "E X: weak order 2";
  EXPECT_NEAR(test::local_slope(1.0 / 64, second), 3.0, 0.1) << "E X^2: weak order 2";
}

}  // namespace
}  // namespace ito::schemes
