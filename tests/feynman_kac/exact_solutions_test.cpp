#include "ito/feynman_kac/exact_solutions.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::feynman_kac {
namespace {

TEST(ExactSolutions, HeatKernelSolvesTheHeatEquation) {
  const double D = 0.7, s = 0.8, x = 0.3, t = 0.4, h = 1e-4;
  EXPECT_NEAR(heat_gaussian_solution(x, 0.0, D, s), std::exp(-x * x / (2 * s * s)), 1e-15);
  const double u_t = (heat_gaussian_solution(x, t + h, D, s) - heat_gaussian_solution(x, t - h, D, s)) / (2 * h);
  const double u_xx = (heat_gaussian_solution(x + h, t, D, s) - 2 * heat_gaussian_solution(x, t, D, s) +
                       heat_gaussian_solution(x - h, t, D, s)) / (h * h);
  EXPECT_NEAR(u_t, D * u_xx, 1e-6);
}

TEST(ExactSolutions, OrnsteinUhlenbeckMomentsMatchTheModel) {
  const sde::OrnsteinUhlenbeck ou{1.3, 0.4, 0.9};
  const double x0 = 1.7, T = 0.8;
  double m, v;
  ou.exact_mean(T, &x0, &m);
  ou.exact_variance(T, &x0, &v);
  EXPECT_NEAR(ou_mean(x0, 1.3, 0.4, 0.9, T), m, 1e-15);
  EXPECT_NEAR(ou_second_moment(x0, 1.3, 0.4, 0.9, T), m * m + v, 1e-14);
  EXPECT_NEAR(ou_cosine_moment(x0, 1.3, 0.4, 0.9, T, 2.0), std::cos(2 * m) * std::exp(-2 * v), 1e-15);
  // d/dT E[int_0^T X] = E[X_T].
  const double h = 1e-5;
  EXPECT_NEAR((ou_integral_mean(x0, 1.3, 0.4, 0.9, T + h) - ou_integral_mean(x0, 1.3, 0.4, 0.9, T - h)) / (2 * h), m,
              1e-8);
}

TEST(ExactSolutions, VasicekBondSatisfiesItsLimits) {
  // P(0) = 1, dP/dT at 0 = -r0, and with sigma = 0 the rate is deterministic: P = exp(-int r).
  EXPECT_NEAR(vasicek_bond_price(0.03, 0.5, 0.05, 0.02, 0.0), 1.0, 1e-15);
  const double h = 1e-6;
  EXPECT_NEAR((vasicek_bond_price(0.03, 0.5, 0.05, 0.02, h) - 1.0) / h, -0.03, 1e-6);
  EXPECT_NEAR(vasicek_bond_price(0.03, 0.5, 0.05, 0.0, 5.0), std::exp(-ou_integral_mean(0.03, 0.5, 0.05, 0.0, 5.0)),
              1e-15);
}

TEST(ExactSolutions, MeanExitTimeSolvesItsBoundaryValueProblem) {
  const double L = 2.0, D = 0.3, h = 1e-3;
  EXPECT_EQ(brownian_mean_exit_time(0.0, L, D), 0.0);
  EXPECT_EQ(brownian_mean_exit_time(L, L, D), 0.0);
  const double x = 0.7;
  const double second = (brownian_mean_exit_time(x + h, L, D) - 2 * brownian_mean_exit_time(x, L, D) +
                         brownian_mean_exit_time(x - h, L, D)) / (h * h);
  EXPECT_NEAR(D * second, -1.0, 1e-8);
  EXPECT_THROW(brownian_mean_exit_time(3.0, L, D), Error);
}

}  // namespace
}  // namespace ito::feynman_kac
