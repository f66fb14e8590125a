#pragma once
// Unadjusted Langevin algorithm: the Euler–Maruyama discretisation of the (preconditioned) Langevin
// diffusion dX = ½ A ∇log π(X) dt + A^{1/2} dW, every proposal accepted:
//   x' = x + (h/2) A ∇log π(x) + √h A^{1/2} ξ,   ξ ~ N(0, I).
// The chain is biased: its stationary law differs from π by O(h). For a Gaussian target N(0, s²) (A = 1)
// x' = (1 − h/(2s²)) x + √h ξ is an AR(1) process with stationary variance
//   s² / (1 − h/(4s²))     (from v = (1 − h/(2s²))² v + h),
// which the statistical tests reproduce.
//
// Adaptation signal (documented choice): ULA has no accept step, so warmup adapts h by dual averaging on the
// acceptance probability MALA would have had for the same proposal (mala.hpp, computed from the density and
// gradient at x' that ULA needs anyway, so at no extra cost), with the same target 0.574. This keeps the
// O(h) bias at the level of a well-tuned MALA step; `sampler.adapt_step_size = false` uses the user's h.
// A non-finite point is a numerical blow-up (the runner reports chain and iteration).
//
// Warmup is Metropolised (documented choice): while the step size is being adapted, dual averaging tries
// steps up to ~10× too large, which an unadjusted chain cannot survive (it is sent to infinity, e.g. in
// the funnel of a hierarchical model). With `metropolize = true` the same proposal is accepted with the
// MALA probability, i.e. warmup runs MALA; sampling (metropolize = false) is the unadjusted chain.
#include <Eigen/Core>
#include <cmath>

#include "ito/mcmc/chain.hpp"
#include "ito/mcmc/mala.hpp"

namespace ito::mcmc {

struct Ula {
  static constexpr const char* name = "ula";
  static constexpr bool has_momentum = false;

  template <class T>
  static StepStatistics step(const T& target, const Eigen::VectorXd& inverse_metric,
                             const Eigen::VectorXd& sqrt_inverse_metric, double h, double /*friction*/,
                             const double* xi, double u, ChainState& state, LangevinWorkspace& ws,
                             bool metropolize = false) {
    double lp;
    const double log_alpha =
        Mala::log_acceptance_ratio(target, inverse_metric, sqrt_inverse_metric, h, xi, state, ws, lp);
    StepStatistics s;
    s.accept_stat = acceptance_probability(log_alpha);
    s.accepted = true;
    s.finite = std::isfinite(lp) && ws.proposal.allFinite() && ws.proposal_gradient.allFinite();
    if (metropolize && !(std::log(u) < log_alpha)) {  // rejected: the state is unchanged
      s.accepted = false;
      s.finite = true;
      return s;
    }
    move_to_proposal(state, ws, lp);
    return s;
  }

  template <class T>
  static double probe(const T& target, const Eigen::VectorXd& inverse_metric,
                      const Eigen::VectorXd& sqrt_inverse_metric, double h, const double* xi, ChainState& state,
                      LangevinWorkspace& ws) {
    return Mala::probe(target, inverse_metric, sqrt_inverse_metric, h, xi, state, ws);
  }
};

}  // namespace ito::mcmc
