// Moments of a scalar linear SDE by the moment ODEs (ito/sde/linear_moments.hpp): they reproduce the closed
// forms of Ornstein–Uhlenbeck (constant coefficients; moved here from variance_preserving_test.cpp) and of
// Rößler's additive problem (time-dependent a, b, c: a(t) = −1/(2(1+t)), b(t) = β/√(1+t), c(t) = αβ/√(1+t)),
// restart exactly from intermediate moments (t0 > 0, v0 > 0: the flow property a wrong use of t0 or v0
// breaks), and return the start unchanged on an empty interval.
#include "ito/sde/linear_moments.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/sde/additive_decay.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::sde {
namespace {

TEST(LinearMoments, ReproducesOrnsteinUhlenbeck) {
  const OrnsteinUhlenbeck ou{1.3, 0.4, 0.6};
  const double x0 = 2.0;
  const auto m = linear_sde_moments([&](double) { return -ou.theta; }, [&](double) { return ou.theta * ou.mu; },
                                    [&](double) { return ou.sigma; }, 0.0, 1.7, x0, 0.0);
  double mean, var;
  ou.exact_mean(1.7, &x0, &mean);
  ou.exact_variance(1.7, &x0, &var);
  EXPECT_NEAR(m.mean, mean, 1e-10);
  EXPECT_NEAR(m.variance, var, 1e-10);
}

TEST(LinearMoments, ReproducesTimeDependentCoefficientsAndRestarts) {
  const AdditiveDecay m{0.7, 1.3};
  const auto a = [](double t) { return -0.5 / (1.0 + t); };
  const auto b = [&](double t) { return m.beta / std::sqrt(1.0 + t); };
  const auto c = [&](double t) { return m.alpha * m.beta / std::sqrt(1.0 + t); };
  const double x0 = 0.8, t_mid = 0.6, T = 2.0;
  double mean, var, mean_mid, var_mid;
  m.exact_mean(T, &x0, &mean);
  m.exact_variance(T, &x0, &var);
  m.exact_mean(t_mid, &x0, &mean_mid);
  m.exact_variance(t_mid, &x0, &var_mid);
  const auto whole = linear_sde_moments(a, b, c, 0.0, T, x0, 0.0);
  EXPECT_NEAR(whole.mean, mean, 1e-10);
  EXPECT_NEAR(whole.variance, var, 1e-10);
  const auto rest = linear_sde_moments(a, b, c, t_mid, T, mean_mid, var_mid);
  EXPECT_NEAR(rest.mean, mean, 1e-10);
  EXPECT_NEAR(rest.variance, var, 1e-10);
  const auto none = linear_sde_moments(a, b, c, t_mid, t_mid, mean_mid, var_mid);
  EXPECT_DOUBLE_EQ(none.mean, mean_mid);
  EXPECT_DOUBLE_EQ(none.variance, var_mid);
}

}  // namespace
}  // namespace ito::sde
