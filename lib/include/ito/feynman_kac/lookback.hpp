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

enum class LookbackSide {
  call,  ///< e^{−rT}(X_T − min X): the running minimum, bridge minimum law per step
  put,   ///< e^{−rT}(max X − X_T): the running maximum, bridge maximum law (the mirror image)
};

template <class Model, LookbackSide Side>
struct LookbackFunctional {
  static_assert(Model::dim == 1 && Model::noise_dim == 1, "the lookback functional needs a scalar model");
  static constexpr int uniforms_per_step = 1;
  static constexpr bool ends_paths = false;
  struct State {
    double extreme;  // running minimum (call) or maximum (put) in bridge coordinates
  };

  BridgeView<Model> bridge;
  double discount = 1.0;

  State start(double, const double* x0) const { return {bridge.variable(x0[0])}; }
  bool step(State& s, double t, double h, const double* x, const double* x_next, const double* u) const {
    const double y0 = bridge.variable(x[0]), y1 = bridge.variable(x_next[0]);
    const double b = bridge.coefficient(t, x[0]);
    s.extreme = more_extreme(s.extreme, bridge_extreme(y0, y1, b, h, u[0]));
    return true;
  }
  bool coarse_step(State& s, double t, double H, const double* x, const double* x_next, const double* dW1,
                   const double* dW2, const double* u1, const double* u2) const {
    const double y0 = bridge.variable(x[0]), y1 = bridge.variable(x_next[0]);
    const double b = bridge.coefficient(t, x[0]);
    const double ym = BridgeView<Model>::midpoint(y0, y1, b, dW1[0], dW2[0]);
    s.extreme = more_extreme(s.extreme, more_extreme(bridge_extreme(y0, ym, b, 0.5 * H, u1[0]),
                                                     bridge_extreme(ym, y1, b, 0.5 * H, u2[0])));
    return true;
  }
  double value(const State& s, double, const double* x) const {
    const double extreme = bridge.coordinates == BridgeCoordinates::logarithmic ? std::exp(s.extreme) : s.extreme;
    return discount * (Side == LookbackSide::call ? x[0] - extreme : extreme - x[0]);
  }

 private:
  static double more_extreme(double a, double b) { return Side == LookbackSide::call ? std::min(a, b) : std::max(a, b); }
  static double bridge_extreme(double y0, double y1, double b, double h, double u) {
    return Side == LookbackSide::call ? bridge_minimum(y0, y1, b, h, u) : bridge_maximum(y0, y1, b, h, u);
  }
};

template <class Model>
using LookbackCallFunctional = LookbackFunctional<Model, LookbackSide::call>;
template <class Model>
using LookbackPutFunctional = LookbackFunctional<Model, LookbackSide::put>;

}  // namespace ito::feynman_kac
