#pragma once
// Brownian-bridge corrections for continuously monitored path functionals on a time grid.
//
// Between grid points the path is approximated by a Brownian bridge Y_s = y0 + b (W_s − ...) pinned at
// Y_0 = y0, Y_h = y1 with frozen coefficient b (exact when Y is a Brownian motion with drift, e.g. log S
// for geometric Brownian motion; otherwise the coefficient is frozen at the left point as in Giles,
// "Improved multilevel Monte Carlo convergence using the Milstein scheme", 2008). For c ≤ min(y0, y1)
// (Karatzas & Shreve, Brownian Motion and Stochastic Calculus, §2.8; reflection principle):
//   P( min_{[0,h]} Y ≤ c | y0, y1 ) = exp(−2 (y0 − c)(y1 − c) / (b² h)),
// so the minimum is sampled exactly by inversion with U ~ Uniform(0, 1):
//   min = ½ ( y0 + y1 − √((y1 − y0)² − 2 b² h ln U) ),
// and symmetrically for the maximum and for an upper level.
#include <algorithm>
#include <cmath>

namespace ito::feynman_kac {

/// Probability that the bridge from y0 to y1 over time h with coefficient b reaches `level` below both
/// endpoints; 1 when an endpoint is at or below the level. The exponent is floored at −700: below it the
/// probability is under 1e-304, 1 − p rounds to 1 either way, and exp stays off libm's slow underflow path
/// (taken at random in the lane loops of the path kernel, where it costs a mispredicted branch each time).
inline double bridge_crossing_probability_below(double y0, double y1, double b, double h, double level) {
  const double d0 = y0 - level, d1 = y1 - level;
  if (d0 <= 0.0 || d1 <= 0.0) return 1.0;
  return std::exp(std::max(-700.0, -2.0 * d0 * d1 / (b * b * h)));
}

/// Probability that the bridge reaches `level` above both endpoints; 1 when an endpoint is at or above it.
inline double bridge_crossing_probability_above(double y0, double y1, double b, double h, double level) {
  return bridge_crossing_probability_below(-y0, -y1, b, h, -level);
}

/// Exact sample of the bridge minimum from a uniform u ∈ (0, 1).
inline double bridge_minimum(double y0, double y1, double b, double h, double u) {
  const double d = y1 - y0;
  return 0.5 * (y0 + y1 - std::sqrt(d * d - 2.0 * b * b * h * std::log(u)));
}

/// Exact sample of the bridge maximum from a uniform u ∈ (0, 1).
inline double bridge_maximum(double y0, double y1, double b, double h, double u) {
  const double d = y1 - y0;
  return 0.5 * (y0 + y1 + std::sqrt(d * d - 2.0 * b * b * h * std::log(u)));
}

}  // namespace ito::feynman_kac
