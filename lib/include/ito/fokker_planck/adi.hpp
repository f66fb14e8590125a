#pragma once
// Alternating-direction implicit (ADI) time stepping of the 2-D Fokker–Planck equation, L = Lx + Ly + Lxy,
// with the mixed-derivative part Lxy explicit as these schemes prescribe (In 't Hout & Welfert 2009):
//
//  Douglas:             Y0 = U + Δt L U
//                       Yj = Y_{j−1} + θΔt (Lj Yj − Lj U),  j = x, y;        U⁺ = Yy
//  Hundsdorfer–Verwer:  Douglas to Yy, then
//                       Ỹ0 = Y0 + ½Δt (L Yy − L U)
//                       Ỹj = Ỹ_{j−1} + θΔt (Lj Ỹj − Lj Yy),  j = x, y;      U⁺ = Ỹy
// Douglas is order 2 only without mixed term and θ = ½ (order 1 otherwise); Hundsdorfer–Verwer is order 2
// for every θ and unconditionally stable with mixed terms for θ ≥ ½ + √3/6 (the default).
// Each implicit stage solves with I − θΔt Lx (block tridiagonal along x-lines) or I − θΔt Ly, factorised
// once per step size. Requires time-independent coefficients.
//
// Adaptive stepping by step doubling: one step of Δt against two of Δt/2, local error ‖U_{Δt/2,Δt/2} −
// U_Δt‖₁ / (2² − 1), the two-half-step result kept; step sizes from the controller shared with the sparse
// implicit steppers (step_control.hpp: sizes Δt₀·2ᵏ, so factorisations are reused).
#include <Eigen/Dense>
#include <limits>
#include <string>
#include <vector>

#include "ito/fokker_planck/generator.hpp"
#include "ito/fokker_planck/time_stepping.hpp"

namespace ito::fokker_planck {

enum class AdiScheme { douglas, hundsdorfer_verwer };
AdiScheme adi_scheme_from_string(const std::string& name);  // "douglas" | "hundsdorfer_verwer"
std::string to_string(AdiScheme s);

struct AdiStepping {
  AdiScheme scheme = AdiScheme::hundsdorfer_verwer;
  double theta = 0.5 + 0.28867513459481288225;  ///< ½ + √3/6
  double dt = 1e-3;
  bool adaptive = false;
  double tolerance = 1e-7;  ///< adaptive: local error per step, L1 norm (absolute part)
  double relative_tolerance = 0.0;  ///< adaptive: plus this fraction of the step's L1 change (step_control.hpp)
  double max_dt = std::numeric_limits<double>::infinity();
  std::int64_t max_steps = std::numeric_limits<std::int64_t>::max();  ///< step_control.hpp
  bool operator==(const AdiStepping&) const = default;
};

/// Advances p (cell densities on a grid with cell volume `cell_volume`) through `output_times`.
StepStats evolve_adi(const Generator2D& generator, double cell_volume, Eigen::VectorXd& p, double t0,
                     const std::vector<double>& output_times, const AdiStepping& stepping,
                     const StepObserver& observer = {});

}  // namespace ito::fokker_planck
