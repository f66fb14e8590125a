#pragma once
// Fokker–Planck problems stated by the user (`ito fokker-planck` with problem = "expression"): a scalar Itô
// diffusion dX = a(x, t) dt + b(x, t) dW given as muparser expressions (core::Expression) in x, t and named
// constants, on any interval whose sides are each reflecting, absorbing or periodic (both), from a Gaussian,
// a density expression or a point mass.
//
// The density solves ∂ₜp = −∂ₓ(a p) + ½∂ₓₓ(b² p), i.e. ∂ₜp = −∂ₓJ with J = a p − ∂ₓ(D p), D = b²/2. This is
// the flux the built-in problems already use (model.hpp): the fitted flux acts on q = D p with the Péclet
// exponent ∫ a/D dx (generator.hpp), so a state-dependent D needs no derivative D′ — the form
// J = (a − D′) p − D ∂ₓp is the same flux written for p, and discretising it would add a difference quotient
// of D that the q-form does not need. ∫ a/D over each half cell is Simpson's rule (no potential is known).
//
// D must be > 0 wherever the scheme evaluates it: cell centres, the quarter points and the interior faces,
// and the boundary face of an absorbing side. A reflecting side's own face is never evaluated, so D may vanish
// there (GBM's x = 0). D = 0 elsewhere is refused (ExpressionValueError naming the key, x and t): the
// exponent ∫ a/D would be infinite.
//
// Initial densities, at the start time t0:
//  - gaussian: exact cell averages of N(mean, sd²) (its mass beyond the grid is left out, as for the
//    built-in problems);
//  - density:  cell averages (4-point Gauss–Legendre) of a density expression in x, every value finite and
//    ≥ 0, then normalised to mass 1 on the grid;
//  - point:    a point mass at x0. The solve starts at t0 + τ from the Euler–Maruyama one-step law
//    N(x0 + a(x0, t0) τ, b(x0, t0)² τ) (exact cell averages), which is the exact law at t0 + τ for constant
//    coefficients and O(τ) from it in L1 otherwise. The default τ = (2h / |b(x0, t0)|)² makes its standard
//    deviation two cells (resolved on the grid) and its O(τ) error O(h²), the order of the scheme.
//
// Exact answers only when the user gives the density: `exact_density` p(x, t) of the problem as configured
// (sides included; ito cannot check that it is). Then the exact cell averages (Gauss–Legendre), the exact
// survival ∫ p over the grid, the exact mean and variance (the same quadrature) and the L1 error.
//
// 2-D (model.drift an array of 2 expressions): dX = a(X, t) dt + g(X, t) dW, X = (x, y), W of m ≥ 2 noises,
// a 2-vector and g a 2×m matrix of expressions in x, y, t. D = ½ggᵀ enters the 2-D generator (generator.hpp):
// fitted fluxes along x-lines with (aₓ, Dxx) and along y-lines with (a_y, Dyy), the mixed term 2∂ₓ∂ᵧ(Dxy p) by
// central differences. Each side of the rectangle is reflecting, absorbing or periodic (periodic in pairs).
// D must be positive definite at the cell centres (where all three entries are used; Dxy² < Dxx Dyy up to
// a relative 1e-12, so one noise — rank-one D — is refused) and Dxx > 0 (Dyy > 0) at the quarter points of
// the x-lines (y-lines), an absorbing side's face included; a reflecting side's own face is never evaluated.
// Starts, at t0:
//  - gaussian: cell averages (3×3 Gauss–Legendre) of N(mean, covariance), covariance symmetric positive
//    definite;
//  - density:  cell averages (3×3 Gauss–Legendre) of a density expression in x, y, finite and ≥ 0,
//    normalised to mass 1 on the grid;
//  - point:    a point mass at x0 (inside the rectangle), started at t0 + τ from the Euler–Maruyama one-step
//    law N(x0 + a(x0, t0) τ, 2 D(x0, t0) τ), as in 1-D. The default τ = max over the directions k of
//    (2 h_k)² / (2 D_kk(x0, t0)) makes the marginal standard deviations at least two cells each.
// Exact answers only with `exact_density` p(x, y, t): cell averages, survival, mean and covariance of it by
// the same 3×3 quadrature, and the L1 error.
#include <array>
#include <map>
#include <string>

#include "ito/core/error.hpp"
#include "ito/fokker_planck/problems.hpp"

