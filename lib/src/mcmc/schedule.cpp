#include "ito/mcmc/schedule.hpp"

namespace ito::mcmc {

Schedule::Schedule(const RunSettings& s)
    : warmup_(s.warmup),
      draws_(s.draws),
      thin_(s.thin),
      stop_after_(s.stop_after),
      checkpoint_interval_(s.checkpoint_interval),
      diagnostics_interval_(s.diagnostics_interval),
      windows_(s.sampler.adapt_metric ? metric_windows(s.warmup) : std::vector<MetricWindow>{}) {}

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

bool Schedule::diagnostics_due(std::int64_t t) const {
  return t > warmup_ && diagnostics_interval_ > 0 && (t - warmup_) % diagnostics_interval_ == 0 && t < total();
}

bool Schedule::checkpoint_due(std::int64_t t) const {
  return checkpoint_interval_ > 0 && t % checkpoint_interval_ == 0;
}

bool Schedule::stop_due(std::int64_t t) const { return stop_after_ > 0 && t == stop_after_; }

std::int64_t Schedule::kept_after(std::int64_t t) const { return t > warmup_ ? (t - warmup_ + thin_ - 1) / thin_ : 0; }

}  // namespace ito::mcmc
