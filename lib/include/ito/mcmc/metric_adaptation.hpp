#pragma once
// The end of a metric window: the inverse metric all chains share from the next iteration on, and whether
// it has settled.
//
// Pooling. Every chain adds the positions x of the window and the gradients g = ∇log π(x) to two
// accumulators, one per half of the window. The 2m half-windows (m chains) are merged in chain order (Chan et
// al.; the order fixes the rounding, so the estimate does not depend on which thread ran which chain) into
// the sample covariances C_x and C_g of all N draws.
//
// Estimate. Stan takes A = C_x. For a Gaussian target, g = −Σ⁻¹(x − μ), so C_g = Σ⁻¹ C_x Σ⁻¹ for ANY set of
// draws, and A = Σ is the solution of
//   A C_g A = C_x                          (dense;  A = R⁻ᵀ (Rᵀ C_x R)^{1/2} R⁻¹ with C_g = R Rᵀ),
//   a_i = (Var x_i / Var g_i)^{1/2}        (diagonal),
// exactly, whether or not the draws have explored the target yet, while C_x alone is right only once they
// have. For any target it is the A of the Gaussian N(μ, A) closest to π in the Fisher divergence
// E_π‖A^{1/2}∇log π(x) + A^{−1/2}(x − μ)‖² = tr(A C_g) + tr(A⁻¹ C_x) + const (minimised over μ): setting the
// derivative to 0 gives the equation above (Tran & Kleppe, "Tuning diagonal scale matrices for HMC", Stat.
// Comput. 34, 2024, for the diagonal). A Metropolis–Langevin sampler mixes in proportion to the condition
// number of the target in its metric, so its early windows explore little, and this estimate is what lets
// warmup recover from a poor first metric (measured in the README: the 30-coefficient logistic regression
// of problems/mcmc_logistic_wdbc.toml).
//
// Shrinkage (dense). A is estimated from N draws and its correlations carry their sampling noise: pure
// noise for a target whose correlations are 0 (the noise spreads the eigenvalues of a d × d estimate over
// (1 ± √(d/N))², Marchenko–Pastur, and the sampler is slow in the directions it underestimates), and for
// d ≥ N the covariances are singular. The correlations r_ij of A are shrunk towards 0 with Ledoit & Wolf's
// intensity ("A well-conditioned estimator for large-dimensional covariance matrices", J. Multivariate Anal.
// 88, 2004), written for correlations as Schäfer & Strimmer do (Stat. Appl. Genet. Mol. Biol. 4(1), 2005)
// with the sampling variance (1 − r²)²/N of a correlation:
//   λ = min(1, Σ_{i<j} (1 − r_ij²)²/N / Σ_{i<j} r_ij²),   A ← D^{1/2} ((1 − λ) R + λ I) D^{1/2},
// D = diag(A), R its correlation matrix. The variances stay; (1 − λ) R + λ I has every eigenvalue ≥ λ, so
// the result is positive definite and well-conditioned even for d ≫ N, where λ → 1 and A becomes the
// diagonal estimate. When N ≤ d (or C_x or C_g is singular) C_x and C_g are shrunk the same way first, so
// that the equation has a positive definite solution. (λ uses the number of draws N, not an effective number:
// shrinking well-determined correlations because the chains are still slow makes the metric worse and the
// chains slower; and shrinking C_x and C_g apart when they are not singular would break the Gaussian
// identity above.)
//
// Regularisation (Stan's, towards a small multiple of the identity), with n = N:
//   diagonal: a ← n/(n + 5) · a + 10⁻³ · 5/(n + 5);
//   dense:    A ← n/(n + 5) · A + 10⁻³ · 5/(n + 5) · I = L Lᵀ (Cholesky), kept as L, with a = diag(L Lᵀ).
//
// Settling. The change from the metric A₀ in force during the window to the new A is the spread of the
// generalised eigenvalues μ of (A, A₀) (diagonal: a_i/a₀_i): change = max μ / min μ (a common factor is
// absorbed by the step size, so only the shape counts): a sampler with A₀ where A is right is up to
// `change` times slower. And the spread of the half-window means measures how stationary the window was:
// with n_h draws, mean x̄_h of half-window h and grand mean x̄,
//   τ̂_i = [Σ_h n_h (x̄_hi − x̄_i)² / (2m − 1)] / W_i,   W_i = Σ_h M2_hi / Σ_h (n_h − 1),
// is about 1 for independent draws and the integrated autocorrelation time for a stationary chain, and it
// grows when the window drifts (its halves disagree); τ̂ = mean_i τ̂_i (clamped to [1, N/2m]). The metric
// has settled when change ≤ metric_settle_ratio and every half-window holds at least 10 effective draws,
// N/(2m) ≥ 10 τ̂ (the R-hat of the half-windows is then about 1.05 or less). Otherwise the runner adds a
// window (runner.hpp, schedule.hpp).
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "ito/mcmc/adaptation.hpp"
#include "ito/mcmc/chain.hpp"
#include "ito/mcmc/run_settings.hpp"

namespace ito::mcmc {

/// The pooled window of all chains and the autocorrelation time its half-windows show.
struct PooledWindow {
  WindowAccumulator pooled;           ///< all positions and gradients of the window, merged in chain order
  double half_windows = 0.0;          ///< 2m, or fewer when a half-window was empty
  double autocorrelation_time = 1.0;  ///< τ̂ of the positions (see the file comment)
};

/// Merges the half-window accumulators of all chains in chain order and estimates τ̂.
PooledWindow pool_metric_windows(const std::vector<ChainState>& chains, int dim, bool dense);

/// The Ledoit–Wolf intensity λ ∈ [0, 1] for the correlations of `covariance` estimated from `draws` draws
/// (1 when there are no correlations to estimate: d = 1 or all r_ij = 0).
double correlation_shrinkage(const Eigen::MatrixXd& covariance, double draws);

/// The new inverse metric from a pooled window (see the file comment): a vector (diagonal) or a matrix
/// (dense), with the shrinkage λ of its correlations (0 for diagonal).
struct MetricEstimate {
  Eigen::VectorXd diagonal;  ///< diagonal metric a (dense: the diagonal of A)
  Eigen::MatrixXd dense;     ///< dense metric A (empty for diagonal)
  double shrinkage = 0.0;
};
MetricEstimate estimate_metric(const PooledWindow& window, bool dense);

/// max μ / min μ over the generalised eigenvalues μ of (new metric, metric in `state`).
double metric_change(const RunState& state, const MetricEstimate& estimate);

/// change ≤ settle_ratio and N/(2m) ≥ 10 τ̂ (see the file comment).
bool metric_settled(const PooledWindow& window, double change, double settle_ratio);

/// Makes `estimate` the metric of `state` (dense: its Cholesky factor). Throws NumericalError naming the
/// iteration t at which the window ended when the dense metric is not positive definite (non-finite
/// draws; shrinkage and regularisation keep every finite estimate positive definite).
void set_metric(RunState& state, const MetricEstimate& estimate, std::int64_t t);

}  // namespace ito::mcmc
