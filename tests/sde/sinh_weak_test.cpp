// Rößler's weak test problem (ito/sde/sinh_weak.hpp): coefficients and Milstein product at a hand-computed
// point, metadata, g g' against finite differences, the pathwise solution sinh(t + W + asinh x0) against the
// SDE by Itô's formula, and functional_mean against an independent evaluation of E h(Z), Z ~ N(asinh x0 + t, t):
// three-point Gauss–Hermite quadrature (nodes μ, μ ± √3 s, weights 2/3, 1/6, 1/6) is exact for polynomials of
// degree ≤ 5, so for the cubic h it gives E h(Z) to rounding. The Monte Carlo check over exact samples is
// sinh_weak_stat_test.cpp.
#include "ito/sde/sinh_weak.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model_checks.hpp"

namespace ito::sde {
namespace {

static_assert(HasDiffusionDerivative<SinhWeakSde> && HasPathwiseExact<SinhWeakSde>);
static_assert(SinhWeakSde::noise_class == NoiseClass::scalar && SinhWeakSde::interpretation == Interpretation::ito);

TEST(SinhWeakSde, CoefficientsAtAPoint) {
  const SinhWeakSde m;
  const double x = 0.75;  // √(1 + x²) = 1.25
  double a, g, l;
  m.drift(0.0, &x, &a);
  m.diffusion(0.0, &x, &g);
  m.diffusion_derivative_products(0.0, &x, &l);
  EXPECT_DOUBLE_EQ(a, 1.625);
  EXPECT_DOUBLE_EQ(g, 1.25);
  EXPECT_DOUBLE_EQ(l, 0.75);
}

TEST(SinhWeakSde, MilsteinProductIsGTimesItsDerivative) {
  for (double x : {-2.0, 0.0, 0.75, 5.0}) testing::expect_milstein_products_match_finite_differences(SinhWeakSde{}, 0.0, {x});
}

TEST(SinhWeakSde, ExactSolutionSolvesTheSde) {
  for (double x0 : {-1.0, 0.0, 0.6})
    for (double t : {0.3, 1.0})
      for (double w : {-0.8, 0.5}) testing::expect_exact_solves_the_sde(SinhWeakSde{}, t, {x0}, {w});
}

TEST(SinhWeakSde, FunctionalMeanIsTheGaussianExpectationOfTheCubic) {
  auto h = [](double z) { return z * z * z - 6.0 * z * z + 8.0 * z; };
  for (double x0 : {0.0, -0.4, 1.3})
    for (double t : {0.5, 1.0, 2.0}) {
      const double mu = std::asinh(x0) + t, r = std::sqrt(3.0 * t);
      const double quadrature = 2.0 / 3.0 * h(mu) + (h(mu + r) + h(mu - r)) / 6.0;
      EXPECT_NEAR(SinhWeakSde::functional_mean(t, x0), quadrature, 1e-12 * std::max(1.0, std::abs(quadrature)))
          << "x0 = " << x0 << ", t = " << t;
    }
  // the documented zeros of E h(Z_t) for x0 = 0
  EXPECT_NEAR(SinhWeakSde::functional_mean(1.0, 0.0), 0.0, 1e-14);
  EXPECT_NEAR(SinhWeakSde::functional_mean(2.0, 0.0), 0.0, 1e-14);
  EXPECT_DOUBLE_EQ(SinhWeakSde::functional(std::sinh(2.0)), 8.0 - 24.0 + 16.0);
}

}  // namespace
}  // namespace ito::sde
