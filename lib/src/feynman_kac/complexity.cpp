#include "ito/feynman_kac/complexity.hpp"

#include "ito/core/error.hpp"
#include "ito/schemes/euler_maruyama.hpp"

namespace ito::feynman_kac {

monte_carlo::ComplexityStudy mlmc_complexity(const ProblemSpec& problem, const std::vector<double>& epsilons,
                                             const monte_carlo::MlmcOptions& base, std::uint32_t seed) {
  if (epsilons.size() < 2) throw ParameterError("complexity study: need at least two target errors");
  std::vector<monte_carlo::ComplexityRow> rows;
  for (std::size_t i = 0; i < epsilons.size(); ++i) {
    RunSpec run;
    run.method = Method::multilevel;
    run.mlmc = base;
    run.mlmc.target_rms_error = epsilons[i];
    run.seed = seed + static_cast<std::uint32_t>(2 * i);
    const auto scheme_run = solve(problem, run);
    ProblemSpec euler = problem;
    euler.scheme = schemes::EulerMaruyama::name;
    run.seed = seed + static_cast<std::uint32_t>(2 * i + 1);
    const auto euler_run = solve(euler, run);
    rows.push_back(monte_carlo::complexity_row(epsilons[i], *scheme_run.mlmc, *euler_run.mlmc, problem.steps));
  }
  return monte_carlo::complexity_study(std::move(rows));
}

}  // namespace ito::feynman_kac
