#pragma once
// Maximum-likelihood Gaussian mixtures by expectation–maximisation (Dempster, Laird, Rubin 1977).
//
// Start: k-means++ seeding (Arthur & Vassilvitskii 2007) on the training points, drawn from
// NormalStream(seed, Purpose::fit), then one hard assignment to the nearest centre gives the initial
// weights, means and covariances. The held-out points (a fraction of the data, chosen by a seeded random
// permutation, path 0 of the same stream) are never used for fitting; their log-likelihood per point is
// reported at every iteration, the honest measure of over-fitting.
//
// Covariance floor: each M-step covariance has its eigenvalues (variances) clipped from below at
// covariance_floor. Clipping is the exact maximiser of the M-step objective over {Σ ⪰ floor·I} (the objective
// −log|Σ| − tr(Σ⁻¹S) is maximised over that set by Σ = Q max(Λ, floor) Qᵀ for S = QΛQᵀ), so EM stays a
// monotone ascent of the training log-likelihood (which adding the floor to the diagonal would not
// guarantee); the test checks that it never decreases.
//
// Reproducibility: the E-step runs over fixed blocks of points (core::parallel_blocks), partial sufficient
// statistics are merged in block order, covariances are accumulated centred in a second pass, so the result
// is bitwise the same for any thread count.
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <vector>

#include "ito/priors/gaussian_mixture.hpp"

namespace ito::priors {

struct EmOptions {
  int components = 10;
  CovarianceType covariance = CovarianceType::full;
  int max_iterations = 200;
  double tolerance = 1e-6;         // stop when the train log-likelihood per point rises by less than this
  double covariance_floor = 1e-6;  // eigenvalues (variances) clipped from below at this value
  double heldout_fraction = 0.1;   // in [0, 1); 0: no held-out set
  std::uint32_t seed = 1;
  /// Called after the log-likelihoods of each iteration (0 = the initial mixture) are known, from the calling
  /// thread: (iteration, train log-likelihood per point, held-out one or NaN). For progress reports only.
  std::function<void(int, double, double)> on_iteration = {};
};

struct EmResult {
  GaussianMixture mixture;
  /// Log-likelihood per point of the initial mixture and after every M-step (iterations + 1 entries); the
  /// last entry is that of `mixture`. heldout_log_likelihood is empty when heldout_fraction = 0.
  std::vector<double> train_log_likelihood, heldout_log_likelihood;
  int iterations = 0;  // M-steps performed
  bool converged = false;
  int train_points = 0, heldout_points = 0;
};

/// Fits a K-component mixture to the columns of data (d × N). Throws ito::ParameterError for bad options
/// (components < 1, floor ≤ 0, fraction outside [0, 1), …), non-finite data, or fewer distinct training
/// points than components.
EmResult fit_gaussian_mixture(const Eigen::MatrixXd& data, const EmOptions& options);

/// The number of the N points fit_gaussian_mixture holds out: round(fraction · N), halves rounded up. Which
/// points they are depends on the seed; how many does not.
Eigen::Index heldout_count(Eigen::Index points, double heldout_fraction);

/// Bytes fit_gaussian_mixture allocates for `points` points of dimension `dim` (the data itself included):
/// the training and held-out copies, the responsibilities (K × n), the E-step's per-block sums, and the
/// M-step's per-block covariance sums (up to 32 blocks × K d² doubles for full covariances) beside the
/// mixture's own. An estimate for refusing, before it starts, a fit that cannot fit into memory.
double fit_memory_bytes(Eigen::Index dim, Eigen::Index points, const EmOptions& options);

}  // namespace ito::priors
