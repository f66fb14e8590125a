// Rößler's additive test problem (ito/sde/additive_decay.hpp): coefficients at a hand-computed point,
// metadata (additive: g independent of x, Milstein product 0), the pathwise solution against the SDE by Itô's
// formula, and the exact moments against a fine RK4 solution of the moment ODEs
//   m' = β/√(1+t) − m/(2(1+t)),   v' = −v/(1+t) + α²β²/(1+t).
// The Monte Carlo check over exact samples is additive_decay_stat_test.cpp.
#include "ito/sde/additive_decay.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model_checks.hpp"

namespace ito::sde {
namespace {

static_assert(HasDiffusionDerivative<AdditiveDecay> && HasPathwiseExact<AdditiveDecay> && HasExactMoments<AdditiveDecay>);
static_assert(AdditiveDecay::noise_class == NoiseClass::additive && AdditiveDecay::interpretation == Interpretation::ito);

TEST(AdditiveDecay, CoefficientsAtAPoint) {
  const AdditiveDecay m{0.5, 2.0};
  double a, g, l;
  for (double x : {2.0, -7.0}) {
    m.drift(3.0, &x, &a);
    m.diffusion(3.0, &x, &g);
    m.diffusion_derivative_products(3.0, &x, &l);
    EXPECT_DOUBLE_EQ(a, 2.0 / 2.0 - x / 8.0);
    EXPECT_DOUBLE_EQ(g, 0.5);  // αβ/√(1+t), whatever x
    EXPECT_EQ(l, 0.0);
  }
}

TEST(AdditiveDecay, ExactSolutionSolvesTheSde) {
  for (const AdditiveDecay m : {AdditiveDecay{}, AdditiveDecay{0.1, 0.05}})
    for (double t : {0.1, 1.0, 3.0})
      for (double w : {-1.5, 0.4}) testing::expect_exact_solves_the_sde(m, t, {1.0}, {w});
}

TEST(AdditiveDecay, ExactMomentsSolveTheMomentOdes) {
  for (const AdditiveDecay m : {AdditiveDecay{}, AdditiveDecay{0.1, 0.05}, AdditiveDecay{2.0, 0.7}}) {
    const double x0 = 1.0, T = 1.5;
    const double ab2 = m.alpha * m.alpha * m.beta * m.beta;
    const auto y = testing::rk4([&](double t, const std::vector<double>& u) {
      return std::vector<double>{m.beta / std::sqrt(1.0 + t) - u[0] / (2.0 * (1.0 + t)), (ab2 - u[1]) / (1.0 + t)};
    }, 0.0, T, {x0, 0.0}, 4000);
    double mean, var;
    m.exact_mean(T, &x0, &mean);
    m.exact_variance(T, &x0, &var);
    EXPECT_NEAR(mean, y[0], 1e-11);
    EXPECT_NEAR(var, y[1], 1e-11 * std::max(1.0, ab2));
  }
}

}  // namespace
}  // namespace ito::sde
