// core::Expression: values against the same formula in C++, named variables and folded constants, errors that
// name the unknown name and the position, copies that do not share variables, the same numbers on every
// OpenMP thread, and no allocation per evaluation.
#include "ito/core/expression.hpp"
#include "ito/core/parallel.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <vector>

#include "ito/core/error.hpp"

// Counts heap allocations of this test program, to check that evaluation does not allocate. (GCC cannot see
// that this operator new and operator delete are a matched malloc/free pair.)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
std::atomic<long> g_allocations{0};
}
void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace ito::core {
namespace {

std::string error_of(const std::string& text, std::vector<std::string> variables,
                     std::map<std::string, double> constants = {}) {
  try {
    Expression e(text, std::move(variables), std::move(constants));
  } catch (const ParameterError& e) {
    return e.what();
  }
  return "";
}

TEST(Expression, EvaluatesInNamedVariablesWithConstants) {
  const Expression f("theta*(mu - x) + t^2", {"x", "t"}, {{"theta", 2.0}, {"mu", 0.5}});
  for (double x : {-1.5, 0.0, 0.5, 3.0})
    for (double t : {0.0, 0.7}) {
      EXPECT_DOUBLE_EQ(f(x, t), 2.0 * (0.5 - x) + t * t);
      const double v[] = {x, t};
      EXPECT_EQ(f.evaluate(v), f(x, t));
    }
  EXPECT_EQ(f.variables(), (std::vector<std::string>{"x", "t"}));
  EXPECT_EQ(f.constants().at("theta"), 2.0);
}

TEST(Expression, VariableOrderIsTheOrderOfTheValues) {
  const Expression f("x0*exp(W) - t", {"t", "x0", "W"});
  EXPECT_DOUBLE_EQ(f(0.3, 2.0, 0.1), 2.0 * std::exp(0.1) - 0.3);
  const Expression constant("42", {});
  EXPECT_EQ(constant(), 42.0);
}

TEST(Expression, UnknownNameIsNamedWithItsPosition) {
  const std::string what = error_of("theta*(mu - y)", {"x", "t"}, {{"theta", 1.0}, {"mu", 0.0}});
  EXPECT_NE(what.find("expression 'theta*(mu - y)'"), std::string::npos) << what;
  EXPECT_NE(what.find("unknown name 'y' at position 12"), std::string::npos) << what;
  EXPECT_NE(what.find("[here: 'theta*(mu - ^y)']"), std::string::npos) << what;
  EXPECT_NE(what.find("variables: x, t; constants: mu, theta"), std::string::npos) << what;
}

TEST(Expression, SyntaxErrorsAreParameterErrorsWithThePosition) {
  for (const char* text : {"x +* 2", "2*(0.05 - x", "x+", "sin(x", ""}) {
    const std::string what = error_of(text, {"x"});
    EXPECT_FALSE(what.empty()) << "'" << text << "' was accepted";
    EXPECT_NE(what.find("expression '" + std::string(text) + "'"), std::string::npos) << what;
  }
  EXPECT_NE(error_of("x +* 2", {"x"}).find("position"), std::string::npos);
  // A name of another expression's variable set is unknown here.
  EXPECT_NE(error_of("x0*exp(x)", {"t", "x0", "W"}).find("unknown name 'x'"), std::string::npos);
}

TEST(Expression, CopiesEvaluateOnTheirOwnVariables) {
  const Expression a("x*x", {"x"});
  Expression b = a;  // muparser binds variables by address: a plain copy would write into a's
  EXPECT_EQ(a(3.0), 9.0);
  EXPECT_EQ(b(4.0), 16.0);
  EXPECT_EQ(a(3.0), 9.0);
  b = Expression("x + 1", {"x"});
  EXPECT_EQ(b(4.0), 5.0);
  const Expression moved = std::move(b);
  EXPECT_EQ(moved(1.0), 2.0);
  EXPECT_EQ(moved.text(), "x + 1");
}

TEST(Expression, EveryThreadComputesTheSameNumbers) {
  const Expression f("sin(k*x) * exp(-x^2/2)", {"x"}, {{"k", 3.0}});
  const int n = 20000;
  std::vector<double> serial(n), parallel(n);
  for (int i = 0; i < n; ++i) serial[i] = f(0.001 * i);
  const int saved = omp_get_max_threads();
  omp_set_num_threads(4);
#pragma omp parallel for schedule(dynamic, 7)
  for (int i = 0; i < n; ++i) parallel[i] = f(0.001 * i);
  omp_set_num_threads(saved);
  EXPECT_EQ(serial, parallel);
}

// The same on the threads of parallel_blocks (the calling thread and the pool's helpers, all outside any OpenMP
// region): each has its own parser, found by core::worker_index(). Blocks of one item interleave the threads'
// evaluations as finely as they can be.
TEST(Expression, EveryPoolThreadComputesTheSameNumbers) {
  const Expression f("sin(k*x) * exp(-x^2/2)", {"x"}, {{"k", 3.0}});
  const std::size_t n = 20000;
  std::vector<double> serial(n), parallel(n);
  for (std::size_t i = 0; i < n; ++i) serial[i] = f(0.001 * static_cast<double>(i));
  const int saved = omp_get_max_threads();
  omp_set_num_threads(4);
  parallel_blocks(n, 1, [&](std::size_t, std::size_t i, std::size_t) { parallel[i] = f(0.001 * static_cast<double>(i)); });
  omp_set_num_threads(saved);
  EXPECT_EQ(serial, parallel);
}

TEST(Expression, EvaluationDoesNotAllocate) {
  const Expression f("a*x^3 + b*sin(t) - max(x, t)", {"x", "t"}, {{"a", 0.5}, {"b", 2.0}});
  double sum = f(0.1, 0.2);  // the calling thread's parser exists after the first evaluation
  const long before = g_allocations.load();
  for (int i = 0; i < 1000; ++i) sum += f(0.001 * i, 1.0 - 0.001 * i);
  EXPECT_EQ(g_allocations.load(), before);
  EXPECT_TRUE(std::isfinite(sum));
}

}  // namespace
}  // namespace ito::core
