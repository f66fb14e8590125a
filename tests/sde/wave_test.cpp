// The wave test SDE (ito/sde/wave.hpp): coefficients and Milstein product at x = π/4 by hand, metadata, the
// Milstein product g g' against finite differences, and the pathwise solution arctan(W/10 + tan x0) against
// the SDE by Itô's formula.
#include "ito/sde/wave.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "model_checks.hpp"

namespace ito::sde {
namespace {

static_assert(HasDiffusionDerivative<WaveSde> && HasPathwiseExact<WaveSde> && !HasExactMoments<WaveSde>);
static_assert(WaveSde::noise_class == NoiseClass::scalar && WaveSde::interpretation == Interpretation::ito);

TEST(WaveSde, CoefficientsAtAPoint) {
  const WaveSde m;
  const double x = std::numbers::pi / 4;  // sin = cos = 1/√2: sin cos³ = 1/4, cos² = 1/2
  double a, g, l;
  m.drift(0.0, &x, &a);
  m.diffusion(0.0, &x, &g);
  m.diffusion_derivative_products(0.0, &x, &l);
  EXPECT_NEAR(a, -0.0025, 1e-17);
  EXPECT_NEAR(g, 0.05, 1e-17);
  EXPECT_NEAR(l, -0.005, 1e-17);
}

TEST(WaveSde, MilsteinProductIsGTimesItsDerivative) {
  for (double x : {-1.2, 0.0, 0.4, 1.5}) testing::expect_milstein_products_match_finite_differences(WaveSde{}, 0.0, {x});
}

TEST(WaveSde, ExactSolutionSolvesTheSde) {
  for (double x0 : {-1.0, 0.0, 0.5})
    for (double w : {-3.0, 0.0, 2.0}) testing::expect_exact_solves_the_sde(WaveSde{}, 1.0, {x0}, {w});
}

}  // namespace
}  // namespace ito::sde
