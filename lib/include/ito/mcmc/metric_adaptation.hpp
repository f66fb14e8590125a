#pragma once
// The end of a metric window: every chain has added the draws of the window to its own accumulator; they
// are merged in chain order (Chan et al.; the order fixes the rounding, so the pooled estimate does not
// depend on which thread ran which chain), regularised as Stan does (adaptation.hpp) and become the inverse
// metric all chains share from the next iteration on:
//   diagonal: a = n/(n + 5) · σ̂² + 10⁻³ · 5/(n + 5);
//   dense:    A = n/(n + 5) · C + 10⁻³ · 5/(n + 5) · I = L Lᵀ (Cholesky), kept as L, with a = diag(L Lᵀ).
// (The runner then searches a new step size and restarts dual averaging in every chain.)
#include <cstdint>
#include <vector>

#include "ito/mcmc/adaptation.hpp"
#include "ito/mcmc/chain.hpp"

namespace ito::mcmc {

/// The window accumulators of all chains merged in chain order.
VarianceAccumulator pool_metric_windows(const std::vector<ChainState>& chains, int dim, bool dense);

/// Sets state.inverse_metric (and, dense, state.inverse_metric_factor) from a pooled window ending at
/// iteration t. Throws NumericalError naming t when the regularised dense covariance is not positive definite.
void set_metric_from_window(RunState& state, const VarianceAccumulator& pooled, bool dense, std::int64_t t);

}  // namespace ito::mcmc
