#pragma once
// Every diagnostic of a scalar quantity at once (mean, sd, quantiles, R-hat, ESS, MCSE; see draws.hpp,
// rhat.hpp, ess.hpp, mcse.hpp), with ranks and order statistics computed once, and the summaries of all
// quantities of a run stored chain-major.
//
// A summary needs at least one chain with one draw (mean, sd and quantiles are then defined); the
// chain-based diagnostics are NaN when a draw is non-finite, all draws are equal or a split chain (N/2 draws)
// has fewer than 4 draws (draws_usable). (Stan additionally returns NaN when all chains start from the same
// value; we do not, since chains started from a common point are legitimate.) Cost: O(S log S) for S draws,
// one sort (ranks, folded ranks — merged from the same order in O(S) — and quantiles), then O(S) per lag of
// the five ESS estimates. convergence() computes only R-hat and bulk-ESS (one ESS instead of five).
#include <limits>
#include <vector>

#include "ito/diagnostics/draws.hpp"

namespace ito::diagnostics {

/// Diagnostics of one scalar quantity.
struct Summary {
  double mean = 0.0, sd = 0.0;
  double mcse_mean = 0.0, mcse_sd = 0.0;
  double rhat = 0.0;       ///< max(rhat_bulk, rhat_tail) (the defined one when the other is NaN)
  double rhat_bulk = 0.0;  ///< rank-normalised split R-hat
  double rhat_tail = 0.0;  ///< rank-normalised folded split R-hat
  double ess_bulk = 0.0, ess_tail = 0.0;
  double ess_mean = 0.0;  ///< ESS of the raw split chains (the one behind mcse_mean)
  double q5 = 0.0, q50 = 0.0, q95 = 0.0;
};

/// What a convergence check needs: R-hat = max(bulk, tail) and bulk-ESS, equal to summarize()'s (and the two
/// R-hats behind the first).
struct Convergence {
  double rhat, ess_bulk;
  double rhat_bulk = std::numeric_limits<double>::quiet_NaN(), rhat_tail = std::numeric_limits<double>::quiet_NaN();
};
Convergence convergence(const ChainDraws& draws);

/// All diagnostics of one quantity [chains, draws] (single_chain() for one sequence). `known`: convergence()
/// of the same draws, taken over instead of computed again (the result is the same).
Summary summarize(const ChainDraws& draws, const Convergence* known = nullptr);

/// Summaries of every quantity of a run stored chain-major as draws[(c · stride + i) · quantities + q]
/// (c < chains, i < iterations, stride ≥ iterations = draws per chain kept so far): the layout of a sampler
/// that writes iteration i of chain c into a preallocated array. Only the first `iterations` draws of
/// every chain are used, so a sampler can call it every K iterations on the draws so far. Quantities are
/// processed in parallel (each independently, so results do not depend on the thread count).
/// `known`: convergence_of_quantities() of the same draws, or null.
std::vector<Summary> summarize_quantities(const double* draws, int chains, int stride, int iterations, int quantities,
                                          const std::vector<Convergence>* known = nullptr);
/// convergence() of every quantity, same layout.
std::vector<Convergence> convergence_of_quantities(const double* draws, int chains, int stride, int iterations,
                                                   int quantities);

}  // namespace ito::diagnostics
