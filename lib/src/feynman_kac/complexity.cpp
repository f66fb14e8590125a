#include "ito/feynman_kac/complexity.hpp"

#include <cmath>

#include "ito/core/error.hpp"

namespace ito::feynman_kac {

ComplexityStudy mlmc_complexity(const ProblemSpec& problem, const std::vector<double>& epsilons, const MlmcOptions& base,
                                std::uint32_t seed) {
  if (epsilons.size() < 2) throw ParameterError("complexity study: need at least two target errors");
  ComplexityStudy study;
  std::vector<double> log_eps, log_mlmc, log_mc;
  for (std::size_t i = 0; i < epsilons.size(); ++i) {
    const double eps = epsilons[i];
    RunSpec run;
    run.method = Method::multilevel;
    run.mlmc = base;
    run.mlmc.target_rms_error = eps;
    run.seed = seed + static_cast<std::uint32_t>(2 * i);
    ComplexityRow row;
    row.epsilon = eps;
    const auto ml = solve(problem, run);
    row.mlmc_cost = ml.mlmc->total_cost;
    row.mlmc_levels = static_cast<int>(ml.mlmc->levels.size());
    row.mlmc_estimate = ml.estimate;
    row.mlmc_std_error = ml.std_error;

    ProblemSpec euler = problem;
    euler.scheme = "euler";
    run.seed = seed + static_cast<std::uint32_t>(2 * i + 1);
    const auto eu = solve(euler, run);
    const auto& finest = eu.mlmc->levels.back();
    row.euler_mlmc_cost = eu.mlmc->total_cost;
    row.mc_steps = problem.steps << finest.level;
    row.mc_variance = finest.fine_variance;
    row.mc_cost = std::ceil(2.0 * row.mc_variance / (eps * eps)) * static_cast<double>(row.mc_steps);
    study.rows.push_back(row);
    log_eps.push_back(std::log(eps));
    log_mlmc.push_back(std::log(row.mlmc_cost));
    log_mc.push_back(std::log(row.mc_cost));
  }
  study.mlmc_exponent = fit_rate(log_eps, log_mlmc);
  study.mc_exponent = fit_rate(log_eps, log_mc);
  return study;
}

}  // namespace ito::feynman_kac
