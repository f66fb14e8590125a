// Euler–Maruyama: its one-step formula, its refusal of Stratonovich models, its orders as data, and the local
// errors against exact solutions that make those orders (local_error.hpp): local RMS error O(h) on
// multiplicative noise (strong ½), O(h^{3/2}) on additive noise (strong 1), local weak error O(h²) (weak 1).
#include "ito/schemes/euler_maruyama.hpp"

#include <gtest/gtest.h>

#include "ito/sde/additive_decay.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"
#include "local_error.hpp"

namespace ito::schemes {
namespace {

static_assert(supports<EulerMaruyama, test::GeneralNoiseModel>, "Euler-Maruyama handles any Ito noise");
static_assert(!supports<EulerMaruyama, sde::StratonovichGeometricBrownianMotion>, "and no Stratonovich model");

TEST(EulerMaruyama, OrdersPerNoiseClass) {
  EXPECT_EQ((order_on<EulerMaruyama, sde::GeometricBrownianMotion>().strong), 0.5);
  EXPECT_EQ((order_on<EulerMaruyama, sde::GeometricBrownianMotion>().weak), 1.0);
  EXPECT_EQ((order_on<EulerMaruyama, sde::OrnsteinUhlenbeck>().strong), 1.0);
  EXPECT_EQ((order_on<EulerMaruyama, sde::OrnsteinUhlenbeck>().weak), 1.0);
  EXPECT_EQ((order_on<EulerMaruyama, test::GeneralNoiseModel>().strong), 0.5);
  EXPECT_THROW(require_supported<EulerMaruyama>(NoiseClass::scalar, Interpretation::stratonovich, 1), ParameterError);
}

TEST(EulerMaruyama, OneStepFormula) {
  // GBM (α = 1.01, β = 0.87) from x = 2 with h = 1/4, ΔW = 0.3.
  const double x0 = 2.0, h = 0.25, dw = 0.3, al = 1.01, be = 0.87;
  double y;
  EulerMaruyama{}.step(sde::GeometricBrownianMotion{}, 0.0, h, &x0, {&dw}, &y);
  EXPECT_DOUBLE_EQ(y, x0 + al * x0 * h + be * x0 * dw);
}

TEST(EulerMaruyama, LocalErrorsAgainstTheExactSolution) {
  const sde::GeometricBrownianMotion gbm;
  const sde::AdditiveDecay additive;
  const auto identity = [](double x) { return x; };
  const auto rms_on_gbm = [&](double h) { return test::local_rms_error(EulerMaruyama{}, gbm, 0.5, h); };
  const auto weak_on_gbm = [&](double h) { return test::local_weak_error(EulerMaruyama{}, gbm, 0.5, h, identity); };
  const auto rms_on_additive = [&](double h) { return test::local_rms_error(EulerMaruyama{}, additive, 1.0, h); };
  EXPECT_NEAR(test::local_slope(1.0 / 64, rms_on_gbm), 1.0, 0.05) << "multiplicative noise: strong order 1/2";
  EXPECT_NEAR(test::local_slope(1.0 / 64, weak_on_gbm), 2.0, 0.05) << "E X: weak order 1";
  EXPECT_NEAR(test::local_slope(1.0 / 64, rms_on_additive), 1.5, 0.05) << "additive noise: strong order 1";
}

}  // namespace
}  // namespace ito::schemes
