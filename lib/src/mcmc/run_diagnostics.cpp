#include "ito/mcmc/run_diagnostics.hpp"

#include <algorithm>
#include <cmath>

namespace ito::mcmc {

std::vector<diagnostics::Summary> summarize_run(const RunState& st) {
  return diagnostics::summarize_quantities(st.draws.data(), st.chains, static_cast<int>(st.capacity),
                                           static_cast<int>(st.kept), st.parameters);
}

ConvergenceCheck check_convergence(const RunState& state) {
  double max_rhat = -INFINITY, min_ess = INFINITY;
  for (const auto& s : summarize_run(state)) {
    max_rhat = std::isnan(s.rhat) || std::isnan(max_rhat) ? NAN : std::max(max_rhat, s.rhat);
    min_ess = std::isnan(s.ess_bulk) || std::isnan(min_ess) ? NAN : std::min(min_ess, s.ess_bulk);
  }
  return {max_rhat, min_ess};
}

void record_diagnostics(RunState& state, const RunSettings& settings, std::int64_t t) {
  const ConvergenceCheck check = check_convergence(state);
  state.diagnostics_history.insert(state.diagnostics_history.end(),
                                   {static_cast<double>(t), check.max_rhat, check.min_ess_bulk});
  if (settings.stop_when_converged && check.max_rhat < settings.rhat_below &&
      check.min_ess_bulk > settings.min_ess_per_chain * state.chains)
    state.converged_early = true;
}

}  // namespace ito::mcmc
