#pragma once
// E[φ(X_T)] two ways on the same finite-volume grid, for cross-checks against Monte Carlo:
//  - forward:  evolve the density p from the point mass at x0, then E ≈ Σ h p_i(T) φ(x_i);
//  - backward: solve the backward Kolmogorov equation u_t + b u_x + ½σ² u_xx = 0, u(T) = φ, discretised
//    by the adjoint of the forward generator, du/dτ = L(T − τ)ᵀ u in reversed time τ = T − t, then
//    E ≈ u(0, x0) (linear interpolation between cell centres).
// The point mass at x0 is the adjoint of that interpolation (weights (1 − λ)/h, λ/h on the two nearest
// cells), so with implicit Euler and time-independent coefficients the two numbers agree to round-off
// (⟨(I − ΔtL)⁻ᴺ p₀, φ⟩ = ⟨p₀, (I − ΔtLᵀ)⁻ᴺ φ⟩); with other steppers they agree to the time-discretisation
// error. Absorbing sides kill paths (u = 0 outside): E[φ(X_T); T < τ_exit].
#include <Eigen/Dense>
#include <functional>
#include <vector>

#include "ito/fokker_planck/grid.hpp"
#include "ito/fokker_planck/model.hpp"
#include "ito/fokker_planck/time_stepping.hpp"

namespace ito::fokker_planck {

struct ExpectationEstimate {
  double forward = 0.0, backward = 0.0;
  StepStats forward_stats, backward_stats;
};

/// Cell densities of the point mass at x0 (adjoint of linear interpolation between centres).
Eigen::VectorXd point_mass(const Grid1D& grid, double x0);

/// u(0, x_i) at the cell centres: the backward Kolmogorov solution with terminal payoff φ(x_i) at time T.
Eigen::VectorXd backward_kolmogorov(const Model1D& model, const Grid1D& grid, double horizon,
                                    const std::function<double(double)>& payoff, const TimeStepping& stepping,
                                    StepStats* stats = nullptr);

/// E[φ(X_T) | X_0 = x0] by the forward and by the backward equation.
ExpectationEstimate expectation(const Model1D& model, const Grid1D& grid, double x0, double horizon,
                                const std::function<double(double)>& payoff, const TimeStepping& stepping);

}  // namespace ito::fokker_planck
