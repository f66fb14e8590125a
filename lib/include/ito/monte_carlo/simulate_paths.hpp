#pragma once
// The path kernel: a block of paths of any ito::sde model advanced by any ito::schemes scheme on a time grid,
// observed by a path functional (path_functional.hpp) and, optionally, a state observer. Every many-path
// simulation in ito runs through it: Monte Carlo and MLMC level 0 (estimate.hpp, mlmc.hpp), ensembles
// (ensemble.hpp); a single path is its one-lane case (simulate_path). The coupled fine/coarse kernel of MLMC
// (simulate_coupled_paths.hpp) is the same loop over pairs of paths.
//
// Which random numbers drive path p is set out in path_block.hpp; the companion variables are built by the
// rules of ito/sde/companion.hpp, so with NormalStream(seed, Purpose::brownian) path p is exactly
// schemes::integrate_path() on sde::brownian_path(seed, p, ...).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "ito/core/time_grid.hpp"
#include "ito/monte_carlo/path_block.hpp"
#include "ito/monte_carlo/path_functional.hpp"
#include "ito/monte_carlo/vector_math.hpp"
#include "ito/schemes/scheme.hpp"
#include "ito/sde/companion.hpp"

namespace ito::monte_carlo {

namespace detail {

/// One step of one lane, with √h supplied where the scheme takes it (schemes/scheme.hpp: no libm call inside
/// the lane loop).
template <class Scheme, class Model>
inline void step_lane(const Scheme& scheme, const Model& model, double t, double h, double sqrt_h, const double* x,
                      sde::StepNoise noise, double* y) {
  if constexpr (requires { scheme.step_given_sqrt_h(model, t, h, sqrt_h, x, noise, y); })
    scheme.step_given_sqrt_h(model, t, h, sqrt_h, x, noise, y);
  else
    scheme.step(model, t, h, x, noise, y);
}

/// A trivially copyable model (plain struct) is copied into the kernel, so that its parameters live in
/// registers and need not be reloaded after every store to the state arrays (the lane loop vectorises); other
/// models (expression models) are used by reference.
template <class Model>
using LocalModel = std::conditional_t<std::is_trivially_copyable_v<Model>, const Model, const Model&>;

/// Lane `lane` of `block` ended with the functional value `value`, not finite, at t_end in state x (d values)
/// with functional state `state`: throws NonFiniteValueError naming the path (which: "" or " (fine path)"),
/// t_end, x, the functional's explanation (f.explain) and, when `locate`, the step after which the
/// functional's state first became non-finite (found by simulating that one path again).
template <class Model, class Scheme, class Functional>
[[noreturn]] void throw_non_finite_value(const Model& model, const Scheme& scheme, const Functional& functional,
                                         const core::TimeGrid& grid, const double* x0, const PathBlock& block,
                                         std::size_t lane, std::string_view which, bool locate, double t_end,
                                         const double* x, const typename Functional::State& state, double value);

/// Whether a State holds only finite numbers.
template <class State>
bool state_finite(const State& s) {
  using Words = StateWords<State>;
  double w[Words::count > 0 ? Words::count : 1];
  Words::store(s, w, 1, 0);
  for (std::size_t k = 0; k < Words::count; ++k)
    if (!std::isfinite(w[k])) return false;
  return true;
}

/// F's paths, ended after the first step at which F's state is not finite: value() is then the time at which
/// that step ends, and NaN for a path whose state stayed finite. Used only to locate a non-finite value
/// (throw_non_finite_value), never for a result.
template <class F>
struct FirstNonFiniteState {
  static constexpr int uniforms_per_step = F::uniforms_per_step;
  static constexpr bool ends_paths = true;
  using State = typename F::State;
  F f;
  State start(double t0, const double* x0) const { return f.start(t0, x0); }
  bool step(State& s, double t, double h, const double* x, const double* x_next, const double* u) const {
    const bool continues = f.step(s, t, h, x, x_next, u);
    return continues && state_finite(s);
  }
  double value(const State& s, double t_end, const double*) const {
    return state_finite(s) ? std::numeric_limits<double>::quiet_NaN() : t_end;
  }
};
template <class F>
inline constexpr bool is_first_non_finite_state = false;
template <class F>
inline constexpr bool is_first_non_finite_state<FirstNonFiniteState<F>> = true;

}  // namespace detail

/// Values of `functional` on the paths of `block` (values[lane], block.lanes() of them; `values` may be null
/// when only the observer is wanted) of `model` advanced by `scheme` on `grid` from x0; `observe(n, X, lanes)`
/// sees the states of all lanes at grid point n, n = 0 and after each step (path_functional.hpp).
///
/// Structure of arrays: the block's states (and the functional's states, StateWords) are stored
/// component-major (X[i·L + lane]) and each step is one `omp simd` loop over the lanes. It vectorises when the
/// inlined model, scheme and functional are branch-free (e.g. the exact GBM and OU steps, Euler, Milstein with
/// terminal or Feynman–Kac functionals; exp and log through libmvec, vector_math.hpp); otherwise the same
/// loop runs lane by lane (the bridge functionals: lookback). The normals of a step pair are drawn across the
/// block (path_block.hpp); the uniforms per path, kChunkSteps steps at a time. A functional that ends paths
/// (F::ends_paths: exit, knock-out) is stepped over the list of running lanes only, with the normals drawn for
/// the span of the running paths, so that lanes that finished cost nothing while the block runs as long as its
/// longest path (the observer then sees the grid points until the last lane ended). A non-finite state of a
/// running lane throws NumericalError naming the scheme, the path and the step (the first such lane in lane
/// order); a finite path whose functional value is not finite throws NonFiniteValueError (path_functional.hpp)
/// naming the path, its end point and the step at which the functional's state first became non-finite.
///
/// simulate_paths_with_controls also writes the functional's control variate of each lane (f.control,
/// path_functional.hpp) to controls[lane] when `controls` is not null; a non-finite control is refused as a
/// non-finite value is.
template <class Model, class Scheme, class Functional, class Observer = NoObserver>
void simulate_paths_with_controls(const Model& model, const Scheme& scheme, const Functional& functional,
                                  const core::TimeGrid& grid, const double* x0, const PathBlock& block, double* values,
                                  double* controls, Observer&& observe = {}) {
  constexpr int d = Model::dim, m = Model::noise_dim, nu = Functional::uniforms_per_step;
  constexpr sde::Companion kind = Scheme::companion;
  constexpr bool has_companion = kind != sde::Companion::none;
  constexpr bool ends_paths = EndsPaths<Functional>;
  constexpr std::int64_t C = detail::kChunkSteps;
  using State = typename Functional::State;
  using Words = StateWords<State>;
  const std::size_t P = block.count, L = block.lanes();
  if (P == 0) return;
  detail::LocalModel<Model> local_model = model;
  const Scheme local_scheme = scheme;
  const Functional local_functional = functional;
  const std::int64_t steps = grid.steps();
  const double h = grid.step_size(), sqrt_h = std::sqrt(h);
  const sde::CompanionRule<kind> companion = sde::companion_rule_for<kind>(model, h);

  std::vector<double> X(static_cast<std::size_t>(d) * L), Y(static_cast<std::size_t>(d) * L);
  for (int i = 0; i < d; ++i) std::fill_n(X.data() + i * L, L, x0[i]);
  // Functional states, structure of arrays too: word k of lane ℓ's State at S[k·L + ℓ].
  std::vector<double> S(Words::count * L);
  {
    const State start = functional.start(grid.t0(), x0);
    for (std::size_t lane = 0; lane < L; ++lane) Words::store(start, S.data(), L, lane);
  }
  std::vector<double> z(2 * static_cast<std::size_t>(m) * P);  // normals of two steps, z[(s·m + j)·P + p]
  std::vector<double> eta(has_companion ? z.size() : 0);
  std::vector<double> u(nu > 0 ? P * C * nu : 0);               // u[p·C·ν + k·ν + i] for step n0 + k
  // Running lanes of a functional that ends paths, in lane order (a finished lane leaves the list; its state
  // and its last point stay as they were) and the step at which each lane finished.
  std::vector<std::uint32_t> active;
  std::vector<std::int64_t> end_step(ends_paths ? L : 0, -1);  // −1: ran to the end of the grid
  if constexpr (ends_paths)
    for (std::size_t lane = 0; lane < L; ++lane) active.push_back(static_cast<std::uint32_t>(lane));
  observe(std::int64_t{0}, static_cast<const double*>(X.data()), L);

  for (std::int64_t n = 0; n < steps && (!ends_paths || !active.empty()); ++n) {
    const std::int64_t s = n % 2;
    if (s == 0) {
      // Paths p_lo … p_hi − 1 need numbers (all of them, or the span of the running lanes).
      std::size_t p_lo = 0, p_hi = P;
      if constexpr (ends_paths) {
        p_lo = P;
        p_hi = 0;
        for (const std::uint32_t lane : active) {
          const std::size_t p = lane < P ? lane : lane - P;
          p_lo = std::min(p_lo, p);
          p_hi = std::max(p_hi, p + 1);
        }
      }
      detail::draw_step_pair<m, has_companion, nu>(block, P, p_lo, p_hi, n, steps, z.data(), eta.data(), u.data());
    }
    const double t = grid.time(n);
    const double* zs = z.data() + static_cast<std::size_t>(s) * m * P;
    const double* etas = has_companion ? eta.data() + static_cast<std::size_t>(s) * m * P : nullptr;
    const double* us = u.data() + (n % C) * nu;
    // One step of path p driven by sign·Z from x to y.
    const auto advance = [&](std::size_t p, double sign, const double* x, double* y) {
      double w[m], c[m];
      for (int j = 0; j < m; ++j) w[j] = sign * sqrt_h * zs[j * P + p];
      if constexpr (has_companion)
        for (int j = 0; j < m; ++j) c[j] = companion.build(w[j], sign * etas[j * P + p]);
      detail::step_lane(local_scheme, local_model, t, h, sqrt_h, x, sde::StepNoise{w, c}, y);
    };
    if constexpr (ends_paths) {
      // Only the running lanes: lengths differ from path to path (exit, knock-out).
      std::size_t kept = 0;
      for (const std::uint32_t lane : active) {
        const std::size_t p = lane < P ? lane : lane - P;
        double x[d], y[d];
        for (int i = 0; i < d; ++i) x[i] = X[i * L + lane];
        advance(p, lane < P ? block.sign : -block.sign, x, y);
        if (!detail::all_finite<d>(y)) detail::throw_blow_up(Scheme::name, block.first_path + p, "", n, grid);
        State st = Words::load(S.data(), L, lane);
        const bool continues = local_functional.step(st, t, h, x, y, us + p * C * nu);
        Words::store(st, S.data(), L, lane);
        for (int i = 0; i < d; ++i) X[i * L + lane] = y[i];
        if (continues) active[kept++] = lane;
        else end_step[lane] = n + 1;
      }
      active.resize(kept);
    } else {
      int nonfinite = 0;  // lanes that left the finite states in this step (an int: GCC reduces it in vector code)
      for (std::size_t half = 0; half < (block.antithetic ? 2u : 1u); ++half) {
        const double sign = half == 0 ? block.sign : -block.sign;
        const double* Xh = X.data() + half * P;
        double* Yh = Y.data() + half * P;
        double* Sh = S.data() + half * P;
#pragma omp simd reduction(+ : nonfinite)
        for (std::size_t p = 0; p < P; ++p) {
          double x[d], y[d];
          for (int i = 0; i < d; ++i) x[i] = Xh[i * L + p];
          advance(p, sign, x, y);
          int finite = 1;
          for (int i = 0; i < d; ++i) finite &= std::isfinite(y[i]) ? 1 : 0;
          nonfinite += 1 - finite;
          State st = Words::load(Sh, L, p);
          local_functional.step(st, t, h, x, y, us + p * C * nu);
          Words::store(st, Sh, L, p);
          for (int i = 0; i < d; ++i) Yh[i * L + p] = y[i];
        }
      }
      if (nonfinite > 0)  // name the first lane that left the finite states
        for (std::size_t lane = 0; lane < L; ++lane)
          for (int i = 0; i < d; ++i)
            if (!std::isfinite(Y[i * L + lane]))
              detail::throw_blow_up(Scheme::name, block.first_path + lane % P, "", n, grid);
      X.swap(Y);
    }
    observe(n + 1, static_cast<const double*>(X.data()), L);
  }
  if (values == nullptr) return;
  double x[d];
  const auto t_end_of = [&](std::size_t lane) {
    return ends_paths && end_step[lane] >= 0 ? grid.time(end_step[lane]) : grid.t_end();
  };
  for (std::size_t lane = 0; lane < L; ++lane) {
    for (int i = 0; i < d; ++i) x[i] = X[i * L + lane];
    values[lane] = functional.value(Words::load(S.data(), L, lane), t_end_of(lane), x);
  }
  // A value that is not finite is an error, never a result: counted in a loop of its own (which vectorises, as
  // the loop above does), then the first such lane is named.
  if constexpr (!detail::is_first_non_finite_state<Functional>) {
    int nonfinite = 0;
#pragma omp simd reduction(+ : nonfinite)
    for (std::size_t lane = 0; lane < L; ++lane) nonfinite += std::isfinite(values[lane]) ? 0 : 1;
    if (nonfinite > 0)
      for (std::size_t lane = 0; lane < L; ++lane)
        if (!std::isfinite(values[lane])) {
          for (int i = 0; i < d; ++i) x[i] = X[i * L + lane];
          detail::throw_non_finite_value(model, scheme, functional, grid, x0, block, lane, "", true, t_end_of(lane), x,
                                         Words::load(S.data(), L, lane), values[lane]);
        }
  }
  if constexpr (HasControl<Functional>) {
    if (controls == nullptr) return;
    for (std::size_t lane = 0; lane < L; ++lane) {
      for (int i = 0; i < d; ++i) x[i] = X[i * L + lane];
      controls[lane] = functional.control(Words::load(S.data(), L, lane), t_end_of(lane), x);
      if (!std::isfinite(controls[lane]))
        detail::throw_non_finite_value(model, scheme, functional, grid, x0, block, lane, " (its control variate)",
                                       false, t_end_of(lane), x, Words::load(S.data(), L, lane), controls[lane]);
    }
  } else {
    ITO_REQUIRE(controls == nullptr, "the path functional has no control variate (f.control)");
  }
}

/// Values of `functional` on the paths of `block` (simulate_paths_with_controls without controls).
template <class Model, class Scheme, class Functional, class Observer = NoObserver>
void simulate_paths(const Model& model, const Scheme& scheme, const Functional& functional,
                    const core::TimeGrid& grid, const double* x0, const PathBlock& block, double* values,
                    Observer&& observe = {}) {
  simulate_paths_with_controls(model, scheme, functional, grid, x0, block, values, nullptr,
                               std::forward<Observer>(observe));
}

namespace detail {

template <class Model, class Scheme, class Functional>
void throw_non_finite_value(const Model& model, const Scheme& scheme, const Functional& functional,
                            const core::TimeGrid& grid, const double* x0, const PathBlock& block, std::size_t lane,
                            std::string_view which, bool locate, double t_end, const double* x,
                            const typename Functional::State& state, double value) {
  const std::size_t p = lane % block.count;
  const bool partner = lane >= block.count;
  std::ostringstream os;
  os.precision(8);
  os << "path " << block.first_path + p << which << (partner ? " (its antithetic partner)" : "")
     << ": the path functional's value is " << ito::detail::message_part(value) << " at t = " << t_end << " (X = ";
  int shown = Model::dim;  // a model padded to a compile-time size (an expression system) shows its own d
  if constexpr (requires { model.system().dim(); }) shown = model.system().dim();
  for (int i = 0; i < shown; ++i) os << (i ? ", " : "") << x[i];
  os << "; the path itself is finite)";
  if constexpr (ExplainsValues<Functional>) {
    const std::string why = functional.explain(state, t_end, x);
    if (!why.empty()) os << ": " << why;
  }
  if (locate && !state_finite(state)) {
    // The same path again (the same random numbers: path_block.hpp), stopped where the state went bad.
    const PathBlock one{block.stream, block.first_path + p, 1, partner ? -block.sign : block.sign, false};
    double t_bad = std::numeric_limits<double>::quiet_NaN();
    simulate_paths(model, scheme, FirstNonFiniteState<Functional>{functional}, grid, x0, one, &t_bad);
    if (!std::isnan(t_bad)) {
      const auto step = std::llround((t_bad - grid.t0()) / grid.step_size());
      os << "; the functional's state along the path first became non-finite in step " << step << " of " << grid.steps()
         << " (at t = " << t_bad << ")";
    }
  }
  throw NonFiniteValueError(os.str());
}

}  // namespace detail

/// Value of `functional` on stream path `path` driven by sign·Z (the one-lane case of simulate_paths).
template <class Model, class Scheme, class Functional>
double simulate_path(const Model& model, const Scheme& scheme, const Functional& functional,
                     const core::TimeGrid& grid, const double* x0, const random::NormalStream& stream,
                     std::uint64_t path, double sign = 1.0) {
  double value;
  simulate_paths(model, scheme, functional, grid, x0, PathBlock{&stream, path, 1, sign, false}, &value);
  return value;
}

}  // namespace ito::monte_carlo
