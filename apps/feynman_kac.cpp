// `ito feynman-kac <params.toml>`: Feynman–Kac expectations of the reference problems by Monte Carlo or
// multilevel Monte Carlo, compared with their exact values. Reads the parameters with
// ito::feynman_kac::read_feynman_kac, calls ito::feynman_kac::solve (or mlmc_complexity for the complexity
// study), writes the HDF5 results (layout in the README and below).
//
//   /estimate, /std_error, /exact             1-element datasets
//   /levels/{level,samples,mean,variance,fine_mean,fine_variance,coarse_mean,cost_per_sample,kurtosis,
//            consistency}                      MLMC only, one entry per level
//   /summary attributes: problem, method, scheme, estimate, std_error, exact, z_score, path_steps,
//            estimate_wall_time_s (wall time of the estimator alone: simulation and reduction, without reading,
//            start-up and writing);
//            expression systems: noise_class, noise_class_reason;
//            MC: paths, antithetic; with problem.control_variate also estimate_without_control,
//            std_error_without_control, control_coefficient (β̂), control_mean, control_sample_mean,
//            variance_reduction (Var Y / Var(Y − β̂C)); MLMC: target_rms_error, alpha, beta, gamma (+ _ci = [low, high]),
//            levels, cost, bias_estimate, converged, warnings (one per line)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "command.hpp"
#include "descriptions.hpp"
#include "ito/core/error.hpp"
#include "ito/core/progress.hpp"
#include "ito/feynman_kac/complexity.hpp"
#include "ito/feynman_kac/params.hpp"
#include "ito/feynman_kac/problem.hpp"

