#pragma once
// Path functionals and state observers: what the path kernels (simulate_paths.hpp,
// simulate_coupled_paths.hpp) report about the paths they simulate. The generate → evaluate → accumulate loop
// is written once, in the kernels and the estimators; a functional only observes the steps.
//
// Valid expressions for a functional type F, `const F& f`, `typename F::State s`, x and x_next pointing to
// the model's dim values and u to F::uniforms_per_step uniforms:
//   F::uniforms_per_step           static constexpr int: uniform numbers consumed per step (bridge extrema)
//   F::ends_paths                  static constexpr bool: whether step() may return false (optional; a
//                                  functional that does not say is treated as one that may)
//   F::State                       an aggregate of at most four doubles (or empty), or std::array<double, K>
//                                  with K <= 16: the kernels keep the states of their lanes
//                                  structure-of-arrays (StateWords)
//   f.start(t0, x0)     -> State   state at the initial point
//   f.step(s, t, h, x, x_next, u) -> bool   observe the step [t, t+h]; false ends the path (exit, knock-out)
//   f.value(s, t_end, x_end) -> double      the path's value
// The kernels call step() inside a loop over the lanes of a block that the compiler vectorises, so step()
// should be branch-light and have no side effects beyond its State.
//
// Optional, for multilevel coupling (simulate_coupled_paths.hpp): a functional with Brownian-bridge
// corrections may provide
//   f.coarse_step(s, t, H, x, x_next, dW1, dW2, u1, u2) -> bool
// to observe a coarse step [t, t+H] made of two fine steps with increments dW1, dW2 and uniforms u1, u2
// (Giles 2008: interpolate the coarse path at the midpoint by the Brownian bridge and reuse the fine
// uniforms, which keeps the coarse law and couples the corrections of both paths).
//
// Optional, for control variates (estimate.hpp, estimate_with_control): f.control(s, t_end, x_end) -> double,
// a second value of the same path whose expectation is known; the kernel reports it beside value() when asked.
//
// Optional, for error messages: f.explain(s, t_end, x_end) -> std::string says which part of a value that is
// not finite is to blame (the payoff at X_T, an integral along the path), in the words of the functional's
// user (e.g. the parameter key of an expression). The kernels never report a non-finite value as a result:
// they throw NonFiniteValueError naming the path, where its state first went non-finite, and this text.
//
// A state observer `o` of simulate_paths is called as o(n, X, lanes) with the states of all lanes of the block
// at grid point n (X[i·lanes + lane], component i), for n = 0 and after every step: ensembles record their
// paths this way (ensemble.hpp). Functionals are the Feynman–Kac ones (ito/feynman_kac/functional.hpp and the
// bridge-corrected lookback, barrier and exit-time functionals).
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include "ito/core/error.hpp"

namespace ito::monte_carlo {

/// A path's functional value is not finite (NaN or ±∞) although the path itself stayed finite: a payoff
/// such as log(x − 100) on a path that ends below 100, a discount rate that overflows. A NumericalError of a
/// type of its own, so that a caller can add what it knows (which parameter holds the expression).
class NonFiniteValueError : public NumericalError {
 public:
  using NumericalError::NumericalError;
};

/// A functional's State as `count` doubles, so that a kernel can keep the states of its lanes
/// structure-of-arrays (word k of lane ℓ at words[k·stride + ℓ]) and the lane loop reads them as vectors.
/// States are taken apart member by member (structured bindings) and rebuilt by aggregate initialisation,
/// which the vectoriser sees through (a byte copy such as memcpy or bit_cast becomes one wide integer move that
/// it cannot vectorise).
template <class State>
inline constexpr bool is_double_array = false;
template <std::size_t K>
inline constexpr bool is_double_array<std::array<double, K>> = K >= 1 && K <= 16;

template <class State>
struct StateWords {
  static constexpr bool of_doubles = sizeof(State) % sizeof(double) == 0 && sizeof(State) <= 4 * sizeof(double);
  static_assert(std::is_aggregate_v<State> && std::is_trivially_copyable_v<State> &&
                    (std::is_empty_v<State> || of_doubles || is_double_array<State>),
                "a functional's State must be an aggregate of at most four doubles or std::array<double, K <= 16>");
  static constexpr std::size_t count = std::is_empty_v<State> ? 0 : sizeof(State) / sizeof(double);
  static State load(const double* words, std::size_t stride, std::size_t lane) {
    const auto w = [&](std::size_t k) { return words[k * stride + lane]; };
    if constexpr (is_double_array<State>) {
      State s;
      for (std::size_t k = 0; k < count; ++k) s[k] = w(k);
      return s;
    } else if constexpr (count == 0) return State{};
    else if constexpr (count == 1) return State{w(0)};
    else if constexpr (count == 2) return State{w(0), w(1)};
    else if constexpr (count == 3) return State{w(0), w(1), w(2)};
    else return State{w(0), w(1), w(2), w(3)};
  }
  static void store(const State& s, double* words, std::size_t stride, std::size_t lane) {
    const auto put = [&](std::size_t k, double v) { words[k * stride + lane] = v; };
    if constexpr (is_double_array<State>) {
      for (std::size_t k = 0; k < count; ++k) put(k, s[k]);
    } else if constexpr (count == 1) {
      const auto& [a] = s;
      put(0, a);
    } else if constexpr (count == 2) {
      const auto& [a, b] = s;
      put(0, a), put(1, b);
    } else if constexpr (count == 3) {
      const auto& [a, b, c] = s;
      put(0, a), put(1, b), put(2, c);
    } else if constexpr (count == 4) {
      const auto& [a, b, c, e] = s;
      put(0, a), put(1, b), put(2, c), put(3, e);
    } else {
      (void)s, (void)put;
    }
  }
};

/// Functionals that may end a path early (exit, knock-out): F::ends_paths, true when not declared.
template <class F>
concept EndsPaths = !requires { requires !F::ends_paths; };

/// Functionals that observe a coarse step through its two fine halves.
template <class F>
concept HasCoarseStep = requires(const F& f, typename F::State& s, double t, const double* p) {
  { f.coarse_step(s, t, t, p, p, p, p, p, p) } -> std::convertible_to<bool>;
};

/// Functionals that report a control variate beside their value (f.control).
template <class F>
concept HasControl = requires(const F& f, const typename F::State& s, const double* x) {
  { f.control(s, 0.0, x) } -> std::convertible_to<double>;
};

/// Functionals that say which part of a non-finite value is to blame (f.explain).
template <class F>
concept ExplainsValues = requires(const F& f, const typename F::State& s, const double* x) {
  { f.explain(s, 0.0, x) } -> std::convertible_to<std::string>;
};

/// The functional of a simulation that only observes states (ensembles): no state, no value.
struct NoFunctional {
  static constexpr int uniforms_per_step = 0;
  static constexpr bool ends_paths = false;
  struct State {};
  State start(double, const double*) const { return {}; }
  bool step(State&, double, double, const double*, const double*, const double*) const { return true; }
  double value(const State&, double, const double*) const { return 0.0; }
};

/// The observer that observes nothing (the default of simulate_paths).
struct NoObserver {
  void operator()(std::int64_t, const double*, std::size_t) const {}
};

}  // namespace ito::monte_carlo
