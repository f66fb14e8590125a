#pragma once
// Canonical Fokker–Planck problems with exact answers (the `ito fokker-planck` built-in problems).
// Each bundles the model, the grid, the start time, the initial cell averages and whatever is known
// exactly (density, moments, survival).
#include <Eigen/Dense>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ito/fokker_planck/grid.hpp"
#include "ito/fokker_planck/model.hpp"

namespace ito::fokker_planck {

struct Problem1D {
  std::string name;
  Model1D model;
  Grid1D grid;
  double start_time = 0.0;
  std::vector<double> initial;  ///< cell averages at start_time
  /// Cell averages of the exact density at time t (empty when unknown). For `double_well` it is the
  /// stationary density (the t → ∞ limit), sampled at the cell centres and normalised on the grid.
  std::function<std::vector<double>(double t)> exact_density;
  std::function<double(double t)> exact_mean, exact_variance, exact_survival;
  /// The exact answers are those of the process on the whole line (ou, gbm) or on the half-line beyond the
  /// wall (absorbing_bm); on the grid they hold while that law's mass beyond the grid's ends (beyond the far
  /// end for absorbing_bm) stays negligible: this is that mass at time t (unset: the answers hold on the grid
  /// as it is, see reference_refusal).
  std::function<double(double t)> exact_mass_outside;
  /// What the exact answers are, for Solution1D::reference, when the problem states it (user problems:
  /// "the given exact density ..."); empty for the built-in problems, whose references solve() names.
  std::string exact_description;
};

/// The largest mass beyond the grid a reference may put there and still be reported as exact (the exact
/// answers then describe the bounded problem to about this accuracy in L1, survival and moments).
inline constexpr double kReferenceMassOutside = 1e-5;

/// Why the exact answers of `problem` do not hold for it from its start time to `end_time` (∞: the stationary
/// state) — its boundaries, domain or start —, or "" when they do. `mass_outside` receives the largest mass
/// of the exact law beyond the grid over [start, end] (sampled at 400 times and the ends; end = ∞: that of the
/// stationary law), NaN when not applicable. Rules: a user problem ("expression") has exact answers exactly
/// when it has an exact density (the one it was given); double_well's stationary density exp(−U/D)/Z holds with reflecting sides only (any
/// domain); ou, gbm and absorbing_bm hold while the mass outside stays ≤ kReferenceMassOutside (then the
/// sides, whatever they are, are not felt); at t = ∞ only ou and double_well have a stationary law.
std::string reference_refusal(const Problem1D& problem, double end_time, double& mass_outside);

/// Ornstein–Uhlenbeck dX = θ(μ − X)dt + σ dW from N(m0, s0²): X_t ~ N(μ + (m0 − μ)e^{−θt},
/// s0²e^{−2θt} + σ²(1 − e^{−2θt})/(2θ)). Potential Φ = θ(x − μ)²/σ².
Problem1D ou_problem(double theta, double mu, double sigma, double m0, double s0, const Grid1D& grid);

/// Overdamped double well dX = −U′(X)dt + √(2D) dW, U = (x² − 1)²: stationary density exp(−U/D)/Z.
/// Starts from N(m0, s0²). Potential Φ = U/D.
Problem1D double_well_problem(double diffusion, double m0, double s0, const Grid1D& grid);

/// Geometric Brownian motion dX = μX dt + σX dW, X_0 = x0; started at t0 > 0 from the exact lognormal
/// law: ln X_t ~ N(ln x0 + (μ − σ²/2)t, σ²t); E X_t = x0 e^{μt}, Var X_t = x0² e^{2μt}(e^{σ²t} − 1).
/// D = σ²x²/2 vanishes at 0: the grid must lie in x ≥ 0 (reflecting at 0). Potential Φ = −(2μ/σ²) ln x.
Problem1D gbm_problem(double mu, double sigma, double x0, double t0, const Grid1D& grid);

/// Brownian motion dX = √(2D) dW from x0 with an absorbing wall at one end of the grid (the side marked
/// absorbing; the far side should be far away). Method of images: p = G(x − x0) − G(x + x0 − 2 x_c), G the
/// N(0, 2Dt) density; survival S(t) = erf(|x_c − x0| / √(4Dt)). Started at t0 > 0 from the exact density.
Problem1D absorbing_bm_problem(double diffusion, double x0, double t0, const Grid1D& grid);

struct Problem2D {
  std::string name;
  Model2D model;
  Grid2D grid;
  double start_time = 0.0;
  std::vector<double> initial;
  std::function<std::vector<double>(double t)> exact_density;
  std::function<Eigen::Vector2d(double t)> exact_mean;
  std::function<Eigen::Matrix2d(double t)> exact_covariance;
  /// Mass of the exact (whole-plane) law outside the grid at time t, bounded by the sum of the marginals' tails.
  std::function<double(double t)> exact_mass_outside;
  std::function<double(double t)> exact_survival;  ///< user problems with an exact density: ∫ p over the grid
  std::string exact_description;                   ///< as for Problem1D
};

/// As for Problem1D: "" when the whole-plane law's mass outside the grid stays ≤ kReferenceMassOutside up to
/// `end_time`, else why not; a user problem ("expression") has exact answers exactly when it was given its
/// exact density.
std::string reference_refusal(const Problem2D& problem, double end_time, double& mass_outside);

/// Mean and covariance of the 2-D OU process dX = −A X dt + S dW from N(m0, C0):
///   m(t) = e^{−At} m0,   C(t) = C∞ + e^{−At} (C0 − C∞) e^{−Aᵀt},
/// the closed-form solution of the Lyapunov ODE C′ = −AC − CAᵀ + SSᵀ, with C∞ solving A C∞ + C∞ Aᵀ = SSᵀ
/// (a 4×4 linear system in vec C∞). Every factor decays, so it is stable for any t.
Eigen::Vector2d ou2d_mean(const Eigen::Matrix2d& a, const Eigen::Vector2d& m0, double t);
Eigen::Matrix2d ou2d_stationary_covariance(const Eigen::Matrix2d& a, const Eigen::Matrix2d& s);
Eigen::Matrix2d ou2d_covariance(const Eigen::Matrix2d& a, const Eigen::Matrix2d& s, const Eigen::Matrix2d& c0, double t);

/// The 2-D anisotropic, correlated OU problem; its density stays Gaussian with the moments above.
Problem2D ou2d_problem(const Eigen::Matrix2d& a, const Eigen::Matrix2d& s, const Eigen::Vector2d& m0,
                       const Eigen::Matrix2d& c0, const Grid2D& grid);

/// Cell averages of the N(m, C) density on a 2-D grid.
std::vector<double> gaussian_cell_averages(const Grid2D& grid, const Eigen::Vector2d& m, const Eigen::Matrix2d& c);

}  // namespace ito::fokker_planck
