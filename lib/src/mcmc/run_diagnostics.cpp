#include "ito/mcmc/run_diagnostics.hpp"

#include <algorithm>
#include <cmath>

namespace ito::mcmc {

namespace {

template <class Range, class Get>
ConvergenceCheck worst(const Range& items, Get get_rhat, Get get_ess) {
  double max_rhat = -INFINITY, min_ess = INFINITY;
  for (const auto& s : items) {
    const double rhat = get_rhat(s), ess = get_ess(s);
    max_rhat = std::isnan(rhat) || std::isnan(max_rhat) ? NAN : std::max(max_rhat, rhat);
    min_ess = std::isnan(ess) || std::isnan(min_ess) ? NAN : std::min(min_ess, ess);
  }
  return {max_rhat, min_ess};
}

}  // namespace

std::vector<diagnostics::Summary> summarize_run(const RunState& st,
                                                const std::vector<diagnostics::Convergence>* known) {
  return diagnostics::summarize_quantities(st.draws.data(), st.chains, static_cast<int>(st.capacity),
                                           static_cast<int>(st.kept), st.parameters, known);
}

namespace {

std::vector<diagnostics::Convergence> checks_of(const RunState& st) {
  return diagnostics::convergence_of_quantities(st.draws.data(), st.chains, static_cast<int>(st.capacity),
                                                static_cast<int>(st.kept), st.parameters);
}

}  // namespace

ConvergenceCheck check_convergence(const RunState& st) { return worst_of(checks_of(st)); }

ConvergenceCheck worst_of(const std::vector<diagnostics::Convergence>& checks) {
  using C = diagnostics::Convergence;
  return worst(
      checks, +[](const C& c) { return c.rhat; }, +[](const C& c) { return c.ess_bulk; });
}

double worst_rhat(const std::vector<diagnostics::Summary>& summaries) {
  using S = diagnostics::Summary;
  return worst(
             summaries, +[](const S& s) { return s.rhat; }, +[](const S& s) { return s.ess_bulk; })
      .max_rhat;
}

double smallest_bulk_ess(const std::vector<diagnostics::Summary>& summaries) {
  using S = diagnostics::Summary;
  return worst(
             summaries, +[](const S& s) { return s.rhat; }, +[](const S& s) { return s.ess_bulk; })
      .min_ess_bulk;
}

bool converged(const ConvergenceCheck& check, const RunSettings& settings, int chains) {
  return check.max_rhat < settings.rhat_below && check.min_ess_bulk >= settings.min_ess_per_chain * chains;
}

ConvergenceCheck record_diagnostics(RunState& state, const RunSettings& settings, std::int64_t t,
                                    std::vector<diagnostics::Convergence>* checks) {
  auto all = checks_of(state);
  const ConvergenceCheck check = worst_of(all);
  if (checks) *checks = std::move(all);
  state.diagnostics_history.insert(state.diagnostics_history.end(),
                                   {static_cast<double>(t), check.max_rhat, check.min_ess_bulk});
  if (settings.stop_when_converged && converged(check, settings, state.chains)) state.converged_early = true;
  return check;
}

}  // namespace ito::mcmc
