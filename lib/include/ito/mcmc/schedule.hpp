#pragma once
// When the chains of a run meet. Chains run independently between synchronisation points; at one, all
// chains have done the same number of iterations and the run may pool their metric windows, take
// diagnostics, write a checkpoint or stop. The points are the end of warmup, the end of every metric window
// (warmup adaptation), stop_after, every multiple of the checkpoint interval, and every diagnostics interval
// of sampling. Since every random number is a function of (seed, purpose, chain, iteration), where the points
// lie changes no draw: a run stopped and resumed at any of them is the uninterrupted run.
#include <cstdint>
#include <vector>

#include "ito/mcmc/adaptation.hpp"
#include "ito/mcmc/run_settings.hpp"

namespace ito::mcmc {

class Schedule {
 public:
  explicit Schedule(const RunSettings& settings);

  /// Warmup plus sampling iterations.
  std::int64_t total() const { return warmup_ + draws_; }
  /// The metric windows of warmup (none when the metric is not adapted).
  const std::vector<MetricWindow>& windows() const { return windows_; }

  /// The first synchronisation point after iteration t (t < total()); total() when there is none before.
  std::int64_t next(std::int64_t t) const;
  /// A metric window ends at t: pool the windows and set the metric.
  bool ends_metric_window(std::int64_t t) const;
  /// Diagnostics are due at t (a diagnostics interval of sampling, before the end).
  bool diagnostics_due(std::int64_t t) const;
  /// A periodic checkpoint is due at t.
  bool checkpoint_due(std::int64_t t) const;
  /// The run stops at t with a checkpoint (stop_after).
  bool stop_due(std::int64_t t) const;
  /// Draws per chain kept after t iterations: ⌈(t − warmup) / thin⌉, 0 during warmup.
  std::int64_t kept_after(std::int64_t t) const;

 private:
  std::int64_t warmup_, draws_, thin_, stop_after_, checkpoint_interval_, diagnostics_interval_;
  std::vector<MetricWindow> windows_;
};

}  // namespace ito::mcmc
