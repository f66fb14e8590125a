#include "ito/convergence/params.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "ito/core/error.hpp"
#include "ito/schemes/registry.hpp"
#include "ito/core/memory.hpp"
#include "ito/sde/expression_system_params.hpp"
#include "ito/sde/sinh_weak.hpp"

namespace ito::convergence {

namespace {

using io::Range;

// The default weak functional of the sinh model: its expectation has a closed form
// (sde::SinhWeakSde::functional_mean), used as study.exact_value.
const char* kSinhWeakFunction = "asinh(x)^3 - 6*asinh(x)^2 + 8*asinh(x)";

// model = "expression_system": its keys under [sde] (sde/expression_system_params.hpp, shared with
// `ito feynman-kac`).
const sde::ExpressionSystemKeys& system_keys() {
  static const sde::ExpressionSystemKeys keys{"sde", "exact_solution", "sde.model", "expression_system",
                                              "absent: self-convergence"};
  return keys;
}

io::Schema make_schema() {
  io::Schema s("converge");
  s.string("sde.model", io::required, model_names(), "the SDE (models and their exact solutions: README)");
  // Ornstein–Uhlenbeck dX = θ(μ − X)dt + σ dW
  s.real("sde.theta", 1.0, Range::positive(), "mean reversion θ of dX = θ(μ − X)dt + σ dW").when("sde.model", {"ou"});
  s.real("sde.mu", 0.0, Range::any(), "long-run mean μ").when("sde.model", {"ou"});
  s.real("sde.sigma", 1.0, Range::positive(), "noise σ").when("sde.model", {"ou"});
  // Geometric Brownian motion dX = μX dt + σX dW (or ∘dW)
  s.real("sde.mu", 1.01, Range::any(), "drift rate μ of dX = μX dt + σX dW (∘dW: Stratonovich)")
      .when("sde.model", {"gbm", "gbm_stratonovich"});
  s.real("sde.sigma", 0.87, Range::positive(), "noise σ (the volatility)").when("sde.model", {"gbm", "gbm_stratonovich"});
  // Rößler's additive test problem dX = (β/√(1+t) − X/(2(1+t))) dt + αβ/√(1+t) dW (its published names)
  s.real("sde.alpha", 1.0, Range::positive(),
         "noise-to-drift ratio α of dX = (β/√(1+t) − X/(2(1+t))) dt + αβ/√(1+t) dW (Rößler 2010)")
      .when("sde.model", {"additive"});
  s.real("sde.beta", 1.0, Range::positive(), "scale β").when("sde.model", {"additive"});
  // dX = A X dt + Σ_j B_j X dW_j, A = [a c; c a], B_j = b I
  s.real("sde.a", -0.99, Range::any(), "diagonal of A = [a c; c a] in dX = AX dt + Σ_j b X dW_j")
      .when("sde.model", {"linear2d"});
  s.real("sde.c", 1.0, Range::any(), "off-diagonal of A").when("sde.model", {"linear2d"});
  s.real("sde.b", 0.87, Range::positive(), "noise b (B_j = b I, two Wiener processes)").when("sde.model", {"linear2d"});
  s.real("sde.sigma", 2.0, Range::positive(), "noise σ").when("sde.model", {"additive_nonlinear"});
  // Expression models
  s.string("sde.interpretation", "ito", {"ito", "stratonovich"}, "dW read as Itô or Stratonovich (∘dW)")
      .when("sde.model", {"expression", "expression_system"});
  s.expression("sde.drift", io::required, {"t", "x"}, "drift a(t, x)").when("sde.model", {"expression"});
  s.expression("sde.diffusion", io::required, {"t", "x"}, "diffusion g(t, x)").when("sde.model", {"expression"});
  s.expression("sde.diffusion_derivative", std::string(), {"t", "x"}, "∂g/∂x, enables milstein (\"\": none); checked against central differences around x0")
      .when("sde.model", {"expression"});
  s.expression("sde.exact_solution", std::string(), {"t", "x0", "W"},
               "pathwise exact solution X_t (W: the Brownian path at t), the reference (\"\": none, "
               "self-convergence)")
      .when("sde.model", {"expression"});
  // Expression systems: d state components, m noises (d, m <= 4); the rows every command shares
  sde::add_expression_system_keys(s, system_keys());
  // Initial state: the models' customary starting points
  s.reals("sde.x0", std::vector<double>{0.5}, Range::any(), "initial state X_0")
      .when("sde.model", {"gbm", "gbm_stratonovich", "cubic"});
  s.reals("sde.x0", std::vector<double>{1.0}, Range::any(), "initial state X_0").when("sde.model", {"wave"});
  s.reals("sde.x0", std::vector<double>{1.0, 1.0}, Range::any(), "initial state X_0 (two numbers)")
      .when("sde.model", {"linear2d"});
  s.reals("sde.x0", std::vector<double>{0.0}, Range::any(), "initial state X_0")
      .when("sde.model", {"ou", "additive", "sinh", "additive_nonlinear", "expression"});
  s.named_reals("sde.parameters", "named constants usable in every expression")
      .when("sde.model", {"expression", "expression_system"});

  s.real("study.horizon", 1.0, Range::positive(), "end time T");
  s.reals("study.steps", std::vector<double>{16, 32, 64, 128, 256}, Range::at_least(1),
          "steps per level (at least two levels, integers <= 1e7, each dividing the finest)");
  s.integer("study.paths", std::int64_t{10000}, Range::between(10, 1e8),
            "Monte Carlo paths; every level uses the same Brownian paths");
  s.string("study.kind", "strong", {"strong", "weak", "both"}, "which errors are measured");
  s.strings("study.schemes", io::required, scheme_names(), "the schemes compared");
  s.expression("study.weak_function", std::string(kSinhWeakFunction), {"x (= x1)", "x1", "x2 (2-d models)"},
               "g for the weak error E g(X_T^dt) − E g(X_T)")
      .when("sde.model", {"sinh"});
  s.expression("study.weak_function", std::string("x"), {"x (= x1)", "x1", "x2 (2-d models)", "state names"},
               "g for the weak error E g(X_T^dt) − E g(X_T)")
      .unless("sde.model", {"sinh"});
  s.real("study.exact_value", io::optional, Range::any(),
         "exact E g(X_T), reported next to the plain Monte Carlo estimate (model sinh with its default "
         "weak_function: the closed form); for a model without an exact solution the weak error is measured "
         "against it (mean g(X_T^dt) − exact_value) instead of by self-convergence");
  s.string("study.reference", "auto", {"auto", "exact", "fine"},
           "reference solution: exact (pathwise or exact OU step), fine (self-convergence), auto (exact if known)");
  s.integer("study.reference_factor", std::int64_t{8}, Range::between(2, 1024),
            "self-convergence: the reference's step = finest step / reference_factor");
  s.integer("study.bootstrap", std::int64_t{200}, Range::between(0, 100000),
            "bootstrap resamples for the orders' confidence intervals");

  // Old spellings (one vocabulary across commands: README "Parameter files and the command line").
  s.renamed("study.T", "study.horizon");
  s.renamed("study.weak_exact", "study.exact_value");
  s.renamed("sde.exact", "sde.exact_solution");
  s.renamed("sde.alpha", "sde.mu").when("sde.model", {"gbm", "gbm_stratonovich"});
  s.renamed("sde.beta", "sde.sigma").when("sde.model", {"gbm", "gbm_stratonovich"});
  return s;
}

std::string number(double v) {
  std::ostringstream os;
  os.precision(3);
  os << v;
  return os.str();
}

// Sizes inside the keys' ranges that cannot run: a path grid beyond int (the reference of
// reference_factor × 1e7 steps) or more memory than the machine has.
void check_size(io::SchemaReader& r, const ConvergeProblem& p) {
  const bool fine = self_convergence(p);
  const char* key = fine ? "study.reference_factor" : "study.steps";
  const std::string grid = fine ? "the self-convergence reference, study.reference_factor " +
                                      std::to_string(p.reference_factor) + " × the finest of study.steps"
                                : "the finest of study.steps";
  const double steps = path_steps(p);
  const int threads = omp_get_max_threads();
  const std::string refusal = core::memory_refusal(
      study_memory_bytes(p, threads), "per thread, a Brownian path of " + number(steps) + " steps on " + grid + "; " +
                                          std::to_string(threads) + " threads");
  if (!refusal.empty()) r.fail(key, refusal);
  if (steps > std::numeric_limits<int>::max())
    r.fail(key, "Brownian paths of " + number(steps) + " steps on " + grid + ": at most " +
                    std::to_string(std::numeric_limits<int>::max()) + " steps per path");
}

}  // namespace

const io::Schema& converge_schema() {
  static const io::Schema schema = make_schema();
  return schema;
}

ConvergeProblem read_converge_problem(io::Params& params) {
  io::SchemaReader reader(converge_schema(), params);
  return read_converge_problem(reader);
}

ConvergeProblem read_converge_problem(io::SchemaReader& r) {
  ConvergeProblem p;
  p.model = r.string("sde.model");
  if (p.model == "ou") {
    p.theta = r.real("sde.theta");
    p.mu = r.real("sde.mu");
    p.sigma = r.real("sde.sigma");
  } else if (p.model == "gbm" || p.model == "gbm_stratonovich") {
    p.alpha = r.real("sde.mu");
    p.beta = r.real("sde.sigma");
  } else if (p.model == "additive") {
    p.alpha = r.real("sde.alpha");
    p.beta = r.real("sde.beta");
  } else if (p.model == "linear2d") {
    p.a = r.real("sde.a");
    p.c = r.real("sde.c");
    p.b = r.real("sde.b");
  } else if (p.model == "additive_nonlinear") {
    p.sigma = r.real("sde.sigma");
  } else if (p.model == "expression") {
    p.stratonovich = r.string("sde.interpretation") == "stratonovich";
    auto& e = p.expression;
    e.parameters = r.named_reals("sde.parameters");
    e.drift = r.expression("sde.drift", e.parameters);
    e.diffusion = r.expression("sde.diffusion", e.parameters);
    e.diffusion_derivative = r.expression("sde.diffusion_derivative", e.parameters);
    e.exact = r.expression("sde.exact_solution", e.parameters);
  } else if (p.model == "expression_system") {
    p.stratonovich = r.string("sde.interpretation") == "stratonovich";
    p.system = sde::read_expression_system(r, system_keys());
  }
  const int dim = model_dimension(p);
  p.x0 = p.model == "expression_system" ? sde::read_expression_system_x0(r, system_keys(), p.system)
                                        : r.reals("sde.x0");
  if (static_cast<int>(p.x0.size()) != dim)
    r.fail("sde.x0", "expected " + std::to_string(dim) + " value(s) for model '" + p.model + "', got " +
                         std::to_string(p.x0.size()));
  if (p.model == "cubic" && std::abs(p.x0[0]) >= 1.0) r.fail("sde.x0", "the cubic model needs |x0| < 1");

  p.T = r.real("study.horizon");
  if (p.model == "expression")  // ∂g/∂x checked like an expression system's Jacobian (sde/expression_system.hpp)
    sde::check_scalar_diffusion_derivative(r, "sde.diffusion_derivative", p.expression, p.x0[0], p.T);
  const auto steps = r.reals("study.steps");
  if (steps.size() < 2) r.fail("study.steps", "expected at least two levels (step counts)");
  for (double n : steps) {
    if (n != std::floor(n) || n > 1e7) r.fail("study.steps", "expected integer step counts <= 1e7");
    p.steps.push_back(static_cast<int>(n));
  }
  const int finest = *std::max_element(p.steps.begin(), p.steps.end());
  for (int n : p.steps)
    if (finest % n != 0)
      r.fail("study.steps", "every step count must divide the finest (" + std::to_string(finest) + "), " +
                                std::to_string(n) + " does not");
  p.paths = static_cast<std::size_t>(r.integer("study.paths"));
  const std::string kind = r.string("study.kind");
  p.kind = kind == "strong" ? StudyKind::strong : kind == "weak" ? StudyKind::weak : StudyKind::both;
  // One vocabulary with `ito feynman-kac`: a former spelling is refused with the current one before the choice.
  if (r.has("study.schemes"))
    for (const auto& name : r.params().strings("study.schemes"))
      if (const auto now = schemes::renamed_scheme(name))
        r.fail("study.schemes", "scheme '" + name + "' is now spelled '" + std::string(*now) + "'");
  p.schemes = r.strings("study.schemes");
  if (p.schemes.empty()) r.fail("study.schemes", "expected at least one scheme");
  p.weak_function = r.expression("study.weak_function", {}, weak_function_variables(p));
  p.weak_exact = r.optional_real("study.exact_value");
  if (!p.weak_exact && p.model == "sinh" && p.weak_function == kSinhWeakFunction)
    p.weak_exact = sde::SinhWeakSde::functional_mean(p.T, p.x0[0]);
  if (p.model == "expression_system") {
    const auto noise = sde::read_noise_class(r, system_keys(), p.system, p.x0, p.T);
    p.system_noise = noise.noise;
    p.system_noise_reason = noise.reason;
  }
  p.reference = r.string("study.reference");
  p.reference_factor = static_cast<int>(r.integer("study.reference_factor"));
  p.bootstrap = static_cast<int>(r.integer("study.bootstrap"));

  for (const auto& name : p.schemes) {
    const std::string why = scheme_refusal(p, name);
    if (!why.empty()) r.fail("study.schemes", why + " (model '" + p.model + "')");
  }
  if (p.reference == "exact" && !has_exact_solution(p))
    r.fail("study.reference", "model '" + p.model + "' has no exact solution; use \"fine\" or \"auto\"");
  r.finish();
  check_size(r, p);
  return p;
}

}  // namespace ito::convergence
