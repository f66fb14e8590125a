#pragma once
// Named running functionals of a path and a payoff expression in them (issue 11: users state their own
// path-dependent problems), for a scalar expression model and for a d-dimensional expression system alike. A
// problem declares up to kMaxRunningFunctionals functionals, each `kind(argument)` with the argument an
// expression g(t, X) in t and the state names (x for a scalar model; e.g. S1, S2 for a system):
//   average(g)            A = (1/T) ∫ g(s, X_s) ds  (continuous)   or  (1/N) Σ_{k=1..N} g(t_k, X_{t_k})  (discrete)
//   geometric_average(g)  exp of the average of log g (g > 0)
//   integral(g)           ∫ g(s, X_s) ds, the trapezoidal rule on the grid whatever the monitoring
//   maximum(g), minimum(g) sup / inf over [t0, T]. Of a state component (maximum(x), maximum(S2)): continuous
//                         monitoring samples the extremum of each step from its Brownian-bridge law
//                         (brownian_bridge.hpp, as the lookbacks do), discrete monitoring takes the grid values
//                         t_0, …, t_N. Of any other expression (maximum(S1 - S2)): discrete monitoring only —
//                         an expression of the state has no bridge law here (it is not a Brownian motion with
//                         frozen coefficients), so the reader refuses it under continuous monitoring.
// on the simulation grid t_k = t0 + k h, T = t_N − t0 its length. Continuous averages use the trapezoidal rule
// (for X a GBM and g = log x its expectation is exact, and the variance of the integral is off by O(h²)).
// The path's value is the general Feynman–Kac functional of functional.hpp with the functionals in the payoff:
//   e^{−∫ r} φ(X_T, T, A_1, …, A_k) − ∫ e^{−∫ r} f ds,
// and, when the problem has a control variate, its control e^{−∫ r} ψ(X_T, T, A_1, …, A_k) (estimate.hpp).
//
// The bridge of a component c of a system dX = a dt + G dW with m noises: over a step with the coefficients
// frozen at the left point, X_c − (its chord) = Σ_j g_cj (W_j − chord) is a Brownian bridge of variance rate
// b² = Σ_j g_cj² and is independent of the step's endpoints (of every component), so the extremum of X_c over
// the step has the scalar bridge law with coefficient b, whatever the other components do. In log coordinates
// (problem.bridge = "log", X_c > 0) the coefficients are g_cj / X_c, those of log X_c: exact for a component
// that is a geometric Brownian motion (correlated GBMs), as state coordinates are exact for a component with
// constant diffusion (a Brownian motion with drift, an Ornstein–Uhlenbeck component); otherwise the frozen
// coefficient makes the usual O(h)-per-step approximation of Giles (2008). Each extremum of a component is so
// exact in law (marginally); the extrema of different components in one step are sampled with independent
// uniforms (u[2c], u[2c+1] for component c), so their joint law within a step is not that of the correlated
// bridges, and a payoff nonlinear in the extrema of two components (as in max − min of one) is off by a term
// that vanishes with h. A payoff linear in them, or using one component's extrema, is not.
//
// MLMC (simulate_coupled_paths.hpp): the coarse path computes the same functionals on its own grid, through
// coarse_step: sums by the trapezoidal rule over the coarse step, extrema through the bridge-interpolated
// midpoint with the uniforms of both fine steps (as LookbackFunctional does; for a system's component the
// midpoint combines the fine increments of all noises with the component's coefficients), so the coarse path
// has the law of the fine path one level down. Discrete monitoring on the time grid is not a quantity MLMC can
// estimate (the monitoring dates change with the level); the parameter reader refuses it (params.cpp).
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
  std::string argument;  ///< the expression g(t, X), or a state name
};

/// Parses a declaration "kind(argument)" (spaces allowed around both); throws ParameterError saying what was
/// expected (the caller adds the key and location). The argument is not compiled here.
RunningFunctionalSpec parse_running_functional(const std::string& name, const std::string& text);

