// Noising paths: derivatives against finite differences, the forward SDE's coefficients against the moment
// ODE of x_t = α x₀ + σ ε, the inverse of σ/α, the DDPM grid.
#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/diffusion/noising.hpp"

using namespace ito::diffusion;

namespace {
std::vector<NoisingPath> all_paths() {
  return {NoisingPath::vp_linear(), NoisingPath::vp_cosine(), NoisingPath::ve(), NoisingPath::linear()};
}
}  // namespace

TEST(NoisingPath, DerivativesMatchCentralDifferences) {
  for (const auto& p : all_paths())
    for (double t : {0.05, 0.3, 0.6, 0.9}) {
      const double h = 1e-6;
      const double da = (p.alpha(t + h) - p.alpha(t - h)) / (2 * h);
      const double ds = (p.sigma(t + h) - p.sigma(t - h)) / (2 * h);
      EXPECT_NEAR(p.alpha_derivative(t), da, 1e-6 * std::max(1.0, std::abs(da))) << p.name() << " t=" << t;
      EXPECT_NEAR(p.sigma_derivative(t), ds, 1e-6 * std::max(1.0, std::abs(ds))) << p.name() << " t=" << t;
    }
}

TEST(NoisingPath, ForwardSdeCoefficientsReproduceTheMarginalVariance) {
  // For x_t = α x₀ + σ ε with x₀ = 0 the forward SDE's variance obeys v' = 2 f v + g², v = σ².
  for (const auto& p : all_paths())
    for (double t : {0.1, 0.5, 0.8}) {
      const double s = p.sigma(t);
      const double lhs = 2 * s * p.sigma_derivative(t);
      const double rhs = 2 * p.drift_coefficient(t) * s * s + p.diffusion_squared(t);
      EXPECT_NEAR(lhs, rhs, 1e-10 * std::max(1.0, std::abs(lhs))) << p.name();
    }
}

TEST(NoisingPath, EndsAndVariancePreservation) {
  for (const auto& p : all_paths()) {
    EXPECT_NEAR(p.sigma(0.0), 0.0, 1e-15) << p.name();
    EXPECT_NEAR(p.alpha(0.0), 1.0, 1e-15) << p.name();
  }
  for (const auto& p : {NoisingPath::vp_linear(), NoisingPath::vp_cosine()})
    for (double t : {0.2, 0.7}) EXPECT_NEAR(p.alpha(t) * p.alpha(t) + p.sigma(t) * p.sigma(t), 1.0, 1e-14);
  const auto vp = NoisingPath::vp_linear();
  EXPECT_NEAR(vp.alpha(1.0), std::exp(-0.5 * (0.1 + 0.5 * 19.9)), 1e-15);
}

TEST(NoisingPath, TimeOfNoiseRatioInvertsSigmaOverAlpha) {
  for (const auto& p : all_paths())
    for (double t : {0.01, 0.2, 0.5}) {
      const double r = p.sigma(t) / p.alpha(t);
      EXPECT_NEAR(p.time_of_noise_ratio(r), t, 1e-12) << p.name();
    }
  EXPECT_THROW(NoisingPath::vp_linear().time_of_noise_ratio(-1.0), ito::ParameterError);
  EXPECT_THROW(NoisingPath::vp_linear().time_of_noise_ratio(1e9), ito::ParameterError);
}

TEST(NoisingPath, DdpmGridIsTheProductOfOneMinusBeta) {
  const auto abar = NoisingPath::ddpm_alpha_bar(1000);
  ASSERT_EQ(abar.size(), 1000u);
  EXPECT_DOUBLE_EQ(abar[0], 1 - 1e-4);
  EXPECT_NEAR(abar[1], (1 - 1e-4) * (1 - (1e-4 + (0.02 - 1e-4) / 999)), 1e-15);
  EXPECT_LT(abar.back(), 1e-4);  // ~4e-5 (Ho et al. 2020)
  EXPECT_GT(abar.back(), 1e-5);
}

TEST(NoisingPath, NamesRoundTripAndUnknownIsRefused) {
  for (auto k : {PathKind::vp_linear, PathKind::vp_cosine, PathKind::ve, PathKind::linear})
    EXPECT_EQ(path_kind_from_string(to_string(k)), k);
  EXPECT_THROW(path_kind_from_string("vp"), ito::ParameterError);
}
