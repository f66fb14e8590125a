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
      "expected \"kind(argument)\" with kind one of average, geometric_average, integral (argument an expression in "
      "x, t) or maximum, minimum (argument x), e.g. \"average(x)\", \"integral(x^2)\", \"maximum(x)\"";
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
  if ((out.kind == RunningKind::maximum || out.kind == RunningKind::minimum) && out.argument != "x")
    throw ParameterError("functional " + name + " = \"" + text + "\": " + kind +
                         " is of the state itself, written " + kind +
                         "(x) (its Brownian-bridge correction is for the path X)");
  return out;
}

}  // namespace ito::feynman_kac
