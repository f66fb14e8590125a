// The exact Ornstein–Uhlenbeck step: its formula, its refusal of other models, its orders (exact), and its
// exactness in law at any step size: with J built by the companion rule from (ΔW, η), the step's mean and
// variance are the OU transition's, computed in closed form here (no sampling).
#include "ito/schemes/exact_ornstein_uhlenbeck.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/sde/additive_decay.hpp"
#include "ito/sde/companion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::schemes {
namespace {

static_assert(!supports<ExactOrnsteinUhlenbeck, sde::AdditiveDecay>, "exact OU needs an OU model");
static_assert(supports<ExactOrnsteinUhlenbeck, sde::OrnsteinUhlenbeck>);

TEST(ExactOrnsteinUhlenbeck, OrdersAreExact) {
  EXPECT_TRUE(std::isinf((order_on<ExactOrnsteinUhlenbeck, sde::OrnsteinUhlenbeck>().strong)));
  EXPECT_TRUE(std::isinf((order_on<ExactOrnsteinUhlenbeck, sde::OrnsteinUhlenbeck>().weak)));
  EXPECT_EQ(ExactOrnsteinUhlenbeck::companion, Companion::ou_convolution);
  EXPECT_THROW(require_supported<ExactOrnsteinUhlenbeck>(NoiseClass::scalar, Interpretation::ito, 1), ParameterError);
}

TEST(ExactOrnsteinUhlenbeck, OneStepFormula) {
  const sde::OrnsteinUhlenbeck ou{2.0, 0.5, 0.3};
  const double x0 = 2.0, h = 0.25, dw = 0.3, j = 0.1;
  double y;
  ExactOrnsteinUhlenbeck{}.step(ou, 0.0, h, &x0, {&dw, &j}, &y);
  EXPECT_DOUBLE_EQ(y, 0.5 + (x0 - 0.5) * std::exp(-2.0 * h) + 0.3 * j);
}

TEST(ExactOrnsteinUhlenbeck, OneStepHasTheTransitionLawAtAnyStepSize) {
  // Y_1 = μ + (x − μ)e^{−θh} + σ J with J = a ξ√h + b η (ξ, η independent standard normals): its mean is the
  // step at ξ = η = 0 and its variance σ²(a² h + b²), the squares of its coefficients on ξ and η.
  const sde::OrnsteinUhlenbeck ou{1.3, -0.4, 0.8};
  const double x0 = 1.5;
  for (double h : {1e-3, 0.1, 1.0, 7.0}) {
    const sde::CompanionRule<sde::Companion::ou_convolution> rule(h, ou.theta);
    const auto step = [&](double xi, double eta) {
      const double dw = std::sqrt(h) * xi, j = rule.build(dw, eta);
      double y;
      ExactOrnsteinUhlenbeck{}.step(ou, 0.0, h, &x0, {&dw, &j}, &y);
      return y;
    };
    const double mean = step(0, 0), on_xi = step(1, 0) - mean, on_eta = step(0, 1) - mean;
    double exact_mean, exact_variance;
    ou.exact_mean(h, &x0, &exact_mean);
    ou.exact_variance(h, &x0, &exact_variance);
    EXPECT_NEAR(mean, exact_mean, 1e-15) << h;
    EXPECT_NEAR(on_xi * on_xi + on_eta * on_eta, exact_variance, 1e-14) << h;
  }
}

}  // namespace
}  // namespace ito::schemes
