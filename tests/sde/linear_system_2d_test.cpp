// The 2-D linear system with four commuting noises (ito/sde/linear_system_2d.hpp): coefficients at a
// hand-computed point, metadata, the Milstein products L^j g_{·k} = Σ_l g_lj ∂_l g_{·k} against finite
// differences and their symmetry in (j, k) (what NoiseClass::commutative promises), the pathwise solution
// against the SDE by the multi-dimensional Itô formula, and the exact moments against a fine RK4 solution of the
// moment ODEs  m' = A m,  P' = A P + P A + 4b² P  (P = E X Xᵀ; Σ_j B_j P B_jᵀ = 4b² P),  Var X_i = P_ii − m_i².
// The Monte Carlo check over exact samples is linear_system_2d_stat_test.cpp.
#include "ito/sde/linear_system_2d.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model_checks.hpp"

namespace ito::sde {
namespace {

static_assert(HasDiffusionDerivative<LinearSystem2d> && HasPathwiseExact<LinearSystem2d> &&
              HasExactMoments<LinearSystem2d>);
static_assert(LinearSystem2d::noise_class == NoiseClass::commutative && LinearSystem2d::dim == 2 &&
              LinearSystem2d::noise_dim == 4 && LinearSystem2d::interpretation == Interpretation::ito);

TEST(LinearSystem2d, CoefficientsAtAPoint) {
  const LinearSystem2d m;
  const double x[2] = {1.0, 2.0};
  double a[2], g[8], l[32];
  m.drift(0.0, x, a);
  m.diffusion(0.0, x, g);
  m.diffusion_derivative_products(0.0, x, l);
  EXPECT_DOUBLE_EQ(a[0], -0.99 + 2.0);
  EXPECT_DOUBLE_EQ(a[1], 1.0 - 1.98);
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 4; ++j) EXPECT_DOUBLE_EQ(g[i * 4 + j], 0.87 * x[i]);
    for (int jk = 0; jk < 16; ++jk) EXPECT_DOUBLE_EQ(l[i * 16 + jk], 0.87 * 0.87 * x[i]);
  }
}

TEST(LinearSystem2d, MilsteinProductsMatchFiniteDifferencesAndCommute) {
  const LinearSystem2d m{-0.5, 0.3, 1.1};
  testing::expect_milstein_products_match_finite_differences(m, 0.0, {1.0, -2.0});
  testing::expect_milstein_products_match_finite_differences(m, 0.0, {0.3, 0.4});
  const double x[2] = {0.7, -1.4};
  double l[32];
  m.diffusion_derivative_products(0.0, x, l);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 4; ++j)
      for (int k = 0; k < 4; ++k) EXPECT_EQ(l[(i * 4 + j) * 4 + k], l[(i * 4 + k) * 4 + j]);
}

TEST(LinearSystem2d, ExactSolutionSolvesTheSde) {
  for (const LinearSystem2d m : {LinearSystem2d{}, LinearSystem2d{-0.5, 0.3, 0.4}})
    for (double t : {0.2, 1.0}) {
      testing::expect_exact_solves_the_sde(m, t, {1.0, 0.5}, {0.3, -0.2, 0.9, -1.1});
      testing::expect_exact_solves_the_sde(m, t, {-0.4, 2.0}, {0.0, 0.0, 0.0, 0.0});
    }
}

TEST(LinearSystem2d, ExactMomentsSolveTheMomentOdes) {
  for (const LinearSystem2d m : {LinearSystem2d{}, LinearSystem2d{-0.5, 0.3, 0.4}}) {
    const double x0[2] = {1.0, 0.5}, T = 0.5, q = 4.0 * m.b * m.b;
    // u = (m0, m1, P00, P01, P11)
    const auto y = testing::rk4([&](double, const std::vector<double>& u) {
      const double p00 = u[2], p01 = u[3], p11 = u[4];
      return std::vector<double>{m.a * u[0] + m.c * u[1], m.c * u[0] + m.a * u[1],
                                 2.0 * (m.a * p00 + m.c * p01) + q * p00,
                                 m.c * p00 + 2.0 * m.a * p01 + m.c * p11 + q * p01,
                                 2.0 * (m.c * p01 + m.a * p11) + q * p11};
    }, 0.0, T, {x0[0], x0[1], x0[0] * x0[0], x0[0] * x0[1], x0[1] * x0[1]}, 4000);
    double mean[2], var[2];
    m.exact_mean(T, x0, mean);
    m.exact_variance(T, x0, var);
    EXPECT_NEAR(mean[0], y[0], 1e-11);
    EXPECT_NEAR(mean[1], y[1], 1e-11);
    EXPECT_NEAR(var[0], y[2] - y[0] * y[0], 1e-10);
    EXPECT_NEAR(var[1], y[4] - y[1] * y[1], 1e-10);
  }
}

}  // namespace
}  // namespace ito::sde
