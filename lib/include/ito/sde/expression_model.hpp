#pragma once
// A scalar SDE given by expressions (no C++ needed): drift a(t, x) and diffusion g(t, x) as muparser
// expressions in x and t plus named constant parameters, e.g.
//   drift = "theta*(mu - x)",  diffusion = "sigma",  parameters = {theta: 2, mu: 0.5, sigma: 0.3}.
// Optional: the derivative ∂g/∂x (enables Milstein: L g = g ∂g/∂x; without it Milstein is refused at
// construction of the integration, see ito::schemes::require_model_capabilities) and a pathwise exact solution
// in t, x0 and W (the value of W_t), e.g. "x0*exp((alpha - beta^2/2)*t + beta*W)".
//
// Each expression is parsed once per thread into muparser bytecode and evaluated per step without re-parsing
// (muparser parsers are not thread-safe, so every OpenMP thread lazily gets its own parsers bound to its own
// variables). Parameters are muparser constants, so they are folded into the bytecode.
// Parse errors throw ito::ParameterError naming the expression, its text, the position and muparser's
// message; the caller (parameter layer) prefixes file:line:column.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ito/sde/model.hpp"

namespace ito::sde {

struct ExpressionSpec {
  std::string drift;                  ///< a(t, x), required
  std::string diffusion;              ///< g(t, x), required
  std::string diffusion_derivative;   ///< ∂g/∂x (t, x), optional (empty: none)
  std::string exact;                  ///< X_t as a function of t, x0, W, optional (empty: none)
  std::map<std::string, double> parameters;  ///< named constants usable in every expression
};

namespace detail {
/// Parsers and variables of one thread.
struct ExpressionSlot;

class ExpressionEvaluator {
 public:
  explicit ExpressionEvaluator(ExpressionSpec spec);
  ExpressionEvaluator(const ExpressionEvaluator& other);
  ExpressionEvaluator& operator=(const ExpressionEvaluator& other);
  ExpressionEvaluator(ExpressionEvaluator&&) noexcept;
  ExpressionEvaluator& operator=(ExpressionEvaluator&&) noexcept;
  ~ExpressionEvaluator();

  double drift(double t, double x) const;
  double diffusion(double t, double x) const;
  double diffusion_derivative(double t, double x) const;  ///< requires has_diffusion_derivative()
  double exact(double t, double x0, double w) const;      ///< requires has_exact()
  bool has_diffusion_derivative() const { return !spec_.diffusion_derivative.empty(); }
  bool has_exact() const { return !spec_.exact.empty(); }
  const ExpressionSpec& spec() const { return spec_; }

 private:
  ExpressionSlot& slot() const;
  ExpressionSpec spec_;
  mutable std::vector<std::unique_ptr<ExpressionSlot>> slots_;  // one per OpenMP thread number, lazily built
};
}  // namespace detail

/// dX = a(t, X) dt + g(t, X) dW (Itô) or ∘dW (Stratonovich), scalar, from expressions.
template <Interpretation I>
class ExpressionModelT {
 public:
  static constexpr int dim = 1;
  static constexpr int noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::scalar;
  static constexpr Interpretation interpretation = I;

  /// Parses every expression (throws ParameterError on a syntax error or an unknown name).
  explicit ExpressionModelT(ExpressionSpec spec) : eval_(std::move(spec)) {}

  void drift(double t, const double* x, double* a) const { a[0] = eval_.drift(t, x[0]); }
  void diffusion(double t, const double* x, double* g) const { g[0] = eval_.diffusion(t, x[0]); }
  /// g ∂g/∂x; only when has_diffusion_derivative() (the integrators check this before running).
  void diffusion_derivative_products(double t, const double* x, double* l) const {
    l[0] = eval_.diffusion(t, x[0]) * eval_.diffusion_derivative(t, x[0]);
  }
  /// Pathwise exact solution; only when has_exact().
  void exact(double t, const double* x0, const double* w, double* x) const { x[0] = eval_.exact(t, x0[0], w[0]); }

  bool has_diffusion_derivative() const { return eval_.has_diffusion_derivative(); }
  bool has_exact() const { return eval_.has_exact(); }
  const ExpressionSpec& spec() const { return eval_.spec(); }

 private:
  detail::ExpressionEvaluator eval_;
};

using ExpressionModel = ExpressionModelT<Interpretation::ito>;
using StratonovichExpressionModel = ExpressionModelT<Interpretation::stratonovich>;

}  // namespace ito::sde
