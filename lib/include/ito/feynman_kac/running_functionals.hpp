#pragma once
// Named running functionals of a scalar path and a payoff expression in them (issue 11: users state their
// own path-dependent problems). A problem declares up to kMaxRunningFunctionals functionals, each
// `kind(argument)` with the argument an expression g(t, x):
//   average(g)            A = (1/T) ∫ g(s, X_s) ds  (continuous)   or  (1/N) Σ_{k=1..N} g(t_k, X_{t_k})  (discrete)
//   geometric_average(g)  exp of the average of log g (g > 0)
//   integral(g)           ∫ g(s, X_s) ds, the trapezoidal rule on the grid whatever the monitoring
//   maximum(x), minimum(x) sup / inf of X over [t0, T]: continuous monitoring samples the extremum of each step
//                         from its Brownian-bridge law (brownian_bridge.hpp, as the lookbacks do; exact for
//                         GBM in log coordinates); discrete monitoring takes the grid values t_0, …, t_N
// on the simulation grid t_k = t0 + k h, T = t_N − t0 its length. Continuous averages use the trapezoidal rule
// (for X a GBM and g = log x its expectation is exact, and the variance of the integral is off by O(h²)).
// The path's value is the general Feynman–Kac functional of functional.hpp with the functionals in the payoff:
//   e^{−∫ r} φ(X_T, T, A_1, …, A_k) − ∫ e^{−∫ r} f ds,
// and, when the problem has a control variate, its control e^{−∫ r} ψ(X_T, T, A_1, …, A_k) (estimate.hpp).
//
// MLMC (simulate_coupled_paths.hpp): the coarse path computes the same functionals on its own grid, through
// coarse_step: sums by the trapezoidal rule over the coarse step, extrema through the bridge-interpolated
// midpoint with the uniforms of both fine steps (as LookbackFunctional does), so the coarse path has the law of
// the fine path one level down. Discrete monitoring on the time grid is not a quantity MLMC can estimate (the
// monitoring dates change with the level); the parameter reader refuses it (params.cpp).
//
// Joint extrema: the maximum and the minimum of a step each use their own uniform, so each has its exact
// bridge law but their joint law within a step is not the bridge's (a payoff nonlinear in both, such as
// max − min, is then off by a term that vanishes with h).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/core/expression.hpp"
#include "ito/feynman_kac/brownian_bridge.hpp"
#include "ito/feynman_kac/functional.hpp"

namespace ito::feynman_kac {

inline constexpr int kMaxRunningFunctionals = 8;

enum class RunningKind { average, geometric_average, integral, maximum, minimum };
enum class Monitoring { continuous, discrete };

/// The kinds as written in a declaration ("average", ...), in enum order.
const std::vector<std::string>& running_kind_names();

/// One declared functional: `name = "kind(argument)"`.
struct RunningFunctionalSpec {
  std::string name;
  RunningKind kind = RunningKind::average;
  std::string argument;  ///< the expression g(t, x) ("x" for the extrema)
};

/// Parses a declaration "kind(argument)" (spaces allowed around both); throws ParameterError saying what was
/// expected (the caller adds the key and location). The argument is not compiled here.
RunningFunctionalSpec parse_running_functional(const std::string& name, const std::string& text);

template <class Model>
struct RunningFunctionals {
  static_assert(Model::dim == 1 && Model::noise_dim == 1, "the running functionals need a scalar model");
  static constexpr int uniforms_per_step = 2;  // u[0]: the bridge maximum, u[1]: the bridge minimum
  static constexpr bool ends_paths = false;
  /// Words 0–3: ∫ r ds, ∫ e^{−∫r} f ds, r and f at the current point (as FeynmanKacFunctional); then one word
  /// per functional: its running sum, or its running extremum (bridge coordinates when continuous).
  static constexpr int kFirst = 4;
  using State = std::array<double, kFirst + kMaxRunningFunctionals>;