namespace ito::fokker_planck {

/// A value of a user's expression the solver cannot use (D = b²/2 ≤ 0 or not finite, a non-finite drift, a
/// negative density, a point mass outside the grid), with the parameter key that holds it, so that a caller
/// that has the parameter file can point at its line (io::Params::fail(key(), detail())).
class ExpressionValueError : public ParameterError {
 public:
  ExpressionValueError(std::string key, std::string detail)
      : ParameterError("key '" + key + "': " + detail), key_(std::move(key)), detail_(std::move(detail)) {}
  const std::string& key() const { return key_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string key_, detail_;
};

enum class InitialKind { gaussian, density, point };

/// The keys' names: the errors name them (the parameter reader uses the same names).
struct ExpressionProblemSpec {
  std::string drift = "0";      ///< a(x, t)            (model.drift)
  std::string diffusion = "1";  ///< b(x, t), D = b²/2  (model.diffusion)
  std::map<std::string, double> parameters;  ///< constants of every expression (model.parameters)
  std::string exact_density;    ///< p(x, t) of the configured problem, "" when unknown (model.exact_density)
  double start_time = 0.0;      ///< t0 (initial.start_time)
  InitialKind initial = InitialKind::gaussian;  ///< initial.kind
  double mean = 0.0, sd = 1.0;  ///< gaussian (initial.mean, initial.sd)
  std::string density;          ///< density: an expression in x (initial.density)
  double x0 = 0.0;              ///< point (initial.x0)
  double smoothing_time = 0.0;  ///< point: τ > 0 (initial.smoothing_time; see default_smoothing_time)
  bool operator==(const ExpressionProblemSpec&) const = default;
};

/// The default τ of a point mass: (2h / |b(x0, t0)|)², h the cell width. Throws ExpressionValueError at
/// model.diffusion when b(x0, t0) is 0 or not finite.
double default_smoothing_time(const ExpressionProblemSpec& spec, const Grid1D& grid);

/// The problem (name "expression"). Checks what can be checked before time stepping and throws
/// ExpressionValueError naming the key: the initial density (finite, ≥ 0, positive mass), a point mass inside
/// the grid whose short-time law puts at most kReferenceMassOutside beyond it, and the drift and D at every
/// point the generator evaluates at the start time. Later times of time-dependent coefficients get the same
/// checks: the model's drift and diffusion check their values whenever they are evaluated, the sign of b along
/// the grid is checked at every assembly of the generator (Model1D::check), and the exact density when it is
/// evaluated.
/// An unknown name in an expression throws ParameterError (core::Expression), which the parameter reader
/// reports at the key before this is called.
Problem1D expression_problem(const ExpressionProblemSpec& spec, const Grid1D& grid);

/// A 2-D user model (model.drift of 2 expressions). Keys as in 1-D; those that are vectors here hold 2 numbers.
struct ExpressionProblemSpec2D {
  std::array<std::string, 2> drift{"0", "0"};  ///< a(x, y, t) (model.drift)
  /// g(x, y, t): 2 rows of m expressions, one column per noise (model.diffusion); D = ½ggᵀ
  std::vector<std::vector<std::string>> diffusion{{"1", "0"}, {"0", "1"}};
  std::map<std::string, double> parameters;  ///< model.parameters
  std::string exact_density;                 ///< p(x, y, t), "" when unknown (model.exact_density)
  double start_time = 0.0;                   ///< t0 (initial.start_time)
  InitialKind initial = InitialKind::gaussian;
  std::array<double, 2> mean{0.0, 0.0};                  ///< gaussian (initial.mean)
  std::array<double, 4> covariance{1.0, 0.0, 0.0, 1.0};  ///< gaussian, row-major (initial.covariance)
  std::string density;                                   ///< density: an expression in x, y (initial.density)
  std::array<double, 2> x0{0.0, 0.0};                    ///< point (initial.x0)
  double smoothing_time = 0.0;                           ///< point: τ > 0 (initial.smoothing_time)
  bool operator==(const ExpressionProblemSpec2D&) const = default;
};

/// The default τ of a 2-D point mass: max_k (2 h_k)² / (2 D_kk(x0, t0)). Throws ExpressionValueError at
/// model.diffusion when D(x0, t0) is not positive definite.
double default_smoothing_time(const ExpressionProblemSpec2D& spec, const Grid2D& grid);

/// The 2-D problem (name "expression"), checked as expression_problem above: the initial density, the point
/// mass, the drift and D at every point the 2-D generator evaluates at the start time; later times as reached.
Problem2D expression_problem(const ExpressionProblemSpec2D& spec, const Grid2D& grid);

/// Whether the expression `text` (compiled in the state names, t and `constants`) uses t.
bool uses_time(const std::string& text, const std::map<std::string, double>& constants,
               const std::vector<std::string>& state = {"x"});

}  // namespace ito::fokker_planck
