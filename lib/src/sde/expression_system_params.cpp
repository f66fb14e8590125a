#include "ito/sde/expression_system_params.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace ito::sde {

namespace {

bool is_identifier(const std::string& name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

/// <prefix>.diffusion_derivative: absent, or d blocks (one per component i) of m rows (one per noise j) of d
/// expressions (one per state component l), [i][j][l] = ∂g_ij/∂x_l; each compiled in the state names and t.
void read_diffusion_derivative(io::SchemaReader& r, const std::string& key, ExpressionSystemSpec& s) {
  const auto vars = system_variables(s.state);
  const bool given = r.has(key);
  s.diffusion_derivative = r.expression_array3(key, s.parameters, vars);
  if (!given) return;
  const std::size_t d = s.state.size(), m = s.diffusion.front().size();
  const std::string shape = "d × m × d = " + std::to_string(d) + " × " + std::to_string(m) + " × " +
                            std::to_string(d) + ", [i][j][l] = ∂g_ij/∂x_l";
  const auto& dg = s.diffusion_derivative;
  if (dg.size() != d)
    r.fail(key, "expected " + std::to_string(d) + " blocks, one per state component (" + shape + "), got " +
                    std::to_string(dg.size()));
  for (std::size_t i = 0; i < d; ++i) {
    if (dg[i].size() != m)
      r.params().fail_element(key, {i}, "expected " + std::to_string(m) + " rows, one per noise (" + shape +
                                            "), got " + std::to_string(dg[i].size()));
    for (std::size_t j = 0; j < m; ++j)
      if (dg[i][j].size() != d)
        r.params().fail_element(key, {i, j}, "expected " + std::to_string(d) + " expressions, one per state component (" +
                                                 shape + "), got " + std::to_string(dg[i][j].size()));
  }
}

}  // namespace

void add_expression_system_keys(io::Schema& s, const ExpressionSystemKeys& k) {
  const std::vector<std::string> selected{k.selected};
  s.strings(k.key("state"), io::computed("[\"x1\", …, \"xd\"]"), {},
            "names of the d state components, the variables of every expression (d = length of drift)")
      .when(k.selector, selected);
  s.expressions(k.key("drift"), io::required, {"the state names", "t"}, "drift: d expressions a_i(t, x)")
      .when(k.selector, selected);
  s.expression_matrix(k.key("diffusion"), io::required, {"the state names", "t"},
                      "diffusion: d rows of m expressions g_ij(t, x), one column per noise W_j (d, m <= 4)")
      .when(k.selector, selected);
  s.expression_array3(k.key("diffusion_derivative"), io::optional, {"the state names", "t"},
                      "∂g_ij/∂x_l as d × m × d expressions ([i][j][l]), for milstein instead of central "
                      "differences; checked against them at the noise-class sample points")
      .when(k.selector, selected);
  s.expressions(k.key(k.exact), io::optional, {"t", "<name>_0", "W1", "…", "Wm", "W (m = 1)"},
                "pathwise exact solution, d expressions (" + k.exact_doc + ")")
      .when(k.selector, selected);
  s.string(k.key("noise"), "auto", {"auto", "additive", "scalar", "diagonal", "commutative", "general"},
           "noise class: inferred at sample points (auto), or declared and checked there; decides which "
           "schemes apply (milstein needs commutative noise)")
      .when(k.selector, selected);
  s.reals(k.key("x0"), io::computed("[0, …, 0] (d zeros)"), io::Range::any(), "initial state X_0 (d numbers)")
      .when(k.selector, selected);
}

ExpressionSystemSpec read_expression_system(io::SchemaReader& r, const ExpressionSystemKeys& k) {
  ExpressionSystemSpec s;
  const std::string state_key = k.key("state"), drift_key = k.key("drift"), diffusion_key = k.key("diffusion"),
                    exact_key = k.key(k.exact);
  s.parameters = r.named_reals(k.key("parameters"));
  const auto declared_state = r.has(state_key) ? std::optional(r.params().strings(state_key)) : std::nullopt;
  const std::size_t drift_size = r.has(drift_key) ? r.params().strings(drift_key).size() : 0;
  const int d = static_cast<int>(declared_state ? declared_state->size() : drift_size);
  if (d < 1 || d > kMaxExpressionDim)
    r.fail(declared_state ? state_key : drift_key,
           "expected 1 to " + std::to_string(kMaxExpressionDim) + " state components, got " + std::to_string(d));
  s.state = r.strings(state_key, default_state_names(d));
  for (const auto& name : s.state) {
    if (!is_identifier(name) || name == "t")
      r.fail(state_key, "state name \"" + name + "\" is not a name (letters, digits, _; not t)");
    if (std::count(s.state.begin(), s.state.end(), name) > 1) r.fail(state_key, "state name \"" + name + "\" repeats");
    if (s.parameters.count(name)) r.fail(state_key, "state name \"" + name + "\" is also a parameter");
  }
  const auto vars = system_variables(s.state);
  s.drift = r.expressions(drift_key, s.parameters, vars);
  if (static_cast<int>(s.drift.size()) != d)
    r.fail(drift_key, "expected " + std::to_string(d) + " expressions, one per state component (" + state_key +
                          " has " + std::to_string(d) + "), got " + std::to_string(s.drift.size()));
  s.diffusion = r.expression_matrix(diffusion_key, s.parameters, vars);
  if (static_cast<int>(s.diffusion.size()) != d)
    r.fail(diffusion_key, "expected " + std::to_string(d) + " rows (d × m: one row per state component, one "
                          "column per noise), got " + std::to_string(s.diffusion.size()));
  const std::size_t m = s.diffusion.front().size();
  for (std::size_t i = 0; i < s.diffusion.size(); ++i)
    if (s.diffusion[i].size() != m || m < 1 || m > static_cast<std::size_t>(kMaxExpressionNoise))
      r.params().fail_element(diffusion_key, {i},
                              "expected every row to have the same number m of noises, 1 <= m <= " +
                                  std::to_string(kMaxExpressionNoise) + " (row 0 has " + std::to_string(m) +
                                  "), got " + std::to_string(s.diffusion[i].size()));
  read_diffusion_derivative(r, k.key("diffusion_derivative"), s);
  const auto exact =
      r.optional_expressions(exact_key, s.parameters, system_exact_variables(s.state, static_cast<int>(m)));
  if (exact) {
    s.exact = *exact;
    if (static_cast<int>(s.exact.size()) != d)
      r.fail(exact_key, "expected " + std::to_string(d) + " expressions, one per state component, got " +
                            std::to_string(s.exact.size()));
  }
  return s;
}

std::vector<double> read_expression_system_x0(io::SchemaReader& r, const ExpressionSystemKeys& k,
                                              const ExpressionSystemSpec& spec) {
  const std::string key = k.key("x0");
  const int d = spec.dim();
  auto x0 = r.reals(key, std::vector<double>(static_cast<std::size_t>(d), 0.0));
  if (static_cast<int>(x0.size()) != d) {
    std::string names;
    for (const auto& n : spec.state) names += (names.empty() ? "\"" : ", \"") + n + "\"";
    r.fail(key, "expected " + std::to_string(d) + " numbers, one per state component (" + k.key("state") + " = [" +
                    names + "]), got " + std::to_string(x0.size()));
  }
  return x0;
}

namespace {
/// A given Jacobian that disagrees with the central differences at a sample point: an error at the entry.
void check_diffusion_derivative(io::SchemaReader& r, const ExpressionSystemKeys& k, const ExpressionSystem& sys,
                                const std::vector<double>& x0, double T) {
  if (const auto bad = sys.check_diffusion_derivative(x0, T))
    r.params().fail_element(k.key("diffusion_derivative"), {bad->i, bad->j, bad->l}, bad->message);
}
}  // namespace

ResolvedNoiseClass read_noise_class(io::SchemaReader& r, const ExpressionSystemKeys& k,
                                    const ExpressionSystemSpec& spec, const std::vector<double>& x0, double T) {
  const std::string key = k.key("noise");
  const std::string declared = r.string(key);
  const ExpressionSystem sys(spec);
  ResolvedNoiseClass out;
  if (declared == "auto") {
    out.noise = sys.infer_noise_class(x0, T);
    if (out.noise == NoiseClass::general)
      out.reason = "inferred general: " + sys.check_noise_class(NoiseClass::commutative, x0, T);
    check_diffusion_derivative(r, k, sys, x0, T);
    return out;
  }
  const NoiseClass c = declared == "additive"      ? NoiseClass::additive
                       : declared == "scalar"      ? NoiseClass::scalar
                       : declared == "diagonal"    ? NoiseClass::diagonal
                       : declared == "commutative" ? NoiseClass::commutative
                                                   : NoiseClass::general;
  const std::string why = sys.check_noise_class(c, x0, T);
  if (!why.empty()) r.fail(key, "declared " + declared + ", but " + why);
  out.noise = c;
  out.reason = "declared " + declared;
  check_diffusion_derivative(r, k, sys, x0, T);
  return out;
}

void check_scalar_diffusion_derivative(io::SchemaReader& r, std::string_view key, const ExpressionSpec& spec,
                                       double x0, double T) {
  if (spec.diffusion_derivative.empty()) return;
  ExpressionSystemSpec one;
  one.state = {"x"};  // the scalar model's variables are x and t, a 1-D system's {state, t}
  one.drift = {spec.drift};
  one.diffusion = {{spec.diffusion}};
  one.diffusion_derivative = {{{spec.diffusion_derivative}}};
  one.parameters = spec.parameters;
  if (const auto bad = ExpressionSystem(one).check_diffusion_derivative({x0}, T)) r.fail(key, bad->message);
}

}  // namespace ito::sde
