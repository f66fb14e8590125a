#include "ito/feynman_kac/running_functionals.hpp"

#include "ito/core/error.hpp"

namespace ito::feynman_kac {

const std::vector<std::string>& running_kind_names() {
  static const std::vector<std::string> names = {"average", "geometric_average", "integral", "maximum", "minimum"};
  return names;
}

namespace {
std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}
}  // namespace

RunningFunctionalSpec parse_running_functional(const std::string& name, const std::string& text) {
  const std::string expected =
      "expected \"kind(argument)\" with kind one of average, geometric_average, integral, maximum, minimum and the "
      "argument an expression in the state and t, e.g. \"average(x)\", \"integral(x^2)\", \"maximum(x)\"";
  const std::string t = trimmed(text);
  const auto open = t.find('(');
  if (open == std::string::npos || t.back() != ')')
    throw ParameterError("functional " + name + " = \"" + text + "\": " + expected);
  RunningFunctionalSpec out;
  out.name = name;
  const std::string kind = trimmed(t.substr(0, open));
  out.argument = trimmed(t.substr(open + 1, t.size() - open - 2));
  const auto& kinds = running_kind_names();
  bool known = false;
  for (std::size_t i = 0; i < kinds.size(); ++i)
    if (kinds[i] == kind) {
      out.kind = static_cast<RunningKind>(i);
      known = true;
    }
  if (!known) throw ParameterError("functional " + name + " = \"" + text + "\": unknown kind '" + kind + "'; " + expected);
  if (out.argument.empty()) throw ParameterError("functional " + name + " = \"" + text + "\": no argument; " + expected);
  return out;
}

std::string running_functional_refusal(const RunningFunctionalSpec& spec, const std::vector<std::string>& state,
                                       Monitoring monitoring) {
  const bool extreme = spec.kind == RunningKind::maximum || spec.kind == RunningKind::minimum;
  if (!extreme || monitoring == Monitoring::discrete) return "";
  for (const auto& name : state)
    if (spec.argument == name) return "";
  const std::string kind = running_kind_names()[static_cast<std::size_t>(spec.kind)];
  std::string components;
  for (std::size_t i = 0; i < state.size(); ++i) components += (i ? ", " : "") + kind + "(" + state[i] + ")";
  return "functional " + spec.name + " = \"" + kind + "(" + spec.argument + ")\": under continuous monitoring " +
         kind + " is of a state component (" + components +
         "), whose extremum in each step the Brownian-bridge correction samples; an expression of the state has "
         "no bridge law. Use monitoring = \"discrete\" (the extremum over the grid points) for " + kind + "(" +
         spec.argument + ")";
}

}  // namespace ito::feynman_kac
