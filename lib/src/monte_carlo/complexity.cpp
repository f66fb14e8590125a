#include "ito/monte_carlo/complexity.hpp"

#include <algorithm>
#include <cmath>

#include "ito/core/error.hpp"

namespace ito::monte_carlo {

ComplexityRow complexity_row(double epsilon, const MlmcResult& scheme_run, const MlmcResult& euler_run,
                             std::int64_t base_steps) {
  ComplexityRow row;
  row.epsilon = epsilon;
  row.mlmc_cost = scheme_run.total_cost;
  row.mlmc_levels = static_cast<int>(scheme_run.levels.size());
  row.mlmc_estimate = scheme_run.estimate;
  row.mlmc_std_error = scheme_run.std_error;
  const MlmcLevel& finest = euler_run.levels.back();
  row.euler_mlmc_cost = euler_run.total_cost;
  row.mc_steps = base_steps << finest.level;
  row.mc_variance = finest.fine_variance;
  // at least one sample: a functional of variance 0 (a constant) costs one path, not 0 (whose log is -inf)
  row.mc_cost =
      std::max(1.0, std::ceil(2.0 * row.mc_variance / (epsilon * epsilon))) * static_cast<double>(row.mc_steps);
  return row;
}

ComplexityStudy complexity_study(std::vector<ComplexityRow> rows) {
  if (rows.size() < 2) throw ParameterError("complexity study: need at least two target errors");
  ComplexityStudy study;
  std::vector<double> log_eps, log_mlmc, log_mc;
  for (const auto& row : rows) {
    log_eps.push_back(std::log(row.epsilon));
    log_mlmc.push_back(std::log(row.mlmc_cost));
    log_mc.push_back(std::log(row.mc_cost));
  }
  study.rows = std::move(rows);
  study.mlmc_exponent = core::fit_line(log_eps, log_mlmc);
  study.mc_exponent = core::fit_line(log_eps, log_mc);
  return study;
}

}  // namespace ito::monte_carlo
