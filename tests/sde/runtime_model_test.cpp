// The run-time model's LinearFlow (ito/sde/runtime_model.hpp): J = (c/h) ΔW + √(v − c²/h) η reproduces
// Var J = v and Cov(ΔW, J) = c for ΔW ~ N(0, h), η ~ N(0, 1); when rounding puts v a hair below c²/h (perfect
// correlation) the normal's weight is 0, not NaN; the step rule handed to the companion carries (c/h, r, Φ).
// The concepts accept the run-time OU model and reject a compile-time model.
#include "ito/sde/runtime_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/sde/isotropic_ornstein_uhlenbeck.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::sde {
namespace {

static_assert(SemilinearRuntimeModel<IsotropicOrnsteinUhlenbeck> && !RuntimeModel<OrnsteinUhlenbeck>);

TEST(LinearFlow, WeightsReproduceTheVarianceAndCovariance) {
  const LinearFlow f{0.7, 0.2, 0.09, 0.05};
  const double h = 0.04;
  EXPECT_DOUBLE_EQ(f.on_dW(h), 1.25);
  const double r = f.on_normal(h);
  EXPECT_DOUBLE_EQ(r, std::sqrt(0.09 - 0.0025 / 0.04));
  EXPECT_NEAR(f.on_dW(h) * f.on_dW(h) * h + r * r, f.variance, 1e-16);
  EXPECT_NEAR(f.on_dW(h) * h, f.covariance, 1e-16);
  const ConvolutionStep step = f.convolution_step(h);
  EXPECT_EQ(step.on_dW, f.on_dW(h));
  EXPECT_EQ(step.on_normal, r);
  EXPECT_EQ(step.decay, f.phi);
}

TEST(LinearFlow, PerfectCorrelationBelowRoundingGivesZeroNormalWeight) {
  const double h = 0.1, c = 0.3;
  const LinearFlow f{1.0, 0.0, c * c / h * (1.0 - 1e-15), c};
  ASSERT_LT(f.variance - f.covariance * f.covariance / h, 0.0);
  EXPECT_EQ(f.on_normal(h), 0.0);
}

}  // namespace
}  // namespace ito::sde
