#pragma once
// A d-dimensional SDE with m noises given by expressions (no C++ needed):
//   dX_i = a_i(t, X) dt + Σ_j g_ij(t, X) dW_j      (Itô)   or   ∘dW_j (Stratonovich),   i < d, j < m,
// the drift a d expressions and the diffusion g a d × m array of expressions in t, the state components
// (named by the user, e.g. {"x", "y"}; default x1 … xd) and named constant parameters. Optional: a pathwise
// exact solution, d expressions in t, the start values (<name>_0, e.g. x_0, y_0) and the Brownian components
// W1 … Wm (and W when m = 1), for models whose solution depends on the path only through W_t, e.g. the
// Stratonovich rotation dx = −y∘dW, dy = x∘dW, X_t = R(W_t) X_0.
//
// Milstein's products L^j g_{·k} = Σ_l g_lj ∂g_·k/∂x_l need the Jacobian of the diffusion columns. The user
// may give it (diffusion_derivative: d × m × d expressions, [i][j][l] = ∂g_ij/∂x_l); otherwise it is computed
// by central differences, ∂g/∂x_l ≈ D_δ = (g(x + δ e_l) − g(x − δ e_l)) / (2δ), δ = ε^{1/3} max(1, |x_l|)
// (ε the double epsilon), whose error O(δ²) ≈ 4e−11 relative (truncation and round-off balanced) is far below
// any strong error a study resolves; so Milstein needs no derivative expressions from the user.
//
// A given Jacobian is checked against the central differences at the sample points of the noise class
// (check_diffusion_derivative), entry by entry, with a tolerance made of the central difference's own error
// estimate: E = |D_δ − D_2δ| + ε (|g(x + δ e_l)| + |g(x − δ e_l)|) / (2δ). The first term is Richardson's
// estimate of the truncation error (D_2δ − D_δ ≈ 3 c δ² when D_δ = ∂g + c δ² + …), and it also carries the
// round-off noise of the two quotients; the second bounds the round-off of D_δ's numerator. The entry is refused
// when |J − D_δ| > 100 E: the factor covers that E estimates rather than bounds (the third derivative varies
// over x ± 2δ; an evaluation rounds intermediate values bigger than g). For smooth entries E is of order
// ε^{2/3} relative, so only a Jacobian that is right to about 100 ε^{2/3} passes; at a kink within 2δ of a
// point E is large and the check lets either side's derivative pass there. The noise class is inferred from
// the central differences whether or not a Jacobian is given, so giving one changes nothing but the Milstein
// products. The scalar expression model's ∂g/∂x is checked by the same code, as a 1 × 1 × 1 Jacobian
// (check_scalar_diffusion_derivative, expression_system_params.hpp).
//
// The noise class is inferred from the expressions at a few sample points (infer_noise_class): additive when
// no diffusion entry changes with the state (central differences of an entry that does not depend on x_l are
// exactly 0), scalar when m = 1, diagonal when m = d and g_ij ≡ 0 (i ≠ j) with g_ii depending on x_i only,
// commutative when L^j g_{·k} = L^k g_{·j} (to a relative 1e−6) at every point, general otherwise. A class
// declared by the user is checked at the same points (check_noise_class). The checks are at sample points
// only: an expression whose structure changes elsewhere (a branch of `?:`) can fool them.
//
// Compile-time schemes need compile-time sizes: ExpressionSystemT pads the state to kMaxExpressionDim and the
// noise to kMaxExpressionNoise (or 1) components whose drift and diffusion are 0, so the padded components stay
// 0 and do not change any norm; its noise class and calculus are template arguments (one type per class).
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ito/core/expression.hpp"
#include "ito/sde/model.hpp"

