// Diagnostics during a run: the check is the worst R-hat and the smallest bulk-ESS of the summaries of the
// draws kept so far, NaN propagates as "not converged", and converged means R-hat < rhat_below and bulk-ESS
// ≥ min_ess_per_chain · chains.
#include "ito/mcmc/run_diagnostics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ito/random/normal.hpp"

namespace ito::mcmc {
namespace {

// A run state of 4 chains and 2 quantities with `kept` of `capacity` draws: independent normals, quantity
// 1 shifted by `shift` in chain 0.
RunState state_with_draws(std::int64_t kept, std::int64_t capacity, double shift) {
  RunState st;
  st.chains = 4;
  st.parameters = 2;
  st.capacity = capacity;
  st.kept = kept;
  st.draws.assign(static_cast<std::size_t>(st.chains * capacity * st.parameters), 0.0);
  const random::NormalStream stream(3, random::Purpose::test);
  stream.fill(0, 0, st.draws.size(), st.draws.data());
  for (std::int64_t i = 0; i < capacity; ++i) st.draws[static_cast<std::size_t>(i * 2 + 1)] += shift;
  return st;
}

TEST(RunDiagnostics, CheckIsTheWorstOverTheQuantities) {
  const RunState st = state_with_draws(300, 400, 0.0);
  const auto summaries = summarize_run(st);
  ASSERT_EQ(summaries.size(), 2u);
  const ConvergenceCheck check = check_convergence(st);
  EXPECT_EQ(check.max_rhat, std::max(summaries[0].rhat, summaries[1].rhat));
  EXPECT_EQ(check.min_ess_bulk, std::min(summaries[0].ess_bulk, summaries[1].ess_bulk));
  // Only the kept draws count: the later ones (here zeros, a constant) would make every diagnostic NaN.
  RunState longer = st;
  longer.capacity = 300;
  longer.draws.resize(static_cast<std::size_t>(4 * 300 * 2));
  for (int c = 0; c < 4; ++c) std::copy_n(st.draws.begin() + c * 400 * 2, 300 * 2, longer.draws.begin() + c * 300 * 2);
  EXPECT_EQ(check_convergence(longer).max_rhat, check.max_rhat);
  EXPECT_EQ(worst_rhat(summaries), check.max_rhat);
  EXPECT_EQ(smallest_bulk_ess(summaries), check.min_ess_bulk);
}

TEST(RunDiagnostics, ConvergedIsRhatBelowAndEssAtLeastPerChain) {
  RunSettings s;
  s.rhat_below = 1.01;
  s.min_ess_per_chain = 100.0;
  EXPECT_TRUE(converged({1.009, 400.0}, s, 4));
  EXPECT_FALSE(converged({1.01, 400.0}, s, 4));
  EXPECT_FALSE(converged({1.009, 399.9}, s, 4));
  EXPECT_TRUE(converged({1.009, 300.0}, s, 3));
  EXPECT_FALSE(converged({NAN, 1e6}, s, 4));
  EXPECT_FALSE(converged({1.0, NAN}, s, 4));
}

TEST(RunDiagnostics, NanMeansNotConverged) {
  RunState st = state_with_draws(300, 300, 0.0);
  for (int c = 0; c < 4; ++c)
    for (int i = 0; i < 300; ++i) st.draws[static_cast<std::size_t>((c * 300 + i) * 2)] = 1.0;  // constant
  const ConvergenceCheck check = check_convergence(st);
  EXPECT_TRUE(std::isnan(check.max_rhat));
  EXPECT_TRUE(std::isnan(check.min_ess_bulk));
  RunSettings s;
  s.stop_when_converged = true;
  record_diagnostics(st, s, 1300);
  EXPECT_FALSE(st.converged_early);
  ASSERT_EQ(st.diagnostics_history.size(), 3u);
  EXPECT_EQ(st.diagnostics_history[0], 1300.0);
}

TEST(RunDiagnostics, StopsOnlyWhenBothCriteriaHold) {
  RunSettings s;
  s.stop_when_converged = true;
  s.rhat_below = 1.01;
  RunState mixed = state_with_draws(1000, 1000, 0.0);
  s.min_ess_per_chain = 100.0;  // needs bulk-ESS ≥ 400 of 4000 independent draws
  const ConvergenceCheck check = record_diagnostics(mixed, s, 2000);
  EXPECT_EQ(check.max_rhat, mixed.diagnostics_history[1]);
  EXPECT_EQ(check.min_ess_bulk, mixed.diagnostics_history[2]);
  EXPECT_TRUE(mixed.converged_early);
  RunState too_few = state_with_draws(1000, 1000, 0.0);
  s.min_ess_per_chain = 2000.0;  // bulk-ESS ≥ 8000 is more than 4000 draws can give
  record_diagnostics(too_few, s, 2000);
  EXPECT_FALSE(too_few.converged_early);
  RunState shifted = state_with_draws(1000, 1000, 1.0);  // chain 0 of quantity 1 one sd away
  s.min_ess_per_chain = 100.0;
  record_diagnostics(shifted, s, 2000);
  EXPECT_GT(shifted.diagnostics_history[1], 1.01);
  EXPECT_FALSE(shifted.converged_early);
  RunState no_stop = state_with_draws(1000, 1000, 0.0);
  s.stop_when_converged = false;
  record_diagnostics(no_stop, s, 2000);
  EXPECT_FALSE(no_stop.converged_early);
  EXPECT_EQ(no_stop.diagnostics_history.size(), 3u);
}

}  // namespace
}  // namespace ito::mcmc
