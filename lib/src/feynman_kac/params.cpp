#include "ito/feynman_kac/params.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "ito/core/error.hpp"
#include "ito/core/expression.hpp"
#include "ito/schemes/registry.hpp"
#include "ito/sde/expression_system_params.hpp"

namespace ito::feynman_kac {

namespace {

using io::Range;

const std::vector<std::string> kBlackScholes = {"european_call", "digital_call", "lookback_call", "lookback_put",
                                                "down_and_out_call"};
const std::vector<std::string> kLookback = {"lookback_call", "lookback_put"};
const std::vector<std::string> kOrnsteinUhlenbeck = {"ou_mean", "ou_second_moment", "ou_cosine", "ou_running_cost",
                                                     "vasicek_bond"};
const std::vector<std::string> kBrownian = {"heat_gaussian", "exit_time"};
const std::vector<std::string> kExpressionKinds = {"expression", "expression_system"};

// kind = "expression_system": the model's keys under [problem], the rows and reader `ito converge` uses for
// its [sde] (sde/expression_system_params.hpp).
const sde::ExpressionSystemKeys& system_keys() {
  static const sde::ExpressionSystemKeys keys{"problem", "exact_solution", "problem.kind", "expression_system",
                                              "needed by scheme \"exact\"; time-homogeneous models"};
  return keys;
}

std::string number(double v) {
  std::ostringstream os;
  os.precision(12);
  os << v;
  return os.str();
}

// [problem.functionals] name = "kind(argument)": each name an identifier other than the state names, t and the
// parameters, each argument an expression in the state names and t (an extremum's, under continuous
// monitoring, a state name); at most kMaxRunningFunctionals. Errors at the functional's key.
void read_functionals(io::SchemaReader& r, ProblemSpec& problem, const std::vector<std::string>& state,
                      const std::map<std::string, double>& parameters) {
  problem.functionals = r.named_strings("problem.functionals");
  if (static_cast<int>(problem.functionals.size()) > kMaxRunningFunctionals)
    r.fail("problem.functionals", "at most " + std::to_string(kMaxRunningFunctionals) + " functionals, got " +
                                      std::to_string(problem.functionals.size()));
  std::vector<std::string> variables = state;
  variables.push_back("t");
  for (const auto& [name, text] : problem.functionals) {
    const std::string key = "problem.functionals." + name;
    const bool identifier = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
                            std::all_of(name.begin(), name.end(), [](char c) {
                              return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                            });
    if (!identifier) r.fail(key, "a functional's name must be an identifier (letters, digits, _), got '" + name + "'");
    const bool variable = std::find(variables.begin(), variables.end(), name) != variables.end();
    if (variable || parameters.count(name))
      r.fail(key, "the name '" + name + "' is taken (" +
                      (parameters.count(name) ? "a problem.parameters constant" : "a variable of every expression") +
                      "); choose another");
    try {
      const RunningFunctionalSpec spec = parse_running_functional(name, text);
      core::Expression(spec.argument, variables, parameters);
      if (const std::string why = running_functional_refusal(spec, state, problem.monitoring); !why.empty())
        throw ParameterError(why);
    } catch (const ParameterError& e) {
      r.fail(key, e.what());
    }
  }
}

// The path functionals of both expression kinds: monitoring and bridge, the running functionals, the payoff in
// the state names, t and their names, and (mc) the control variate with its mean.
void read_path_functionals(io::SchemaReader& r, ProblemSpec& problem, const std::string& method,
                           const std::vector<std::string>& state, const std::map<std::string, double>& parameters) {
  problem.monitoring = r.string("problem.monitoring") == "discrete" ? Monitoring::discrete : Monitoring::continuous;
  problem.bridge = r.string("problem.bridge") == "log" ? BridgeCoordinates::logarithmic : BridgeCoordinates::state;
  read_functionals(r, problem, state, parameters);
  std::vector<std::string> variables = state;
  variables.push_back("t");
  for (const auto& [name, text] : problem.functionals) variables.push_back(name);
  problem.payoff = r.expression("problem.payoff", parameters, variables);
  if (method == "mc") {
    problem.control_variate = r.expression("problem.control_variate", parameters, variables);
    const auto mean = r.optional_real("problem.control_mean");
    if (!problem.control_variate.empty() && !mean)
      r.fail("problem.control_variate", "a control variate needs its exact mean, problem.control_mean");
    if (problem.control_variate.empty() && mean)
      r.fail("problem.control_mean", "there is no problem.control_variate whose mean this would be");
    problem.control_mean = mean.value_or(0.0);
  }
  if (method != "mc" && !problem.functionals.empty() && problem.monitoring == Monitoring::discrete)
    r.fail("problem.monitoring",
           "discrete monitoring is on the time grid, which multilevel Monte Carlo refines from level to level: "
           "the levels would estimate different quantities. Use method = \"mc\" for a discretely monitored "
           "functional, or monitoring = \"continuous\"");
}

// kind = "expression_system": the model (the rows shared with `ito converge`), then the functional in the
// state names and t, the start, the horizon and the noise class (inferred or checked around x0 on [0, T]).
void read_expression_system_problem(io::SchemaReader& r, ProblemSpec& problem, const std::string& method) {
  problem.stratonovich = r.string("problem.interpretation") == "stratonovich";
  problem.system = sde::read_expression_system(r, system_keys());
  const auto& parameters = problem.system.parameters;
  const auto variables = sde::system_variables(problem.system.state);
  read_path_functionals(r, problem, method, problem.system.state, parameters);
  problem.running_cost = r.expression("problem.running_cost", parameters, variables);
  problem.rate = r.expression("problem.rate", parameters, variables);
  problem.system_x0 = sde::read_expression_system_x0(r, system_keys(), problem.system);
  problem.horizon = r.real("problem.horizon");
  problem.known_exact = r.optional_real("problem.exact_value");
  const auto noise = sde::read_noise_class(r, system_keys(), problem.system, problem.system_x0, problem.horizon);
  problem.system_noise = noise.noise;
  problem.system_noise_reason = noise.reason;
}

io::Schema make_schema() {
  io::Schema s("feynman-kac");
  s.string("method", "mc", {"mc", "mlmc", "complexity"},
           "plain Monte Carlo, multilevel Monte Carlo (Giles 2008), or the MLMC complexity study (MLMC cost "
           "against standard MC-Euler over mlmc.epsilons; Black-Scholes kinds)");
  s.real("max_path_steps", 1e12, Range::positive(),
         "bound on the work in path-steps (about an hour per thread at 1e12); mc: paths × steps (× 2 antithetic), "
         "refused before the run; mlmc: Σ N_l C_l, checked before each round of samples");
  s.string("problem.kind", io::required, problem_kind_names(), "the problem (table in the README)");
  // Black–Scholes kinds: geometric Brownian motion dS = rS dt + σS dW
  s.real("problem.spot", 100.0, Range::positive(), "S_0 of dS = rS dt + σS dW").when("problem.kind", kBlackScholes);
  s.real("problem.strike", 100.0, Range::positive(), "strike K").when("problem.kind", kBlackScholes);
  s.real("problem.sigma", 0.2, Range::positive(), "noise σ (the volatility)").when("problem.kind", kBlackScholes);
  s.real("problem.horizon", 1.0, Range::positive(), "end time T (the maturity)").when("problem.kind", kBlackScholes);
  s.real("problem.rate", 0.05, Range::positive(), "interest rate r (the lookback closed forms need r > 0)")
      .when("problem.kind", kLookback);
  s.real("problem.rate", 0.05, Range::any(), "interest rate r")
      .when("problem.kind", {"european_call", "digital_call", "down_and_out_call"});
  s.real("problem.barrier", 85.0, Range::positive(), "knock-out barrier H, 0 < H <= min(spot, strike)")
      .when("problem.kind", {"down_and_out_call"});
  s.string("problem.bridge", "log", {"log", "state"},
           "Brownian-bridge correction of the continuous monitoring in log S (exact for GBM) or in S")
      .when("problem.kind", {"lookback_call", "lookback_put", "down_and_out_call"});
  // Ornstein–Uhlenbeck kinds: dX = θ(μ − X)dt + σ dW (vasicek_bond: X is the short rate)
  s.real("problem.x0", 1.0, Range::any(), "X_0 of dX = θ(μ − X)dt + σ dW").when("problem.kind", kOrnsteinUhlenbeck);
  s.real("problem.theta", 1.0, Range::positive(), "mean reversion θ").when("problem.kind", kOrnsteinUhlenbeck);
  s.real("problem.mu", 0.0, Range::any(), "long-run mean μ").when("problem.kind", kOrnsteinUhlenbeck);
  s.real("problem.sigma", 1.0, Range::nonnegative(), "noise σ").when("problem.kind", kOrnsteinUhlenbeck);
  s.real("problem.horizon", 1.0, Range::positive(), "horizon T").when("problem.kind", kOrnsteinUhlenbeck);
  s.real("problem.wave_number", 1.0, Range::any(), "k of E[cos(k X_T)]").when("problem.kind", {"ou_cosine"});
  // Brownian kinds: X = x0 + √(2D) W
  s.real("problem.diffusivity", 0.5, Range::positive(), "D of X = x0 + √(2D) W").when("problem.kind", kBrownian);
  s.real("problem.x0", 0.0, Range::any(), "start x0").when("problem.kind", {"heat_gaussian"});
  s.real("problem.horizon", 1.0, Range::positive(), "time t of u(x0, t), u(x, 0) = exp(−x²/(2 width²))")
      .when("problem.kind", {"heat_gaussian"});
  s.real("problem.width", 1.0, Range::positive(), "width of the initial Gaussian")
      .when("problem.kind", {"heat_gaussian"});
  s.real("problem.length", 1.0, Range::positive(), "L: the mean exit time from (0, L) is estimated")
      .when("problem.kind", {"exit_time"});
  s.real("problem.x0", io::computed("length / 2"), Range::any(), "start x0, 0 < x0 < length")
      .when("problem.kind", {"exit_time"});
  s.real("problem.horizon", 10.0, Range::positive(), "end time: paths are followed up to this time")
      .when("problem.kind", {"exit_time"});
  // expression: any scalar Itô model and functional E[e^{−∫r} φ(X_T) − ∫ e^{−∫r} f ds | X_0 = x0]
  s.expression("problem.drift", io::required, {"x", "t"}, "drift a(t, x)").when("problem.kind", {"expression"});
  s.expression("problem.diffusion", io::required, {"x", "t"}, "diffusion g(t, x)").when("problem.kind", {"expression"});
  s.expression("problem.diffusion_derivative", std::string(), {"x", "t"}, "∂g/∂x, needed by milstein (\"\": none); checked against central differences around x0")
      .when("problem.kind", {"expression"});
  s.expression("problem.exact_solution", io::optional, {"t", "x0", "W"},
               "X_t as a function of t, x0 and W_t, needed by scheme \"exact\" (time-homogeneous models)")
      .when("problem.kind", {"expression"});
  s.expression("problem.payoff", std::string("x"), {"x", "t"},
               "φ(x) (t is the horizon); with problem.functionals also a function of their names, e.g. "
               "\"max(A - K, 0)\"")
      .when("problem.kind", {"expression"});
  s.expression("problem.running_cost", std::string("0"), {"x", "t"}, "f(t, x)").when("problem.kind", {"expression"});
  s.expression("problem.rate", std::string("0"), {"x", "t"}, "discount rate r(t, x)")
      .when("problem.kind", {"expression"});
  s.real("problem.x0", 1.0, Range::any(), "start x0").when("problem.kind", {"expression"});
  s.real("problem.horizon", 1.0, Range::positive(), "horizon T").when("problem.kind", kExpressionKinds);
  s.real("problem.exact_value", io::optional, Range::any(), "the known exact value, for the z-score")
      .when("problem.kind", {"expression"});
  s.string("problem.monitoring", "continuous", {"continuous", "discrete"},
           "problem.functionals: continuous (averages and integrals by the trapezoidal rule, extrema "
           "Brownian-bridge corrected) or discrete (averages over the grid points t_1..t_N, extrema over t_0..t_N; "
           "N = scheme.steps; mc only)")
      .when("problem.kind", kExpressionKinds);
  s.string("problem.bridge", "state", {"log", "state"},
           "problem.functionals: the Brownian bridge of continuously monitored maxima and minima of X (of a "
           "system's component X_c: its coefficient (Σ_j g_cj²)^{1/2}) frozen at the left point, or of log X "
           "(exact for geometric Brownian motion; X > 0)")
      .when("problem.kind", kExpressionKinds);
  const char* control_doc =
      "control variate ψ in the state, t and the names of problem.functionals, discounted as the payoff, with "
      "known mean problem.control_mean (\"\": none); the estimator subtracts β̂ (C̄ − mean) with β̂ estimated from "
      "the samples, and reports the variance reduction";
  s.expression("problem.control_variate", std::string(), {"x", "t"}, control_doc)
      .when("problem.kind", {"expression"})
      .when("method", {"mc"});
  s.expression("problem.control_variate", std::string(), {"the state names", "t"}, control_doc)
      .when("problem.kind", {"expression_system"})
      .when("method", {"mc"});
  s.real("problem.control_mean", io::optional, Range::any(),
         "the exact e^{−∫r} E[ψ] of problem.control_variate (required with it)")
      .when("problem.kind", kExpressionKinds)
      .when("method", {"mc"});
  // expression_system: a d-dimensional model with m noises (d, m <= 4) and the same functional, φ, f, r in the
  // state names and t
  s.string("problem.interpretation", "ito", {"ito", "stratonovich"}, "dW read as Itô or Stratonovich (∘dW)")
      .when("problem.kind", {"expression_system"});
  sde::add_expression_system_keys(s, system_keys());
  s.expression("problem.payoff", io::required, {"the state names", "t"},
               "φ(X_T) (t is the horizon); with problem.functionals also a function of their names")
      .when("problem.kind", {"expression_system"});
  s.expression("problem.running_cost", std::string("0"), {"the state names", "t"}, "f(t, x)")
      .when("problem.kind", {"expression_system"});
  s.expression("problem.rate", std::string("0"), {"the state names", "t"}, "discount rate r(t, x)")
      .when("problem.kind", {"expression_system"});
  s.real("problem.exact_value", io::optional, Range::any(), "the known exact value, for the z-score")
      .when("problem.kind", {"expression_system"});
  s.named_reals("problem.parameters", "named constants usable in every expression")
      .when("problem.kind", kExpressionKinds);
  s.named_strings("problem.functionals",
                  "each \"kind(argument)\": average | geometric_average | integral | maximum | minimum of an "
                  "expression in the state (x, or a system's state names) and t",
                  "running functionals of the path, usable by name in problem.payoff and problem.control_variate "
                  "(at most 8): average (1/T)∫g ds (discrete: (1/N)Σ g(t_k, X_k)), geometric_average exp of the "
                  "average of log g, integral ∫g ds, maximum / minimum of a state component (continuous: "
                  "Brownian-bridge corrected) or of any expression (monitoring = discrete only)")
      .when("problem.kind", kExpressionKinds);

  const char* scheme_doc =
      "exact: the model's exact step; or any scheme of `ito converge` the model supports (refused with the reason "
      "otherwise)";
  s.string("scheme.name", "euler_maruyama", scheme_names(), scheme_doc).when("problem.kind", kExpressionKinds);
  s.string("scheme.name", "exact", scheme_names(), scheme_doc).unless("problem.kind", kExpressionKinds);
  s.integer("scheme.steps", std::int64_t{100000}, Range::between(1, 1e9), "time steps; the step is horizon / steps")
      .when("problem.kind", {"exit_time"});
  s.integer("scheme.steps", std::int64_t{1}, Range::between(1, 1e9), "time steps (MC) or level-0 steps M0 (MLMC)")
      .unless("problem.kind", {"exit_time"});

  s.integer("mc.paths", std::int64_t{100000}, Range::between(2, 1e13), "samples (an antithetic pair is one sample)")
      .when("method", {"mc"});
  s.boolean("mc.antithetic", false, "antithetic variates (negated increments)").when("method", {"mc"});
  s.real("mlmc.target_rms_error", 0.01, Range::positive(), "ε: the root-mean-square error aimed at")
      .when("method", {"mlmc"});
  s.integer("mlmc.initial_samples", std::int64_t{1000}, Range::between(10, 1e12),
            "samples on each level of the initial hierarchy")
      .when("method", {"mlmc", "complexity"});
  s.integer("mlmc.max_levels", std::int64_t{14}, Range::between(2, 40), "at most this many levels")
      .when("method", {"mlmc", "complexity"});
  s.integer("mlmc.initial_levels", std::int64_t{3}, Range::at_least(2),
            "levels 0 .. initial_levels − 1 at the start (<= max_levels)")
      .when("method", {"mlmc", "complexity"});
  s.reals("mlmc.epsilons", std::vector<double>{0.1, 0.05, 0.02, 0.01, 0.005}, Range::positive(),
          "the target errors of the complexity study (at least two)")
      .when("method", {"complexity"});

  // Old spellings (one vocabulary across commands: README "Parameter files and the command line").
  s.renamed("problem.maturity", "problem.horizon");
  s.renamed("problem.volatility", "problem.sigma");
  s.renamed("problem.max_time", "problem.horizon");
  s.renamed("problem.exact", "problem.exact_value");
  return s;
}

}  // namespace

const io::Schema& feynman_kac_schema() {
  static const io::Schema schema = make_schema();
  return schema;
}

FeynmanKacParameters read_feynman_kac(io::Params& params) {
  io::SchemaReader reader(feynman_kac_schema(), params);
  return read_feynman_kac(reader);
}

FeynmanKacParameters read_feynman_kac(io::SchemaReader& r) {
  FeynmanKacParameters out;
  ProblemSpec& problem = out.problem;
  RunSpec& spec = out.run;
  out.method = r.string("method");
  problem.kind = problem_kind_from_name(r.string("problem.kind"));

  if (is_black_scholes_problem(problem.kind)) {
    auto& m = problem.market;
    m.spot = r.real("problem.spot");
    m.strike = r.real("problem.strike");
    m.rate = r.real("problem.rate");
    m.volatility = r.real("problem.sigma");
    m.maturity = r.real("problem.horizon");
    if (problem.kind == ProblemKind::down_and_out_call) {
      problem.barrier = r.real("problem.barrier");
      // the closed form needs H <= min(S_0, K) (a relative slack of 1e-15 for a barrier given as that value)
      const double top = std::min(m.spot, m.strike);
      if (!(problem.barrier < top * (1 + 1e-15)))
        r.fail("problem.barrier", "expected " + Range::open(0.0, top * (1 + 1e-15)).describe(false) +
                                      " (0 < barrier <= min(spot, strike)), got " + number(problem.barrier));
    }
    if (problem.kind != ProblemKind::european_call && problem.kind != ProblemKind::digital_call)
      problem.bridge = r.string("problem.bridge") == "log" ? BridgeCoordinates::logarithmic : BridgeCoordinates::state;
  } else if (is_expression_problem(problem.kind)) {
    auto& e = problem.model_expressions;
    e.parameters = r.named_reals("problem.parameters");
    e.drift = r.expression("problem.drift", e.parameters);
    e.diffusion = r.expression("problem.diffusion", e.parameters);
    e.diffusion_derivative = r.expression("problem.diffusion_derivative", e.parameters);
    e.exact = r.optional_expression("problem.exact_solution", e.parameters).value_or("");
    read_path_functionals(r, problem, out.method, {"x"}, e.parameters);
    problem.running_cost = r.expression("problem.running_cost", e.parameters);
    problem.rate = r.expression("problem.rate", e.parameters);
    problem.x0 = r.real("problem.x0");
    problem.horizon = r.real("problem.horizon");
    // ∂g/∂x checked like an expression system's Jacobian (sde/expression_system.hpp), around x0 on [0, T]
    sde::check_scalar_diffusion_derivative(r, "problem.diffusion_derivative", e, problem.x0, problem.horizon);
    problem.known_exact = r.optional_real("problem.exact_value");
  } else if (is_expression_system_problem(problem.kind)) {
    read_expression_system_problem(r, problem, out.method);
  } else if (is_ornstein_uhlenbeck_problem(problem.kind)) {
    problem.x0 = r.real("problem.x0");
    problem.theta = r.real("problem.theta");
    problem.mu = r.real("problem.mu");
    problem.sigma = r.real("problem.sigma");
    problem.horizon = r.real("problem.horizon");
    if (problem.kind == ProblemKind::ou_cosine) problem.wave_number = r.real("problem.wave_number");
  } else {
    problem.diffusivity = r.real("problem.diffusivity");
    if (problem.kind == ProblemKind::heat_gaussian) {
      problem.x0 = r.real("problem.x0");
      problem.horizon = r.real("problem.horizon");
      problem.width = r.real("problem.width");
    } else {
      problem.length = r.real("problem.length");
      problem.x0 = r.real("problem.x0", 0.5 * problem.length);
      if (!(problem.x0 > 0 && problem.x0 < problem.length))
        r.fail("problem.x0",
               "expected " + Range::open(0.0, problem.length).describe(false) + ", got " + number(problem.x0));
      problem.max_time = r.real("problem.horizon");
    }
  }
  // One vocabulary with `ito converge`: a former spelling is refused with the current one before the choice.
  if (r.has("scheme.name")) {
    const std::string given = r.params().string("scheme.name");
    if (const auto now = schemes::renamed_scheme(given))
      r.fail("scheme.name", "scheme '" + given + "' is now spelled '" + std::string(*now) + "'");
  }
  problem.scheme = r.string("scheme.name");
  if (const std::string why = scheme_refusal(problem); !why.empty()) r.fail("scheme.name", why);
  problem.steps = r.integer("scheme.steps");

  const double max_path_steps = out.max_path_steps = r.real("max_path_steps");
  if (out.method == "mc") {
    spec.method = Method::monte_carlo;
    spec.paths = r.integer("mc.paths");
    spec.antithetic = r.boolean("mc.antithetic");
    const double work = static_cast<double>(spec.paths) * static_cast<double>(problem.steps) * (spec.antithetic ? 2 : 1);
    if (work > max_path_steps) {
      std::ostringstream os;
      os.precision(3);
      os << "the run would take about " << work << " path-steps (mc.paths " << spec.paths << " × scheme.steps "
         << problem.steps << (spec.antithetic ? " × 2 antithetic" : "") << "), more than max_path_steps = "
         << max_path_steps << "; set max_path_steps higher to run it anyway";
      r.fail(static_cast<double>(spec.paths) >= static_cast<double>(problem.steps) ? "mc.paths" : "scheme.steps",
             os.str());
    }
  } else {
    spec.mlmc.max_cost = max_path_steps;
    spec.method = Method::multilevel;
    if (out.method == "mlmc") spec.mlmc.target_rms_error = r.real("mlmc.target_rms_error");
    spec.mlmc.initial_samples = r.integer("mlmc.initial_samples");
    spec.mlmc.max_levels = static_cast<int>(r.integer("mlmc.max_levels"));
    spec.mlmc.initial_levels = static_cast<int>(r.integer("mlmc.initial_levels"));
    if (spec.mlmc.initial_levels > spec.mlmc.max_levels)
      r.fail("mlmc.initial_levels", "expected an integer <= max_levels (" + std::to_string(spec.mlmc.max_levels) +
                                        "), got " + std::to_string(spec.mlmc.initial_levels));
    if (problem.kind == ProblemKind::exit_time)
      r.fail("method", "exit_time is solved by Monte Carlo only (method = \"mc\")");
    if (out.method == "complexity") {
      out.epsilons = r.reals("mlmc.epsilons");
      if (out.epsilons.size() < 2) r.fail("mlmc.epsilons", "expected at least two target errors");
      if (!is_black_scholes_problem(problem.kind))
        r.fail("problem.kind", "the complexity study compares with MC-Euler on the Black-Scholes problems");
    }
    // steps · 2^(max_levels − 1) > 2^40, without the shift that overflows int64 for steps up to 1e9
    if (problem.steps > (std::int64_t{1} << 40) >> (spec.mlmc.max_levels - 1))
      r.fail("mlmc.max_levels", "the finest level would have scheme.steps × 2^(max_levels − 1) = " +
                                    number(static_cast<double>(problem.steps) * std::ldexp(1.0, spec.mlmc.max_levels - 1)) +
                                    " steps, more than 2^40");
  }
  r.finish();
  return out;
}

}  // namespace ito::feynman_kac