namespace ito::sde {

/// Largest state and noise dimensions of an expression system (the padding of ExpressionSystemT).
inline constexpr int kMaxExpressionDim = 4;
inline constexpr int kMaxExpressionNoise = 4;

struct ExpressionSystemSpec {
  std::vector<std::string> state;                   ///< d names of the state components
  std::vector<std::string> drift;                   ///< d expressions a_i
  std::vector<std::vector<std::string>> diffusion;  ///< d rows of m expressions g_ij
  std::vector<std::string> exact;                   ///< d expressions X_t,i (empty: none)
  /// d × m × d expressions ∂g_ij/∂x_l, [i][j][l] (empty: central differences)
  std::vector<std::vector<std::vector<std::string>>> diffusion_derivative;
  std::map<std::string, double> parameters;         ///< named constants usable in every expression
  int dim() const { return static_cast<int>(drift.size()); }
  int noise_dim() const { return diffusion.empty() ? 0 : static_cast<int>(diffusion.front().size()); }
  bool operator==(const ExpressionSystemSpec&) const = default;
};

/// Default state names x1 … xd.
std::vector<std::string> default_state_names(int dim);
/// The variables of the drift and diffusion expressions: the state names, then t.
std::vector<std::string> system_variables(const std::vector<std::string>& state);
/// The variables of the exact solution: t, <name>_0 for each state name, W1 … Wm (and W when m = 1).
std::vector<std::string> system_exact_variables(const std::vector<std::string>& state, int noise_dim);

/// The compiled expressions of a spec at run-time sizes d, m.
class ExpressionSystem {
 public:
  /// Compiles every expression; throws ParameterError on a shape error, a syntax error or an unknown name
  /// (naming the expression: "diffusion[1][0] expression '...': unknown name 'z' ...").
  explicit ExpressionSystem(ExpressionSystemSpec spec);

  int dim() const { return d_; }
  int noise_dim() const { return m_; }
  const ExpressionSystemSpec& spec() const { return spec_; }
  bool has_exact() const { return !exact_.empty(); }
  bool has_diffusion_derivative() const { return !jacobian_.empty(); }

  /// a[i] = a_i(t, x), i < d.
  void drift(double t, const double* x, double* a) const;
  /// g[i * stride + j] = g_ij(t, x), i < d, j < m (other entries untouched).
  void diffusion(double t, const double* x, double* g, int stride) const;
  /// jac[(i * m + j) * d + l] = ∂g_ij/∂x_l (t, x): the given expressions, else central differences.
  void diffusion_jacobian(double t, const double* x, double* jac) const;
  /// The same by central differences D_δ (header comment), whether or not expressions are given; with `error`,
  /// error[(i * m + j) * d + l] = the estimate E of its error (header comment).
  void central_difference_jacobian(double t, const double* x, double* jac, double* error = nullptr) const;
  /// l[(i * stride + j) * stride + k] = (L^j g_{·k})_i = Σ_l g_lj ∂g_ik/∂x_l, i < d, j, k < m.
  void diffusion_derivative_products(double t, const double* x, double* l, int stride) const;
  /// x[i] = X_t,i (x0, W_t); only when has_exact().
  void exact(double t, const double* x0, const double* w, double* x) const;

  /// The most specific noise class that holds at every sample point (header comment), around x0 on [0, T].
  NoiseClass infer_noise_class(const std::vector<double>& x0, double T) const;
  /// "" when `declared` holds at every sample point, else why not (the entry and the point).
  std::string check_noise_class(NoiseClass declared, const std::vector<double>& x0, double T) const;

  /// An entry of the given Jacobian that disagrees with the central differences.
  struct DerivativeMismatch {
    std::size_t i = 0, j = 0, l = 0;  ///< ∂g_ij/∂x_l
    std::string message;              ///< the expression, both values, the tolerance and the point
  };
  /// The first entry (in point order, then i, j, l) at which the given Jacobian and the central differences
  /// differ by more than 100 E (header comment), at the noise-class sample points; none when no Jacobian is
  /// given. Points where g or its central differences are not finite are skipped, as in check_noise_class.
  std::optional<DerivativeMismatch> check_diffusion_derivative(const std::vector<double>& x0, double T) const;

