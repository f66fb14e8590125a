// The additive nonlinear model dX = −sin X dt + σ dW (ito/sde/additive_nonlinear.hpp): coefficients at
// hand-computed points, and the additive-noise contract the strong-1.5 schemes rely on (g does not depend on
// x, so the Milstein product is 0). It has no exact solution; its role (SRA1's measured order 1.5) is
// exercised by the converge studies.
#include "ito/sde/additive_nonlinear.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "model_checks.hpp"

namespace ito::sde {
namespace {

static_assert(HasDiffusionDerivative<AdditiveNonlinear> && !HasPathwiseExact<AdditiveNonlinear>);
static_assert(AdditiveNonlinear::noise_class == NoiseClass::additive &&
              AdditiveNonlinear::interpretation == Interpretation::ito && AdditiveNonlinear::dim == 1);

TEST(AdditiveNonlinear, CoefficientsAtAPoint) {
  const AdditiveNonlinear m{0.75};
  double a, g, l;
  for (double x : {std::numbers::pi / 6, -std::numbers::pi / 2, 3.0}) {
    m.drift(0.4, &x, &a);
    m.diffusion(0.4, &x, &g);
    m.diffusion_derivative_products(0.4, &x, &l);
    EXPECT_DOUBLE_EQ(a, -std::sin(x));
    EXPECT_EQ(g, 0.75);
    EXPECT_EQ(l, 0.0);
  }
  const double x = std::numbers::pi / 6;
  m.drift(0.0, &x, &a);
  EXPECT_NEAR(a, -0.5, 1e-15);
}

TEST(AdditiveNonlinear, MilsteinProductIsGTimesItsDerivative) {
  for (double x : {-2.0, 0.3}) testing::expect_milstein_products_match_finite_differences(AdditiveNonlinear{}, 0.1, {x});
}

}  // namespace
}  // namespace ito::sde
