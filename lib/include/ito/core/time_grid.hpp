#pragma once
// A uniform time grid: the interval [t0, t_end] cut into N equal steps,
//   h = (t_end − t0)/N,   t_n = t0 + n h  (0 ≤ n < N),   t_N = t_end.
// Every time is computed from its index, never accumulated (adding h N times would drift by up to N/2 ulp
// of t); the last point is t_end itself, so a grid ends where it was asked to. Coarsening by r (N/r steps)
// and refining by r (N r steps) keep the interval: for r a power of two, their step sizes are exactly r h
// and h/r, and their points coincide with the fine points bitwise.
//
// Used by every path simulation: the Brownian increments of a path (sde::BrownianIncrements), the one-path
// integrators (schemes::integrate_path), the path kernels of ito::monte_carlo and the Feynman–Kac problems.
#include <cstdint>

#include "ito/core/error.hpp"

namespace ito::core {

class TimeGrid {
 public:
  /// [t0, t_end] in `steps` equal steps; requires t_end > t0 and steps >= 1.
  TimeGrid(double t0, double t_end, std::int64_t steps) : t0_(t0), t_end_(t_end), steps_(steps) {
    ITO_REQUIRE(t_end > t0 && steps >= 1,
                "a time grid needs t_end > t0 and at least one step (got [" << t0 << ", " << t_end << "] in "
                                                                            << steps << " steps)");
    h_ = (t_end - t0) / static_cast<double>(steps);
  }

  double t0() const { return t0_; }
  double t_end() const { return t_end_; }
  std::int64_t steps() const { return steps_; }
  double step_size() const { return h_; }
  /// t_n = t0 + n h; t_N = t_end.
  double time(std::int64_t n) const { return n == steps_ ? t_end_ : t0_ + static_cast<double>(n) * h_; }

  /// The same interval in steps/factor steps (factor must divide the number of steps).
  TimeGrid coarsened(std::int64_t factor) const {
    ITO_REQUIRE(factor >= 1 && steps_ % factor == 0,
                "coarsening factor " << factor << " must divide the number of steps " << steps_);
    return {t0_, t_end_, steps_ / factor};
  }
  /// The same interval in steps·factor steps.
  TimeGrid refined(std::int64_t factor) const {
    ITO_REQUIRE(factor >= 1, "refinement factor " << factor << " must be >= 1");
    return {t0_, t_end_, steps_ * factor};
  }

 private:
  double t0_, t_end_;
  std::int64_t steps_;
  double h_;
};

}  // namespace ito::core