  struct Slot {
    RunningKind kind = RunningKind::average;
    const core::Expression* argument = nullptr;  ///< g(x, t); null: g = x (no expression evaluated)
  };

  BridgeView<Model> bridge{nullptr, BridgeCoordinates::state};
  Monitoring monitoring = Monitoring::continuous;
  std::array<Slot, kMaxRunningFunctionals> slots{};
  int count = 0;
  const core::Expression* payoff = nullptr;        ///< φ(x, t, A_1, …, A_k)
  const core::Expression* control_expression = nullptr;  ///< ψ(x, t, A_1, …, A_k), or none
  const core::Expression* running_cost = nullptr;  ///< f(x, t), or none (0)
  const core::Expression* rate = nullptr;          ///< r(x, t), or none (0)
  double t0 = 0.0;
  std::int64_t steps = 1;  ///< N, the grid's steps (discrete averages)
  const char* payoff_name = "the payoff φ";
  const std::vector<std::string>* names = nullptr;  ///< the functionals' names, for messages (optional)

  State start(double t, const double* x0) const {
    State s{};
    s[2] = rate ? (*rate)(x0[0], t) : 0.0;
    s[3] = running_cost ? (*running_cost)(x0[0], t) : 0.0;
    for (int i = 0; i < count; ++i) {
      const RunningKind k = slots[i].kind;
      const bool extreme = k == RunningKind::maximum || k == RunningKind::minimum;
      s[kFirst + i] = !extreme ? 0.0 : monitoring == Monitoring::continuous ? bridge.variable(x0[0]) : x0[0];
    }
    return s;
  }

  bool step(State& s, double t, double h, const double* x, const double* x_next, const double* u) const {
    advance(s, t, h, x[0], x_next[0], [&](RunningKind kind, double y0, double y1, double b) {
      return kind == RunningKind::maximum ? bridge_maximum(y0, y1, b, h, u[0]) : bridge_minimum(y0, y1, b, h, u[1]);
    });
    return true;
  }

  /// The coarse step [t, t+H] of MLMC: sums over the whole step, extrema through the bridge midpoint with the
  /// uniforms of both fine steps (LookbackFunctional::coarse_step).
  bool coarse_step(State& s, double t, double H, const double* x, const double* x_next, const double* dW1,
                   const double* dW2, const double* u1, const double* u2) const {
    advance(s, t, H, x[0], x_next[0], [&](RunningKind kind, double y0, double y1, double b) {
      const double ym = BridgeView<Model>::midpoint(y0, y1, b, dW1[0], dW2[0]);
      const int j = kind == RunningKind::maximum ? 0 : 1;
      return kind == RunningKind::maximum
                 ? std::max(bridge_maximum(y0, ym, b, 0.5 * H, u1[j]), bridge_maximum(ym, y1, b, 0.5 * H, u2[j]))
                 : std::min(bridge_minimum(y0, ym, b, 0.5 * H, u1[j]), bridge_minimum(ym, y1, b, 0.5 * H, u2[j]));
    });
    return true;
  }

  /// The functionals' values A_1, …, A_k at the end of the path (t_end).
  void functional_values(const State& s, double t_end, double* out) const {
    const double length = t_end - t0;
    const double n = static_cast<double>(steps);
    const bool continuous = monitoring == Monitoring::continuous;
    for (int i = 0; i < count; ++i) {
      const double w = s[kFirst + i];
      switch (slots[i].kind) {
        case RunningKind::average: out[i] = continuous ? w / length : w / n; break;
        case RunningKind::geometric_average: out[i] = std::exp(continuous ? w / length : w / n); break;
        case RunningKind::integral: out[i] = w; break;
        case RunningKind::maximum:
        case RunningKind::minimum:
          out[i] = continuous && bridge.coordinates == BridgeCoordinates::logarithmic ? std::exp(w) : w;
          break;
      }
    }
  }

