// The cubic test SDE of Kloeden–Platen (ito/sde/cubic.hpp): coefficients and Milstein product at a
// hand-computed point, metadata, the Milstein product g g' against finite differences, the pathwise solution
// against the SDE by Itô's formula, and the invariance of (−1, 1): g vanishes at ±1, so from |x0| < 1 the
// exact solution stays inside for any W.
#include "ito/sde/cubic.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model_checks.hpp"

namespace ito::sde {
namespace {

static_assert(HasDiffusionDerivative<CubicSde> && HasPathwiseExact<CubicSde> && !HasExactMoments<CubicSde>);
static_assert(CubicSde::noise_class == NoiseClass::scalar && CubicSde::interpretation == Interpretation::ito);

TEST(CubicSde, CoefficientsAtAPoint) {
  const CubicSde m;
  const double x = 0.5;
  double a, g, l;
  m.drift(0.0, &x, &a);
  m.diffusion(0.0, &x, &g);
  m.diffusion_derivative_products(0.0, &x, &l);
  EXPECT_DOUBLE_EQ(a, -0.09375);  // −¼ · ½ · ¾
  EXPECT_DOUBLE_EQ(g, 0.375);     // ½ · ¾
  EXPECT_DOUBLE_EQ(l, -0.1875);   // ½ · ¾ · (−½)
}

TEST(CubicSde, MilsteinProductIsGTimesItsDerivative) {
  for (double x : {-0.9, 0.1, 0.5, 1.7}) testing::expect_milstein_products_match_finite_differences(CubicSde{}, 0.0, {x});
}

TEST(CubicSde, ExactSolutionSolvesTheSde) {
  for (double x0 : {-0.6, 0.0, 0.5})
    for (double t : {0.2, 1.0})
      for (double w : {-1.1, 0.0, 0.7}) testing::expect_exact_solves_the_sde(CubicSde{}, t, {x0}, {w});
}

TEST(CubicSde, ExactSolutionStaysInsideTheUnitInterval) {
  const CubicSde m;
  for (double x0 : {-0.99, 0.3, 0.99})
    for (double w : {-30.0, -5.0, 5.0, 30.0}) {
      double x;
      m.exact(1.0, &x0, &w, &x);
      EXPECT_LT(std::abs(x), 1.0 + 1e-15) << "x0 = " << x0 << ", w = " << w;
    }
}

}  // namespace
}  // namespace ito::sde
