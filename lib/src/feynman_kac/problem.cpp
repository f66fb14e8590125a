#include "ito/feynman_kac/problem.hpp"

#include <cmath>
#include <sstream>
#include <type_traits>

#include "ito/core/error.hpp"
#include "ito/core/expression.hpp"
#include "ito/feynman_kac/barrier.hpp"
#include "ito/feynman_kac/exact_solutions.hpp"
#include "ito/feynman_kac/exit_time.hpp"
#include "ito/feynman_kac/lookback.hpp"
#include "ito/monte_carlo/coupled_level_sampler.hpp"
#include "ito/monte_carlo/estimate.hpp"
#include "ito/schemes/pathwise_exact.hpp"
#include "ito/schemes/registry.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"
#include "path_functionals.hpp"
#include "runner.hpp"

namespace ito::feynman_kac {

const std::vector<std::string>& problem_kind_names() {
  static const std::vector<std::string> names = {
      "european_call", "digital_call", "lookback_call",   "down_and_out_call", "lookback_put", "heat_gaussian",
      "ou_mean",       "ou_second_moment", "ou_cosine", "ou_running_cost", "vasicek_bond", "exit_time",
      "expression", "expression_system"};
  return names;
}

ProblemKind problem_kind_from_name(const std::string& name) {
  const auto& names = problem_kind_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<ProblemKind>(i);
  throw ParameterError("unknown Feynman-Kac problem kind '" + name + "'");
}

bool is_black_scholes_problem(ProblemKind k) {
  return k == ProblemKind::european_call || k == ProblemKind::digital_call || k == ProblemKind::lookback_call ||
         k == ProblemKind::down_and_out_call || k == ProblemKind::lookback_put;
}
bool is_brownian_problem(ProblemKind k) { return k == ProblemKind::heat_gaussian || k == ProblemKind::exit_time; }
bool is_expression_problem(ProblemKind k) { return k == ProblemKind::expression; }
bool is_expression_system_problem(ProblemKind k) { return k == ProblemKind::expression_system; }
bool is_ornstein_uhlenbeck_problem(ProblemKind k) {
  return !is_black_scholes_problem(k) && !is_brownian_problem(k) && !is_expression_problem(k) &&
         !is_expression_system_problem(k);
}

const std::vector<std::string>& scheme_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out{"exact"};
    for (const auto& name : schemes::scheme_names()) out.push_back(name);
    return out;
  }();
  return names;
}

namespace {

// The models of the problem families (what the schemes are checked against and run on).
sde::GeometricBrownianMotion black_scholes_model(const ProblemSpec& p) {
  return {p.market.rate, p.market.volatility};
}
sde::OrnsteinUhlenbeck ornstein_uhlenbeck_model(const ProblemSpec& p) { return {p.theta, p.mu, p.sigma}; }
// Brownian motion with generator D ∂²ₓ, as the Ornstein–Uhlenbeck model with θ = 0 and σ = √(2D):
// its Euler–Maruyama step x + σ ΔW is exact, so "exact" and "euler_maruyama" coincide.
sde::OrnsteinUhlenbeck brownian_model(const ProblemSpec& p) { return {0.0, 0.0, std::sqrt(2.0 * p.diffusivity)}; }

// Why the registry scheme `name` cannot integrate `model` ("" when it can).
template <class Model>
std::string refusal_on(const Model& model, const std::string& name) {
  return schemes::visit_scheme(name, [&](const auto& s) { return schemes::refusal<std::decay_t<decltype(s)>>(model); });
}

}  // namespace

std::string scheme_refusal(const ProblemSpec& p) {
  if (const auto now = schemes::renamed_scheme(p.scheme))
    return "scheme '" + p.scheme + "' is now spelled '" + std::string(*now) + "'";
  bool known = false;
  for (const auto& s : scheme_names()) known = known || s == p.scheme;
  if (!known) return "unknown scheme '" + p.scheme + "'";
  if (is_expression_problem(p.kind)) {
    if (p.scheme == "exact")
      return p.model_expressions.exact.empty()
                 ? "\"exact\" needs the key problem.exact_solution (X_t as a function of t, x0, W)"
                 : "";
    return refusal_on(sde::ExpressionModel(p.model_expressions), p.scheme);
  }
  if (is_expression_system_problem(p.kind)) {
    if (p.scheme == "exact")
      return p.system.exact.empty() ? "\"exact\" needs the key problem.exact_solution (d expressions X_t in t, "
                                      "<name>_0 and W1 … Wm)"
                                    : "";
    // The scheme's order table at the system's noise class, in the words of `ito converge`.
    return sde::visit_expression_system(
        std::make_shared<const sde::ExpressionSystem>(p.system), p.system_noise,
        p.stratonovich ? sde::Interpretation::stratonovich : sde::Interpretation::ito, [&](const auto& model) {
          return schemes::visit_scheme(p.scheme, [&](const auto& s) {
            return schemes::padded_model_refusal<std::decay_t<decltype(s)>>(model, p.system_noise_reason);
          });
        });
  }
  if (p.scheme == "exact") return "";
  if (is_black_scholes_problem(p.kind)) return refusal_on(black_scholes_model(p), p.scheme);
  if (is_ornstein_uhlenbeck_problem(p.kind)) return refusal_on(ornstein_uhlenbeck_model(p), p.scheme);
  if (p.scheme == schemes::ExactOrnsteinUhlenbeck::name)
    return "scheme 'exact_ou' needs an Ornstein-Uhlenbeck rate theta > 0; Brownian motion (theta = 0) is stepped "
           "exactly by \"exact\"";
  return refusal_on(brownian_model(p), p.scheme);
}