 private:
  ExpressionSystemSpec spec_;
  int d_ = 0, m_ = 0;
  std::vector<core::Expression> drift_, diffusion_, exact_;  // diffusion row-major d × m
  std::vector<core::Expression> jacobian_;                   // given ∂g_ij/∂x_l at (i * m + j) * d + l, or empty
};

/// The expression system as a compile-time model (model.hpp): padded to kMaxExpressionDim state components and
/// NoiseDim noises (1, or kMaxExpressionNoise), noise class C and calculus I fixed by the caller (after
/// inference or a checked declaration). Copies share the compiled expressions.
template <NoiseClass C, Interpretation I, int NoiseDim>
class ExpressionSystemT {
 public:
  static constexpr int dim = kMaxExpressionDim;
  static constexpr int noise_dim = NoiseDim;
  static constexpr NoiseClass noise_class = C;
  static constexpr Interpretation interpretation = I;

  explicit ExpressionSystemT(std::shared_ptr<const ExpressionSystem> system) : sys_(std::move(system)) {}

  void drift(double t, const double* x, double* a) const {
    for (int i = 0; i < dim; ++i) a[i] = 0.0;
    sys_->drift(t, x, a);
  }
  void diffusion(double t, const double* x, double* g) const {
    for (int i = 0; i < dim * noise_dim; ++i) g[i] = 0.0;
    sys_->diffusion(t, x, g, noise_dim);
  }
  void diffusion_derivative_products(double t, const double* x, double* l) const {
    for (int i = 0; i < dim * noise_dim * noise_dim; ++i) l[i] = 0.0;
    sys_->diffusion_derivative_products(t, x, l, noise_dim);
  }
  /// Pathwise exact solution; only when has_exact().
  void exact(double t, const double* x0, const double* w, double* x) const {
    for (int i = 0; i < dim; ++i) x[i] = 0.0;
    sys_->exact(t, x0, w, x);
  }
  bool has_exact() const { return sys_->has_exact(); }
  const ExpressionSystem& system() const { return *sys_; }

 private:
  std::shared_ptr<const ExpressionSystem> sys_;
};

/// f(model) with the compile-time model of `system`: ExpressionSystemT of noise class c and interpretation i,
/// with one noise or the padded maximum. One noise is always commutative: a declared diagonal, commutative or
/// general class runs as scalar noise; with several noises a scalar class runs as commutative. Every command
/// that runs an expression system makes its model here (one type per class and calculus).
template <class F>
decltype(auto) visit_expression_system(std::shared_ptr<const ExpressionSystem> system, NoiseClass c, Interpretation i,
                                       F&& f) {
  const auto with = [&]<Interpretation I>() -> decltype(auto) {
    constexpr int M = kMaxExpressionNoise;
    if (system->noise_dim() == 1) {
      if (c == NoiseClass::additive) return f(ExpressionSystemT<NoiseClass::additive, I, 1>(std::move(system)));
      return f(ExpressionSystemT<NoiseClass::scalar, I, 1>(std::move(system)));
    }
    switch (c) {
      case NoiseClass::additive: return f(ExpressionSystemT<NoiseClass::additive, I, M>(std::move(system)));
      case NoiseClass::diagonal: return f(ExpressionSystemT<NoiseClass::diagonal, I, M>(std::move(system)));
      case NoiseClass::commutative:
      case NoiseClass::scalar: return f(ExpressionSystemT<NoiseClass::commutative, I, M>(std::move(system)));
      default: return f(ExpressionSystemT<NoiseClass::general, I, M>(std::move(system)));
    }
  };
  if (i == Interpretation::stratonovich) return with.template operator()<Interpretation::stratonovich>();
  return with.template operator()<Interpretation::ito>();
}

}  // namespace ito::sde
