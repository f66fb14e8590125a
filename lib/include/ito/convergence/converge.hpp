#pragma once
// `ito converge`: a convergence study of one SDE model with several schemes, read from a parameter file.
//
// Parameter keys (all validated; see `ito converge --help`):
//   [sde]    model = "ou" | "gbm" | "gbm_stratonovich" | "cubic" | "wave" | "additive" | "linear2d" | "sinh"
//            | "additive_nonlinear" | "expression" and the model's parameters (theta, mu, sigma | alpha, beta |
//            a, c, b), x0 (number or array); for "expression": drift, diffusion, diffusion_derivative, exact
//            (muparser expressions in t, x; exact in t, x0, W), interpretation, [sde.parameters] constants
//   [study]  T, steps = [8, 16, ...] (steps per level; each must divide the finest), paths,
//            kind = "strong" | "weak" | "both", schemes = [...], weak_function (expression in x, or x1, x2),
//            weak_exact (number, optional), reference = "auto" | "exact" | "fine", reference_factor, bootstrap
// Every level of a path is driven by the same Brownian path: increments drawn on the finest grid and summed
// (companion variables coupled exactly, ito/sde/brownian_path.hpp). The reference is the exact solution on
// that path when the model has one (pathwise formula, or the exact OU step on the finest grid); otherwise a
// fine-step solution of the same scheme on the same path (self-convergence), and the report says so.
#include <cstdint>
#include <string>
#include <vector>

#include "ito/convergence/study.hpp"
#include "ito/io/params.hpp"
#include "ito/sde/expression_model.hpp"

namespace ito::convergence {

enum class StudyKind { strong, weak, both };

struct ConvergeProblem {
  std::string model;
  // model parameters (only those of the chosen model are read)
  double theta = 1, mu = 0, sigma = 1, alpha = 1.01, beta = 0.87, a = -0.99, c = 1.0, b = 0.87;
  std::vector<double> x0;
  sde::ExpressionSpec expression;  // model = "expression"
  bool stratonovich = false;
  double T = 1.0;
  std::vector<int> steps;  // per level, ascending dt order not required
  std::size_t paths = 10000;
  StudyKind kind = StudyKind::strong;
  std::vector<std::string> schemes;
  std::string weak_function = "x";
  std::optional<double> weak_exact;
  std::string reference = "auto";
  int reference_factor = 8;
  int bootstrap = 200;
};

/// Reads and validates the problem (throws ParameterError with file:line:column). Does not call check_unused.
ConvergeProblem read_converge_problem(io::Params& params);

struct SchemeStudy {
  std::string scheme;
  double expected_strong = 0, expected_weak = 0;  // +inf for an exact scheme
  StudyResult result;
};

struct ConvergeReport {
  std::vector<double> dt;
  std::string reference;  // "exact (pathwise)", "exact OU step on the finest grid", or "self-convergence ..."
  bool self_convergence = false;
  std::vector<SchemeStudy> schemes;
};

/// Runs every scheme of the problem on the same Brownian paths (seed).
ConvergeReport run_converge(const ConvergeProblem& problem, std::uint32_t seed);

/// The names accepted by `study.schemes` and `sde.model`.
const std::vector<std::string>& scheme_names();
const std::vector<std::string>& model_names();

}  // namespace ito::convergence
