// `ito feynman-kac <params.toml>`: Feynman–Kac expectations of the reference problems by Monte Carlo or
// multilevel Monte Carlo, compared with their exact values. Reads and validates the parameters, calls
// ito::feynman_kac::solve, writes the HDF5 results (layout in the README and below).
//
//   /estimate, /std_error, /exact             1-element datasets
//   /levels/{level,samples,mean,variance,fine_mean,fine_variance,coarse_mean,cost_per_sample,kurtosis,
//            consistency}                      MLMC only, one entry per level
//   /summary attributes: problem, method, scheme, estimate, std_error, exact, z_score, path_steps;
//            MC: paths, antithetic; MLMC: target_rms_error, alpha, beta, gamma (+ _ci = [low, high]),
//            levels, cost, bias_estimate, converged, warnings (one per line)
#include <cmath>
#include <cstdio>
#include <sstream>

#include "command.hpp"
#include "ito/core/error.hpp"
#include "ito/feynman_kac/complexity.hpp"
#include "ito/feynman_kac/problem.hpp"
#include "ito/sde/expression_model.hpp"

namespace ito::apps {
namespace {

using feynman_kac::ProblemKind;

const char* kKeysHelp = R"(  method = "mc"                 "mc" (plain Monte Carlo), "mlmc" (multilevel, Giles 2008) or "complexity"
                                (MLMC cost vs standard MC-Euler cost over [mlmc] epsilons; Black-Scholes kinds)
  seed = 20261123               random seed
  [problem]
  kind = (required)             european_call | digital_call | lookback_call | lookback_put | down_and_out_call |
                                heat_gaussian | ou_mean | ou_second_moment | ou_cosine | ou_running_cost |
                                vasicek_bond | exit_time | expression
  # Black-Scholes kinds (geometric Brownian motion dS = r S dt + sigma S dW):
  spot = 100.0  strike = 100.0  rate = 0.05  volatility = 0.2  maturity = 1.0
  barrier = 85.0                down_and_out_call only (0 < barrier <= min(spot, strike))
  bridge = "log"                lookback/barrier: Brownian-bridge correction in "log" S (exact for GBM) or "state"
  # Ornstein-Uhlenbeck kinds (dX = theta (mu - X) dt + sigma dW, X_0 = x0; vasicek_bond: X = short rate):
  x0 = 1.0  theta = 1.0  mu = 0.0  sigma = 1.0  horizon = 1.0
  wave_number = 1.0             ou_cosine only: E[cos(k X_T)]
  # Brownian kinds (X = x0 + sqrt(2 D) W):
  x0 = 0.5 (heat: 0.0)  diffusivity = 0.5
  horizon = 1.0  width = 1.0    heat_gaussian: u(x0, horizon) with u(x, 0) = exp(-x^2 / (2 width^2))
  length = 1.0  max_time = 10.0 exit_time: mean exit time from (0, length); paths followed up to max_time
  # expression (any scalar Ito model, muparser syntax in x, t and the constants of [problem.parameters]):
  drift = (required)  diffusion = (required)   a(t, x) and g(t, x)
  diffusion_derivative = ""     dg/dx, needed by "milstein"
  exact_solution = ""           X_t as a function of t, x0, W, needed by "exact" (time-homogeneous models)
  payoff = "x"  running_cost = "0"  rate = "0"   phi(x), f(t, x), r(t, x): estimates
                                E[exp(-int r) phi(X_T) - int exp(-int r) f ds | X_0 = x0]
  x0 = 1.0  horizon = 1.0       start and T
  exact = (none)                known exact value, for the z-score
  [problem.parameters]          name = value constants usable in every expression
  [scheme]
  name = "exact"                "exact" (bias-free step of the model) | "euler" (Euler-Maruyama) | "milstein"
                                | "platen_weak2" (weak order 2, derivative-free)
                                (default "euler" for kind = "expression")
  steps = 1 (exit_time: 100000) time steps (MC) or level-0 steps M0 (MLMC); exit_time: dt = max_time/steps
  [mc]                          method = "mc" only
  paths = 100000                samples (an antithetic pair is one sample)
  antithetic = false            antithetic variates (negated increments)
  [mlmc]                        method = "mlmc" only
  target_rms_error = 0.01       epsilon
  epsilons = [0.1, 0.05, 0.02, 0.01, 0.005]   method = "complexity" only: the targets of the study
  initial_samples = 1000        samples on each level of the initial hierarchy
  initial_levels = 3            levels 0..initial_levels-1 at start
  max_levels = 14               at most this many levels
)";

void reject_section(io::Params& p, const std::string& section, const std::string& method) {
  for (const auto& key : p.table_keys(section))
    p.fail(section + "." + key, "the [" + section + "] keys are only used with method = \"" + method + "\"");
}

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
  table << "  fitted cost exponents (cost ~ eps^p, 95% CI): MLMC-" << problem.scheme << " p = " << a.value << " ["
        << a.ci_low << ", " << a.ci_high << "], MC-Euler p = " << b.value << " [" << b.ci_low << ", " << b.ci_high
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
  file.attribute(s, "mlmc_cost_exponent", a.value);
  file.attribute(s, "mlmc_cost_exponent_ci", std::vector<double>{a.ci_low, a.ci_high});
  file.attribute(s, "mc_cost_exponent", b.value);
  file.attribute(s, "mc_cost_exponent_ci", std::vector<double>{b.ci_low, b.ci_high});
  ctx.finish(file);
  return table.str();
}

