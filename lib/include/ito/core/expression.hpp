#pragma once
// A real function given as text, f(v₁, …, vₙ) in muparser syntax ("theta*(mu - x)", "max(x - K, 0)"), for
// models, functionals and weak test functions written in a parameter file instead of C++.
//
// Compiled once: the text is parsed into muparser bytecode at construction, named constants (a model's
// parameters) are folded into it, and an evaluation only writes the variables and runs the bytecode — no
// parsing and no allocation, so it can sit in the innermost loop of a path simulation.
//
// Thread safety: a muparser parser evaluates on a stack it owns, so one parser cannot serve two threads. Each
// OpenMP thread number lazily gets its own parser bound to its own variables (built on that thread's first
// evaluation, from the same text and constants, hence the same bytecode and the same numbers); evaluation is
// const and may run concurrently from different threads.
//
// Errors: a syntax error or a name that is neither a variable nor a constant nor a muparser function throws
// ito::ParameterError naming the text, the character position (0-based) with a caret, and the names that are
// available, e.g.
//   expression 'theta*(mu - y)': unknown name 'y' at position 12 [here: 'theta*(mu - ^y)'];
//   variables: x, t; constants: mu, theta
// The parameter layer (io::SchemaReader::expression) prefixes file:line:column and the key.
#include <cstddef>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ito::core {

class Expression {
 public:
  /// Compiles `text` in the named variables (in the order evaluate() takes their values) and constants.
  Expression(std::string text, std::vector<std::string> variables, std::map<std::string, double> constants = {});
  Expression(const Expression& other);
  Expression& operator=(const Expression& other);
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  /// f at values[i] for variables()[i], i < variables().size().
  double evaluate(const double* values) const;
  /// f(v₁, …, vₙ) with the values in the order of variables(); e.g. drift(t, x).
  template <class... V>
  double operator()(V... values) const {
    const double v[sizeof...(V) == 0 ? 1 : sizeof...(V)] = {static_cast<double>(values)...};
    return evaluate(v);
  }

  const std::string& text() const { return text_; }
  const std::vector<std::string>& variables() const { return variables_; }
  const std::map<std::string, double>& constants() const { return constants_; }

 private:
  struct Compiled;  // one muparser parser and its variables
  [[gnu::noinline, gnu::cold]] Compiled& compile_for_thread(std::size_t k) const;

  std::string text_;
  std::vector<std::string> variables_;
  std::map<std::string, double> constants_;
  std::size_t arity_ = 0;                                            // variables_.size()
  mutable std::unique_ptr<std::unique_ptr<Compiled>[]> per_thread_;  // index: core::worker_index()
};

}  // namespace ito::core
