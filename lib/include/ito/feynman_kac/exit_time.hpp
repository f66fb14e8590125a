#pragma once
// Mean exit time E[τ], τ = inf{t ≥ t0 : X_t ∉ (L, U)}, of a scalar diffusion.
//
// E[τ − t0] = ∫ P(τ > s) ds, and given the grid values the probability that the path is still inside at the
// end of step k is the product w_k = Π_{j<k} q_j of the bridge survival probabilities
// q_j = 1 − p_j^lower − p_j^upper (barrier.hpp). Each path therefore contributes
//   Σ_k w_k · h · (1 + q_k)/2
// (the trapezoidal rule for the survival probability inside the step), without random killing. Compared
// with recording the first grid point outside, which overestimates τ by O(√h), the bridge correction
// leaves an O(h) bias. The path ends when w falls below `negligible_survival` or at the grid horizon; the
// horizon must be long enough that P(τ > horizon) is negligible (the estimator ignores the tail beyond it).
#include <algorithm>

#include "ito/feynman_kac/brownian_bridge.hpp"
#include "ito/feynman_kac/functional.hpp"

namespace ito::feynman_kac {

template <class Model>
struct ExitTimeFunctional {
  static_assert(Model::dim == 1 && Model::noise_dim == 1, "the exit-time functional needs a scalar model");
  static constexpr int uniforms_per_step = 0;
  static constexpr bool ends_paths = true;  // exit, or negligible survival
  struct State {
    double survival;
    double expected_time;
  };

  BridgeView<Model> bridge{nullptr, BridgeCoordinates::state};
  double lower = 0.0, upper = 1.0;
  double negligible_survival = 1e-14;

  State start(double, const double* x0) const { return {(x0[0] > lower && x0[0] < upper) ? 1.0 : 0.0, 0.0}; }
  bool step(State& s, double t, double h, const double* x, const double* x_next, const double*) const {
    if (s.survival <= 0.0) return false;
    double q = 0.0;
    if (x_next[0] > lower && x_next[0] < upper) {
      const double y0 = bridge.variable(x[0]), y1 = bridge.variable(x_next[0]);
      const double b = bridge.coefficient(t, x[0]);
      q = std::max(0.0, 1.0 - bridge_crossing_probability_below(y0, y1, b, h, bridge.variable(lower)) -
                            bridge_crossing_probability_above(y0, y1, b, h, bridge.variable(upper)));
    }
    s.expected_time += s.survival * h * 0.5 * (1.0 + q);
    s.survival *= q;
    return s.survival > negligible_survival;
  }
  double value(const State& s, double, const double*) const { return s.expected_time; }
};

}  // namespace ito::feynman_kac
