#pragma once
// Solving a canonical problem end to end: evolve (or solve for the stationary state), then compare with
// what is known exactly. This is the library entry point of `ito fokker-planck`.
#include <limits>
#include <string>
#include <vector>

#include "ito/fokker_planck/adi.hpp"
#include "ito/fokker_planck/problems.hpp"
#include "ito/fokker_planck/time_stepping.hpp"

namespace ito::fokker_planck {

struct Options1D {
  bool steady_state = false;  ///< direct stationary solve instead of time stepping
  TimeStepping stepping;
  std::vector<double> output_times;  ///< increasing, > start time; the last is the end time
  bool operator==(const Options1D&) const = default;
};

/// Moments of the piecewise-constant density (so the variance includes each cell's h²/12), normalised by
/// the mass that is left. NaN marks a quantity that is not known exactly.
struct Solution1D {
  std::vector<double> centres, times;
  std::vector<std::vector<double>> density, exact_density;  ///< per output time
  std::vector<double> mass, mean, variance, exact_mean, exact_variance, survival, exact_survival, l1_error;
  /// Per accepted step (and the start): time, survival Σ h p, exit fluxes through absorbing sides.
  std::vector<double> step_time, step_survival, exit_flux_left, exit_flux_right;
  /// max over steps of |mass − mass₀| (+ the trapezoidal ∫ exit flux dt with absorbing sides).
  double mass_drift = 0.0;
  /// Which exact answers hold for this problem (problems.hpp, reference_refusal), or "none: <why>"; when
  /// none, every exact_* value is NaN and exact_density is empty.
  std::string reference;
  double reference_mass_outside = std::numeric_limits<double>::quiet_NaN();
  bool exact_known() const { return reference.rfind("none", 0) != 0; }
  double min_density = std::numeric_limits<double>::infinity();  ///< over all steps
  StepStats stats;
};

Solution1D solve(const Problem1D& problem, const Options1D& options);

enum class Solver2D { implicit, adi };
Solver2D solver2d_from_string(const std::string& name);  // "implicit" | "adi"

struct Options2D {
  Solver2D solver = Solver2D::adi;
  TimeStepping stepping;  ///< for the sparse implicit solver
  AdiStepping adi;        ///< for ADI
  std::vector<double> output_times;
  bool operator==(const Options2D&) const = default;
};

struct Solution2D {
  std::vector<double> x, y, times;
  std::vector<std::vector<double>> density, exact_density;  ///< per output time, index i + nx j
  std::vector<double> mass, mean_x, mean_y, cov_xx, cov_xy, cov_yy;
  std::vector<double> exact_mean_x, exact_mean_y, exact_cov_xx, exact_cov_xy, exact_cov_yy, l1_error;
  std::vector<double> exact_survival;  ///< per output time (NaN where not known)
  /// Per accepted step (and the start): time, survival Σ vol p, exit fluxes through absorbing sides.
  std::vector<double> step_time, step_survival, exit_flux_left, exit_flux_right, exit_flux_bottom, exit_flux_top;
  /// max over steps of |mass − mass₀| (+ the trapezoidal ∫ exit flux dt with absorbing sides).
  double mass_drift = 0.0;
  double min_density = std::numeric_limits<double>::infinity();
  StepStats stats;
  std::string reference;  ///< as in Solution1D
  double reference_mass_outside = std::numeric_limits<double>::quiet_NaN();
  bool exact_known() const { return reference.rfind("none", 0) != 0; }
};

Solution2D solve(const Problem2D& problem, const Options2D& options);

}  // namespace ito::fokker_planck
