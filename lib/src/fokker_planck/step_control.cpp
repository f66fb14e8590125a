#include "ito/fokker_planck/step_control.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include "ito/core/error.hpp"
#include "ito/core/progress.hpp"

namespace ito::fokker_planck {

namespace {

constexpr int kSubdivisions = 30;  // adaptive steps may shrink to Δt₀·2⁻³⁰
constexpr int kMaxLevel = 61;      // step sizes in ticks are 2^level < 2^62
constexpr int kMaxFactorExponent = 4;  // grow or shrink by at most 2⁴ = 16 per step

void check_finite(const Eigen::VectorXd& p, const std::string& who, std::size_t step, double t) {
  if (!p.allFinite()) detail::throw_error<NumericalError>(who, ": non-finite density at step ", step, " (t = ", t, ")");
}

// Does a step 2ʲ times the one just taken (j may be negative) pass the acceptance test by a factor 2,
// if the error scales like Δt^order and the change like Δt?
bool predicted_to_pass(const StepReport& r, int j, const StepControl& c) {
  const double scale = std::ldexp(1.0, j);
  return r.error * std::pow(scale, c.error_order) <= 0.5 * (c.tolerance + c.relative_tolerance * r.change * scale);
}

}  // namespace

double fixed_step_count(double t0, const std::vector<double>& output_times, double dt) {
  double steps = 0, t_start = t0;
  for (double t_end : output_times) {
    steps += std::max(1.0, std::ceil((t_end - t_start) / dt * (1.0 - 1e-12)));
    t_start = t_end;
  }
  return steps;
}

void advance(const Stepper& step, Eigen::VectorXd& p, double t0, const std::vector<double>& output_times,
             const StepControl& control, const StepObserver& observer, const std::string& who, StepStats& stats) {
  if (!(control.dt > 0.0) || !std::isfinite(control.dt))
    detail::throw_error<ParameterError>(who, ": time step dt must be finite and > 0, got ", control.dt);
  if (!(control.max_dt > 0.0))
    detail::throw_error<ParameterError>(who, ": max_dt must be > 0, got ", control.max_dt);
  if (control.adaptive && !(control.tolerance > 0.0))
    detail::throw_error<ParameterError>(who, ": adaptive tolerance must be > 0, got ", control.tolerance);
  if (control.adaptive && !(control.relative_tolerance >= 0.0))
    detail::throw_error<ParameterError>(who, ": adaptive relative tolerance must be ≥ 0, got ",
                                        control.relative_tolerance);
  if (control.adaptive && control.error_order < 1)
    detail::throw_error<ParameterError>(who, ": error order must be ≥ 1, got ", control.error_order);
  double previous = t0;
  for (double t : output_times) {
    if (!(t > previous) || !std::isfinite(t))
      detail::throw_error<ParameterError>("output times must be finite, increase and exceed the start time ", t0);
    previous = t;
  }

  Eigen::VectorXd next(p.size());
  // The bar shows the fraction of [t0, last output] covered, in thousandths.
  core::Progress progress("fokker-planck", 1000);
  const double whole_span = output_times.empty() ? 0.0 : output_times.back() - t0;
  std::uint64_t shown = 0;
  const auto accept = [&](double t, double h, int output) {
    check_finite(next, who, stats.steps, t);
    p.swap(next);
    ++stats.steps;
    stats.smallest_dt = std::min(stats.smallest_dt, h);
    stats.largest_dt = std::max(stats.largest_dt, h);
    if (observer) observer(t, p, output);
    const auto done = static_cast<std::uint64_t>(std::clamp(1000.0 * (t - t0) / whole_span, 0.0, 1000.0));
    if (done > shown) {
      progress.advance(done - shown);
      shown = done;
    }
  };
  const double base = std::min(control.dt, control.max_dt);
  double t_start = t0;

  if (!control.adaptive) {
    const double needed = fixed_step_count(t0, output_times, base);
    if (needed > static_cast<double>(control.max_steps))
      detail::throw_error<WorkLimitError>(who, ": a step of ", base, " needs ", needed, " steps to t = ",
                                          output_times.back(), ", more than the limit of ", control.max_steps);
    for (std::size_t out = 0; out < output_times.size(); ++out) {
      const double t_end = output_times[out];
      const auto steps = static_cast<std::size_t>(std::max(1.0, std::ceil((t_end - t_start) / base * (1.0 - 1e-12))));
      const double h = (t_end - t_start) / static_cast<double>(steps);
      for (std::size_t k = 0; k < steps; ++k) {
        const double t = t_start + static_cast<double>(k) * h;
        const bool last = k + 1 == steps;
        step(t, h, p, next, false);
        accept(last ? t_end : t_start + static_cast<double>(k + 1) * h, h, last ? static_cast<int>(out) : -1);
      }
      t_start = t_end;
    }
    return;
  }

  // Adaptive: time in integer ticks of Δt₀·2⁻³⁰ since the last output; the step is 2^level ticks.
  const double tick = std::ldexp(base, -kSubdivisions);
  int max_level = kSubdivisions;
  while (max_level < kMaxLevel && std::ldexp(base, max_level + 1 - kSubdivisions) <= control.max_dt) ++max_level;
  int level = kSubdivisions;
  bool after_rejection = false;
  for (std::size_t out = 0; out < output_times.size(); ++out) {
    const double t_end = output_times[out], span = t_end - t_start;
    const double span_ticks = span / tick;
    if (!(span_ticks < std::ldexp(1.0, kMaxLevel)))
      detail::throw_error<ParameterError>(who, ": output interval ", span, " is too long for the initial step ", base,
                                          " (more than 2^31 initial steps)");
    // An interval that is a multiple of the tick (e.g. of Δt₀) is covered by whole ticks; otherwise the
    // last step is stretched or shortened by less than a tick to land on t_end.
    const auto total = std::max<std::int64_t>(1, std::llround(span_ticks));
    const double mismatch = std::fabs(static_cast<double>(total) * tick - span);
    const bool on_lattice = mismatch <= 1e-12 * std::max(std::fabs(t_end), span);
    std::int64_t n = 0;
    while (n < total) {
      // Land on t_end: a remainder shorter than the step is taken in one step, of a size used before
      // when it is a power-of-two fraction of the step, otherwise of a new size (one new factorisation).
      const std::int64_t remaining = total - n;
      int step_level = level;
      std::int64_t ticks = std::int64_t{1} << level;
      if (ticks >= remaining) {
        ticks = remaining;
        step_level = std::bit_width(static_cast<std::uint64_t>(remaining)) - 1;
      }
      const bool last = ticks == remaining;
      const double t = t_start + static_cast<double>(n) * tick;
      const bool power_of_two = (ticks & (ticks - 1)) == 0;
      const double h = last && !on_lattice ? t_end - t
                       : power_of_two      ? std::ldexp(base, step_level - kSubdivisions)
                                           : static_cast<double>(ticks) * tick;
      if (static_cast<std::int64_t>(stats.steps + stats.rejected) >= control.max_steps)
        detail::throw_error<WorkLimitError>(who, ": adaptive stepping reached the limit of ", control.max_steps,
                                            " steps (", stats.rejected, " rejected) at t = ", t, " of ",
                                            output_times.back(), " (step ", h, ")");
      const StepReport r = step(t, h, p, next, true);
      const bool finite = std::isfinite(r.error) && std::isfinite(r.change);
      if (!finite || !(r.error <= control.tolerance + control.relative_tolerance * r.change)) {
        ++stats.rejected;
        int j = 1;
        while (finite && j < kMaxFactorExponent && !predicted_to_pass(r, -j, control)) ++j;
        level = step_level - j;
        after_rejection = true;
        if (level < 0 || std::ldexp(base, level - kSubdivisions) < 1e-14 * std::max(1.0, std::fabs(t_end)))
          detail::throw_error<NumericalError>(who, ": adaptive step size underflow at step ", stats.steps, " (t = ", t,
                                              ", error estimate ", r.error, ")");
        continue;
      }
      n += ticks;
      accept(last ? t_end : t_start + static_cast<double>(n) * tick, h, last ? static_cast<int>(out) : -1);
      if (step_level == level && !after_rejection) {  // a full step (not one shortened to land)
        int j = 0;
        while (j < kMaxFactorExponent && level + j + 1 <= max_level && predicted_to_pass(r, j + 1, control)) ++j;
        level += j;
      }
      after_rejection = false;
    }
    t_start = t_end;
  }
}

}  // namespace ito::fokker_planck
