#pragma once
// Effective sample size as Vehtari, Gelman, Simpson, Carpenter, Bürkner (2021, Bayesian Analysis 16(2),
// §3.2, eqs. 10–13) define it and Stan computes it.
//
// With S draws in m chains of n: per-chain autocovariances γ̂_t = (1/n) Σ_i (x_i − x̄)(x_{i+t} − x̄) (the
// biased estimator), ρ̂_t = 1 − (W − mean over chains of γ̂_t) / var⁺ with W and var⁺ as for R-hat (rhat.hpp);
// sums of pairs P̂_k = ρ̂_{2k} + ρ̂_{2k+1} are truncated at the first negative pair (Geyer's initial positive
// sequence) and made monotone (initial monotone sequence); τ̂ = −1 + 2 Σ_{t<T} ρ̂_t + ρ̂_{T+1}, where the
// last term is the next even-lag autocorrelation when it is positive (the "antithetic" correction, paper
// p. 8); τ̂ ≥ 1/log10(S), i.e. ESS = S/τ̂ ≤ S·log10(S).
// Bulk-ESS = ESS of the rank-normalised split chains; tail-ESS = min of the ESS of the split-chain
// indicators I(x ≤ q_0.05) and I(x ≥ q_0.95) (quantiles of all pooled draws).
//
// Cost: the Geyer truncation usually stops after a few lags, so lags below 64 are summed directly when
// first needed (O(n) each), and all lags come from one FFT per chain (O(n log n)) only when more are needed.
#include <vector>

#include "ito/diagnostics/draws.hpp"

namespace ito::diagnostics {

/// Biased autocovariance γ̂_t, t = 0..n−1, of one sequence (FFT, zero-padded to a power of two ≥ 2n).
Eigen::VectorXd autocovariance(const Eigen::Ref<const Eigen::VectorXd>& x);

/// ESS of the chains exactly as given (no splitting, no ranks): Geyer initial monotone sequence combined
/// across chains, with the antithetic correction and the S·log10(S) cap. NaN unless the draws pass
/// draws_usable.
double effective_sample_size(const ChainDraws& chains);

/// Bulk-ESS and tail-ESS.
struct SplitEss {
  double bulk, tail;
};
SplitEss rank_normalized_split_ess(const ChainDraws& draws);

namespace detail {
/// Bulk and tail ESS from checked split chains, their rank-normalised values and their sorted order.
SplitEss ess_of_split(const Eigen::MatrixXd& split, const Eigen::MatrixXd& ranked, const Order& order);
/// Tail ESS alone (that of ess_of_split): the smaller ESS of the indicators of the 5% and 95% quantiles.
double tail_ess_of_split(const Eigen::MatrixXd& split, const Order& order);
}  // namespace detail

}  // namespace ito::diagnostics
