#pragma once
// Metropolis-adjusted Langevin algorithm (Roberts & Tweedie 1996), with a diagonal preconditioner.
//
// With inverse metric A = diag(a) (a = 1: plain MALA; a = pooled warmup variances: preconditioned MALA,
// Roberts & Stramer 2002), step size h (the time step of the Langevin diffusion dX = ½A∇log π dt + A^{1/2}dW)
// and ξ ~ N(0, I):
//   proposal      x' = x + (h/2) A ∇log π(x) + √h A^{1/2} ξ,
//   log q(x'|x)   = −|x' − x − (h/2) A ∇log π(x)|²_{A⁻¹} / (2h)  (= −|ξ|²/2),
//   log α         = log π(x') − log π(x) + log q(x|x') − log q(x'|x),
//   accept when log u < log α, u ~ U(0,1).
// The chain is reversible with respect to π for every h > 0. The optimal acceptance rate in high dimension
// is 0.574 (Roberts & Rosenthal 1998), the default dual-averaging target. A proposal whose density or
// gradient is not finite is rejected (acceptance statistic 0).
#include <Eigen/Core>
#include <Eigen/Dense>
#include <cmath>

#include "ito/mcmc/chain.hpp"

namespace ito::mcmc {

/// min(1, e^{log α}).
inline double acceptance_probability(double log_alpha) { return log_alpha >= 0.0 ? 1.0 : std::exp(log_alpha); }

/// Makes the proposal left in ws (position, gradient, log density lp) the chain's state.
inline void move_to_proposal(ChainState& state, LangevinWorkspace& ws, double lp) {
  state.position.swap(ws.proposal);
  state.gradient.swap(ws.proposal_gradient);
  state.log_density = lp;
}

/// The Metropolis–Hastings decision shared by the MALA variants: accept when log u < log α.
inline StepStatistics metropolis_decision(double log_alpha, double u, double lp, ChainState& state,
                                          LangevinWorkspace& ws) {
  StepStatistics s;
  s.accept_stat = acceptance_probability(log_alpha);
  s.accepted = std::log(u) < log_alpha;
  if (s.accepted) move_to_proposal(state, ws, lp);
  return s;
}

/// MALA transition; the noise (ξ and u) comes from the caller.
struct Mala {
  static constexpr const char* name = "mala";
  static constexpr bool has_momentum = false;

  /// log α of moving from `state` to the proposal built from ξ with step h; leaves the proposal, its
  /// gradient and log density in ws (proposal_gradient) and returns log π(x') through `proposal_log_density`.
  template <class T>
  static double log_acceptance_ratio(const T& target, const Eigen::VectorXd& inverse_metric,
                                     const Eigen::VectorXd& sqrt_inverse_metric, double h, const double* xi,
                                     ChainState& state, LangevinWorkspace& ws, double& proposal_log_density) {
    const auto n = state.position.size();
    const Eigen::Map<const Eigen::VectorXd> noise(xi, n);
    const double sqrt_h = std::sqrt(h);
    ws.proposal = state.position + (0.5 * h) * inverse_metric.cwiseProduct(state.gradient) +
                  sqrt_h * sqrt_inverse_metric.cwiseProduct(noise);
    proposal_log_density = target.log_density_gradient(ws.proposal, ws.proposal_gradient);
    ++state.gradient_evaluations;
    if (!std::isfinite(proposal_log_density) || !ws.proposal_gradient.allFinite()) return -INFINITY;
    // backward residual x − x' − (h/2) A ∇log π(x'), measured in the A⁻¹ norm
    ws.scratch = state.position - ws.proposal - (0.5 * h) * inverse_metric.cwiseProduct(ws.proposal_gradient);
    const double log_q_backward = -ws.scratch.cwiseAbs2().cwiseQuotient(inverse_metric).sum() / (2.0 * h);
    const double log_q_forward = -0.5 * noise.squaredNorm();
    const double log_alpha = proposal_log_density - state.log_density + log_q_backward - log_q_forward;
    return std::isnan(log_alpha) ? -INFINITY : log_alpha;
  }

