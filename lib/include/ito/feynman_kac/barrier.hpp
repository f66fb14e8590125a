#pragma once
// Knock-out (barrier) payoffs: e^{−rT} φ(X_T) 1{L < X_t < U for all t ∈ [t0, T]}, continuously monitored.
//
// Instead of killing the path at a random crossing, each path carries the conditional survival probability
// given its grid values (the conditional expectation, which has smaller variance and is smooth in the path,
// as in Giles 2008):  w = Π_k (1 − p_k^lower − p_k^upper),  p_k from brownian_bridge.hpp. For a single
// barrier the product is the exact conditional probability for the bridge; with two barriers it neglects
// paths crossing both within one step, of order exp(−2(U − L)²/(b² h)). A grid value outside (L, U) knocks
// the path out (w = 0).
#include <algorithm>
#include <limits>
#include <utility>

#include "ito/feynman_kac/brownian_bridge.hpp"
#include "ito/feynman_kac/functional.hpp"

namespace ito::feynman_kac {

template <class Model, class Payoff>
struct BarrierFunctional {
  static_assert(Model::dim == 1 && Model::noise_dim == 1, "the barrier functional needs a scalar model");
  static constexpr int uniforms_per_step = 0;
  static constexpr bool ends_paths = true;  // knock-out
  struct State {
    double survival;
  };

  BridgeView<Model> bridge;
  Payoff payoff;
  double lower = -std::numeric_limits<double>::infinity();  ///< knock-out level below (−∞: none)
  double upper = std::numeric_limits<double>::infinity();   ///< knock-out level above (+∞: none)
  double discount = 1.0;

  State start(double, const double* x0) const { return {(x0[0] > lower && x0[0] < upper) ? 1.0 : 0.0}; }
  bool step(State& s, double t, double h, const double* x, const double* x_next, const double*) const {
    if (!(x_next[0] > lower && x_next[0] < upper)) {
      s.survival = 0.0;
      return false;
    }
    const double y0 = bridge.variable(x[0]), y1 = bridge.variable(x_next[0]);
    const double b = bridge.coefficient(t, x[0]);
    double p = 0.0;
    if (lower > -std::numeric_limits<double>::infinity())
      p += bridge_crossing_probability_below(y0, y1, b, h, bridge.variable(lower));
    if (upper < std::numeric_limits<double>::infinity())
      p += bridge_crossing_probability_above(y0, y1, b, h, bridge.variable(upper));
    s.survival *= std::max(0.0, 1.0 - p);
    return s.survival > 0.0;
  }
  /// Coarse step as two bridge halves through the interpolated midpoint (functional.hpp): for a single
  /// barrier E[(1 − p_first)(1 − p_second) | y0, y1] = 1 − p_whole, so the coarse law is unchanged.
  bool coarse_step(State& s, double t, double H, const double* x, const double* x_next, const double* dW1,
                   const double* dW2, const double*, const double*) const {
    if (!(x_next[0] > lower && x_next[0] < upper)) {
      s.survival = 0.0;
      return false;
    }
    const double y0 = bridge.variable(x[0]), y1 = bridge.variable(x_next[0]);
    const double b = bridge.coefficient(t, x[0]);
    const double ym = BridgeView<Model>::midpoint(y0, y1, b, dW1[0], dW2[0]);
    const double half = 0.5 * H;
    double q = 1.0;
    for (const auto& [a, c] : {std::pair{y0, ym}, std::pair{ym, y1}}) {
      double p = 0.0;
      if (lower > -std::numeric_limits<double>::infinity())
        p += bridge_crossing_probability_below(a, c, b, half, bridge.variable(lower));
      if (upper < std::numeric_limits<double>::infinity())
        p += bridge_crossing_probability_above(a, c, b, half, bridge.variable(upper));
      q *= std::max(0.0, 1.0 - p);
    }
    s.survival *= q;
    return s.survival > 0.0;
  }
  double value(const State& s, double, const double* x) const {
    return s.survival > 0.0 ? discount * s.survival * payoff(x) : 0.0;
  }
};

}  // namespace ito::feynman_kac
