#pragma once
// The Feynman–Kac problems' one way to run a model, a scheme and a path functional (problem.cpp): Monte Carlo
// (monte_carlo::estimate, or estimate_with_control) or multilevel Monte Carlo (CoupledLevelSampler and
// monte_carlo::mlmc), all on the one path kernel and its coupled form. Private to lib/src/feynman_kac: the
// problem families are solved in problem.cpp and expression_system_problem.cpp.
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/feynman_kac/problem.hpp"
#include "ito/monte_carlo/coupled_level_sampler.hpp"
#include "ito/monte_carlo/estimate.hpp"
#include "ito/schemes/registry.hpp"

namespace ito::feynman_kac::detail {

/// Runs a model, a scheme and a functional by the method of `run` (operator()), or the scheme `problem.scheme`
/// names with the model's exact step for "exact" (with_scheme).
struct Runner {
  const ProblemSpec& problem;
  const RunSpec& run;

  template <class Model, class Scheme, class Functional>
  SolveResult operator()(const Model& model, const Scheme& scheme, const Functional& functional,
                         const core::TimeGrid& grid, std::vector<double> x0) const {
    schemes::require_supported<Scheme>(Model::noise_class, Model::interpretation, Model::noise_dim);
    schemes::require_model_capabilities<Scheme>(model);
    SolveResult out;
    if (run.method == Method::monte_carlo) {
      if constexpr (monte_carlo::HasControl<Functional>) {
        out.control_variate = monte_carlo::estimate_with_control(
            model, scheme, functional, grid, x0.data(), {run.paths, run.antithetic, run.seed, 0}, problem.control_mean);
        out.monte_carlo = out.control_variate->plain;
        out.estimate = out.control_variate->mean;
        out.std_error = out.control_variate->std_error;
      } else {
        out.monte_carlo =
            monte_carlo::estimate(model, scheme, functional, grid, x0.data(), {run.paths, run.antithetic, run.seed, 0});
        out.estimate = out.monte_carlo.mean;
        out.std_error = out.monte_carlo.std_error;
      }
      out.path_steps = out.monte_carlo.path_steps;
    } else if constexpr (monte_carlo::HasControl<Functional>) {
      throw ParameterError("problem.control_variate: control variates are implemented for Monte Carlo (method = mc)");
    } else {
      const monte_carlo::CoupledLevelSampler sampler(model, scheme, functional, grid, x0, run.seed);
      monte_carlo::MlmcOptions options = run.mlmc;
      options.seed = run.seed;
      out.mlmc = monte_carlo::mlmc(sampler, options);
      out.estimate = out.mlmc->estimate;
      out.std_error = out.mlmc->std_error;
      out.path_steps = out.mlmc->total_cost;
    }
    return out;
  }

  // Runs the scheme named in the problem: "exact" is the model's exact step `exact`, any other name a scheme
  // of the registry (the reader, params.cpp, refuses the ones the model does not support; here an unknown or
  // unsupported name is an error rather than another scheme).
  template <class Model, class ExactScheme, class Functional>
  SolveResult with_scheme(const Model& model, const ExactScheme& exact, const Functional& functional,
                          const core::TimeGrid& grid, std::vector<double> x0) const {
    if (problem.scheme == "exact") return (*this)(model, exact, functional, grid, std::move(x0));
    return schemes::visit_scheme(problem.scheme, [&](const auto& scheme) -> SolveResult {
      using S = std::decay_t<decltype(scheme)>;
      if constexpr (schemes::supports<S, Model>)
        return (*this)(model, scheme, functional, grid, x0);
      else
        throw ParameterError("problem.scheme: " + schemes::refusal<S>(model));
    });
  }
};

/// The keys and texts of an expression problem's payoff, running cost and rate, which a FeynmanKacFunctional
/// names when a value is not finite (functional.hpp); it must outlive the functional it names.
struct ExpressionNames {
  std::string payoff, running_cost, rate;
  explicit ExpressionNames(const ProblemSpec& p)
      : payoff("problem.payoff = \"" + p.payoff + "\""),
        running_cost("problem.running_cost = \"" + p.running_cost + "\""),
        rate("problem.rate = \"" + p.rate + "\"") {}
  template <class Functional>
  void name(Functional& functional) const {
    functional.payoff_name = payoff.c_str();
    functional.running_cost_name = running_cost.c_str();
    functional.rate_name = rate.c_str();
  }
};

/// kind = expression_system (expression_system_problem.cpp).
SolveResult solve_expression_system(const ProblemSpec& problem, const Runner& runner);

}  // namespace ito::feynman_kac::detail
