#pragma once
// Stiff time stepping of linear semi-discrete equations dp/dt = L(t) p (sparse L, sparse LU solves).
//
//  - implicit Euler: (I − Δt L_{n+1}) p_{n+1} = p_n. Order 1, L-stable, positivity preserving (L Metzler).
//  - Crank–Nicolson with Rannacher start-up: (I − ½Δt L_{n+1}) p_{n+1} = (I + ½Δt L_n) p_n, order 2, A-stable
//    but not L-stable; the first `rannacher_steps` steps are each replaced by two implicit-Euler half steps
//    (Rannacher 1984), which damp the stiff modes of non-smooth initial data without losing order 2. The
//    half steps use the same matrix I − ½Δt L as Crank–Nicolson.
//  - TR-BDF2 (Bank et al. 1985; in the one-matrix form of Hosea & Shampine 1996), γ = 2 − √2, d = γ/2,
//    w = (1 − d)/2:
//        p_γ   − d Δt f_γ   = p_n + d Δt f_n                      (trapezoidal rule to t_n + γΔt)
//        p_{n+1} − d Δt f_{n+1} = p_n + w Δt (f_n + f_γ)          (BDF2)
//    Order 2, L-stable, one matrix I − dΔt L for both stages. The embedded third-order weights
//    ((1−w)/3, (3w+1)/3, d/3) give the local error estimate
//        e = Δt [ (1 − 4w)/3 f_n + ⅓ f_γ − ⅔ d f_{n+1} ],  filtered as (I − dΔt L)⁻¹ e (Shampine),
//    measured in the L1 norm Σ vol |e| (probability mass).
//
// Cost. With time-independent coefficients one LU factorisation (shifted_solver.hpp) serves every step of
// one size; adaptive TR-BDF2 uses the shared controller of step_control.hpp, whose step sizes are
// Δt₀·2ᵏ, so factorisations are reused, and whose relative tolerance follows slow transients with a
// fixed relative accuracy and lets the steps grow once they have decayed: the cost to a large end time T
// is bounded independently of T, unlike explicit stepping (∝ T / Δt_stable) or repeated matrix-exponential
// propagation. A TR-BDF2 step costs two solves, three with the error estimate.
#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "ito/fokker_planck/generator.hpp"
#include "ito/fokker_planck/step_control.hpp"

namespace ito::fokker_planck {

enum class TimeMethod { implicit_euler, crank_nicolson, tr_bdf2 };
TimeMethod time_method_from_string(const std::string& name);  // "implicit_euler" | "crank_nicolson" | "tr_bdf2"
std::string to_string(TimeMethod m);

struct TimeStepping {
  TimeMethod method = TimeMethod::tr_bdf2;
  double dt = 1e-3;        ///< fixed step (shortened to land on output times), or the first adaptive step
  bool adaptive = false;   ///< TR-BDF2 only
  double tolerance = 1e-7; ///< adaptive: accepted local error per step, L1 norm (absolute part)
  double relative_tolerance = 0.0;  ///< adaptive: plus this fraction of the step's L1 change (step_control.hpp)
  double max_dt = std::numeric_limits<double>::infinity();
  int rannacher_steps = 2; ///< Crank–Nicolson: start-up steps done as two implicit-Euler half steps each
  std::int64_t max_steps = std::numeric_limits<std::int64_t>::max();  ///< step_control.hpp
  bool operator==(const TimeStepping&) const = default;
};

/// dp/dt = generator(t) p; `cell_volume` weights the L1 error norm.
struct LinearEvolution {
  std::function<SparseMatrix(double t)> generator;
  bool time_dependent = false;
  double cell_volume = 1.0;
};

/// Advances p from t0 through the increasing `output_times` (all > t0), landing exactly on each.
/// Throws NumericalError (naming the step and time) if the state becomes non-finite or the adaptive
/// step underflows; ParameterError for an invalid configuration.
StepStats evolve(const LinearEvolution& evolution, Eigen::VectorXd& p, double t0,
                 const std::vector<double>& output_times, const TimeStepping& stepping,
                 const StepObserver& observer = {});

}  // namespace ito::fokker_planck
