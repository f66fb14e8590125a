#pragma once
// When the chains of a run meet, and how long the run is. Chains run independently between synchronisation
// points; at one, all chains have done the same number of iterations and the run may pool their metric
// windows, decide to extend warmup or sampling, take diagnostics, write a checkpoint or stop. The points are
// the end of every metric window, the end of warmup, stop_after, every multiple of the checkpoint interval,
// every diagnostics interval of sampling, and the end of sampling. Since every random number is a function
// of (seed, purpose, chain, iteration), where the points lie changes no draw: a run stopped and resumed at
// any of them is the uninterrupted run.
//
// The plan (RunState: warmup_length, metric_extensions, sampling_length) starts as Stan's: warmup =
// settings.warmup with Stan's windows (adaptation.hpp), then settings.draws sampling iterations. It grows at
// three kinds of points, each decided from the run state alone:
//  - the end of the last metric window, when the metric has not settled (metric_adaptation.hpp): another
//    window twice as long as the last (Stan's doubling), followed again by the terminal buffer — as long as
//    it fits in max_warmup and is at least as long as the last window (so its estimate is no worse);
//  - the end of warmup, when the chains' step sizes have not settled: the terminal buffer continues for as
//    many iterations as it has had (doubling), within max_warmup;
//  - the end of sampling, when the run has not converged: half the sampling iterations so far more, within
//    max_draws.
#include <cstdint>
#include <vector>

#include "ito/mcmc/adaptation.hpp"
#include "ito/mcmc/chain.hpp"
#include "ito/mcmc/run_settings.hpp"

namespace ito::mcmc {

class Schedule {
 public:
  /// The schedule of `plan` (its warmup_length, metric_extensions and sampling_length).
  Schedule(const RunSettings& settings, const RunState& plan);

  /// Planned warmup iterations.
  std::int64_t warmup() const { return warmup_; }
  /// Warmup plus sampling iterations.
  std::int64_t total() const { return warmup_ + sampling_; }
  /// The metric windows of warmup (none when the metric is not adapted).
  const std::vector<MetricWindow>& windows() const { return windows_; }

  /// The first synchronisation point after iteration t (t < total()); total() when there is none before.
  std::int64_t next(std::int64_t t) const;
  /// A metric window ends at t: pool the windows and set the metric.
  bool ends_metric_window(std::int64_t t) const;
  /// The last planned metric window ends at t (where the metric may be extended).
  bool ends_last_metric_window(std::int64_t t) const;
  /// Which half of its metric window warmup iteration t is in: 0 or 1; −1 outside every window.
  int window_half(std::int64_t t) const;
  /// Diagnostics are due at t (a diagnostics interval of sampling, before the end).
  bool diagnostics_due(std::int64_t t) const;
  /// A periodic checkpoint is due at t.
  bool checkpoint_due(std::int64_t t) const;
  /// The run stops at t with a checkpoint (stop_after).
  bool stop_due(std::int64_t t) const;
  /// Draws per chain kept after t iterations: ⌈(t − warmup) / thin⌉, 0 during warmup.
  std::int64_t kept_after(std::int64_t t) const;

  /// The plan a run starts with: Stan's warmup and windows, settings.draws sampling iterations.
  static void start(const RunSettings& settings, RunState& plan);
  /// Adds one metric window to `plan` if it fits (see the file comment); false when it does not.
  static bool extend_metric(const RunSettings& settings, RunState& plan);
  /// Lengthens the terminal buffer of `plan` if it fits; false when it does not.
  static bool extend_step(const RunSettings& settings, RunState& plan);
  /// Lengthens sampling by half if it fits in max_draws; false when it does not.
  static bool extend_sampling(const RunSettings& settings, RunState& plan);

 private:
  std::int64_t warmup_, sampling_, thin_, stop_after_, checkpoint_interval_, diagnostics_interval_;
  std::vector<MetricWindow> windows_;
};

/// The metric windows of a plan: Stan's windows for settings.warmup, then `extensions` windows each twice
/// the previous one (the last cut to max_warmup less the terminal buffer).
std::vector<MetricWindow> planned_windows(const RunSettings& settings, int extensions);

}  // namespace ito::mcmc
