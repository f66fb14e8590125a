#pragma once
// Progress reporting for long runs (DESIGN.md §5): a one-line bar on stderr, redrawn at most ten times a
// second, with the elapsed time and an estimate of the time left. Off by default, so that the library is
// silent; the `ito` driver switches it on when stderr is a terminal (and not with --quiet). Reporting never
// touches the numerics: advance() only adds to an atomic counter, from any thread, so results stay bitwise
// the same with or without a bar. A bar with total 0 counts without a total ("12000000 samples, 3.4 s"), for
// work whose amount is decided on the way (multilevel Monte Carlo). A ProgressScope makes a bar the ambient
// one, which core::parallel_blocks advances by the items of every block it finishes: a command shows the
// progress of a library loop without the loop knowing about bars.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace ito::core {

/// Whether Progress bars are drawn (process-wide).
inline std::atomic<bool>& progress_enabled() {
  static std::atomic<bool> enabled{false};
  return enabled;
}

/// True when stderr is a terminal (the only case in which the driver turns progress bars on).
inline bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

class Progress {
 public:
  /// A bar for `total` units of work, e.g. Progress("converge sriw1", paths); total 0: a count of `unit`.
  Progress(std::string label, std::uint64_t total, std::string unit = "")
      : label_(std::move(label)), unit_(std::move(unit)), total_(total), enabled_(progress_enabled().load()),
        start_(Clock::now()) {}
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Records n more units done; thread-safe. Draws when the last drawing is at least 100 ms old.
  void advance(std::uint64_t n = 1) {
    const std::uint64_t done = done_.fetch_add(n, std::memory_order_relaxed) + n;
    if (!enabled_) return;
    const std::int64_t now = elapsed_ms();
    std::int64_t last = last_draw_ms_.load(std::memory_order_relaxed);
    if (now - last < 100 || !last_draw_ms_.compare_exchange_strong(last, now)) return;
    const std::uint64_t total = total_.load(std::memory_order_relaxed);
    if (total == 0)
      count(done, now);
    else
      draw(std::min(done, total), now);
  }

  /// Adds n units to the total (a run that decides to do more work: MCMC warmup or sampling extended).
  void extend(std::uint64_t n) { total_.fetch_add(n, std::memory_order_relaxed); }

  /// Clears the line (the command's summary follows on stdout).
  ~Progress() {
    if (!drawn_.load()) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }

 private:
  using Clock = std::chrono::steady_clock;

  std::int64_t elapsed_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start_).count();
  }

  void draw(std::uint64_t done, std::int64_t ms) {
    constexpr int width = 30;
    const double fraction = static_cast<double>(done) / static_cast<double>(total_.load(std::memory_order_relaxed));
    const int filled = static_cast<int>(fraction * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    const double seconds = ms / 1000.0;
    const double left = fraction > 0 ? seconds * (1.0 - fraction) / fraction : 0.0;
    std::fprintf(stderr, "\r\033[K%s [%s] %3.0f%%  %.1f s, ~%.0f s left", label_.c_str(), bar.c_str(),
                 100.0 * fraction, seconds, left);
    std::fflush(stderr);
    drawn_.store(true);
  }

  void count(std::uint64_t done, std::int64_t ms) {
    std::fprintf(stderr, "\r\033[K%s  %llu %s, %.1f s", label_.c_str(), static_cast<unsigned long long>(done),
                 unit_.c_str(), ms / 1000.0);
    std::fflush(stderr);
    drawn_.store(true);
  }

  std::string label_, unit_;
  std::atomic<std::uint64_t> total_;
  bool enabled_;
  Clock::time_point start_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<std::int64_t> last_draw_ms_{0};
  std::atomic<bool> drawn_{false};
};

/// The bar core::parallel_blocks advances (nullptr: none).
inline std::atomic<Progress*>& ambient_progress() {
  static std::atomic<Progress*> current{nullptr};
  return current;
}

/// Makes `bar` the ambient bar for the lifetime of the scope.
class ProgressScope {
 public:
  explicit ProgressScope(Progress& bar) : previous_(ambient_progress().exchange(&bar)) {}
  ~ProgressScope() { ambient_progress().store(previous_); }
  ProgressScope(const ProgressScope&) = delete;
  ProgressScope& operator=(const ProgressScope&) = delete;

 private:
  Progress* previous_;
};

}  // namespace ito::core