namespace {

using detail::ExpressionNames;
using detail::Runner;

SolveResult solve_black_scholes(const ProblemSpec& p, const Runner& runner) {
  const auto& m = p.market;
  const sde::GeometricBrownianMotion model = black_scholes_model(p);
  const double discount = std::exp(-m.rate * m.maturity);
  const core::TimeGrid grid(0.0, m.maturity, p.steps);
  const std::vector<double> x0{m.spot};
  const double strike = m.strike;
  const BridgeView<sde::GeometricBrownianMotion> bridge{&model, p.bridge};
  const schemes::PathwiseExact exact;
  switch (p.kind) {
    case ProblemKind::european_call: {
      const auto payoff = [strike](const double* x) { return x[0] > strike ? x[0] - strike : 0.0; };
      return runner.with_scheme(model, exact, TerminalFunctional<decltype(payoff)>{payoff, discount}, grid, x0);
    }
    case ProblemKind::digital_call: {
      const auto payoff = [strike](const double* x) { return x[0] > strike ? strike : 0.0; };
      return runner.with_scheme(model, exact, TerminalFunctional<decltype(payoff)>{payoff, discount}, grid, x0);
    }
    case ProblemKind::lookback_call:
      return runner.with_scheme(model, exact, LookbackCallFunctional<sde::GeometricBrownianMotion>{bridge, discount},
                                grid, x0);
    case ProblemKind::lookback_put:
      return runner.with_scheme(model, exact, LookbackPutFunctional<sde::GeometricBrownianMotion>{bridge, discount},
                                grid, x0);
    case ProblemKind::down_and_out_call: {
      const auto payoff = [strike](const double* x) { return x[0] > strike ? x[0] - strike : 0.0; };
      BarrierFunctional<sde::GeometricBrownianMotion, decltype(payoff)> f{bridge, payoff};
      f.lower = p.barrier;
      f.discount = discount;
      return runner.with_scheme(model, exact, f, grid, x0);
    }
    default: break;
  }
  throw Error("solve_black_scholes: not a Black-Scholes problem");
}

SolveResult solve_ornstein_uhlenbeck(const ProblemSpec& p, const Runner& runner) {
  const sde::OrnsteinUhlenbeck model = ornstein_uhlenbeck_model(p);
  const core::TimeGrid grid(0.0, p.horizon, p.steps);
  const std::vector<double> x0{p.x0};
  const schemes::ExactOrnsteinUhlenbeck exact;
  const auto zero = [](double, const double*) { return 0.0; };
  switch (p.kind) {
    case ProblemKind::ou_mean: {
      const auto phi = [](const double* x) { return x[0]; };
      return runner.with_scheme(model, exact, TerminalFunctional<decltype(phi)>{phi}, grid, x0);
    }
    case ProblemKind::ou_second_moment: {
      const auto phi = [](const double* x) { return x[0] * x[0]; };
      return runner.with_scheme(model, exact, TerminalFunctional<decltype(phi)>{phi}, grid, x0);
    }
    case ProblemKind::ou_cosine: {
      const double k = p.wave_number;
      const auto phi = [k](const double* x) { return std::cos(k * x[0]); };
      return runner.with_scheme(model, exact, TerminalFunctional<decltype(phi)>{phi}, grid, x0);
    }
    case ProblemKind::ou_running_cost: {
      const auto phi = [](const double*) { return 0.0; };
      const auto f = [](double, const double* x) { return x[0]; };
      return runner.with_scheme(model, exact, FeynmanKacFunctional{phi, f, zero}, grid, x0);
    }
    case ProblemKind::vasicek_bond: {
      const auto phi = [](const double*) { return 1.0; };
      const auto rate = [](double, const double* x) { return x[0]; };
      return runner.with_scheme(model, exact, FeynmanKacFunctional{phi, zero, rate}, grid, x0);
    }
    default: break;
  }
  throw Error("solve_ornstein_uhlenbeck: not an Ornstein-Uhlenbeck problem");
}

SolveResult solve_brownian(const ProblemSpec& p, const Runner& runner) {
  const sde::OrnsteinUhlenbeck model = brownian_model(p);
  const schemes::EulerMaruyama exact;
  if (p.kind == ProblemKind::heat_gaussian) {
    const double s2 = p.width * p.width;
    const auto phi = [s2](const double* x) { return std::exp(-x[0] * x[0] / (2.0 * s2)); };
    return runner.with_scheme(model, exact, TerminalFunctional<decltype(phi)>{phi},
                              core::TimeGrid(0.0, p.horizon, p.steps), {p.x0});
  }
  ExitTimeFunctional<sde::OrnsteinUhlenbeck> f;
  f.bridge = {&model, BridgeCoordinates::state};
  f.lower = 0.0;
  f.upper = p.length;
  return runner.with_scheme(model, exact, f, core::TimeGrid(0.0, p.max_time, p.steps), {p.x0});
}

// Expression problems with running functionals or a control variate (running_functionals.hpp).
SolveResult solve_path_functionals(const ProblemSpec& p, const Runner& runner) {
  const sde::ExpressionModel model(p.model_expressions);
  const detail::PathFunctionals functionals(p, runner, {"x"}, p.model_expressions.parameters);
  return functionals.run(model, schemes::PathwiseExact{}, core::TimeGrid(0.0, p.horizon, p.steps), {p.x0});
}

SolveResult solve_expression(const ProblemSpec& p, const Runner& runner) {
  if (!p.functionals.empty() || !p.control_variate.empty()) return solve_path_functionals(p, runner);
  const sde::ExpressionModel model(p.model_expressions);
  const auto& parameters = p.model_expressions.parameters;
  const core::Expression phi(p.payoff, {"x", "t"}, parameters), f(p.running_cost, {"x", "t"}, parameters),
      r(p.rate, {"x", "t"}, parameters);
  const double horizon = p.horizon;
  const auto payoff = [&](const double* x) { return phi(x[0], horizon); };
  const auto cost = [&](double t, const double* x) { return f(x[0], t); };
  const auto rate = [&](double t, const double* x) { return r(x[0], t); };
  // A value that is not finite is an error naming the key and expression to blame (functional.hpp).
  const ExpressionNames names(p);
  FeynmanKacFunctional functional{payoff, cost, rate};
  names.name(functional);
  return runner.with_scheme(model, schemes::PathwiseExact{}, functional, core::TimeGrid(0.0, p.horizon, p.steps),
                            {p.x0});
}

}  // namespace

