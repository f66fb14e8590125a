#pragma once
// The Feynman–Kac functionals: what a path is worth, in the sense of the path-functional concept of
// ito/monte_carlo/path_functional.hpp (start, step, value; optional coarse_step for MLMC coupling), which the
// path kernels of ito::monte_carlo evaluate. This header holds the terminal and the general Feynman–Kac
// functional and the Brownian-bridge view of a scalar path; lookback.hpp, barrier.hpp and exit_time.hpp hold
// the path-dependent ones.
#include <cmath>
#include <sstream>
#include <string>

#include "ito/core/error.hpp"

namespace ito::feynman_kac {

/// e^{−r_const T} φ(X_T): a terminal payoff with a constant discount factor (European and digital options,
/// plain expectations E[φ(X_T)] with discount = 1). Payoff: callable φ(const double* x) -> double.
template <class Payoff>
struct TerminalFunctional {
  static constexpr int uniforms_per_step = 0;
  static constexpr bool ends_paths = false;
  struct State {};

  Payoff payoff;
  double discount = 1.0;

  State start(double, const double*) const { return {}; }
  bool step(State&, double, double, const double*, const double*, const double*) const { return true; }
  double value(const State&, double, const double* x) const { return discount * payoff(x); }
};

/// The general Feynman–Kac functional on [t0, T]:
///   e^{−∫ r(s, X_s) ds} φ(X_T) − ∫ e^{−∫_{t0}^{s} r} f(s, X_s) ds,
/// whose expectation given X_{t0} = x solves u_t + L u − r u − f = 0, u(·, T) = φ (L the generator).
/// Both time integrals use the trapezoidal rule on the simulation grid (error O(h²) per unit time, below the
/// weak error of the schemes; zero for a constant rate).
/// Payoff: φ(const double* x); RunningCost: f(double t, const double* x); Rate: r(double t, const double* x).
template <class Payoff, class RunningCost, class Rate>
struct FeynmanKacFunctional {
  static constexpr int uniforms_per_step = 0;
  static constexpr bool ends_paths = false;
  struct State {
    double integrated_rate = 0.0;  // ∫ r ds so far
    double running_cost = 0.0;     // ∫ e^{−∫r} f ds so far
    double rate = 0.0, cost = 0.0;  // r and f at the current point
  };

  Payoff payoff;
  RunningCost running_cost;
  Rate rate;

  State start(double t0, const double* x0) const { return {0.0, 0.0, rate(t0, x0), running_cost(t0, x0)}; }
  bool step(State& s, double t, double h, const double*, const double* x_next, const double*) const {
    const double discount_before = std::exp(-s.integrated_rate);
    const double r_next = rate(t + h, x_next), f_next = running_cost(t + h, x_next);
    s.integrated_rate += 0.5 * h * (s.rate + r_next);
    s.running_cost += 0.5 * h * (discount_before * s.cost + std::exp(-s.integrated_rate) * f_next);
    s.rate = r_next;
    s.cost = f_next;
    return true;
  }
  double value(const State& s, double, const double* x) const {
    return std::exp(-s.integrated_rate) * payoff(x) - s.running_cost;
  }

  /// What explain() calls φ, f and r (e.g. the parameter keys and expressions); must outlive the functional.
  const char* payoff_name = "the payoff φ";
  const char* running_cost_name = "the running cost f";
  const char* rate_name = "the discount rate r";

  /// Which part of a value that is not finite is to blame (path_functional.hpp): φ(X_T), ∫ r ds or the
  /// discounted running cost, first that is not finite, or their combination overflowing.
  std::string explain(const State& s, double, const double* x) const {
    std::ostringstream os;
    os.precision(8);
    const double phi = payoff(x);
    if (!std::isfinite(phi))
      os << payoff_name << " is " << ito::detail::message_part(phi) << " at X_T";
    else if (!std::isfinite(s.integrated_rate))
      os << "∫ r ds along the path is " << ito::detail::message_part(s.integrated_rate) << " (" << rate_name << ")";
    else if (!std::isfinite(s.running_cost))
      os << "∫ e^{−∫r} f ds along the path is " << ito::detail::message_part(s.running_cost) << " ("
         << running_cost_name << ")";
    else
      os << "e^{−∫r} φ(X_T) − ∫ e^{−∫r} f ds overflows (φ(X_T) = " << phi << ", ∫ r ds = " << s.integrated_rate
         << ", ∫ e^{−∫r} f ds = " << s.running_cost << ")";
    return os.str();
  }
};

template <class Payoff, class RunningCost, class Rate>
FeynmanKacFunctional(Payoff, RunningCost, Rate) -> FeynmanKacFunctional<Payoff, RunningCost, Rate>;

/// How the Brownian-bridge corrections see a scalar path: in the state variable itself (coefficient
/// b = g(t, x) frozen at the left point) or in log x (b = g(t, x)/x, exact for geometric Brownian motion).
enum class BridgeCoordinates { state, logarithmic };

/// The bridge variable and its coefficient at a point, for a scalar model with scalar noise.
template <class Model>
struct BridgeView {
  const Model* model;
  BridgeCoordinates coordinates = BridgeCoordinates::logarithmic;

  double variable(double x) const { return coordinates == BridgeCoordinates::logarithmic ? std::log(x) : x; }
  /// Midpoint of the coarse step [t, t+H] in bridge coordinates, interpolated by the Brownian bridge with the
  /// two fine increments: y_mid = ½(y0 + y1) − ½ b (ΔW2 − ΔW1). Given (y0, y1) it is N(½(y0+y1), b²H/4),
  /// the law of the bridge midpoint, so the coarse path's corrections keep their law.
  static double midpoint(double y0, double y1, double b, double dW1, double dW2) {
    return 0.5 * (y0 + y1) - 0.5 * b * (dW2 - dW1);
  }
  double coefficient(double t, double x) const {
    double g[Model::dim * Model::noise_dim];
    model->diffusion(t, &x, g);
    return coordinates == BridgeCoordinates::logarithmic ? g[0] / x : g[0];
  }
};

}  // namespace ito::feynman_kac