namespace ito::apps {
namespace {

// method = "complexity": the MLMC complexity study; prints the table as the summary.
std::string run_complexity(Context& ctx, const feynman_kac::ProblemSpec& problem, const feynman_kac::RunSpec& spec,
                           const std::vector<double>& epsilons, const std::string& kind_name) {
  const auto study = feynman_kac::mlmc_complexity(problem, epsilons, spec.mlmc, spec.seed);
  const double exact = feynman_kac::exact_value(problem);
  io::ResultFile file(ctx.out);
  std::vector<double> eps, mlmc_cost, mc_cost, euler_cost, levels, steps, estimate, se, error;
  std::ostringstream table;
  table << "MLMC complexity, " << kind_name << " (exact " << exact << "), MLMC-" << problem.scheme
        << " vs standard MC-Euler, cost in path-steps\n"
        << "  eps      MLMC levels  MLMC cost     estimate    std_error  |error|     MC-Euler steps  MC-Euler cost  ratio\n";
  for (const auto& r : study.rows) {
    eps.push_back(r.epsilon);
    mlmc_cost.push_back(r.mlmc_cost);
    mc_cost.push_back(r.mc_cost);
    euler_cost.push_back(r.euler_mlmc_cost);
    levels.push_back(r.mlmc_levels);
    steps.push_back(static_cast<double>(r.mc_steps));
    estimate.push_back(r.mlmc_estimate);
    se.push_back(r.mlmc_std_error);
    error.push_back(r.mlmc_estimate - exact);
    char line[256];
    std::snprintf(line, sizeof line, "  %-8g %-11d %-13.4g %-11.6f %-10.3g %-11.3g %-15lld %-14.4g %.1f\n", r.epsilon,
                  r.mlmc_levels, r.mlmc_cost, r.mlmc_estimate, r.mlmc_std_error, std::abs(r.mlmc_estimate - exact),
                  static_cast<long long>(r.mc_steps), r.mc_cost, r.mc_cost / r.mlmc_cost);
    table << line;
  }
  const auto& a = study.mlmc_exponent;
  const auto& b = study.mc_exponent;
  table << "  fitted cost exponents (cost ~ eps^p, 95% CI): MLMC-" << problem.scheme << " p = " << a.slope << " ["
        << a.ci_low << ", " << a.ci_high << "], MC-Euler p = " << b.slope << " [" << b.ci_low << ", " << b.ci_high
        << "]";
  const std::string g = "/complexity/";
  file.write(g + "epsilon", eps);
  file.write(g + "mlmc_cost", mlmc_cost);
  file.write(g + "mlmc_levels", levels);
  file.write(g + "mlmc_estimate", estimate);
  file.write(g + "mlmc_std_error", se);
  file.write(g + "mlmc_error", error);
  file.write(g + "euler_mlmc_cost", euler_cost);
  file.write(g + "mc_steps", steps);
  file.write(g + "mc_cost", mc_cost);
  const std::string s = "/summary";
  file.attribute(s, "problem", kind_name);
  file.attribute(s, "method", "complexity");
  file.attribute(s, "scheme", problem.scheme);
  file.attribute(s, "exact", exact);
  file.attribute(s, "mlmc_cost_exponent", a.slope);
  file.attribute(s, "mlmc_cost_exponent_ci", std::vector<double>{a.ci_low, a.ci_high});
  file.attribute(s, "mc_cost_exponent", b.slope);
  file.attribute(s, "mc_cost_exponent_ci", std::vector<double>{b.ci_low, b.ci_high});
  file.describe(dataset_descriptions("feynman-kac"));
  ctx.finish(file);
  return table.str() + "\n  -> " + ctx.out;
}

// A multilevel run that would exceed max_path_steps stops with the estimate, at the key that set the target.
template <class F>
auto within_work_limit(Context& ctx, const std::string& method, F&& f) {
  try {
    return f();
  } catch (const WorkLimitError& e) {
    ctx.params.fail(method == "complexity" ? "mlmc.epsilons" : "mlmc.target_rms_error",
                    std::string(e.what()) + " (max_path_steps); set max_path_steps higher to run it anyway");
  }
}

std::string run(Context& ctx) {
  auto parameters = feynman_kac::read_feynman_kac(ctx.params);
  const auto& problem = parameters.problem;
  auto& spec = parameters.run;
  const std::string& method = parameters.method;
  const std::string& kind_name = feynman_kac::problem_kind_names()[static_cast<std::size_t>(problem.kind)];
  spec.seed = ctx.seed;
  // The bar counts samples: paths (mc), or samples of every level as the algorithm decides them (mlmc).
  core::Progress progress("feynman-kac " + method,
                          method == "mc" ? static_cast<std::uint64_t>(spec.paths) : std::uint64_t{0}, "samples");
  const core::ProgressScope scope(progress);
  if (method == "complexity")
    return within_work_limit(ctx, method,
                             [&] { return run_complexity(ctx, problem, spec, parameters.epsilons, kind_name); });

  const auto started = std::chrono::steady_clock::now();
  const auto result = within_work_limit(ctx, method, [&] { return feynman_kac::solve(problem, spec); });
  const double estimate_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  io::ResultFile file(ctx.out);
  file.write("/estimate", std::vector<double>{result.estimate});
  file.write("/std_error", std::vector<double>{result.std_error});
  const std::string s = "/summary";
  file.attribute(s, "problem", kind_name);
  file.attribute(s, "method", method);
  file.attribute(s, "scheme", problem.scheme);
  file.attribute(s, "estimate", result.estimate);
  file.attribute(s, "std_error", result.std_error);
  file.attribute(s, "path_steps", result.path_steps);
  file.attribute(s, "estimate_wall_time_s", estimate_seconds);
  if (feynman_kac::is_expression_system_problem(problem.kind)) {
    // which noise class the schemes saw, and whether it was declared (and checked) or inferred
    file.attribute(s, "noise_class", std::string(sde::to_string(problem.system_noise)));
    file.attribute(s, "noise_class_reason", problem.system_noise_reason.empty() ? std::string("inferred")
                                                                                : problem.system_noise_reason);
  }
  double z = 0;
  if (result.exact) {
    file.write("/exact", std::vector<double>{*result.exact});
    file.attribute(s, "exact", *result.exact);
    z = result.std_error > 0 ? (result.estimate - *result.exact) / result.std_error : 0.0;
    file.attribute(s, "z_score", z);
    file.attribute(s, "error", result.estimate - *result.exact);
  }
  std::ostringstream line;
  line << "feynman-kac " << kind_name << " (" << method << ", " << problem.scheme << "): " << result.estimate
       << " +- " << result.std_error;
  if (result.exact) line << ", exact " << *result.exact << ", z = " << z;
  if (result.mlmc) {
    const auto& r = *result.mlmc;
    const std::string g = "/levels/";
    std::vector<double> level, mean, var, fmean, fvar, cmean, cost, kurt, cons;
    std::vector<std::int64_t> samples;
    for (const auto& l : r.levels) {
      level.push_back(l.level);
      samples.push_back(l.samples);
      mean.push_back(l.mean);
      var.push_back(l.variance);
      fmean.push_back(l.fine_mean);
      fvar.push_back(l.fine_variance);
      cmean.push_back(l.coarse_mean);
      cost.push_back(l.cost_per_sample);
      kurt.push_back(l.kurtosis);
      cons.push_back(l.consistency);
    }
    file.write(g + "level", level);
    file.write(g + "samples", samples);
    file.write(g + "mean", mean);
    file.write(g + "variance", var);
    file.write(g + "fine_mean", fmean);
    file.write(g + "fine_variance", fvar);
    file.write(g + "coarse_mean", cmean);
    file.write(g + "cost_per_sample", cost);
    file.write(g + "kurtosis", kurt);
    file.write(g + "consistency", cons);
    file.attribute(s, "target_rms_error", spec.mlmc.target_rms_error);
    file.attribute(s, "alpha", r.alpha.slope);
    file.attribute(s, "alpha_ci", std::vector<double>{r.alpha.ci_low, r.alpha.ci_high});
    file.attribute(s, "beta", r.beta.slope);
    file.attribute(s, "beta_ci", std::vector<double>{r.beta.ci_low, r.beta.ci_high});
    file.attribute(s, "gamma", r.gamma.slope);
    file.attribute(s, "gamma_ci", std::vector<double>{r.gamma.ci_low, r.gamma.ci_high});
    file.attribute(s, "levels", static_cast<std::int64_t>(r.levels.size()));
    file.attribute(s, "cost", r.total_cost);
    file.attribute(s, "bias_estimate", r.bias_estimate);
    file.attribute(s, "converged", static_cast<std::int64_t>(r.converged));
    std::string warnings;  // one per line, empty when none
    for (const auto& w : r.warnings) warnings += (warnings.empty() ? "" : "\n") + w;
    file.attribute(s, "warnings", warnings);
    line << "; " << r.levels.size() << " levels, cost " << r.total_cost << ", alpha " << r.alpha.slope << ", beta "
         << r.beta.slope << ", gamma " << r.gamma.slope;
    for (const auto& w : r.warnings) line << "\n  warning: " << w;
  } else {
    file.attribute(s, "paths", spec.paths);
    file.attribute(s, "antithetic", static_cast<std::int64_t>(spec.antithetic));
  }
  if (result.control_variate) {
    const auto& cv = *result.control_variate;
    file.attribute(s, "estimate_without_control", cv.plain.mean);
    file.attribute(s, "std_error_without_control", cv.plain.std_error);
    file.attribute(s, "control_coefficient", cv.coefficient);
    file.attribute(s, "control_mean", cv.control_mean);
    file.attribute(s, "control_sample_mean", cv.control_sample_mean);
    file.attribute(s, "variance_reduction", cv.variance_reduction);
    line << "; control variate (beta " << cv.coefficient << " from the samples): variance reduction "
         << cv.variance_reduction << ", without it " << cv.plain.mean << " +- " << cv.plain.std_error;
  }
  file.describe(dataset_descriptions("feynman-kac"));
  ctx.finish(file);
  line << (result.mlmc && !result.mlmc->warnings.empty() ? "\n  -> " : " -> ") << ctx.out;
  return line.str();
}

}  // namespace

ITO_COMMAND({"feynman-kac",
             "Feynman-Kac expectations by Monte Carlo or multilevel Monte Carlo, against exact values",
             "feynman_kac.h5", run, &feynman_kac::feynman_kac_schema, /*distributed=*/true});

}  // namespace ito::apps