double exact_value(const ProblemSpec& p) {
  switch (p.kind) {
    case ProblemKind::european_call: return black_scholes_call(p.market);
    case ProblemKind::digital_call: return black_scholes_digital_call(p.market);
    case ProblemKind::lookback_call: return black_scholes_lookback_floating_call(p.market);
    case ProblemKind::down_and_out_call: return black_scholes_down_and_out_call(p.market, p.barrier);
    case ProblemKind::lookback_put: return black_scholes_lookback_floating_put(p.market);
    case ProblemKind::heat_gaussian: return heat_gaussian_solution(p.x0, p.horizon, p.diffusivity, p.width);
    case ProblemKind::ou_mean: return ou_mean(p.x0, p.theta, p.mu, p.sigma, p.horizon);
    case ProblemKind::ou_second_moment: return ou_second_moment(p.x0, p.theta, p.mu, p.sigma, p.horizon);
    case ProblemKind::ou_cosine: return ou_cosine_moment(p.x0, p.theta, p.mu, p.sigma, p.horizon, p.wave_number);
    case ProblemKind::ou_running_cost: return -ou_integral_mean(p.x0, p.theta, p.mu, p.sigma, p.horizon);
    case ProblemKind::vasicek_bond: return vasicek_bond_price(p.x0, p.theta, p.mu, p.sigma, p.horizon);
    case ProblemKind::exit_time: return brownian_mean_exit_time(p.x0, p.length, p.diffusivity);
    case ProblemKind::expression:
      if (p.known_exact) return *p.known_exact;
      throw Error("exact_value: this expression problem has no exact value (problem.exact)");
    case ProblemKind::expression_system:
      if (p.known_exact) return *p.known_exact;
      throw Error("exact_value: this expression system has no exact value (problem.exact_value)");
  }
  throw Error("exact_value: unknown problem kind");
}

SolveResult solve(const ProblemSpec& problem, const RunSpec& run) {
  const Runner runner{problem, run};
  SolveResult out = is_black_scholes_problem(problem.kind)        ? solve_black_scholes(problem, runner)
                    : is_brownian_problem(problem.kind)           ? solve_brownian(problem, runner)
                    : is_expression_problem(problem.kind)         ? solve_expression(problem, runner)
                    : is_expression_system_problem(problem.kind)  ? detail::solve_expression_system(problem, runner)
                                                                  : solve_ornstein_uhlenbeck(problem, runner);
  if (is_expression_problem(problem.kind) || is_expression_system_problem(problem.kind))
    out.exact = problem.known_exact;
  else out.exact = exact_value(problem);
  // The kernels and estimators refuse non-finite path values and overflowing sums; this is the last guard.
  if (!std::isfinite(out.estimate) || !std::isfinite(out.std_error))
    ito::detail::throw_error<NumericalError>(
        "feynman-kac ", problem_kind_names()[static_cast<std::size_t>(problem.kind)], ": the estimate ", out.estimate,
        " +- ", out.std_error, " is not finite; no result is reported");
  return out;
}

}  // namespace ito::feynman_kac
