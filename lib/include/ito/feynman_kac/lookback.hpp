#pragma once
// Floating-strike lookback options, continuously monitored:
//   call  e^{−rT} (X_T − min_{[t0,T]} X),     put  e^{−rT} (max_{[t0,T]} X − X_T).
//
// The minimum over each step is sampled exactly from its Brownian-bridge law given the grid values
// (brownian_bridge.hpp), with one uniform per step; in logarithmic coordinates this is exact for geometric
// Brownian motion, so with an exact scheme the estimator has no time-discretisation bias at all.
// (Giles 2008 uses the same construction in state coordinates for the Milstein MLMC lookback.)
#include <algorithm>
#include <cmath>

#include "ito/feynman_kac/brownian_bridge.hpp"
#include "ito/feynman_kac/functional.hpp"

namespace ito::feynman_kac {

template <class Model>
struct LookbackCallFunctional {
  static_assert(Model::dim == 1 && Model::noise_dim == 1, "the lookback functional needs a scalar model");
  static constexpr int uniforms_per_step = 1;
  struct State {
    double minimum;  // running minimum in bridge coordinates
  };

  BridgeView<Model> bridge;
  double discount = 1.0;

  State start(double, const double* x0) const { return {bridge.variable(x0[0])}; }
  bool step(State& s, double t, double h, const double* x, const double* x_next, const double* u) const {
    const double y0 = bridge.variable(x[0]), y1 = bridge.variable(x_next[0]);
    const double b = bridge.coefficient(t, x[0]);
    s.minimum = std::min(s.minimum, bridge_minimum(y0, y1, b, h, u[0]));
    return true;
  }
  bool coarse_step(State& s, double t, double H, const double* x, const double* x_next, const double* dW1,
                   const double* dW2, const double* u1, const double* u2) const {
    const double y0 = bridge.variable(x[0]), y1 = bridge.variable(x_next[0]);
    const double b = bridge.coefficient(t, x[0]);
    const double ym = BridgeView<Model>::midpoint(y0, y1, b, dW1[0], dW2[0]);
    s.minimum = std::min({s.minimum, bridge_minimum(y0, ym, b, 0.5 * H, u1[0]), bridge_minimum(ym, y1, b, 0.5 * H, u2[0])});
    return true;
  }
  double value(const State& s, double, const double* x) const {
    const double minimum = bridge.coordinates == BridgeCoordinates::logarithmic ? std::exp(s.minimum) : s.minimum;
    return discount * (x[0] - minimum);
  }
};

/// Floating-strike lookback put e^{−rT}(max X − X_T): the running maximum, sampled per step from the
/// bridge maximum law (the mirror image of the minimum).
template <class Model>
struct LookbackPutFunctional {
  static_assert(Model::dim == 1 && Model::noise_dim == 1, "the lookback functional needs a scalar model");
  static constexpr int uniforms_per_step = 1;
  struct State {
    double maximum;  // running maximum in bridge coordinates
  };

  BridgeView<Model> bridge;
  double discount = 1.0;

  State start(double, const double* x0) const { return {bridge.variable(x0[0])}; }
  bool step(State& s, double t, double h, const double* x, const double* x_next, const double* u) const {
    const double y0 = bridge.variable(x[0]), y1 = bridge.variable(x_next[0]);
    const double b = bridge.coefficient(t, x[0]);
    s.maximum = std::max(s.maximum, bridge_maximum(y0, y1, b, h, u[0]));
    return true;
  }
  bool coarse_step(State& s, double t, double H, const double* x, const double* x_next, const double* dW1,
                   const double* dW2, const double* u1, const double* u2) const {
    const double y0 = bridge.variable(x[0]), y1 = bridge.variable(x_next[0]);
    const double b = bridge.coefficient(t, x[0]);
    const double ym = BridgeView<Model>::midpoint(y0, y1, b, dW1[0], dW2[0]);
    s.maximum = std::max({s.maximum, bridge_maximum(y0, ym, b, 0.5 * H, u1[0]), bridge_maximum(ym, y1, b, 0.5 * H, u2[0])});
    return true;
  }
  double value(const State& s, double, const double* x) const {
    const double maximum = bridge.coordinates == BridgeCoordinates::logarithmic ? std::exp(s.maximum) : s.maximum;
    return discount * (maximum - x[0]);
  }
};

}  // namespace ito::feynman_kac
