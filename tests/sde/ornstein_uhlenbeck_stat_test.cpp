// Ornstein–Uhlenbeck: the exact step reproduces the transition law N(μ + (x0 − μ)e^{−θt}, σ²(1 − e^{−2θt})/(2θ))
// (mean and variance within 4.5 standard errors), and Euler–Maruyama's mean and variance equal their exact
// discrete recursions (a weak-error check with a known bias).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "ito/core/statistics.hpp"
#include "ito/monte_carlo/ensemble.hpp"
#include "ito/schemes.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::sde {
namespace {

struct MomentCheck {
  double mean_z, variance_z;
};

// z-scores of the sample mean vs `mean` and of the mean of (X − mean)² vs `variance` (an unbiased variance
// estimator when the mean is the exact one; its SE is the sample SE of the squared deviations).
MomentCheck moment_z_scores(const std::vector<double>& x, double mean, double variance) {
  core::RunningStats first, second;
  for (double v : x) {
    first.add(v);
    second.add((v - mean) * (v - mean));
  }
  return {core::z_score(first.mean(), mean, first.std_error()),
          core::z_score(second.mean(), variance, second.std_error())};
}

TEST(OrnsteinUhlenbeckStat, ExactStepHasTheTransitionLaw) {
  const OrnsteinUhlenbeck ou{1.5, 0.4, 0.8};
  const double x0 = 2.0, T = 1.3;
  double mean, var;
  ou.exact_mean(T, &x0, &mean);
  ou.exact_variance(T, &x0, &var);
  for (int steps : {1, 7, 64}) {
    const core::TimeGrid grid(0.0, T, steps);
    const auto x = monte_carlo::simulate_terminal(ou, schemes::ExactOrnsteinUhlenbeck{}, x0, grid, 200000, 17);
    const auto z = moment_z_scores(x, mean, var);
    std::printf("  exact OU, %2d steps: z(mean) = %+.2f, z(variance) = %+.2f\n", steps, z.mean_z, z.variance_z);
    EXPECT_LT(std::abs(z.mean_z), 4.5) << "steps " << steps;
    EXPECT_LT(std::abs(z.variance_z), 4.5) << "steps " << steps;
  }
}

TEST(OrnsteinUhlenbeckStat, EulerMaruyamaMomentsFollowTheirRecursion) {
  // EM on OU is linear: E Y_{n+1} = (1 − θh) E Y_n + θμh, Var Y_{n+1} = (1 − θh)² Var Y_n + σ² h.
  const OrnsteinUhlenbeck ou{1.5, 0.4, 0.8};
  const double x0 = 2.0, T = 1.0;
  const int steps = 8;
  const double h = T / steps;
  double m = x0, v = 0.0;
  for (int n = 0; n < steps; ++n) {
    m = (1 - ou.theta * h) * m + ou.theta * ou.mu * h;
    v = (1 - ou.theta * h) * (1 - ou.theta * h) * v + ou.sigma * ou.sigma * h;
  }
  const auto x =
      monte_carlo::simulate_terminal(ou, schemes::EulerMaruyama{}, x0, core::TimeGrid(0.0, T, steps), 200000, 23);
  const auto z = moment_z_scores(x, m, v);
  std::printf("  EM on OU vs its recursion: z(mean) = %+.2f, z(variance) = %+.2f\n", z.mean_z, z.variance_z);
  EXPECT_LT(std::abs(z.mean_z), 4.5);
  EXPECT_LT(std::abs(z.variance_z), 4.5);
  // The same sample is far from the exact SDE law (bias ≫ SE at h = 1/8): the test can tell them apart.
  double exact_mean;
  ou.exact_mean(T, &x0, &exact_mean);
  core::RunningStats s;
  for (double y : x) s.add(y);
  EXPECT_GT(std::abs(core::z_score(s.mean(), exact_mean, s.std_error())), 4.5);
}

}  // namespace
}  // namespace ito::sde
