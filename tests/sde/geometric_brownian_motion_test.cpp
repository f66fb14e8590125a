// Geometric Brownian motion (ito/sde/geometric_brownian_motion.hpp), Itô and Stratonovich: coefficients at a
// hand-computed point, metadata, Milstein product g g' = β² x, the pathwise solutions against the SDE by Itô's
// (resp. the ordinary) chain rule, and the exact moments against a fine RK4 solution of the moment ODEs of the
// equivalent Itô equation dX = r X dt + β X dW (r = α Itô, α + β²/2 Stratonovich):
//   m' = r m,   s' = (2r + β²) s   (s = E X²),   Var = s − m².
// The Monte Carlo check of the moments over exact samples is geometric_brownian_motion_stat_test.cpp.
#include "ito/sde/geometric_brownian_motion.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model_checks.hpp"

namespace ito::sde {
namespace {

static_assert(HasDiffusionDerivative<GeometricBrownianMotion> && HasPathwiseExact<GeometricBrownianMotion> &&
              HasExactMoments<GeometricBrownianMotion>);
static_assert(GeometricBrownianMotion::noise_class == NoiseClass::scalar && GeometricBrownianMotion::dim == 1 &&
              GeometricBrownianMotion::noise_dim == 1);
static_assert(GeometricBrownianMotion::interpretation == Interpretation::ito &&
              StratonovichGeometricBrownianMotion::interpretation == Interpretation::stratonovich);

TEST(GeometricBrownianMotion, CoefficientsAtAPoint) {
  const GeometricBrownianMotion m{1.5, 0.5};
  const double x = 2.0;
  double a, g, l;
  m.drift(0.3, &x, &a);
  m.diffusion(0.3, &x, &g);
  m.diffusion_derivative_products(0.3, &x, &l);
  EXPECT_DOUBLE_EQ(a, 3.0);
  EXPECT_DOUBLE_EQ(g, 1.0);
  EXPECT_DOUBLE_EQ(l, 0.5);
  EXPECT_DOUBLE_EQ(m.log_drift(), 1.5 - 0.125);
  EXPECT_DOUBLE_EQ(m.ito_rate(), 1.5);
  const StratonovichGeometricBrownianMotion s{1.5, 0.5};
  EXPECT_DOUBLE_EQ(s.log_drift(), 1.5);
  EXPECT_DOUBLE_EQ(s.ito_rate(), 1.5 + 0.125);
}

TEST(GeometricBrownianMotion, MilsteinProductIsGTimesItsDerivative) {
  for (double x : {-1.3, 0.5, 4.0}) testing::expect_milstein_products_match_finite_differences(GeometricBrownianMotion{}, 0.2, {x});
}

TEST(GeometricBrownianMotion, ExactSolutionSolvesTheSde) {
  for (double t : {0.1, 1.0, 2.5})
    for (double w : {-1.2, 0.0, 0.8}) {
      testing::expect_exact_solves_the_sde(GeometricBrownianMotion{}, t, {0.5}, {w});
      testing::expect_exact_solves_the_sde(StratonovichGeometricBrownianMotion{}, t, {0.5}, {w});
    }
}

template <class M>
void expect_moments_solve_the_moment_odes(const M& model, double x0, double T) {
  const double r = model.ito_rate(), b2 = model.beta * model.beta;
  const auto y = testing::rk4([&](double, const std::vector<double>& u) {
    return std::vector<double>{r * u[0], (2.0 * r + b2) * u[1]};
  }, 0.0, T, {x0, x0 * x0}, 4000);
  double mean, var;
  model.exact_mean(T, &x0, &mean);
  model.exact_variance(T, &x0, &var);
  EXPECT_NEAR(mean, y[0], 1e-10 * std::abs(y[0]));
  EXPECT_NEAR(var, y[1] - y[0] * y[0], 1e-9 * (y[1] - y[0] * y[0]));
}

TEST(GeometricBrownianMotion, ExactMomentsSolveTheMomentOdes) {
  expect_moments_solve_the_moment_odes(GeometricBrownianMotion{}, 0.5, 1.0);
  expect_moments_solve_the_moment_odes(GeometricBrownianMotion{-0.7, 1.3}, 2.0, 1.5);
  expect_moments_solve_the_moment_odes(StratonovichGeometricBrownianMotion{}, 0.5, 1.0);
  expect_moments_solve_the_moment_odes(StratonovichGeometricBrownianMotion{-0.7, 1.3}, 2.0, 1.5);
}

}  // namespace
}  // namespace ito::sde
