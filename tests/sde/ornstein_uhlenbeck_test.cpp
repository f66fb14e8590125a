// Ornstein–Uhlenbeck (ito/sde/ornstein_uhlenbeck.hpp), deterministic contract: coefficients at a point,
// metadata, exact moments against a fine RK4 solution of the moment ODEs m' = θ(μ − m), v' = −2θv + σ², the
// exact step composing over two steps (with J = 0 it is the mean flow: a wrong decay exponent breaks the
// composition), the stationary variance as the moments' limit, and the expm1 form keeping full relative
// accuracy for small θt (1 − e^{−2θt} would lose ~10 digits at θt = 1e-10). The transition law of the exact
// step (with J drawn) is checked statistically in ornstein_uhlenbeck_stat_test.cpp.
#include "ito/sde/ornstein_uhlenbeck.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model_checks.hpp"

namespace ito::sde {
namespace {

static_assert(HasDiffusionDerivative<OrnsteinUhlenbeck> && HasExactMoments<OrnsteinUhlenbeck> &&
              !HasPathwiseExact<OrnsteinUhlenbeck>);
static_assert(OrnsteinUhlenbeck::noise_class == NoiseClass::additive &&
              OrnsteinUhlenbeck::interpretation == Interpretation::ito);

TEST(OrnsteinUhlenbeck, CoefficientsAtAPoint) {
  const OrnsteinUhlenbeck m{1.3, 0.4, 0.6};
  double a, g, l;
  for (double x : {2.0, -1.0}) {
    m.drift(0.5, &x, &a);
    m.diffusion(0.5, &x, &g);
    m.diffusion_derivative_products(0.5, &x, &l);
    EXPECT_DOUBLE_EQ(a, 1.3 * (0.4 - x));
    EXPECT_EQ(g, 0.6);
    EXPECT_EQ(l, 0.0);
  }
  EXPECT_EQ(m.convolution_rate(), 1.3);
  EXPECT_DOUBLE_EQ(m.stationary_variance(), 0.36 / 2.6);
}

TEST(OrnsteinUhlenbeck, ExactMomentsSolveTheMomentOdes) {
  const OrnsteinUhlenbeck m{1.3, 0.4, 0.6};
  const double x0 = 2.0, T = 1.7;
  const auto y = testing::rk4([&](double, const std::vector<double>& u) {
    return std::vector<double>{m.theta * (m.mu - u[0]), -2.0 * m.theta * u[1] + m.sigma * m.sigma};
  }, 0.0, T, {x0, 0.0}, 4000);
  double mean, var;
  m.exact_mean(T, &x0, &mean);
  m.exact_variance(T, &x0, &var);
  EXPECT_NEAR(mean, y[0], 1e-12);
  EXPECT_NEAR(var, y[1], 1e-12);
}

TEST(OrnsteinUhlenbeck, ExactStepComposesAndMeanRevertsToTheStationaryLaw) {
  const OrnsteinUhlenbeck m{0.8, -0.5, 1.2};
  const double x0 = 3.0, zero = 0.0, h1 = 0.3, h2 = 0.45;
  double x1, x2, mean;
  m.exact_step(0.0, h1, &x0, &zero, &zero, &x1);
  m.exact_step(h1, h2, &x1, &zero, &zero, &x2);
  m.exact_mean(h1 + h2, &x0, &mean);
  EXPECT_NEAR(x2, mean, 1e-15);
  const double j = 0.25;
  double xj;
  m.exact_step(0.0, h1, &x0, &zero, &j, &xj);
  EXPECT_NEAR(xj - x1, m.sigma * j, 1e-15);  // J enters with weight σ
  double v_far, m_far;
  m.exact_variance(60.0, &x0, &v_far);
  m.exact_mean(60.0, &x0, &m_far);
  EXPECT_NEAR(v_far, m.stationary_variance(), 1e-15);
  EXPECT_NEAR(m_far, m.mu, 1e-15);
}

TEST(OrnsteinUhlenbeck, VarianceKeepsFullRelativeAccuracyForSmallTimes) {
  const OrnsteinUhlenbeck m{2.0, 0.0, 1.5};
  const double x0 = 0.0;
  for (double t : {1e-12, 1e-9, 1e-6}) {
    double v;
    m.exact_variance(t, &x0, &v);
    const double series = m.sigma * m.sigma * t * (1.0 - m.theta * t + 2.0 / 3.0 * m.theta * m.theta * t * t);
    EXPECT_NEAR(v, series, 1e-15 * series) << "t = " << t;
  }
}

}  // namespace
}  // namespace ito::sde