/// Why `spec` cannot be computed on a model with state names `state` under `monitoring` ("" when it can): the
/// extremum of an expression other than a state component under continuous monitoring (header comment).
std::string running_functional_refusal(const RunningFunctionalSpec& spec, const std::vector<std::string>& state,
                                       Monitoring monitoring);

template <class Model>
struct RunningFunctionals {
  static constexpr int d = Model::dim, m = Model::noise_dim;
  /// u[2c]: the bridge maximum of state component c over the step, u[2c + 1] its minimum (2 for a scalar model).
  static constexpr int uniforms_per_step = 2 * Model::dim;
  static constexpr bool ends_paths = false;
  /// Words 0–3: ∫ r ds, ∫ e^{−∫r} f ds, r and f at the current point (as FeynmanKacFunctional); then one word
  /// per functional: its running sum, or its running extremum (bridge coordinates when continuous).
  static constexpr int kFirst = 4;
  using State = std::array<double, kFirst + kMaxRunningFunctionals>;

  struct Slot {
    RunningKind kind = RunningKind::average;
    const core::Expression* argument = nullptr;  ///< g(x_1, …, x_d, t); null: g = x_component (none evaluated)
    int component = 0;                           ///< the state component read when there is no expression
  };

  BridgeView<Model> bridge{nullptr, BridgeCoordinates::state};
  Monitoring monitoring = Monitoring::continuous;
  std::array<Slot, kMaxRunningFunctionals> slots{};
  int count = 0;
  /// d: every expression reads the first d state components (all of a scalar model, the system's of a padded
  /// one), then t, then (payoff and control) the functionals' values A_1, …, A_k.
  int components = 1;
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
    s[2] = rate ? at(*rate, t, x0) : 0.0;
    s[3] = running_cost ? at(*running_cost, t, x0) : 0.0;
    for (int i = 0; i < count; ++i) {
      const RunningKind k = slots[i].kind;
      const bool extreme = k == RunningKind::maximum || k == RunningKind::minimum;
      const int c = slots[i].component;
      s[kFirst + i] = !extreme                          ? 0.0
                      : slots[i].argument               ? argument(i, t, x0)
                      : monitoring == Monitoring::continuous ? bridge.variable(x0[c])
                                                             : x0[c];
    }
    return s;
  }

  bool step(State& s, double t, double h, const double* x, const double* x_next, const double* u) const {
    advance(s, t, h, x, x_next, [&](RunningKind kind, int c, double y0, double y1, double b, const double*) {
      return kind == RunningKind::maximum ? bridge_maximum(y0, y1, b, h, u[2 * c])
                                          : bridge_minimum(y0, y1, b, h, u[2 * c + 1]);
    });
    return true;
  }

  /// The coarse step [t, t+H] of MLMC: sums over the whole step, extrema through the bridge midpoint with the
  /// uniforms of both fine steps (LookbackFunctional::coarse_step). For a component of a system the midpoint
  /// is ½(y0 + y1) − ½ Σ_j c_j (ΔW2_j − ΔW1_j) with c_j its bridge coefficients: given the coarse endpoints it
  /// has the law of the component's bridge at the midpoint, N(½(y0 + y1), Σ_j c_j² H/4).
  bool coarse_step(State& s, double t, double H, const double* x, const double* x_next, const double* dW1,
                   const double* dW2, const double* u1, const double* u2) const {
    advance(s, t, H, x, x_next, [&](RunningKind kind, int c, double y0, double y1, double b, const double* g) {
      double ym;
      if constexpr (m == 1) {
        ym = BridgeView<Model>::midpoint(y0, y1, b, dW1[0], dW2[0]);
      } else {
        double spread = 0.0;
        for (int j = 0; j < m; ++j) spread += coefficient(g, x, c, j) * (dW2[j] - dW1[j]);
        ym = 0.5 * (y0 + y1) - 0.5 * spread;
      }
      const int j = kind == RunningKind::maximum ? 2 * c : 2 * c + 1;
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
          out[i] = continuous && !slots[i].argument && bridge.coordinates == BridgeCoordinates::logarithmic
                       ? std::exp(w)
                       : w;
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
       << " at X_T = ";
    if (components == 1) os << x[0];
    for (int i = 0; components > 1 && i < components; ++i) os << (i ? ", " : "(") << x[i] << (i + 1 < components ? "" : ")");
    for (int i = 0; i < count; ++i) {
      os << (i ? ", " : " with ");
      if (names)
        os << (*names)[static_cast<std::size_t>(i)];
      else
        os << 'A' << i + 1;
      os << " = " << v[i];
    }
    return os.str();
  }

 private:
  /// e at (t, x): the variables x_1, …, x_d, t.
  double at(const core::Expression& e, double t, const double* x) const {
    double v[Model::dim + 1];
    for (int i = 0; i < components; ++i) v[i] = x[i];
    v[components] = t;
    return e.evaluate(v);
  }
  double argument(int i, double t, const double* x) const {
    return slots[i].argument ? at(*slots[i].argument, t, x) : x[slots[i].component];
  }
  /// Component c's bridge coefficient for noise j from the diffusion matrix g (row-major d × m) at x: g_cj, or
  /// g_cj / x_c for log X_c (whose Itô diffusion it is).
  double coefficient(const double* g, const double* x, int c, int j) const {
    return bridge.coordinates == BridgeCoordinates::logarithmic ? g[c * m + j] / x[c] : g[c * m + j];
  }

  double expression_at_end(const core::Expression& e, const State& s, double t_end, const double* x) const {
    double v[Model::dim + 1 + kMaxRunningFunctionals];
    for (int i = 0; i < components; ++i) v[i] = x[i];
    v[components] = t_end;
    functional_values(s, t_end, v + components + 1);
    return e.evaluate(v);
  }

  // One step [t, t+h] from x to y; `extreme(kind, c, y0, y1, b, g)` is the bridge extremum over the step of
  // component c in bridge coordinates (continuous monitoring), b its coefficient and g the diffusion matrix at
  // the left point. With one noise b is the coefficient itself; with several, the component is driven by
  // Σ_j c_j dW_j, a Brownian motion of variance rate Σ_j c_j², so b = (Σ_j c_j²)^{1/2}.
  template <class Extreme>
  void advance(State& s, double t, double h, const double* x, const double* y, Extreme&& extreme) const {
    if (rate || running_cost) {
      const double discount_before = std::exp(-s[0]);
      const double r_next = rate ? at(*rate, t + h, y) : 0.0, f_next = running_cost ? at(*running_cost, t + h, y) : 0.0;
      s[0] += 0.5 * h * (s[2] + r_next);
      s[1] += 0.5 * h * (discount_before * s[3] + std::exp(-s[0]) * f_next);
      s[2] = r_next;
      s[3] = f_next;
    }
    const bool continuous = monitoring == Monitoring::continuous;
    double g[Model::dim * Model::noise_dim];
    bool have_g = false;
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
          const int c = slots[i].component;
          // An expression's extremum is monitored on the grid only (the reader refuses it continuously).
          double e = slots[i].argument ? argument(i, t + h, y) : y[c];
          if (continuous && !slots[i].argument) {
            if (!have_g) {
              bridge.model->diffusion(t, x, g);
              have_g = true;
            }
            double b;
            if constexpr (m == 1) {
              b = coefficient(g, x, c, 0);
            } else {
              double b2 = 0.0;
              for (int j = 0; j < m; ++j) b2 += coefficient(g, x, c, j) * coefficient(g, x, c, j);
              b = std::sqrt(b2);
            }
            e = extreme(slots[i].kind, c, bridge.variable(x[c]), bridge.variable(y[c]), b, g);
          }
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
