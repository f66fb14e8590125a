// Milstein: its one-step formulas (Itô and Stratonovich), its refusal of general noise and of models without
// the derivative products, its orders as data, and local RMS errors O(h^{3/2}) against exact solutions
// (strong order 1; local_error.hpp).
#include "ito/schemes/milstein.hpp"

#include <gtest/gtest.h>

#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/linear_system_2d.hpp"
#include "ito/sde/wave.hpp"
#include "local_error.hpp"

namespace ito::schemes {
namespace {

// A scalar model without diffusion_derivative_products.
struct NoDerivative {
  static constexpr int dim = 1, noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::scalar;
  static constexpr Interpretation interpretation = Interpretation::ito;
  void drift(double, const double* x, double* a) const { a[0] = -x[0]; }
  void diffusion(double, const double* x, double* g) const { g[0] = std::sin(x[0]); }
};

static_assert(!supports<Milstein, test::GeneralNoiseModel>, "Milstein on general noise must be refused");
static_assert(!supports<Milstein, NoDerivative>, "Milstein needs the derivative products");
static_assert(supports<Milstein, sde::LinearSystem2d>);
static_assert(supports<Milstein, sde::StratonovichGeometricBrownianMotion>);

TEST(Milstein, OrdersPerNoiseClass) {
  EXPECT_EQ((order_on<Milstein, sde::LinearSystem2d>().strong), 1.0);
  EXPECT_EQ((order_on<Milstein, sde::GeometricBrownianMotion>().weak), 1.0);
  EXPECT_THROW(require_supported<Milstein>(NoiseClass::general, Interpretation::ito, 3), ParameterError);
}

TEST(Milstein, OneStepFormulasItoAndStratonovich) {
  const double x0 = 2.0, h = 0.25, dw = 0.3, al = 1.01, be = 0.87;
  double y;
  Milstein{}.step(sde::GeometricBrownianMotion{}, 0.0, h, &x0, {&dw}, &y);
  EXPECT_DOUBLE_EQ(y, x0 + al * x0 * h + be * x0 * dw + 0.5 * be * be * x0 * (dw * dw - h));
  Milstein{}.step(sde::StratonovichGeometricBrownianMotion{}, 0.0, h, &x0, {&dw}, &y);
  EXPECT_DOUBLE_EQ(y, x0 + al * x0 * h + be * x0 * dw + 0.5 * be * be * x0 * dw * dw);
}

TEST(Milstein, LocalRmsErrorIsOrderThreeHalves) {
  const auto slope = [](const auto& model, double x0) {
    return test::local_slope(1.0 / 64, [&](double h) { return test::local_rms_error(Milstein{}, model, x0, h); });
  };
  EXPECT_NEAR(slope(sde::GeometricBrownianMotion{}, 0.5), 1.5, 0.05) << "Ito GBM";
  EXPECT_NEAR(slope(sde::StratonovichGeometricBrownianMotion{}, 0.5), 1.5, 0.05) << "Stratonovich GBM";
  EXPECT_NEAR(slope(sde::WaveSde{}, 0.5), 1.5, 0.05) << "nonlinear wave model";
}

}  // namespace
}  // namespace ito::schemes
