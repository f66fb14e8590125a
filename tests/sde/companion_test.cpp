// The companion rules: the build formulas, the two-step coarsening identities, and — exactly, without Monte
// Carlo — the joint law of (ΔW, companion) of r fine steps coarsened into one, which must be the law of a
// single step of size r·h. The Gaussian rules are linear in the normals (ξ_i, η_i) of the fine steps, so the
// coarse (ΔW, ΔZ) or (ΔW, J) is a coefficient vector on them and its covariance is a sum of products.
#include "ito/sde/companion.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "ito/core/error.hpp"

namespace ito::sde {
namespace {

constexpr double h = 0.125;

TEST(CompanionRule, BuildFormulas) {
  const double dw = 0.3, eta = -0.7;
  EXPECT_DOUBLE_EQ(CompanionRule<Companion::time_integral>(h).build(dw, eta),
                   0.5 * h * (dw + eta * std::sqrt(h / 3.0)));
  const double theta = 1.7;
  const auto q = ou_convolution_coefficients(theta, h);
  EXPECT_DOUBLE_EQ(CompanionRule<Companion::ou_convolution>(h, theta).build(dw, eta), q.on_dW * dw + q.on_normal * eta);
  EXPECT_EQ(CompanionRule<Companion::signs>(h).build(dw, eta), -1.0);
  EXPECT_EQ(CompanionRule<Companion::signs>(h).build(dw, -eta), 1.0);
  EXPECT_EQ(CompanionRule<Companion::none>(h).build(dw, eta), 0.0);
}

TEST(CompanionRule, TwoStepCoarsening) {
  const double w1 = 0.2, c1 = 0.01, w2 = -0.35, c2 = -0.02, theta = 2.0;
  const auto z = CompanionRule<Companion::time_integral>(h).pair(w1, c1, w2, c2);
  EXPECT_DOUBLE_EQ(z.dW, w1 + w2);
  EXPECT_DOUBLE_EQ(z.companion, c1 + c2 + h * w1);  // ΔZ over [0, 2h] = ΔZ1 + ΔZ2 + h ΔW1
  const auto j = CompanionRule<Companion::ou_convolution>(h, theta).pair(w1, c1, w2, c2);
  EXPECT_DOUBLE_EQ(j.companion, std::exp(-theta * h) * c1 + c2);
  EXPECT_EQ(CompanionRule<Companion::signs>(h).pair(w1, -1.0, w2, -1.0).companion, 1.0);
  EXPECT_EQ(CompanionRule<Companion::signs>(h).pair(w1, 1.0, w2, -1.0).companion, -1.0);
  EXPECT_EQ(CompanionRule<Companion::none>(h).pair(w1, 0.0, w2, 0.0).dW, w1 + w2);
}

// Coefficients of the coarse (ΔW, companion) of r fine steps on the 2r normals (ξ_1, η_1, ..., ξ_r, η_r).
template <Companion C>
std::pair<std::vector<double>, std::vector<double>> coarse_coefficients(const CompanionRule<C>& rule, int r) {
  std::vector<double> on_w(2 * r), on_c(2 * r);
  for (int k = 0; k < 2 * r; ++k) {
    typename CompanionRule<C>::Sum sum;
    for (int i = 0; i < r; ++i) {
      const double xi = k == 2 * i ? 1.0 : 0.0, eta = k == 2 * i + 1 ? 1.0 : 0.0;
      const double dw = std::sqrt(h) * xi;
      rule.add(sum, dw, rule.build(dw, eta));
    }
    on_w[k] = sum.dW;
    on_c[k] = sum.companion;
  }
  return {on_w, on_c};
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t k = 0; k < a.size(); ++k) s += a[k] * b[k];
  return s;
}

TEST(CompanionRule, CoarsenedTimeIntegralHasTheLawOfOneLongStep) {
  const CompanionRule<Companion::time_integral> rule(h);
  for (int r : {1, 2, 3, 8}) {
    const auto [w, z] = coarse_coefficients(rule, r);
    const double H = r * h;
    EXPECT_NEAR(dot(w, w), H, 1e-15) << r;
    EXPECT_NEAR(dot(z, z), H * H * H / 3.0, 1e-14 * H * H * H) << "Var ΔZ, r = " << r;
    EXPECT_NEAR(dot(w, z), H * H / 2.0, 1e-14 * H * H) << "Cov(ΔW, ΔZ), r = " << r;
  }
}

TEST(CompanionRule, CoarsenedOuConvolutionHasTheLawOfOneLongStep) {
  const double theta = 1.7;
  const CompanionRule<Companion::ou_convolution> rule(h, theta);
  for (int r : {1, 2, 3, 8}) {
    const auto [w, j] = coarse_coefficients(rule, r);
    const double H = r * h;
    EXPECT_NEAR(dot(w, w), H, 1e-15) << r;
    EXPECT_NEAR(dot(j, j), -std::expm1(-2 * theta * H) / (2 * theta), 1e-14) << "Var J, r = " << r;
    EXPECT_NEAR(dot(w, j), -std::expm1(-theta * H) / theta, 1e-14) << "Cov(ΔW, J), r = " << r;
  }
}

TEST(CompanionRule, AntitheticNormalsNegateTheCompanions) {
  const double theta = 0.9, dw = 0.21, eta = 0.64;
  const CompanionRule<Companion::time_integral> z(h);
  const CompanionRule<Companion::ou_convolution> j(h, theta);
  const CompanionRule<Companion::signs> s(h);
  EXPECT_EQ(z.build(-dw, -eta), -z.build(dw, eta));
  EXPECT_EQ(j.build(-dw, -eta), -j.build(dw, eta));
  EXPECT_EQ(s.build(-dw, -eta), -s.build(dw, eta));
}

TEST(CompanionRule, OuConvolutionNeedsAPositiveRate) {
  EXPECT_THROW(CompanionRule<Companion::ou_convolution>(h, 0.0), Error);
  EXPECT_NO_THROW(CompanionRule<Companion::time_integral>(h, 0.0));
}

TEST(CompanionRule, RunTimeKindDispatchesToTheRule) {
  for (Companion c : {Companion::none, Companion::time_integral, Companion::ou_convolution, Companion::signs}) {
    const Companion seen = with_companion(c, []<Companion K>(std::integral_constant<Companion, K>) { return K; });
    EXPECT_EQ(seen, c);
  }
}

}  // namespace
}  // namespace ito::sde
