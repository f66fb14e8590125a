#pragma once
// Convergence diagnostics of MCMC draws: rank-normalised split R-hat, bulk- and tail-ESS, Monte Carlo
// standard errors and quantiles, exactly as defined by Vehtari, Gelman, Simpson, Carpenter, Bürkner (2021),
// "Rank-normalization, folding, and localization: an improved R-hat for assessing convergence of MCMC",
// Bayesian Analysis 16(2), and as computed by Stan's analysis code (stan::analyze, Stan 2.35) and the R
// package `posterior`.
//
// Conventions. The draws of one scalar quantity form a matrix with one ROW PER CHAIN and one column per
// iteration (M chains × N iterations). "Split" chains are the first and second halves of every chain
// (2M chains of ⌊N/2⌋ draws; when N is odd the middle draw is dropped).
//
// The formulas (S = total number of draws in the chains passed, n = draws per chain, m = number of chains):
//  - rank normalisation: z = Φ⁻¹((r − 3/8) / (S + 1/4)), r = rank of the draw among all S pooled draws,
//    ties get the average of their ranks (Blom's fractional offset; eq. 14 of the paper);
//  - R-hat of m chains (Gelman et al. BDA3 eq. 11.4): W = mean of within-chain variances (n − 1 denominators),
//    B/n = variance of the chain means, var⁺ = (n − 1)/n · W + B/n, R-hat = sqrt(var⁺ / W);
//  - bulk R-hat = R-hat of the rank-normalised split chains; tail R-hat = R-hat of the rank-normalised
//    folded split chains |x − median|; reported R-hat = max(bulk, tail) (paper §4.3). This is the variant
//    that reproduces Stan's test fixture (bern1..4.csv): R-hat(lp__) = 1.00073 is the tail value (bulk
//    1.000446) and R-hat(theta) = 1.006789 the bulk value (tail 1.000580); classic split R-hat on the raw
//    draws gives 1.000355 / 1.007218 and matches neither;
//  - ESS (paper §3.2, eqs. 10–13): per-chain autocovariances γ̂_t = (1/n) Σ_i (x_i − x̄)(x_{i+t} − x̄)
//    (biased estimator, by FFT), ρ̂_t = 1 − (W − mean over chains of γ̂_t) / var⁺ with W using n − 1;
//    sums of pairs P̂_k = ρ̂_{2k} + ρ̂_{2k+1} are truncated at the first negative pair (Geyer's initial
//    positive sequence) and made monotone (initial monotone sequence); τ̂ = −1 + 2 Σ_{t<T} ρ̂_t + ρ̂_{T+1}
//    where the last term is the next even-lag autocorrelation when positive (the "antithetic" correction,
//    paper p. 8); τ̂ ≥ 1/log10(S), i.e. ESS = S/τ̂ ≤ S·log10(S);
//  - bulk-ESS = ESS of the rank-normalised split chains; tail-ESS = min of the ESS of the split-chain
//    indicators I(x ≤ q_0.05) and I(x ≥ q_0.95) (quantiles of all pooled draws);
//  - MCSE of the mean = sd / sqrt(ESS of the (non-rank-normalised) split chains);
//  - MCSE of the sd (posterior package, Stan's mcse_sd): with a = |x − x̄|, E = mean(a²),
//    Var(E) ≈ (mean(a⁴) − E²) / ESS(split chains of a), Var(sd) ≈ Var(E) / (4E);
//  - quantiles: Hyndman–Fan type 7 (linear interpolation between order statistics; R's default).
// Every function returns NaN when a chain (split chain for the split variants) contains a non-finite value,
// is constant, or has fewer than 4 draws. (Stan additionally returns NaN when all chains start from the
// same value; we do not, since chains started from a common point are legitimate.)
// Cost: O(S log S) for S draws (sorting for ranks and quantiles); the autocovariances of the first 64 lags
// are summed directly and all lags come from one FFT per chain only when Geyer's truncation needs more.
#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

namespace ito::mcmc {

/// Diagnostics of one scalar quantity.
struct Summary {
  double mean = 0.0, sd = 0.0;
  double mcse_mean = 0.0, mcse_sd = 0.0;
  double rhat = 0.0;       ///< max(rhat_bulk, rhat_tail)
  double rhat_bulk = 0.0;  ///< rank-normalised split R-hat
  double rhat_tail = 0.0;  ///< rank-normalised folded split R-hat
  double ess_bulk = 0.0, ess_tail = 0.0;
  double ess_mean = 0.0;  ///< ESS of the raw split chains (the one behind mcse_mean)
  double q5 = 0.0, q50 = 0.0, q95 = 0.0;
};

/// Draws of one quantity: row c = chain c, column i = iteration i.
using ChainDraws = Eigen::Ref<const Eigen::MatrixXd>;

/// All diagnostics of one quantity. Needs at least one chain with at least one draw (mean, sd and quantiles
/// are then defined; the chain-based diagnostics are NaN below 8 draws per chain).
Summary summarize(const ChainDraws& draws);

/// Summaries of every quantity of a run stored chain-major as draws[(c · stride + i) · quantities + q]
/// (c < chains, i < iterations, stride ≥ iterations = draws per chain kept so far): the layout of a runner
/// that writes iteration i of chain c into a preallocated array. Only the first `iterations` draws of
/// every chain are used, so a runner can call it every K iterations on the draws so far. Quantities are
/// processed in parallel (each independently, so results do not depend on the thread count).
std::vector<Summary> summarize_quantities(const double* draws, int chains, int stride, int iterations,
                                          int quantities);

// ---- building blocks (public for tests and for callers that need one diagnostic) ----

/// The 2M split chains (⌊N/2⌋ draws each; the middle draw dropped when N is odd).
Eigen::MatrixXd split_chains(const ChainDraws& draws);

/// Normal scores Φ⁻¹((r − 3/8)/(S + 1/4)) of the average ranks r of all S pooled draws, same shape.
Eigen::MatrixXd rank_normalize(const ChainDraws& draws);

/// Biased autocovariance γ̂_t, t = 0..n−1, of one sequence (FFT, zero-padded to a power of two ≥ 2n).
Eigen::VectorXd autocovariance(const Eigen::Ref<const Eigen::VectorXd>& x);

/// R-hat of the chains exactly as given (no splitting, no ranks); NaN unless there are >= 2 chains that
/// pass chains_finite_and_varying.
double potential_scale_reduction(const ChainDraws& chains);

/// ESS of the chains exactly as given (no splitting, no ranks): Geyer initial monotone sequence combined
/// across chains, with the antithetic correction and the S·log10(S) cap.
double effective_sample_size(const ChainDraws& chains);

/// Bulk and tail rank-normalised split R-hat.
struct SplitRhat {
  double bulk, tail;
};
SplitRhat rank_normalized_split_rhat(const ChainDraws& draws);

/// Classic split R-hat on the raw draws (Gelman et al. BDA3), for comparison.
double split_rhat(const ChainDraws& draws);

/// Bulk-ESS and tail-ESS.
struct SplitEss {
  double bulk, tail;
};
SplitEss rank_normalized_split_ess(const ChainDraws& draws);

double mcse_mean(const ChainDraws& draws);
double mcse_sd(const ChainDraws& draws);

/// Sample quantile of type 7 (Hyndman & Fan 1996) of all pooled draws; p in [0, 1].
double quantile(const ChainDraws& draws, double p);

/// True when every chain is finite, non-constant and has at least `min_draws` draws.
bool chains_finite_and_varying(const ChainDraws& chains, int min_draws = 4);

}  // namespace ito::mcmc
