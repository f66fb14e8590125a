#pragma once
// The running functionals, payoff, control variate, running cost and rate of an expression problem
// (kind = expression) or an expression system (kind = expression_system), compiled once in the problem's state
// names and t, and run on its model through the one Runner (runner.hpp) with the one RunningFunctionals of
// running_functionals.hpp: the scalar model and the padded system differ only in the state names and the
// model. Private to lib/src/feynman_kac.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ito/core/expression.hpp"
#include "ito/feynman_kac/running_functionals.hpp"
#include "runner.hpp"

namespace ito::feynman_kac::detail {

class PathFunctionals {
 public:
  /// Compiles p.functionals (name → "kind(argument)"), p.payoff and p.control_variate (in the state names, t
  /// and the functionals' names), p.running_cost and p.rate (in the state names and t) with the constants
  /// `parameters`. The reader validates all of this (params.cpp); a program that builds a ProblemSpec itself
  /// gets a ParameterError naming the key for what it would refuse: too many functionals, an extremum of an
  /// expression under continuous monitoring, discrete monitoring or a control variate under MLMC.
  PathFunctionals(const ProblemSpec& p, const Runner& runner, std::vector<std::string> state,
                  const std::map<std::string, double>& parameters);
  PathFunctionals(const PathFunctionals&) = delete;  // the functional points into the compiled expressions
  PathFunctionals& operator=(const PathFunctionals&) = delete;

  /// Runs `model` (state x0, padded as the model is) on `grid` by the runner's method, with the scheme the
  /// problem names ("exact": `exact`), observed by the running functionals; with the control variate when
  /// there is one.
  template <class Model, class Exact>
  SolveResult run(const Model& model, const Exact& exact, const core::TimeGrid& grid, std::vector<double> x0) const {
    RunningFunctionalsWithControl<Model> functional;
    functional.bridge = {&model, problem_.bridge};
    functional.monitoring = problem_.monitoring;
    functional.count = static_cast<int>(slots_.size());
    functional.components = static_cast<int>(state_.size());
    for (std::size_t i = 0; i < slots_.size(); ++i)
      functional.slots[i] = {slots_[i].kind, slots_[i].argument, slots_[i].component};
    functional.payoff = &phi_;
    functional.control_expression = psi_ ? &*psi_ : nullptr;
    functional.running_cost = f_ ? &*f_ : nullptr;
    functional.rate = r_ ? &*r_ : nullptr;
    functional.t0 = grid.t0();
    functional.steps = grid.steps();
    functional.payoff_name = payoff_name_.c_str();
    functional.names = &names_;
    if (!psi_) {
      const RunningFunctionals<Model>& plain = functional;
      return runner_.with_scheme(model, exact, plain, grid, std::move(x0));
    }
    return runner_.with_scheme(model, exact, functional, grid, std::move(x0));
  }

 private:
  // The model-independent part of a slot (RunningFunctionals::Slot).
  struct Slot {
    RunningKind kind = RunningKind::average;
    const core::Expression* argument = nullptr;
    int component = 0;
  };

  const ProblemSpec& problem_;
  const Runner& runner_;
  std::vector<std::string> state_, names_;
  std::vector<core::Expression> arguments_;  // reserved up front: slots_ point into it
  std::vector<Slot> slots_;
  core::Expression phi_;
  std::optional<core::Expression> psi_, f_, r_;
  std::string payoff_name_;
};

}  // namespace ito::feynman_kac::detail
