#pragma once
// `ito converge`: a convergence study of one SDE model with several schemes, read from a parameter file.
//
// The parameters are read from a file by read_converge_problem (convergence/params.hpp, keys in
// converge_schema() and `ito converge --help`).
// Every level of a path is driven by the same Brownian path: increments drawn on the finest grid and summed
// (companion variables coupled exactly, ito/sde/brownian_path.hpp). The reference is the exact solution on
// that path when the model has one (pathwise formula, or the exact OU step on the finest grid); otherwise a
// fine-step solution of the same scheme on the same path (self-convergence), and the report says so.
#include <cstdint>
#include <string>
#include <vector>

#include "ito/convergence/study.hpp"
#include "ito/sde/expression_model.hpp"
#include "ito/sde/expression_system.hpp"

namespace ito::convergence {

enum class StudyKind { strong, weak, both };

struct ConvergeProblem {
  std::string model;
  // model parameters (only those of the chosen model are read)
  double theta = 1, mu = 0, sigma = 1, alpha = 1.01, beta = 0.87, a = -0.99, c = 1.0, b = 0.87;
  std::vector<double> x0;
  sde::ExpressionSpec expression;  // model = "expression"
  sde::ExpressionSystemSpec system;  // model = "expression_system"
  sde::NoiseClass system_noise = sde::NoiseClass::general;  // its noise class (declared and checked, or inferred)
  std::string system_noise_reason;  // why it is not commutative (inferred general), for refusals
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
  bool operator==(const ConvergeProblem&) const = default;
};

struct SchemeStudy {
  std::string scheme;
  double expected_strong = 0, expected_weak = 0;  // +inf for an exact scheme
  StudyResult result;
};

struct ConvergeReport {
  std::vector<double> dt;
  std::string reference;  // "exact (pathwise)", "exact OU step on the finest grid", or "self-convergence ..."
  bool self_convergence = false;
  std::string weak_reference;  // non-empty when weak errors are measured against study.exact_value (below)
  std::vector<SchemeStudy> schemes;
};

/// Runs every scheme of the problem on the same Brownian paths (seed).
ConvergeReport run_converge(const ConvergeProblem& problem, std::uint32_t seed);

/// The names accepted by `study.schemes` and `sde.model`.
const std::vector<std::string>& scheme_names();
const std::vector<std::string>& model_names();

/// The variables of `study.weak_function` for a model of dimension `dim`: x (= x1), x1, …, xd.
std::vector<std::string> weak_function_variables(int dim);
/// The same for the problem's model: x, x1, …, xd, then an expression system's own state names.
std::vector<std::string> weak_function_variables(const ConvergeProblem& problem);
/// State dimension of the problem's model (an expression system's d, not its padded size).
int model_dimension(const ConvergeProblem& problem);
/// Whether weak errors are measured against the given exact expectation: a weak study (kind weak or both)
/// with study.exact_value on a model without an exact reference. The weak error at dt is then the plain
/// estimate mean g(X_T^dt) − weak_exact with its standard error (no self-convergence), and a weak-only
/// study simulates no reference path at all.
bool weak_against_exact_expectation(const ConvergeProblem& problem);
/// Why `scheme` cannot run the problem's model (its noise class, interpretation or missing capability, e.g.
/// Milstein on an expression model without diffusion_derivative); empty when it can.
std::string scheme_refusal(const ConvergeProblem& problem, const std::string& scheme);
/// Whether the problem's model has an exact solution to compare with (expression models: if one was given).
bool has_exact_solution(const ConvergeProblem& problem);
/// Whether the reference is a fine-step solution of the same scheme (reference = fine, or no exact solution),
/// except in a weak-only study against the exact expectation, which needs no reference path.
bool self_convergence(const ConvergeProblem& problem);
/// Steps of the grid every path is drawn on: the finest level's, × reference_factor under self-convergence.
double path_steps(const ConvergeProblem& problem);
/// The memory a study holds at once with `threads` threads: per thread a path's increments (and companion
/// variables) on that grid and one more path of that size, and one chunk of samples (study.hpp). It does not
/// grow with the number of paths.
double study_memory_bytes(const ConvergeProblem& problem, int threads);

}  // namespace ito::convergence
