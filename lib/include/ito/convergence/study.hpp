#pragma once
// Strong and weak convergence studies over a ladder of step sizes, every level driven by the same Brownian
// path (so the error differences between levels are not blurred by independent noise).
//
// For each path p and level k (step dt_k) a path sampler supplies
//   err[k] = |X_T^{dt_k} − X_T^{ref}|    (Euclidean norm; ref = exact solution on the same path, or a fine-step
//                                         reference on the same path for self-convergence)
//   g[k]   = g(X_T^{dt_k}),   g_ref = g(X_T^{ref}).
// Strong error: mean |err| and RMS error at T, with their Monte Carlo standard errors.
// Weak error: E g(X^{dt}) − E g(X) is estimated as the mean of g[k] − g_ref on the same paths. Because
// E g(X_T^{ref}) equals the exact expectation when the reference is the exact solution, this is an unbiased
// estimator of the weak error whose variance is that of the *difference* (strong-error sized), which is what
// makes weak orders measurable at all; its standard error is reported next to it. The plain estimate
// mean(g[k]) − exact, with its much larger standard error, is reported too when the exact expectation is known.
// Orders are fitted by least squares on log-log with a 95% CI (bootstrap over batches of paths + lack of fit;
// order_fit.hpp).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ito/convergence/order_fit.hpp"
#include "ito/core/mpi.hpp"
#include "ito/core/statistics.hpp"

namespace ito::convergence {

/// The bootstrap resamples batches of paths, at most this many (fewer paths: one path per batch).
inline constexpr std::size_t kBootstrapBatches = 4096;

struct StudyOptions {
  std::vector<double> dt;       // step sizes, any order
  std::size_t paths = 10000;
  std::uint32_t seed = 1;       // seeds the bootstrap resampling (the paths are seeded by the sampler)
  int bootstrap = 200;          // bootstrap resamples for the confidence intervals
  std::optional<double> weak_exact;  // exact E g(X_T), if known
};

struct StudyResult {
  std::vector<double> dt;
  std::vector<double> strong_error, strong_error_se;  // mean |X − X_ref|
  std::vector<double> strong_rms, strong_rms_se;      // sqrt(mean |X − X_ref|²)
  std::vector<double> weak_error, weak_error_se;      // |mean(g − g_ref)|, and SE of the mean difference
  std::vector<double> weak_signed;                    // mean(g − g_ref)
  std::vector<double> weak_plain, weak_plain_se;      // mean(g) − exact (if exact known), SE of mean(g)
  double reference_mean = 0, reference_se = 0;        // mean(g_ref) and its SE
  OrderFit strong_fit, strong_rms_fit, weak_fit;
  bool weak_fit_valid = false;  // false if some weak error is not resolved (|bias| < 2 SE) — then the fit is noise
  double max_strong_error = 0;
};

/// The statistics of a study, accumulated path by path in path order (so a study of 10⁸ paths needs no
/// per-path storage): running means and variances per level, and the sums of the bootstrap's batches of
/// paths (at most kBootstrapBatches, fixed by the path count alone). The result is the same, bit for bit,
/// as summarising stored samples in path order, whatever the number of threads that simulated them.
class StudyAccumulator {
 public:
  StudyAccumulator(const StudyOptions& options, std::size_t levels);
  /// Adds the next path: err[k] = |X^{dt_k} − X^{ref}|, g[k] = g(X^{dt_k}) for each level k, g_ref = g(X^{ref}).
  /// Throws NumericalError naming the path and the level of a non-finite value.
  void add(const double* err, const double* g, double g_ref);
  std::size_t paths_added() const { return added_; }
  /// Statistics, order fits and bootstrap intervals; needs every one of options.paths paths added.
  StudyResult result() const;

 private:
  StudyOptions options_;
  std::size_t levels_, added_ = 0, batches_, batch_ = 0, batch_end_;
  std::vector<core::RunningStats> abs_, sq_, diff_, g_;
  core::RunningStats ref_;
  std::vector<double> count_, batch_abs_, batch_sq_, batch_diff_;  // per batch (× levels)
};

/// Paths simulated between two summaries: the memory of a study is this many paths' samples, not all of them.
inline constexpr std::size_t kStudyChunk = std::size_t{1} << 16;

/// Runs sampler(path, err, g, g_ref) for every path (in parallel over fixed blocks of paths, chunk by chunk)
/// and accumulates the samples in path order. The sampler must be a pure function of the path index (its
/// randomness keyed by the path).
template <class PathSampler>
StudyResult run_study(const StudyOptions& options, PathSampler&& sampler) {
  const std::size_t L = options.dt.size();
  StudyAccumulator acc(options, L);
  std::vector<double> err, g, g_ref;
  for (std::size_t first = 0; first < options.paths; first += kStudyChunk) {
    const std::size_t n = std::min(kStudyChunk, options.paths - first);
    err.assign(n * L, 0.0);
    g.assign(n * L, 0.0);
    g_ref.assign(n, 0.0);
    const std::vector<core::mpi::ItemArray> samples{{err.data(), L}, {g.data(), L}, {g_ref.data(), 1}};
    core::mpi::distributed_blocks(n, 256, samples, [&](std::size_t, std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) sampler(first + i, &err[i * L], &g[i * L], g_ref[i]);
    });
    for (std::size_t i = 0; i < n; ++i) acc.add(&err[i * L], &g[i * L], g_ref[i]);
  }
  return acc.result();
}

}  // namespace ito::convergence
