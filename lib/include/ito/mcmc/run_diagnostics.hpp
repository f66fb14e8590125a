#pragma once
// Diagnostics of a run: the summaries of every reported quantity from the draws kept so far
// (ito::diagnostics), and the convergence check taken at the diagnostics points of sampling and where the
// run may grow: the worst R-hat and the smallest bulk-ESS over the quantities, recorded in
// RunState::diagnostics_history. Converged means max R-hat < rhat_below and min bulk-ESS ≥
// min_ess_per_chain · chains; a NaN diagnostic (too few draws, a non-finite or constant quantity) makes the
// worst value NaN, which counts as "not converged".
#include <cstdint>
#include <vector>

#include "ito/diagnostics/summary.hpp"
#include "ito/mcmc/chain.hpp"
#include "ito/mcmc/run_settings.hpp"

namespace ito::mcmc {

/// Summaries of every reported quantity from the draws kept so far. `known`: the per-quantity checks of a
/// check taken on these same draws (record_diagnostics), whose ranks' part the summaries take over.
std::vector<diagnostics::Summary> summarize_run(const RunState& state,
                                                const std::vector<diagnostics::Convergence>* known = nullptr);

/// The worst R-hat and the smallest bulk-ESS over the quantities (NaN when any of them is NaN).
struct ConvergenceCheck {
  double max_rhat, min_ess_bulk;
};
ConvergenceCheck check_convergence(const RunState& state);
ConvergenceCheck worst_of(const std::vector<diagnostics::Convergence>& checks);
double worst_rhat(const std::vector<diagnostics::Summary>& summaries);
double smallest_bulk_ess(const std::vector<diagnostics::Summary>& summaries);

/// max R-hat < settings.rhat_below and min bulk-ESS ≥ settings.min_ess_per_chain · chains (false for NaN).
bool converged(const ConvergenceCheck& check, const RunSettings& settings, int chains);

/// Takes the check at iteration t, appends (t, max R-hat, min bulk-ESS) to state.diagnostics_history, sets
/// state.converged_early when settings.stop_when_converged and the run has converged, and returns the check;
/// `checks`, when given, receives the check of every quantity.
ConvergenceCheck record_diagnostics(RunState& state, const RunSettings& settings, std::int64_t t,
                                    std::vector<diagnostics::Convergence>* checks = nullptr);

}  // namespace ito::mcmc
