// The three-way cross-check (validation/crosscheck/crosscheck.hpp): forward Fokker–Planck, backward
// Kolmogorov and Monte Carlo against each other and against the closed forms, each within its own error
// (Richardson estimate h vs h/2 for the grids, 4.5 standard errors for Monte Carlo).
#include <gtest/gtest.h>

#include "../../validation/crosscheck/crosscheck.hpp"

namespace ito::crosscheck {
namespace {

void expect_agreement(const CaseResult& r) {
  print_table({r});
  const auto a = agreement(r);
  // The grid estimates must themselves be small, or a coarse grid could pass by a wide error bar.
  EXPECT_LT(r.forward.error_estimate(), 1e-3) << r.name;
  EXPECT_LT(r.backward.error_estimate(), 1e-3) << r.name;
  EXPECT_LE(a.forward_vs_exact, 1.0) << r.name << ": forward " << r.forward.fine << " vs exact " << r.exact;
  EXPECT_LE(a.backward_vs_exact, 1.0) << r.name << ": backward " << r.backward.fine << " vs exact " << r.exact;
  EXPECT_LE(a.mc_vs_exact, 1.0) << r.name << ": MC " << r.monte_carlo.mean << " ± " << r.monte_carlo.std_error;
  EXPECT_LE(a.mc_vs_forward, 1.0) << r.name;
  EXPECT_LE(a.mc_vs_backward, 1.0) << r.name;
  EXPECT_LE(a.forward_vs_backward, 1.0) << r.name << ": forward " << r.forward.fine << " backward " << r.backward.fine;
}

const MonteCarloSetup kMonteCarlo{};

TEST(CrossCheck, OrnsteinUhlenbeckSecondMoment) { expect_agreement(ou_case(false, kMonteCarlo)); }
TEST(CrossCheck, OrnsteinUhlenbeckCosine) { expect_agreement(ou_case(true, kMonteCarlo)); }
TEST(CrossCheck, GeometricBrownianMotionCall) { expect_agreement(gbm_call_case(kMonteCarlo)); }
TEST(CrossCheck, BrownianMotionAbsorbingWallSurvival) { expect_agreement(absorbing_case(kMonteCarlo)); }

TEST(CrossCheck, DoubleWellSecondMomentWithoutClosedForm) {
  const auto r = double_well_case(kMonteCarlo);
  EXPECT_FALSE(std::isfinite(r.exact));
  expect_agreement(r);
}

}  // namespace
}  // namespace ito::crosscheck
