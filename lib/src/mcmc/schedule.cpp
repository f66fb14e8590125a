#include "ito/mcmc/schedule.hpp"

#include <algorithm>

namespace ito::mcmc {

namespace {

/// The terminal buffer of Stan's schedule for this warmup: what follows the last window.
std::int64_t terminal_buffer(const RunSettings& s, const std::vector<MetricWindow>& stan) {
  return stan.empty() ? s.warmup : s.warmup - stan.back().end;
}

/// Size of the window after one of `last_size` ending at `begin`, within max_warmup (0 when none fits).
std::int64_t next_window_size(const RunSettings& s, std::int64_t begin, std::int64_t last_size, std::int64_t term) {
  const std::int64_t size = std::min(2 * last_size, s.max_warmup - term - begin);
  return size >= last_size ? size : 0;
}

}  // namespace

std::vector<MetricWindow> planned_windows(const RunSettings& s, int extensions) {
  if (!s.sampler.adapt_metric) return {};
  std::vector<MetricWindow> windows = metric_windows(s.warmup);
  if (windows.empty()) return windows;
  const std::int64_t term = terminal_buffer(s, windows);
  for (int k = 0; k < extensions; ++k) {
    const MetricWindow last = windows.back();
    const std::int64_t size = next_window_size(s, last.end, last.end - last.begin, term);
    if (size == 0) break;
    windows.push_back({last.end, last.end + size});
  }
  return windows;
}

Schedule::Schedule(const RunSettings& s, const RunState& plan)
    : warmup_(plan.warmup_length),
      sampling_(plan.sampling_length),
      thin_(s.thin),
      stop_after_(s.stop_after),
      checkpoint_interval_(s.checkpoint_interval),
      diagnostics_interval_(s.diagnostics_interval),
      windows_(planned_windows(s, plan.metric_extensions)) {}

void Schedule::start(const RunSettings& s, RunState& plan) {
  plan.warmup_length = s.warmup;
  plan.metric_extensions = 0;
  plan.sampling_length = s.draws;
}

bool Schedule::extend_metric(const RunSettings& s, RunState& plan) {
  const std::vector<MetricWindow> windows = planned_windows(s, plan.metric_extensions);
  if (windows.empty()) return false;
  const std::int64_t term = terminal_buffer(s, metric_windows(s.warmup));
  const MetricWindow last = windows.back();
  // only at the end of the last window, before the terminal buffer has been lengthened
  if (plan.warmup_length != last.end + term) return false;
  const std::int64_t size = next_window_size(s, last.end, last.end - last.begin, term);
  if (size == 0) return false;
  ++plan.metric_extensions;
  plan.warmup_length += size;
  return true;
}

bool Schedule::extend_step(const RunSettings& s, RunState& plan) {
  const std::vector<MetricWindow> windows = planned_windows(s, plan.metric_extensions);
  const std::int64_t buffer = plan.warmup_length - (windows.empty() ? 0 : windows.back().end);
  const std::int64_t more = std::min(buffer, s.max_warmup - plan.warmup_length);
  if (buffer <= 0 || more < buffer) return false;
  plan.warmup_length += more;
  return true;
}

bool Schedule::extend_sampling(const RunSettings& s, RunState& plan) {
  const std::int64_t more = std::min((plan.sampling_length + 1) / 2, s.max_draws - plan.sampling_length);
  if (more <= 0) return false;
  plan.sampling_length += more;
  return true;
}

std::int64_t Schedule::next(std::int64_t t) const {
  std::int64_t next = total();
  auto consider = [&](std::int64_t b) {
    if (b > t && b < next) next = b;
  };
  consider(warmup_);
  for (const auto& w : windows_) consider(w.end);
  if (stop_after_ > 0) consider(stop_after_);
  if (checkpoint_interval_ > 0) consider((t / checkpoint_interval_ + 1) * checkpoint_interval_);
  if (diagnostics_interval_ > 0 && t >= warmup_)
    consider(warmup_ + ((t - warmup_) / diagnostics_interval_ + 1) * diagnostics_interval_);
  return next;
}

bool Schedule::ends_metric_window(std::int64_t t) const {
  for (const auto& w : windows_)
    if (w.end == t) return true;
  return false;
}

bool Schedule::ends_last_metric_window(std::int64_t t) const { return !windows_.empty() && windows_.back().end == t; }

int Schedule::window_half(std::int64_t t) const {
  for (const auto& w : windows_)
    if (t >= w.begin && t < w.end) return t < w.begin + (w.end - w.begin) / 2 ? 0 : 1;
  return -1;
}

bool Schedule::diagnostics_due(std::int64_t t) const {
  return t > warmup_ && diagnostics_interval_ > 0 && (t - warmup_) % diagnostics_interval_ == 0 && t < total();
}

bool Schedule::checkpoint_due(std::int64_t t) const {
  return checkpoint_interval_ > 0 && t % checkpoint_interval_ == 0;
}

bool Schedule::stop_due(std::int64_t t) const { return stop_after_ > 0 && t == stop_after_; }

std::int64_t Schedule::kept_after(std::int64_t t) const { return t > warmup_ ? (t - warmup_ + thin_ - 1) / thin_ : 0; }

}  // namespace ito::mcmc
