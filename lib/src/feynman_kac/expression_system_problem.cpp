// kind = expression_system: the Feynman–Kac functional of a d-dimensional expression SDE,
//   u = E[e^{−∫₀ᵀ r(s, X_s) ds} φ(X_T) − ∫₀ᵀ e^{−∫₀ˢ r} f(s, X_s) ds],   X_0 = x0,
// with φ, f and r expressions in the state names and t; with running functionals (averages, integrals and
// extrema of expressions in the state names and t, by name in φ) or a control variate, the path functional is
// the scalar problems' RunningFunctionals (path_functionals.hpp). The model is the compile-time padded model of
// sde::ExpressionSystem (the one `ito converge` runs, made by sde::visit_expression_system), the functional the
// general FeynmanKacFunctional of functional.hpp, and the run the one Runner of every problem (runner.hpp):
// Monte Carlo on the path kernel, or MLMC on its coupled form.
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "ito/core/expression.hpp"
#include "ito/feynman_kac/functional.hpp"
#include "ito/schemes/pathwise_exact.hpp"
#include "ito/sde/expression_system.hpp"
#include "path_functionals.hpp"
#include "runner.hpp"

namespace ito::feynman_kac::detail {

namespace {

/// An expression in the state names and t (sde::system_variables), evaluated at (t, x) with x the model's
/// (padded) state, of which the first d components are the system's.
class StateExpression {
 public:
  StateExpression(const std::string& text, const sde::ExpressionSystemSpec& spec)
      : f_(text, sde::system_variables(spec.state), spec.parameters), d_(spec.dim()) {}
  double operator()(double t, const double* x) const {
    std::array<double, sde::kMaxExpressionDim + 1> v;
    for (int i = 0; i < d_; ++i) v[static_cast<std::size_t>(i)] = x[i];
    v[static_cast<std::size_t>(d_)] = t;
    return f_.evaluate(v.data());
  }

 private:
  core::Expression f_;
  int d_;
};

}  // namespace

SolveResult solve_expression_system(const ProblemSpec& p, const Runner& runner) {
  std::vector<double> x0 = p.system_x0;
  x0.resize(sde::kMaxExpressionDim, 0.0);  // the padded components start (and stay) at 0
  const core::TimeGrid grid(0.0, p.horizon, p.steps);
  const auto system = std::make_shared<const sde::ExpressionSystem>(p.system);
  const auto interpretation = p.stratonovich ? sde::Interpretation::stratonovich : sde::Interpretation::ito;
  if (!p.functionals.empty() || !p.control_variate.empty()) {
    // Running functionals or a control variate: the scalar problems' functional, on the padded model.
    const auto& state = p.system.state.empty() ? sde::default_state_names(p.system.dim()) : p.system.state;
    const PathFunctionals functionals(p, runner, state, p.system.parameters);
    return sde::visit_expression_system(system, p.system_noise, interpretation, [&](const auto& model) {
      return functionals.run(model, schemes::PathwiseExact{}, grid, x0);
    });
  }
  const StateExpression phi(p.payoff, p.system), f(p.running_cost, p.system), r(p.rate, p.system);
  const double horizon = p.horizon;
  const auto payoff = [&](const double* x) { return phi(horizon, x); };
  const auto cost = [&](double t, const double* x) { return f(t, x); };
  const auto rate = [&](double t, const double* x) { return r(t, x); };
  // A value that is not finite is an error naming the key and expression to blame (functional.hpp).
  const ExpressionNames names(p);
  FeynmanKacFunctional functional{payoff, cost, rate};
  names.name(functional);
  return sde::visit_expression_system(system, p.system_noise, interpretation, [&](const auto& model) {
    return runner.with_scheme(model, schemes::PathwiseExact{}, functional, grid, x0);
  });
}

}  // namespace ito::feynman_kac::detail
