#pragma once
// Kinetic (underdamped) Langevin dynamics integrated with the BAOAB splitting (Leimkuhler & Matthews 2013,
// "Rational construction of stochastic numerical methods for molecular sampling", AMRX):
//   dX = A P dt,  dP = ∇log π(X) dt − γ P dt + √(2γ) A^{−1/2} dW,
// invariant law π(x) ⊗ N(0, A⁻¹) for the momentum (A = diag(a) is the inverse metric). One step of size h:
//   B: p ← p + (h/2) ∇log π(x)
//   A: x ← x + (h/2) A p
//   O: p ← c p + √(1 − c²) A^{−1/2} ξ,  c = e^{−γh}   (the exact Ornstein–Uhlenbeck flow of the momentum)
//   A: x ← x + (h/2) A p
//   B: p ← p + (h/2) ∇log π(x)
// one gradient per step (the last B's gradient is the next step's first). The scheme has no accept step;
// its configurational bias is O(h²) (and vanishes for Gaussian targets as γ → ∞).
//
// Adaptation signal (documented choice): the deterministic parts B·A and A·B do "shadow work" (Sivak, Chodera
// & Crooks 2013, Phys. Rev. X 3, 011007)
//   W = ΔH over the whole step − ΔK over the O step,   H = −log π(x) + ½ pᵀ A p,  K = ½ pᵀ A p,
// which is the energy error a Metropolis test would see; warmup drives min(1, e^{−W}) to the target
// acceptance by dual averaging (the same rule as MALA), unless the user fixes h. The step-size search probes
// one leapfrog step from a fresh momentum, as Stan's init_stepsize does.
//
// Warmup is Metropolised (documented choice, as for ULA): with `metropolize = true` the step is accepted
// with probability min(1, e^{−W}) and otherwise the chain keeps its position with the momentum reversed
// (the generalised-HMC convention), so that the too-large steps dual averaging tries early in warmup are
// rejected instead of sending the unadjusted dynamics to infinity. Sampling is unadjusted.
#include <Eigen/Core>
#include <cmath>

#include "ito/mcmc/chain.hpp"

namespace ito::mcmc {

struct KineticLangevin {
  static constexpr const char* name = "kinetic";
  static constexpr bool has_momentum = true;

  static double kinetic_energy(const Eigen::VectorXd& p, const Eigen::VectorXd& inverse_metric) {
    return 0.5 * p.cwiseAbs2().dot(inverse_metric);
  }

  /// One BAOAB step with friction γ, noise ξ (dim numbers); u is unused.
  template <class T>
  static StepStatistics step(const T& target, const Eigen::VectorXd& inverse_metric,
                             const Eigen::VectorXd& sqrt_inverse_metric, double h, double friction,
                             const double* xi, double u, ChainState& state, LangevinWorkspace& ws,
                             bool metropolize = false) {
    const auto n = state.position.size();
    const Eigen::Map<const Eigen::VectorXd> noise(xi, n);
    Eigen::VectorXd& p = state.momentum;
    const double log_density_before = state.log_density;
    if (metropolize) {
      ws.saved_position = state.position;
      ws.saved_gradient = state.gradient;
      ws.saved_momentum = p;
    }
    const double h_start = -state.log_density + kinetic_energy(p, inverse_metric);
    p += (0.5 * h) * state.gradient;                                   // B
    ws.proposal = state.position + (0.5 * h) * inverse_metric.cwiseProduct(p);  // A
    const double kinetic_before_o = kinetic_energy(p, inverse_metric);
    const double c = std::exp(-friction * h);                          // O (exact OU)
    p = c * p + std::sqrt(1.0 - c * c) * noise.cwiseQuotient(sqrt_inverse_metric);
    const double heat = kinetic_energy(p, inverse_metric) - kinetic_before_o;
    ws.proposal += (0.5 * h) * inverse_metric.cwiseProduct(p);         // A
    const double lp = target.log_density_gradient(ws.proposal, ws.proposal_gradient);
    ++state.gradient_evaluations;
    p += (0.5 * h) * ws.proposal_gradient;                             // B
    state.position.swap(ws.proposal);
    state.gradient.swap(ws.proposal_gradient);
    state.log_density = lp;
    StepStatistics s;
    s.finite = std::isfinite(lp) && state.position.allFinite() && state.gradient.allFinite() && p.allFinite();
    const double shadow_work = (-lp + kinetic_energy(p, inverse_metric)) - h_start - heat;
    s.accept_stat = !s.finite || std::isnan(shadow_work) ? 0.0 : (shadow_work <= 0.0 ? 1.0 : std::exp(-shadow_work));
    if (metropolize && !(s.finite && std::log(u) < -shadow_work)) {  // rejected: back, momentum reversed
      state.position.swap(ws.saved_position);
      state.gradient.swap(ws.saved_gradient);
      p = -ws.saved_momentum;
      state.log_density = log_density_before;
      s.accepted = false;
      s.finite = true;
    }
    return s;
  }

  /// Acceptance probability exp(−ΔH) of one leapfrog step of size h from x with momentum p = A^{−1/2} ξ.
  template <class T>
  static double probe(const T& target, const Eigen::VectorXd& inverse_metric,
                      const Eigen::VectorXd& sqrt_inverse_metric, double h, const double* xi, ChainState& state,
                      LangevinWorkspace& ws) {
    const auto n = state.position.size();
    const Eigen::Map<const Eigen::VectorXd> noise(xi, n);
    ws.mean = noise.cwiseQuotient(sqrt_inverse_metric);  // momentum
    const double h_start = -state.log_density + kinetic_energy(ws.mean, inverse_metric);
    ws.mean += (0.5 * h) * state.gradient;
    ws.proposal = state.position + h * inverse_metric.cwiseProduct(ws.mean);
    const double lp = target.log_density_gradient(ws.proposal, ws.proposal_gradient);
    ++state.gradient_evaluations;
    ws.mean += (0.5 * h) * ws.proposal_gradient;
    const double delta = (-lp + kinetic_energy(ws.mean, inverse_metric)) - h_start;
    if (!std::isfinite(delta)) return 0.0;
    return delta <= 0.0 ? 1.0 : std::exp(-delta);
  }
};

}  // namespace ito::mcmc