  double value(const State& s, double t_end, const double* x) const {
    return std::exp(-s[0]) * expression_at_end(*payoff, s, t_end, x) - s[1];
  }
  double control_value(const State& s, double t_end, const double* x) const {
    return std::exp(-s[0]) * expression_at_end(*control_expression, s, t_end, x);
  }

  /// Which part of a value that is not finite is to blame (path_functional.hpp).
  std::string explain(const State& s, double t_end, const double* x) const {
    std::ostringstream os;
    os.precision(8);
    double v[kMaxRunningFunctionals];
    functional_values(s, t_end, v);
    for (int i = 0; i < count; ++i)
      if (!std::isfinite(v[i])) {
        os << "the running functional " << (names ? (*names)[static_cast<std::size_t>(i)] : std::to_string(i + 1))
           << " is " << ito::detail::message_part(v[i]) << " (problem.functionals)";
        return os.str();
      }
    if (!std::isfinite(s[0]) || !std::isfinite(s[1])) return "∫ r ds or ∫ e^{−∫r} f ds along the path is not finite";
    os << payoff_name << " is " << ito::detail::message_part(expression_at_end(*payoff, s, t_end, x))
       << " at X_T = " << x[0];
    for (int i = 0; i < count; ++i)
      os << (i ? ", " : " with ") << (names ? (*names)[static_cast<std::size_t>(i)] : "A" + std::to_string(i + 1))
         << " = " << v[i];
    return os.str();
  }

 private:
  double argument(int i, double t, double x) const {
    return slots[i].argument ? (*slots[i].argument)(x, t) : x;
  }

  double expression_at_end(const core::Expression& e, const State& s, double t_end, const double* x) const {
    double v[2 + kMaxRunningFunctionals];
    v[0] = x[0];
    v[1] = t_end;
    functional_values(s, t_end, v + 2);
    return e.evaluate(v);
  }

  // One step [t, t+h] from x to y; `extreme(kind, y0, y1, b)` is the bridge extremum of the step in bridge
  // coordinates (continuous monitoring).
  template <class Extreme>
  void advance(State& s, double t, double h, double x, double y, Extreme&& extreme) const {
    if (rate || running_cost) {
      const double discount_before = std::exp(-s[0]);
      const double r_next = rate ? (*rate)(y, t + h) : 0.0, f_next = running_cost ? (*running_cost)(y, t + h) : 0.0;
      s[0] += 0.5 * h * (s[2] + r_next);
      s[1] += 0.5 * h * (discount_before * s[3] + std::exp(-s[0]) * f_next);
      s[2] = r_next;
      s[3] = f_next;
    }
    const bool continuous = monitoring == Monitoring::continuous;
    for (int i = 0; i < count; ++i) {
      double& w = s[kFirst + i];
      switch (slots[i].kind) {
        case RunningKind::average:
          w += continuous ? 0.5 * h * (argument(i, t, x) + argument(i, t + h, y)) : argument(i, t + h, y);
          break;
        case RunningKind::geometric_average:
          w += continuous ? 0.5 * h * (std::log(argument(i, t, x)) + std::log(argument(i, t + h, y)))
                          : std::log(argument(i, t + h, y));
          break;
        case RunningKind::integral: w += 0.5 * h * (argument(i, t, x) + argument(i, t + h, y)); break;
        case RunningKind::maximum:
        case RunningKind::minimum: {
          const bool is_max = slots[i].kind == RunningKind::maximum;
          double e = y;
          if (continuous) e = extreme(slots[i].kind, bridge.variable(x), bridge.variable(y), bridge.coefficient(t, x));
          w = is_max ? std::max(w, e) : std::min(w, e);
          break;
        }
      }
    }
  }
};

/// The running functionals with the control variate reported to the kernels (HasControl,
/// path_functional.hpp): used when the problem declares one.
template <class Model>
struct RunningFunctionalsWithControl : RunningFunctionals<Model> {
  double control(const typename RunningFunctionals<Model>::State& s, double t_end, const double* x) const {
    return this->control_value(s, t_end, x);
  }
};

}  // namespace ito::feynman_kac