  /// One transition with noise ξ (dim numbers) and uniform u ∈ (0,1).
  template <class T>
  static StepStatistics step(const T& target, const Eigen::VectorXd& inverse_metric,
                             const Eigen::VectorXd& sqrt_inverse_metric, double h, double /*friction*/,
                             const double* xi, double u, ChainState& state, LangevinWorkspace& ws,
                             bool /*metropolize: always*/ = true) {
    double lp;
    const double log_alpha = log_acceptance_ratio(target, inverse_metric, sqrt_inverse_metric, h, xi, state, ws, lp);
    return metropolis_decision(log_alpha, u, lp, state, ws);
  }

  /// Acceptance probability of a trial proposal with step h and noise ξ (the state is not changed except
  /// its gradient-evaluation counter); used by the step-size search.
  template <class T>
  static double probe(const T& target, const Eigen::VectorXd& inverse_metric,
                      const Eigen::VectorXd& sqrt_inverse_metric, double h, const double* xi, ChainState& state,
                      LangevinWorkspace& ws) {
    double lp;
    const double log_alpha = log_acceptance_ratio(target, inverse_metric, sqrt_inverse_metric, h, xi, state, ws, lp);
    return acceptance_probability(log_alpha);
  }
};

/// MALA with a dense inverse metric A = L Lᵀ (L lower triangular, the Cholesky factor of the pooled warmup
/// covariance; adaptation.hpp):
///   proposal      x' = x + (h/2) A ∇log π(x) + √h L ξ,
///   log q(x'|x)   = −|L⁻¹(x' − x − (h/2) A ∇log π(x))|² / (2h)  (= −|ξ|²/2),
/// and the same acceptance rule as Mala (the normalising constants det(L) cancel). With L = diag(√a) it is
/// Mala with inverse metric a. Allocation-free: the products and the triangular solve work in ws.
struct MalaDense {
  static constexpr const char* name = "mala";
  static constexpr bool has_momentum = false;

  template <class T>
  static double log_acceptance_ratio(const T& target, const Eigen::MatrixXd& inverse_metric,
                                     const Eigen::MatrixXd& factor, double h, const double* xi, ChainState& state,
                                     LangevinWorkspace& ws, double& proposal_log_density) {
    const auto n = state.position.size();
    const Eigen::Map<const Eigen::VectorXd> noise(xi, n);
    const double sqrt_h = std::sqrt(h);
    ws.mean.noalias() = inverse_metric * state.gradient;
    ws.scratch.noalias() = factor.triangularView<Eigen::Lower>() * noise;
    ws.proposal = state.position + (0.5 * h) * ws.mean + sqrt_h * ws.scratch;
    proposal_log_density = target.log_density_gradient(ws.proposal, ws.proposal_gradient);
    ++state.gradient_evaluations;
    if (!std::isfinite(proposal_log_density) || !ws.proposal_gradient.allFinite()) return -INFINITY;
    // backward residual r = x − x' − (h/2) A ∇log π(x'), measured as |L⁻¹ r|
    ws.mean.noalias() = inverse_metric * ws.proposal_gradient;
    ws.scratch = state.position - ws.proposal - (0.5 * h) * ws.mean;
    factor.triangularView<Eigen::Lower>().solveInPlace(ws.scratch);
    const double log_q_backward = -ws.scratch.squaredNorm() / (2.0 * h);
    const double log_q_forward = -0.5 * noise.squaredNorm();
    const double log_alpha = proposal_log_density - state.log_density + log_q_backward - log_q_forward;
    return std::isnan(log_alpha) ? -INFINITY : log_alpha;
  }

  template <class T>
  static StepStatistics step(const T& target, const Eigen::MatrixXd& inverse_metric, const Eigen::MatrixXd& factor,
                             double h, double /*friction*/, const double* xi, double u, ChainState& state,
                             LangevinWorkspace& ws, bool /*metropolize: always*/ = true) {
    double lp;
    const double log_alpha = log_acceptance_ratio(target, inverse_metric, factor, h, xi, state, ws, lp);
    return metropolis_decision(log_alpha, u, lp, state, ws);
  }

  template <class T>
  static double probe(const T& target, const Eigen::MatrixXd& inverse_metric, const Eigen::MatrixXd& factor, double h,
                      const double* xi, ChainState& state, LangevinWorkspace& ws) {
    double lp;
    const double log_alpha = log_acceptance_ratio(target, inverse_metric, factor, h, xi, state, ws, lp);
    return acceptance_probability(log_alpha);
  }
};

}  // namespace ito::mcmc
