// Euler–Heun: its one-step formula, its refusal of Itô models, its orders as data, and the local RMS error
// O(h^{3/2}) against the exact Stratonovich solution (strong order 1; local_error.hpp).
#include "ito/schemes/euler_heun.hpp"

#include <gtest/gtest.h>

#include "ito/sde/geometric_brownian_motion.hpp"
#include "local_error.hpp"

namespace ito::schemes {
namespace {

static_assert(!supports<EulerHeun, sde::GeometricBrownianMotion>, "Euler-Heun on an Ito model must be refused");
static_assert(supports<EulerHeun, sde::StratonovichGeometricBrownianMotion>);

TEST(EulerHeun, OrdersPerNoiseClass) {
  EXPECT_EQ((order_on<EulerHeun, sde::StratonovichGeometricBrownianMotion>().strong), 1.0);
  EXPECT_EQ((order_on<EulerHeun, sde::StratonovichGeometricBrownianMotion>().weak), 1.0);
  EXPECT_EQ(EulerHeun::order(NoiseClass::general, Interpretation::stratonovich, 2).strong, 0.5);
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

}  // namespace
}  // namespace ito::schemes