std::string run(Context& ctx) {
  auto& p = ctx.params;
  feynman_kac::ProblemSpec problem;
  feynman_kac::RunSpec spec;
  std::vector<double> epsilons;
  const std::string method = p.string("method", "mc", {"mc", "mlmc", "complexity"});
  const std::string kind_name = p.string("problem.kind", std::nullopt, feynman_kac::problem_kind_names());
  problem.kind = feynman_kac::problem_kind_from_name(kind_name);
  const auto positive = io::Range::positive();

  if (feynman_kac::is_black_scholes_problem(problem.kind)) {
    auto& m = problem.market;
    m.spot = p.real("problem.spot", 100.0, positive);
    m.strike = p.real("problem.strike", 100.0, positive);
    const bool lookback = problem.kind == ProblemKind::lookback_call || problem.kind == ProblemKind::lookback_put;
    m.rate = p.real("problem.rate", 0.05, lookback ? positive : io::Range::any());
    m.volatility = p.real("problem.volatility", 0.2, positive);
    m.maturity = p.real("problem.maturity", 1.0, positive);
    if (problem.kind == ProblemKind::down_and_out_call) {
      problem.barrier = p.real("problem.barrier", 85.0, io::Range::open(0.0, std::min(m.spot, m.strike) * (1 + 1e-15)));
    }
    if (lookback || problem.kind == ProblemKind::down_and_out_call)
      problem.bridge = p.string("problem.bridge", "log", {"log", "state"}) == "log"
                           ? feynman_kac::BridgeCoordinates::logarithmic
                           : feynman_kac::BridgeCoordinates::state;
  } else if (feynman_kac::is_expression_problem(problem.kind)) {
    auto& e = problem.model_expressions;
    for (const auto& name : p.table_keys("problem.parameters"))
      e.parameters[name] = p.real("problem.parameters." + name);
    // Each expression is parsed here so that a syntax error names its key, file and line.
    const auto parsed = [&](const char* key, std::optional<std::string> fallback) {
      const std::string text = p.string(key, std::move(fallback));
      if (!text.empty()) {
        try {
          const sde::ExpressionModel check(sde::ExpressionSpec{text, "0", "", "", e.parameters});
        } catch (const ParameterError& error) {
          p.fail(key, error.what());
        }
      }
      return text;
    };
    e.drift = parsed("problem.drift", std::nullopt);
    e.diffusion = parsed("problem.diffusion", std::nullopt);
    e.diffusion_derivative = parsed("problem.diffusion_derivative", "");
    if (p.has("problem.exact_solution")) {
      e.exact = p.string("problem.exact_solution");
      try {
        const sde::ExpressionModel check(sde::ExpressionSpec{"0", "0", "", e.exact, e.parameters});
      } catch (const ParameterError& error) {
        p.fail("problem.exact_solution", error.what());
      }
    }
    problem.payoff = parsed("problem.payoff", "x");
    problem.running_cost = parsed("problem.running_cost", "0");
    problem.rate = parsed("problem.rate", "0");
    problem.x0 = p.real("problem.x0", 1.0);
    problem.horizon = p.real("problem.horizon", 1.0, positive);
    if (p.has("problem.exact")) problem.known_exact = p.real("problem.exact");
  } else if (feynman_kac::is_ornstein_uhlenbeck_problem(problem.kind)) {
    problem.x0 = p.real("problem.x0", 1.0);
    problem.theta = p.real("problem.theta", 1.0, positive);
    problem.mu = p.real("problem.mu", 0.0);
    problem.sigma = p.real("problem.sigma", 1.0, io::Range::nonnegative());
    problem.horizon = p.real("problem.horizon", 1.0, positive);
    if (problem.kind == ProblemKind::ou_cosine) problem.wave_number = p.real("problem.wave_number", 1.0);
  } else {
    problem.diffusivity = p.real("problem.diffusivity", 0.5, positive);
    if (problem.kind == ProblemKind::heat_gaussian) {
      problem.x0 = p.real("problem.x0", 0.0);
      problem.horizon = p.real("problem.horizon", 1.0, positive);
      problem.width = p.real("problem.width", 1.0, positive);
    } else {
      problem.length = p.real("problem.length", 1.0, positive);
      problem.x0 = p.real("problem.x0", 0.5 * problem.length, io::Range::open(0.0, problem.length));
      problem.max_time = p.real("problem.max_time", 10.0, positive);
    }
  }
  const bool expression = feynman_kac::is_expression_problem(problem.kind);
  problem.scheme = p.string("scheme.name", expression ? "euler" : "exact", feynman_kac::scheme_names());
  if (expression && problem.scheme == "milstein" && problem.model_expressions.diffusion_derivative.empty())
    p.fail("scheme.name", "milstein needs the key problem.diffusion_derivative (dg/dx)");
  if (expression && problem.scheme == "exact" && problem.model_expressions.exact.empty())
    p.fail("scheme.name", "\"exact\" needs the key problem.exact_solution (X_t as a function of t, x0, W)");
  problem.steps = p.integer("scheme.steps", problem.kind == ProblemKind::exit_time ? 100000 : 1,
                            io::Range::between(1, 1e9));

  if (method == "mc") {
    spec.method = feynman_kac::Method::monte_carlo;
    spec.paths = p.integer("mc.paths", 100000, io::Range::between(2, 1e13));
    spec.antithetic = p.boolean("mc.antithetic", false);
    reject_section(p, "mlmc", "mlmc");
  } else {
    spec.method = feynman_kac::Method::multilevel;
    if (method == "mlmc") spec.mlmc.target_rms_error = p.real("mlmc.target_rms_error", 0.01, positive);
    spec.mlmc.initial_samples = p.integer("mlmc.initial_samples", 1000, io::Range::between(10, 1e12));
    spec.mlmc.max_levels = static_cast<int>(p.integer("mlmc.max_levels", 14, io::Range::between(2, 40)));
    spec.mlmc.initial_levels = static_cast<int>(
        p.integer("mlmc.initial_levels", 3, io::Range::between(2, static_cast<double>(spec.mlmc.max_levels))));
    if (problem.kind == ProblemKind::exit_time)
      p.fail("method", "exit_time is solved by Monte Carlo only (method = \"mc\")");
    if (method == "complexity") {
      epsilons = p.reals("mlmc.epsilons", std::vector<double>{0.1, 0.05, 0.02, 0.01, 0.005}, positive);
      if (epsilons.size() < 2) p.fail("mlmc.epsilons", "expected at least two target errors");
      if (!feynman_kac::is_black_scholes_problem(problem.kind))
        p.fail("problem.kind", "the complexity study compares with MC-Euler on the Black-Scholes problems");
    }
    if ((problem.steps << (spec.mlmc.max_levels - 1)) > (std::int64_t{1} << 40))
      p.fail("mlmc.max_levels", "the finest level would have more than 2^40 steps");
    reject_section(p, "mc", "mc");
  }
  spec.seed = ctx.seed;
  p.check_unused();
  if (method == "complexity") return run_complexity(ctx, problem, spec, epsilons, kind_name);

  const auto result = feynman_kac::solve(problem, spec);

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
    file.attribute(s, "alpha", r.alpha.value);
    file.attribute(s, "alpha_ci", std::vector<double>{r.alpha.ci_low, r.alpha.ci_high});
    file.attribute(s, "beta", r.beta.value);
    file.attribute(s, "beta_ci", std::vector<double>{r.beta.ci_low, r.beta.ci_high});
    file.attribute(s, "gamma", r.gamma.value);
    file.attribute(s, "gamma_ci", std::vector<double>{r.gamma.ci_low, r.gamma.ci_high});
    file.attribute(s, "levels", static_cast<std::int64_t>(r.levels.size()));
    file.attribute(s, "cost", r.total_cost);
    file.attribute(s, "bias_estimate", r.bias_estimate);
    file.attribute(s, "converged", static_cast<std::int64_t>(r.converged));
    std::string warnings;  // one per line, empty when none
    for (const auto& w : r.warnings) warnings += (warnings.empty() ? "" : "\n") + w;
    file.attribute(s, "warnings", warnings);
    line << "; " << r.levels.size() << " levels, cost " << r.total_cost << ", alpha " << r.alpha.value << ", beta "
         << r.beta.value << ", gamma " << r.gamma.value;
    for (const auto& w : r.warnings) line << "\n  warning: " << w;
  } else {
    file.attribute(s, "paths", spec.paths);
    file.attribute(s, "antithetic", static_cast<std::int64_t>(spec.antithetic));
  }
  ctx.finish(file);
  return line.str();
}

}  // namespace

ITO_COMMAND({"feynman-kac",
             "Feynman-Kac expectations by Monte Carlo or multilevel Monte Carlo, against exact values",
             kKeysHelp, "feynman_kac.h5", run});

}  // namespace ito::apps
