// Brownian increments on nested grids: the coupling identities (coarse = sums of fine) and the
// covariances of (ΔW, ΔZ) and (ΔW, J) over many paths.
#include "ito/sde/brownian_path.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/core/statistics.hpp"
#include "ito/random/normal.hpp"
#include "ito/schemes/exact_ornstein_uhlenbeck.hpp"
#include "ito/schemes/integrate_path.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::sde {
namespace {

TEST(BrownianPath, CoarseningSumsTheFineIncrements) {
  const auto fine = brownian_path(7, 3, core::TimeGrid(0.0, 1.0, 64), 2);
  const auto coarse = fine.coarsen(4);
  ASSERT_EQ(coarse.grid.steps(), 16);
  EXPECT_EQ(coarse.grid.step_size(), 4 * fine.grid.step_size());
  for (int n = 0; n < coarse.grid.steps(); ++n)
    for (int j = 0; j < 2; ++j) {
      double sum = 0.0;
      for (int i = 0; i < 4; ++i) sum += fine.dW[(4 * n + i) * 2 + j];
      EXPECT_NEAR(coarse.dW[n * 2 + j], sum, 1e-15);
    }
  // W at the end of the interval agrees on every level.
  const auto wf = fine.W(64), wc = coarse.W(16);
  for (int j = 0; j < 2; ++j) EXPECT_NEAR(wf[j], wc[j], 1e-13);
}

// The index layout every path simulation relies on (ito/monte_carlo/path_block.hpp): ΔW_j of step n is
// √h · normal(n·m + j), its companion is built by the rule of companion.hpp from normal(offset + n·m + j).
TEST(BrownianPath, IncrementsAreTheDocumentedNormalsOfThePath) {
  const core::TimeGrid grid(0.0, 0.5, 6);
  const auto path = brownian_path(9, 3, grid, 2, Companion::time_integral);
  const random::NormalStream stream(9, random::Purpose::brownian);
  const CompanionRule<Companion::time_integral> rule(grid.step_size());
  ASSERT_EQ(path.dW.size(), 12u);
  for (std::uint64_t k = 0; k < 12; ++k) {
    EXPECT_EQ(path.dW[k], std::sqrt(grid.step_size()) * stream.normal(3, k));
    EXPECT_EQ(path.companions[k], rule.build(path.dW[k], stream.normal(3, companion_index_offset + k)));
  }
}

TEST(BrownianPath, IncrementsDoNotDependOnTheCompanionRequest) {
  const auto plain = brownian_path(11, 5, core::TimeGrid(0.0, 2.0, 32), 1);
  const auto with_z = brownian_path(11, 5, core::TimeGrid(0.0, 2.0, 32), 1, Companion::time_integral);
  const auto with_j = brownian_path(11, 5, core::TimeGrid(0.0, 2.0, 32), 1, Companion::ou_convolution, 1.5);
  for (int n = 0; n < 32; ++n) {
    EXPECT_EQ(plain.dW[n], with_z.dW[n]);
    EXPECT_EQ(plain.dW[n], with_j.dW[n]);
  }
}

TEST(BrownianPath, TimeIntegralCouplesAcrossTwoSteps) {
  // ΔZ over [0, 2h] = ΔZ1 + ΔZ2 + h ΔW1.
  const auto fine = brownian_path(1, 0, core::TimeGrid(0.0, 1.0, 8), 1, Companion::time_integral);
  const auto coarse = fine.coarsen(2);
  for (int n = 0; n < 4; ++n) {
    const double z1 = fine.companions[2 * n], z2 = fine.companions[2 * n + 1], w1 = fine.dW[2 * n];
    EXPECT_NEAR(coarse.companions[n], z1 + z2 + fine.grid.step_size() * w1, 1e-15);
  }
  // Coarsening by 4 equals coarsening by 2 twice.
  const auto c4 = fine.coarsen(4), c22 = coarse.coarsen(2);
  for (int n = 0; n < 2; ++n) EXPECT_NEAR(c4.companions[n], c22.companions[n], 1e-15);
}

TEST(BrownianPath, OuConvolutionCouplesAcrossTwoSteps) {
  const double theta = 2.0;
  const auto fine = brownian_path(1, 0, core::TimeGrid(0.0, 1.0, 8), 1, Companion::ou_convolution, theta);
  const auto coarse = fine.coarsen(2);
  for (int n = 0; n < 4; ++n) {
    const double j1 = fine.companions[2 * n], j2 = fine.companions[2 * n + 1];
    EXPECT_NEAR(coarse.companions[n], std::exp(-theta * fine.grid.step_size()) * j1 + j2, 1e-15);
  }
  const auto c4 = fine.coarsen(4), c22 = coarse.coarsen(2);
  for (int n = 0; n < 2; ++n) EXPECT_NEAR(c4.companions[n], c22.companions[n], 1e-15);
}

// Companion::signs: fair ±1 signs independent of the increments, the same W as without them, coarsened as
// the product of the fine signs.
TEST(BrownianPath, SignsAreFairIndependentOfTheIncrementsAndCoarsenAsProducts) {
  core::RunningStats sign, sign_times_dw, pair_product;
  for (std::uint64_t p = 0; p < 2000; ++p) {
    const auto path = brownian_path(13, p, core::TimeGrid(0.0, 1.0, 16), 2, Companion::signs);
    const auto plain = brownian_path(13, p, core::TimeGrid(0.0, 1.0, 16), 2);
    for (std::size_t k = 0; k < path.dW.size(); ++k) {
      ASSERT_TRUE(path.companions[k] == 1.0 || path.companions[k] == -1.0);
      ASSERT_EQ(path.dW[k], plain.dW[k]);
      sign.add(path.companions[k]);
      sign_times_dw.add(path.companions[k] * path.dW[k] / std::sqrt(path.grid.step_size()));
    }
    for (int n = 0; n < 16; ++n) pair_product.add(path.companions[2 * n] * path.companions[2 * n + 1]);
    const auto coarse = path.coarsen(4);
    for (int n = 0; n < 4; ++n)
      for (int j = 0; j < 2; ++j) {
        double product = 1.0;
        for (int i = 0; i < 4; ++i) product *= path.companions[(4 * n + i) * 2 + j];
        ASSERT_EQ(coarse.companions[n * 2 + j], product);
      }
  }
  // Means of ±1 (or of σ ξ, variance 1) over 64 000 draws: |mean| < 4.5 SE.
  EXPECT_LT(std::abs(sign.mean()), 4.5 * sign.std_error());
  EXPECT_LT(std::abs(sign_times_dw.mean()), 4.5 * sign_times_dw.std_error());
  EXPECT_LT(std::abs(pair_product.mean()), 4.5 * pair_product.std_error());
}

TEST(BrownianPath, RefusesFactorsThatDoNotDivide) {
  const auto fine = brownian_path(1, 0, core::TimeGrid(0.0, 1.0, 6), 1);
  EXPECT_THROW(fine.coarsen(4), ito::Error);
  EXPECT_THROW(brownian_path(1, 0, core::TimeGrid(0.0, 1.0, 6), 1, Companion::ou_convolution, 0.0), ito::Error);
}

TEST(BrownianPath, ExactOuIsPathwiseExactOnEveryLevel) {
  // The exact OU step driven by coarsened (ΔW, J) gives the same X_T on every grid of the same path.
  const OrnsteinUhlenbeck ou{2.0, 0.5, 0.7};
  const double x0[1] = {1.0};
  const auto fine = brownian_path(5, 2, core::TimeGrid(0.0, 1.0, 256), 1, Companion::ou_convolution, ou.theta);
  const double reference = schemes::integrate_path(ou, schemes::ExactOrnsteinUhlenbeck{}, x0, fine)[0];
  for (int factor : {2, 16, 256}) {
    const double y = schemes::integrate_path(ou, schemes::ExactOrnsteinUhlenbeck{}, x0, fine.coarsen(factor))[0];
    EXPECT_NEAR(y, reference, 1e-13) << "factor " << factor;
  }
}

}  // namespace
}  // namespace ito::sde
