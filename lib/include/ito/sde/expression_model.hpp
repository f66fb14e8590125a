#pragma once
// A scalar SDE given by expressions (no C++ needed): drift a(t, x) and diffusion g(t, x) as muparser
// expressions in x and t plus named constant parameters, e.g.
//   drift = "theta*(mu - x)",  diffusion = "sigma",  parameters = {theta: 2, mu: 0.5, sigma: 0.3}.
// Optional: the derivative ∂g/∂x (enables Milstein: L g = g ∂g/∂x; without it Milstein is refused at
// construction of the integration, see ito::schemes::require_model_capabilities) and a pathwise exact solution
// in t, x0 and W (the value of W_t), e.g. "x0*exp((alpha - beta^2/2)*t + beta*W)".
//
// Each expression is a core::Expression: compiled once into muparser bytecode, the parameters folded in as
// constants, evaluated per step without parsing or allocation, safe under OpenMP (core/expression.hpp).
// Parse errors throw ito::ParameterError naming the expression ("drift expression '...'"), the position and
// the names available; the parameter layer prefixes file:line:column and the key.
#include <map>
#include <optional>
#include <string>

#include "ito/core/expression.hpp"
#include "ito/sde/model.hpp"

namespace ito::sde {

struct ExpressionSpec {
  std::string drift;                  ///< a(t, x), required
  std::string diffusion;              ///< g(t, x), required
  std::string diffusion_derivative;   ///< ∂g/∂x (t, x), optional (empty: none)
  std::string exact;                  ///< X_t as a function of t, x0, W, optional (empty: none)
  std::map<std::string, double> parameters;  ///< named constants usable in every expression
  bool operator==(const ExpressionSpec&) const = default;
};

namespace detail {
/// The compiled expressions of a spec: a(t, x), g(t, x), optionally ∂g/∂x (t, x) and X_t(t, x0, W).
class ExpressionEvaluator {
 public:
  explicit ExpressionEvaluator(ExpressionSpec spec);

  double drift(double t, double x) const { return drift_(x, t); }
  double diffusion(double t, double x) const { return diffusion_(x, t); }
  double diffusion_derivative(double t, double x) const { return (*derivative_)(x, t); }  ///< requires has_diffusion_derivative()
  double exact(double t, double x0, double w) const { return (*exact_)(t, x0, w); }        ///< requires has_exact()
  bool has_diffusion_derivative() const { return derivative_.has_value(); }
  bool has_exact() const { return exact_.has_value(); }
  const ExpressionSpec& spec() const { return spec_; }

 private:
  ExpressionSpec spec_;
  core::Expression drift_, diffusion_;  // in (x, t)
  std::optional<core::Expression> derivative_, exact_;  // (x, t) and (t, x0, W)
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
