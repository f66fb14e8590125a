// The scheme concept (scheme.hpp): `supports` reads a scheme's order table and model requirements, order_on
// its orders, require_supported and require_model_capabilities refuse at run time with a message naming the
// scheme and what is missing, and step() of a scheme that takes √h is its step_given_sqrt_h with √h computed.
// Each scheme's own formula, orders and local errors are tested in tests/schemes/<scheme>_test.cpp.
#include <gtest/gtest.h>

#include <cmath>

#include "ito/schemes.hpp"
#include "ito/sde.hpp"
#include "local_error.hpp"

namespace ito::schemes {
namespace {

// `supports` combines the order table with the model requirements (each scheme's own file asserts its list).
static_assert(!supports<Milstein, test::GeneralNoiseModel>, "refused by the order table");
static_assert(!supports<ExactOrnsteinUhlenbeck, sde::AdditiveDecay>, "refused by the model requirements");
static_assert(supports<EulerMaruyama, test::GeneralNoiseModel>);

TEST(SchemeOrders, OrderOnReadsTheTable) {
  EXPECT_EQ((order_on<EulerMaruyama, sde::GeometricBrownianMotion>().strong), 0.5);
  EXPECT_EQ((order_on<EulerMaruyama, sde::OrnsteinUhlenbeck>().strong), 1.0);
  EXPECT_FALSE((order_on<Milstein, test::GeneralNoiseModel>().supported()));
  EXPECT_TRUE(Order::exact().supported());
  EXPECT_FALSE(Order::unsupported().supported());
}

TEST(SchemeOrders, RunTimeCapabilitiesOfExpressionModels) {
  const sde::ExpressionModel no_derivative(sde::ExpressionSpec{"-x", "0.5*x", "", "", {}});
  try {
    require_model_capabilities<Milstein>(no_derivative);
    FAIL() << "Milstein accepted a model without the derivative of its diffusion";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("diffusion_derivative"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(require_model_capabilities<RungeKuttaMilstein>(no_derivative));
}

TEST(SchemeConcept, StepIsStepGivenSqrtHWithTheRootComputed) {
  const sde::SinhWeakSde model;
  const double x = 0.4, h = 0.03, dw = -0.11;
  double a, b;
  PlatenWeak2{}.step(model, 0.2, h, &x, {&dw}, &a);
  PlatenWeak2{}.step_given_sqrt_h(model, 0.2, h, std::sqrt(h), &x, {&dw}, &b);
  EXPECT_EQ(a, b);
}

TEST(SchemeOrders, RunTimeRefusalHasAClearMessage) {
  try {
    require_supported<Sra1>(NoiseClass::scalar, Interpretation::ito, 1);
    FAIL() << "SRA1 on scalar multiplicative noise accepted";
  } catch (const ParameterError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("sra1"), std::string::npos) << what;
    EXPECT_NE(what.find("scalar"), std::string::npos) << what;
    EXPECT_NE(what.find("additive"), std::string::npos) << what;
  }
  EXPECT_THROW(require_supported<Milstein>(NoiseClass::general, Interpretation::ito, 3), ParameterError);
  EXPECT_THROW(require_supported<EulerHeun>(NoiseClass::scalar, Interpretation::ito, 1), ParameterError);
  EXPECT_THROW(require_supported<EulerMaruyama>(NoiseClass::scalar, Interpretation::stratonovich, 1), ParameterError);
  EXPECT_NO_THROW(require_supported<Sriw1>(NoiseClass::diagonal, Interpretation::ito, 3));
}

}  // namespace
}  // namespace ito::schemes
