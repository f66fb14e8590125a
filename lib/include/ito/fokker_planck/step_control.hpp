#pragma once
// The time loop and the step-size controller shared by every stepper of this module (the sparse implicit
// methods of time_stepping.hpp and ADI of adi.hpp): a stepper only says how to take one step of size h
// and, when asked, estimates its local error; everything about which steps are taken lives here.
//
// Fixed stepping: each interval between output times is split into equal steps ≤ Δt; the time of step k
// is t_start + k h (never accumulated).
//
// Adaptive stepping. Acceptance: a step is accepted when its local error estimate (L1 norm, i.e. in
// probability mass) satisfies
//     err ≤ tolerance + relative_tolerance · ‖p_{n+1} − p_n‖₁.
// The absolute part alone controls the error of the mass moved per step, and that is what limits the
// steps of a decaying transient: a mode of amplitude a(t) ∝ e^{−λt} has local error ≈ C a (λΔt)³
// (C ≈ 0.04 for TR-BDF2), so an absolute test lets Δt grow only like a(t)^{−1/3}, doubling every
// 3 ln2/λ time units. A small tolerance therefore costs thousands of steps (the 1-D OU test, 1e-8:
// 1586 steps to t = 20), a large one stops resolving the slowest mode long before it is negligible
// (the fplanck benchmark, 1e-4: 77 steps, but an L1 time error at t = 20 of 40× the spatial error).
// The relative part asks the error to be a fraction of what the step changes, ≈ a λΔt, so
// err/‖Δp‖ ≈ C(λΔt)² fixes λΔt ≈ √(ρ/C): each mode is followed with the same relative error, ≈ ρ per
// unit of λt, for as long as its change per step exceeds tolerance/ρ. After that the absolute part
// takes over, the L-stable stepper damps what is left and the steps grow geometrically, so the cost to an
// end time T is bounded independently of T.
//
// Step sizes are Δt₀·2ᵏ (Δt₀ = min(dt, max_dt), k an integer ≥ −30), so the factorisations of a
// stepper are reused whenever a size recurs. With q the order of the local error (3 for the second-order
// steppers here), after an accepted step the size is multiplied by the largest 2ʲ, j ≤ 4, for which the
// predicted error err·2^{qj} is at most half of the predicted bound tolerance + ρ‖Δp‖₁·2ʲ (no growth
// right after a rejection, never beyond max_dt); after a rejection it is divided by the smallest 2ʲ,
// 1 ≤ j ≤ 4, for which the same prediction passes (by 2 for a non-finite estimate). Times are integers
// in units of Δt₀·2⁻³⁰ from the last output time (never accumulated). A remainder to the next output
// time shorter than the step is taken in one step: of a size Δt₀·2ᵏ when the remainder is one (e.g.
// t = 20 from 0 with Δt₀ = 0.025 and steps of 0.2 land without a remainder at all), otherwise of a new
// size (one more factorisation for that output).
#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace ito::fokker_planck {

/// Work done by an evolution (to show that the cost does not grow with the end time).
struct StepStats {
  std::size_t steps = 0, rejected = 0, factorizations = 0;
  double smallest_dt = std::numeric_limits<double>::infinity(), largest_dt = 0.0;
};

/// Called after every accepted step with the new time and state; output_index ≥ 0 when t is
/// output_times[output_index], −1 otherwise.
using StepObserver = std::function<void(double t, const Eigen::VectorXd& p, int output_index)>;

struct StepControl {
  double dt = 1e-3;               ///< fixed step (shortened to land on output times), or the first adaptive step
  bool adaptive = false;
  double tolerance = 1e-7;        ///< adaptive: absolute L1 local error per step
  double relative_tolerance = 0;  ///< adaptive: local error as a fraction of the step's L1 change
  double max_dt = std::numeric_limits<double>::infinity();
  int error_order = 3;            ///< the local error estimate scales like Δt^error_order
  /// Bound on the steps taken (accepted and rejected): a fixed-step run that needs more is refused before its
  /// first step, an adaptive one stops when it reaches the bound; both with a WorkLimitError.
  std::int64_t max_steps = std::numeric_limits<std::int64_t>::max();

  /// The controls of a stepper's settings (TimeStepping, AdiStepping: dt, adaptive, tolerance,
  /// relative_tolerance, max_dt, max_steps); both steppers' error estimates scale like Δt³.
  template <class Settings>
  static StepControl from(const Settings& s) {
    return {s.dt, s.adaptive, s.tolerance, s.relative_tolerance, s.max_dt, 3, s.max_steps};
  }
};

/// Steps a fixed-step run takes from t0 through `output_times` with step dt (each interval split into equal
/// steps ≤ dt), as a double (it may exceed any integer type).
double fixed_step_count(double t0, const std::vector<double>& output_times, double dt);

/// What a step reports: its local error estimate (only when asked) and the L1 norm of its change
/// ‖p_{n+1} − p_n‖₁ (weighted by the cell volume, like the estimate).
struct StepReport {
  double error = 0.0, change = 0.0;
};

/// Takes one step of size h from (t, p) into `next` (never aliasing p); estimates its error if `estimate`.
using Stepper =
    std::function<StepReport(double t, double h, const Eigen::VectorXd& p, Eigen::VectorXd& next, bool estimate)>;

/// Advances p from t0 through the increasing `output_times` (all > t0), landing exactly on each; adds to
/// `stats` (whose factorisation count the stepper keeps). Throws ParameterError for an invalid
/// configuration, NumericalError (naming `who`, the step and the time) for a non-finite state or an
/// adaptive step size underflow, WorkLimitError beyond control.max_steps. Advances the progress bar
/// "fokker-planck" (core/progress.hpp) by the fraction of the time span covered.
void advance(const Stepper& step, Eigen::VectorXd& p, double t0, const std::vector<double>& output_times,
             const StepControl& control, const StepObserver& observer, const std::string& who, StepStats& stats);

}  // namespace ito::fokker_planck
