// The study plan `ito converge` derives from a problem (ito/convergence/converge.hpp), without running it:
// the dimension of each built-in model, which models have an exact reference (pathwise formula or exact OU
// step) — every model of model_names() but additive_nonlinear, which has none — when the reference is a
// fine-step solution (reference = "fine", or no exact solution) and how many steps the shared Brownian path
// then has (the finest level's × reference_factor), when weak errors are measured against study.exact_value
// instead (and a weak-only study then needs no reference path), the weak function's variables, and a scheme's
// refusal of a model outside its noise class. The studies themselves (orders with fitted intervals) are
// converge_stat_test.cpp; the parameter file, converge_cli_test.cpp and params_test.cpp.
#include "ito/convergence/converge.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ito::convergence {
namespace {

ConvergeProblem problem(const std::string& model) {
  ConvergeProblem p;
  p.model = model;
  p.steps = {8, 32, 16};
  p.reference_factor = 4;
  return p;
}

TEST(ConvergePlan, DimensionsAndExactReferencesOfTheBuiltInModels) {
  for (const auto& name : {"ou", "gbm", "gbm_stratonovich", "cubic", "wave", "additive", "linear2d", "sinh",
                           "additive_nonlinear"}) {
    const ConvergeProblem p = problem(name);
    EXPECT_EQ(model_dimension(p), std::string(name) == "linear2d" ? 2 : 1) << name;
    EXPECT_EQ(has_exact_solution(p), std::string(name) != "additive_nonlinear") << name;
  }
}

TEST(ConvergePlan, SelfConvergenceDecidesTheGridOfThePath) {
  ConvergeProblem exact = problem("gbm");
  EXPECT_FALSE(self_convergence(exact));
  EXPECT_EQ(path_steps(exact), 32.0);  // the finest level, whatever the order of `steps`
  exact.reference = "fine";
  EXPECT_TRUE(self_convergence(exact));
  EXPECT_EQ(path_steps(exact), 128.0);
  const ConvergeProblem none = problem("additive_nonlinear");
  EXPECT_TRUE(self_convergence(none));
  EXPECT_EQ(path_steps(none), 128.0);
}

TEST(ConvergePlan, WeakErrorsAgainstTheExactExpectationOnlyWithoutAnExactReference) {
  ConvergeProblem p = problem("additive_nonlinear");
  p.kind = StudyKind::weak;
  EXPECT_FALSE(weak_against_exact_expectation(p));  // no study.exact_value
  p.weak_exact = 0.25;
  EXPECT_TRUE(weak_against_exact_expectation(p));
  EXPECT_FALSE(self_convergence(p));  // weak only: no reference path at all
  EXPECT_EQ(path_steps(p), 32.0);
  p.kind = StudyKind::both;  // the strong half still needs the fine reference
  EXPECT_TRUE(weak_against_exact_expectation(p));
  EXPECT_TRUE(self_convergence(p));
  p.kind = StudyKind::strong;
  EXPECT_FALSE(weak_against_exact_expectation(p));
  ConvergeProblem exact = problem("gbm");
  exact.kind = StudyKind::weak;
  exact.weak_exact = 1.0;
  EXPECT_FALSE(weak_against_exact_expectation(exact));  // the exact solution is the reference
  exact.reference = "fine";
  EXPECT_TRUE(weak_against_exact_expectation(exact));
}

TEST(ConvergePlan, WeakFunctionVariablesAndRefusals) {
  EXPECT_EQ(weak_function_variables(2), (std::vector<std::string>{"x", "x1", "x2"}));
  EXPECT_EQ(weak_function_variables(problem("linear2d")), (std::vector<std::string>{"x", "x1", "x2"}));
  EXPECT_EQ(scheme_refusal(problem("gbm"), "euler_maruyama"), "");
  EXPECT_NE(scheme_refusal(problem("gbm"), "sra1"), "");  // SRA1 needs additive noise
  EXPECT_EQ(scheme_refusal(problem("additive"), "sra1"), "");
}

}  // namespace
}  // namespace ito::convergence
