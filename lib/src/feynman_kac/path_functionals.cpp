#include "path_functionals.hpp"

#include "ito/core/error.hpp"

namespace ito::feynman_kac::detail {

namespace {

// The variables of the payoff and the control: the state names, t, then the functionals' names.
std::vector<std::string> payoff_variables(const std::vector<std::string>& state, const ProblemSpec& p) {
  std::vector<std::string> out = state;
  out.push_back("t");
  for (const auto& [name, text] : p.functionals) out.push_back(name);
  return out;
}

std::vector<std::string> with_time(std::vector<std::string> state) {
  state.push_back("t");
  return state;
}

}  // namespace

PathFunctionals::PathFunctionals(const ProblemSpec& p, const Runner& runner, std::vector<std::string> state,
                                 const std::map<std::string, double>& parameters)
    : problem_(p),
      runner_(runner),
      state_(std::move(state)),
      phi_(p.payoff, payoff_variables(state_, p), parameters),
      payoff_name_("problem.payoff = \"" + p.payoff + "\"") {
  if (static_cast<int>(p.functionals.size()) > kMaxRunningFunctionals)
    throw ParameterError("problem.functionals: at most " + std::to_string(kMaxRunningFunctionals) +
                         " running functionals, got " + std::to_string(p.functionals.size()));
  if (runner.run.method != Method::monte_carlo && p.monitoring == Monitoring::discrete)
    throw ParameterError("problem.monitoring: discrete monitoring is on the time grid, which multilevel Monte Carlo "
                         "refines from level to level; use method = mc or continuous monitoring");
  if (runner.run.method != Method::monte_carlo && !p.control_variate.empty())
    throw ParameterError("problem.control_variate: control variates are implemented for Monte Carlo (method = mc)");
  const std::vector<std::string> variables = with_time(state_);
  arguments_.reserve(p.functionals.size());
  for (const auto& [name, text] : p.functionals) {
    const RunningFunctionalSpec spec = parse_running_functional(name, text);
    if (const std::string why = running_functional_refusal(spec, state_, p.monitoring); !why.empty())
      throw ParameterError("problem.functionals." + name + ": " + why);
    Slot slot{spec.kind, nullptr, 0};
    bool component = false;
    for (std::size_t c = 0; c < state_.size(); ++c)
      if (spec.argument == state_[c]) {
        slot.component = static_cast<int>(c);
        component = true;
      }
    // A state component is read directly (no expression evaluated); anything else is compiled.
    if (!component) slot.argument = &arguments_.emplace_back(spec.argument, variables, parameters);
    slots_.push_back(slot);
    names_.push_back(name);
  }
  if (!p.control_variate.empty()) psi_.emplace(p.control_variate, payoff_variables(state_, p), parameters);
  if (p.running_cost != "0") f_.emplace(p.running_cost, variables, parameters);
  if (p.rate != "0") r_.emplace(p.rate, variables, parameters);
}

}  // namespace ito::feynman_kac::detail
