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
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ito/convergence/order_fit.hpp"
#include "ito/core/parallel.hpp"

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

/// Per-path samples: row-major paths × levels.
struct StudySamples {
  std::size_t paths = 0, levels = 0;
  std::vector<double> err, g, g_ref;  // err/g: paths × levels; g_ref: paths
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

/// Statistics of a finished set of samples (deterministic: fixed-order sums, seeded bootstrap).
StudyResult summarize(const StudyOptions& options, const StudySamples& samples);

/// Runs sampler(path, err, g, g_ref) for every path (in parallel over fixed blocks of paths) and summarises.
/// The sampler must be a pure function of the path index (its randomness keyed by the path).
template <class PathSampler>
StudyResult run_study(const StudyOptions& options, PathSampler&& sampler) {
  StudySamples s;
  s.paths = options.paths;
  s.levels = options.dt.size();
  s.err.assign(s.paths * s.levels, 0.0);
  s.g.assign(s.paths * s.levels, 0.0);
  s.g_ref.assign(s.paths, 0.0);
  core::parallel_blocks(s.paths, 256, [&](std::size_t, std::size_t begin, std::size_t end) {
    for (std::size_t p = begin; p < end; ++p)
      sampler(p, &s.err[p * s.levels], &s.g[p * s.levels], s.g_ref[p]);
  });
  return summarize(options, s);
}

}  // namespace ito::convergence
