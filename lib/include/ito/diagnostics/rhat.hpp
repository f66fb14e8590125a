#pragma once
// The potential scale reduction R-hat: classic (Gelman et al., BDA3 eq. 11.4) and the rank-normalised split
// R-hat of Vehtari, Gelman, Simpson, Carpenter, Bürkner (2021, Bayesian Analysis 16(2), §4.3), as Stan's
// analysis code (stan::analyze, Stan 2.35) and the R package `posterior` compute it.
//
// R-hat of m chains of n draws: W = mean of the within-chain variances (n − 1 denominators), B/n = variance
// of the chain means, var⁺ = (n − 1)/n · W + B/n, R-hat = sqrt(var⁺ / W).
// Bulk R-hat = R-hat of the rank-normalised split chains (draws.hpp); tail R-hat = R-hat of the
// rank-normalised folded split chains |x − median|; the reported R-hat is max(bulk, tail) (summary.hpp).
// Taking the maximum is what reproduces Stan's own test fixture: there the tail value is the larger for one
// quantity and the bulk value for the other, and the classic split R-hat on the raw draws matches neither
// (tests/diagnostics/rhat_test.cpp; the numbers are in the README).
#include <vector>

#include "ito/diagnostics/draws.hpp"

namespace ito::diagnostics {

/// R-hat of the chains exactly as given (no splitting, no ranks); NaN unless there are >= 2 chains that
/// pass draws_usable; +∞ when every chain is constant (at different values).
double potential_scale_reduction(const ChainDraws& chains);

/// Bulk and tail rank-normalised split R-hat.
struct SplitRhat {
  double bulk, tail;
};
/// NaN (both) when a draw is non-finite, all draws are equal or a split chain is shorter than 4 draws.
SplitRhat rank_normalized_split_rhat(const ChainDraws& draws);

/// Classic split R-hat on the raw draws (Gelman et al. BDA3), for comparison.
double split_rhat(const ChainDraws& draws);

namespace detail {
/// Bulk and tail R-hat from the rank-normalised values of checked split chains and their sorted order
/// (computed once by a caller that needs them for ESS too).
SplitRhat rhat_of_split(const Eigen::MatrixXd& ranked, const Order& order);
}  // namespace detail

}  // namespace ito::diagnostics
