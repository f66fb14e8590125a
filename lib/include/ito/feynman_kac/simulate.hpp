#pragma once
// Path simulation for the Feynman–Kac estimators: blocks of paths (Monte Carlo, MLMC level 0) or of coupled
// fine/coarse pairs (multilevel Monte Carlo) of any ito::sde model advanced by any ito::schemes scheme,
// observed by a path functional (functional.hpp). Each block is simulated structure-of-arrays, all its paths
// one step at a time, with the normals of a step drawn across the block in one batched fill
// (simulate_paths, simulate_coupled_path_block); a single path or pair is the one-lane case (simulate_path,
// simulate_coupled_paths), so there is one implementation of each.
//
// Random numbers of path p (PathNoise, Purpose::monte_carlo), m = noise_dim, ν = uniforms per step:
//   ΔW_j of step n            = √h · normal(p, n·m + j)
//   companion normal of (n,j) = normal(p, sde::companion_index_offset + n·m + j)   (schemes that need one)
//   uniforms of step n        = uniform(p, n·ν + i)
// and the companion variables are built from (ΔW, η) exactly as in ito/sde/brownian_path.hpp.
//
// Coupling (Giles 2008): the coarse path of level l has half as many steps; coarse step c is driven by
// ΔW = ΔW_{2c} + ΔW_{2c+1} of the fine path (companions coarsened exactly), and uses the uniforms of fine
// step 2c. So the coarse path has exactly the law of the fine path of level l − 1, which is what makes the
// multilevel telescoping sum unbiased. Functionals with Brownian-bridge corrections may instead observe the
// coarse step through its bridge-interpolated midpoint with the uniforms of both fine steps (coarse_step,
// Giles 2008), which keeps that law and couples the corrections far more tightly.
#include <algorithm>
#include <concepts>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/feynman_kac/path_noise.hpp"
#include "ito/feynman_kac/vector_math.hpp"
#include "ito/random/normal.hpp"
#include "ito/schemes/scheme.hpp"
#include "ito/sde/brownian_path.hpp"

namespace ito::feynman_kac {

/// Uniform grid t_n = t0 + n h, h = (horizon − t0)/steps (times computed, never accumulated).
struct TimeGrid {
  double t0 = 0.0;
  double horizon = 1.0;
  std::int64_t steps = 1;
  double step_size() const { return (horizon - t0) / static_cast<double>(steps); }
  double time(std::int64_t n) const { return t0 + static_cast<double>(n) * step_size(); }
};

namespace detail {

/// Builds a scheme's companion variable from (ΔW, η) and coarsens it over two steps.
template <class Model, sde::Companion C>
struct CompanionRule {
  double theta = 0.0;
  sde::OuConvolutionCoefficients ou{};
  void prepare(const Model& model, double h) {
    if constexpr (C == sde::Companion::ou_convolution) {
      theta = model.convolution_rate();
      ou = sde::ou_convolution_coefficients(theta, h);
    } else {
      (void)model;
      (void)h;
    }
  }
  double build(double h, double dW, double eta) const {
    if constexpr (C == sde::Companion::time_integral) return 0.5 * h * (dW + eta * std::sqrt(h / 3.0));
    else if constexpr (C == sde::Companion::ou_convolution) return ou.on_dW * dW + ou.on_normal * eta;
    else return 0.0;
  }
  /// Companion over [t, t+2h] from the two halves (ΔW1, c1), (ΔW2, c2).
  double coarsen(double h, double dW1, double c1, double, double c2) const {
    if constexpr (C == sde::Companion::time_integral) return c1 + c2 + h * dW1;
    else if constexpr (C == sde::Companion::ou_convolution) return std::exp(-theta * h) * c1 + c2;
    else return 0.0;
  }
};

[[noreturn]] inline void throw_blow_up(std::uint64_t path, std::int64_t step, const char* which) {
  ito::detail::throw_error<NumericalError>("Feynman-Kac path ", path, " (", which, " path), step ", step,
                                           ": the state is not finite (scheme blow-up; reduce the step size)");
}

template <int d>
inline bool all_finite(const double* x) {
  for (int i = 0; i < d; ++i)
    if (!std::isfinite(x[i])) return false;
  return true;
}

constexpr std::int64_t kChunkSteps = 128;  // steps whose uniforms are drawn in one batch

/// A functional's State as `count` doubles, so that the block kernel can keep the states of its lanes
/// structure-of-arrays (word k of lane ℓ at words[k·stride + ℓ]) and the lane loop reads them as vectors.
/// States are aggregates of at most four doubles (functional.hpp); they are taken apart member by member
/// (structured bindings) and rebuilt by aggregate initialisation, which the vectoriser sees through (a byte
/// copy such as memcpy or bit_cast becomes one wide integer move that it cannot vectorise).
template <class State>
struct StateWords {
  static constexpr bool of_doubles = sizeof(State) % sizeof(double) == 0 && sizeof(State) <= 4 * sizeof(double);
  static_assert(std::is_aggregate_v<State> && std::is_trivially_copyable_v<State> &&
                    (std::is_empty_v<State> || of_doubles),
                "a functional's State must be an aggregate of at most four doubles");
  static constexpr std::size_t count = std::is_empty_v<State> ? 0 : sizeof(State) / sizeof(double);
  static State load(const double* words, std::size_t stride, std::size_t lane) {
    const auto w = [&](std::size_t k) { return words[k * stride + lane]; };
    if constexpr (count == 0) return State{};
    else if constexpr (count == 1) return State{w(0)};
    else if constexpr (count == 2) return State{w(0), w(1)};
    else if constexpr (count == 3) return State{w(0), w(1), w(2)};
    else return State{w(0), w(1), w(2), w(3)};
  }
  static void store(const State& s, double* words, std::size_t stride, std::size_t lane) {
    const auto put = [&](std::size_t k, double v) { words[k * stride + lane] = v; };
    if constexpr (count == 1) {
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
    }
  }
};

/// Functionals that may end a path early (exit, knock-out): F::ends_paths, true when not declared.
template <class F>
concept EndsPaths = !requires { requires !F::ends_paths; };

/// Functionals that observe a coarse step through its two fine halves (functional.hpp).
template <class F>
concept HasCoarseStep = requires(const F& f, typename F::State& s, double t, const double* p) {
  { f.coarse_step(s, t, t, p, p, p, p, p, p) } -> std::convertible_to<bool>;
};

}  // namespace detail

/// A block of Monte Carlo paths: stream paths first_path … first_path + count − 1, driven by sign·Z, and
/// with `antithetic` also by −sign·Z (2·count lanes: the Z lanes first, then their partners in the same
/// order, which share the partner's uniforms).
struct PathBlock {
  const random::NormalStream* stream = nullptr;
  std::uint64_t first_path = 0;
  std::size_t count = 0;
  double sign = 1.0;
  bool antithetic = false;
  std::size_t lanes() const { return antithetic ? 2 * count : count; }
};

namespace detail {

static_assert(kChunkSteps % 2 == 0, "uniform batches start on the even steps where step pairs are drawn");

/// The numbers of steps n and n + 1 (n even) for the block's paths p_lo … p_hi − 1 of P: the ΔW normals (and,
/// with a companion, the companion normals) across paths into z[(s·m + j)·P + p] (eta alike), two step
/// indices per Philox block; and when n starts a batch of kChunkSteps steps, the uniforms of that batch (up to
/// `steps`), path by path for all P paths, into u[p·C·ν + k·ν + i].
template <int m, bool has_companion, int nu>
void draw_step_pair(const PathBlock& block, std::size_t P, std::size_t p_lo, std::size_t p_hi, std::int64_t n,
                    std::int64_t steps, double* z, double* eta, double* u) {
  const std::uint64_t first = static_cast<std::uint64_t>(n) * m;
  for (int k = 0; k < 2 * m; k += 2) {
    block.stream->fill_across_paths(block.first_path + p_lo, p_hi - p_lo, first + k, z + k * P + p_lo,
                                    z + (k + 1) * P + p_lo);
    if constexpr (has_companion)
      block.stream->fill_across_paths(block.first_path + p_lo, p_hi - p_lo, sde::companion_index_offset + first + k,
                                      eta + k * P + p_lo, eta + (k + 1) * P + p_lo);
  }
  if constexpr (nu > 0) {
    if (n % kChunkSteps == 0) {
      const std::int64_t count = std::min(kChunkSteps, steps - n);
      for (std::size_t p = 0; p < P; ++p)
        block.stream->fill_uniform(block.first_path + p, PathNoise::kUniformIndexOffset + static_cast<std::uint64_t>(n * nu),
                                   static_cast<std::size_t>(count * nu), u + p * kChunkSteps * nu);
    }
  }
}

}  // namespace detail

/// Values of `functional` on the paths of `block` (values[lane], block.lanes() of them) of `model`
/// advanced by `scheme` on `grid` from x0. This is the one single-level path simulator (Monte Carlo and
/// MLMC level 0; simulate_path is its one-lane case).
///
/// Structure of arrays: the block's states (and the functional's states, detail::StateWords) are stored
/// component-major (X[i·L + lane]) and each step is one `omp simd` loop over the lanes. It vectorises when the
/// inlined model, scheme and functional are branch-free (e.g. the exact GBM and OU steps, Euler, Milstein with
/// terminal or Feynman–Kac functionals; exp and log through libmvec, vector_math.hpp); otherwise the same
/// loop runs lane by lane (the bridge functionals: lookback). The normals of a step are drawn across the block,
/// two step indices per Philox block (NormalStream::fill_across_paths), so lane p reads exactly the numbers
/// PathNoise gives path p (header comment); the uniforms are drawn per path for kChunkSteps steps at a time.
/// A functional that ends paths (F::ends_paths, functional.hpp: exit, knock-out) is stepped over the list of
/// running lanes only, with the normals drawn for the span of the running paths, so that lanes that finished
/// cost nothing while the block runs as long as its longest path. A non-finite state of a running lane
/// throws NumericalError naming path and step (the first such lane in lane order).
template <class Model, class Scheme, class Functional>
void simulate_paths(const Model& model, const Scheme& scheme, const Functional& functional, const TimeGrid& grid,
                    const double* x0, const PathBlock& block, double* values) {
  constexpr int d = Model::dim, m = Model::noise_dim, nu = Functional::uniforms_per_step;
  constexpr bool has_companion = Scheme::companion != sde::Companion::none;
  constexpr bool ends_paths = detail::EndsPaths<Functional>;
  constexpr std::int64_t C = detail::kChunkSteps;
  using State = typename Functional::State;
  const std::size_t P = block.count, L = block.lanes();
  if (P == 0) return;
  // Local copies (a trivially copyable model in registers; see schemes/ensemble.hpp).
  using LocalModel = std::conditional_t<std::is_trivially_copyable_v<Model>, const Model, const Model&>;
  LocalModel local_model = model;
  const Scheme local_scheme = scheme;
  const Functional local_functional = functional;
  const double h = grid.step_size(), sqrt_h = std::sqrt(h);
  detail::CompanionRule<Model, Scheme::companion> companion;
  companion.prepare(model, h);

  std::vector<double> X(static_cast<std::size_t>(d) * L), Y(static_cast<std::size_t>(d) * L);
  for (int i = 0; i < d; ++i) std::fill_n(X.data() + i * L, L, x0[i]);
  // Functional states, structure of arrays too: word k of lane ℓ's State at S[k·L + ℓ] (detail::StateWords).
  constexpr std::size_t K = detail::StateWords<State>::count;
  std::vector<double> S(K * L);
  {
    const State start = functional.start(grid.t0, x0);
    for (std::size_t lane = 0; lane < L; ++lane) detail::StateWords<State>::store(start, S.data(), L, lane);
  }
  std::vector<double> z(2 * static_cast<std::size_t>(m) * P);  // normals of two steps, z[(s·m + j)·P + p]
  std::vector<double> eta(has_companion ? z.size() : 0);
  std::vector<double> u(nu > 0 ? P * C * nu : 0);               // u[p·C·ν + k·ν + i] for step n0 + k
  // Running lanes of a functional that ends paths, in lane order (a finished lane leaves the list; its state
  // and its last point stay as they were) and the step at which each lane finished.
  std::vector<std::uint32_t> active;
  std::vector<std::int64_t> end_step(ends_paths ? L : 0, -1);  // −1: ran to the horizon
  if constexpr (ends_paths)
    for (std::size_t lane = 0; lane < L; ++lane) active.push_back(static_cast<std::uint32_t>(lane));

  for (std::int64_t n = 0; n < grid.steps && (!ends_paths || !active.empty()); ++n) {
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
      detail::draw_step_pair<m, has_companion, nu>(block, P, p_lo, p_hi, n, grid.steps, z.data(), eta.data(), u.data());
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
        for (int j = 0; j < m; ++j) c[j] = companion.build(h, w[j], sign * etas[j * P + p]);
      if constexpr (requires { local_scheme.step_given_sqrt_h(local_model, t, h, sqrt_h, x, sde::StepNoise{w, c}, y); })
        local_scheme.step_given_sqrt_h(local_model, t, h, sqrt_h, x, sde::StepNoise{w, c}, y);
      else
        local_scheme.step(local_model, t, h, x, sde::StepNoise{w, c}, y);
    };
    if constexpr (ends_paths) {
      // Only the running lanes: lengths differ from path to path (exit, knock-out).
      std::size_t kept = 0;
      for (const std::uint32_t lane : active) {
        const std::size_t p = lane < P ? lane : lane - P;
        double x[d], y[d];
        for (int i = 0; i < d; ++i) x[i] = X[i * L + lane];
        advance(p, lane < P ? block.sign : -block.sign, x, y);
        if (!detail::all_finite<d>(y)) detail::throw_blow_up(block.first_path + p, n, "single");
        State st = detail::StateWords<State>::load(S.data(), L, lane);
        const bool continues = local_functional.step(st, t, h, x, y, us + p * C * nu);
        detail::StateWords<State>::store(st, S.data(), L, lane);
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
          State st = detail::StateWords<State>::load(Sh, L, p);
          local_functional.step(st, t, h, x, y, us + p * C * nu);
          detail::StateWords<State>::store(st, Sh, L, p);
          for (int i = 0; i < d; ++i) Yh[i * L + p] = y[i];
        }
      }
      if (nonfinite > 0)  // name the first lane that left the finite states
        for (std::size_t lane = 0; lane < L; ++lane)
          for (int i = 0; i < d; ++i)
            if (!std::isfinite(Y[i * L + lane])) detail::throw_blow_up(block.first_path + lane % P, n, "single");
      X.swap(Y);
    }
  }
  double x[d];
  for (std::size_t lane = 0; lane < L; ++lane) {
    for (int i = 0; i < d; ++i) x[i] = X[i * L + lane];
    const double t_end = ends_paths && end_step[lane] >= 0 ? grid.time(end_step[lane]) : grid.horizon;
    values[lane] = functional.value(detail::StateWords<State>::load(S.data(), L, lane), t_end, x);
  }
}

/// Value of `functional` on one path (the one-lane case of simulate_paths).
template <class Model, class Scheme, class Functional>
double simulate_path(const Model& model, const Scheme& scheme, const Functional& functional, const TimeGrid& grid,
                     const double* x0, const PathNoise& noise) {
  double value;
  simulate_paths(model, scheme, functional, grid, x0, PathBlock{&noise.stream(), noise.path(), 1, noise.sign(), false},
                 &value);
  return value;
}

/// Values (fine[p], coarse[p]) of `functional` on the coupled pairs of paths of `block` (count pairs; no
/// antithetic lanes): the fine path on `fine_grid` (an even number of steps) and the coarse path on the grid
/// with half the steps, driven by the summed fine increments (see the header comment). Structure of arrays as
/// simulate_paths: each coarse step is one loop over the lanes making two fine steps and one coarse step, with
/// the normals of both fine steps drawn across the block at once. With a functional that ends paths the
/// lanes are visited one by one and a pair stops when both of its paths have ended. A non-finite state throws
/// NumericalError naming path, fine or coarse, and step.
template <class Model, class Scheme, class Functional>
void simulate_coupled_path_block(const Model& model, const Scheme& scheme, const Functional& functional,
                                 const TimeGrid& fine_grid, const double* x0, const PathBlock& block, double* fine,
                                 double* coarse) {
  constexpr int d = Model::dim, m = Model::noise_dim, nu = Functional::uniforms_per_step;
  constexpr bool has_companion = Scheme::companion != sde::Companion::none;
  constexpr bool ends_paths = detail::EndsPaths<Functional>;
  constexpr std::int64_t C = detail::kChunkSteps;  // fine steps per batch of uniforms (even)
  using State = typename Functional::State;
  using Words = detail::StateWords<State>;
  ITO_REQUIRE(fine_grid.steps % 2 == 0, "the fine grid needs an even number of steps, got " << fine_grid.steps);
  ITO_REQUIRE(!block.antithetic && block.sign == 1.0, "coupled paths take no antithetic lanes");
  const std::size_t P = block.count;
  if (P == 0) return;
  const TimeGrid coarse_grid{fine_grid.t0, fine_grid.horizon, fine_grid.steps / 2};
  const double hf = fine_grid.step_size(), hc = coarse_grid.step_size(), sqrt_hf = std::sqrt(hf);
  using LocalModel = std::conditional_t<std::is_trivially_copyable_v<Model>, const Model, const Model&>;
  LocalModel local_model = model;
  const Scheme local_scheme = scheme;
  const Functional local_functional = functional;
  detail::CompanionRule<Model, Scheme::companion> companion;
  companion.prepare(model, hf);

  std::vector<double> Xf(static_cast<std::size_t>(d) * P), Xc(Xf.size());
  for (int i = 0; i < d; ++i) {
    std::fill_n(Xf.data() + i * P, P, x0[i]);
    std::fill_n(Xc.data() + i * P, P, x0[i]);
  }
  std::vector<double> Sf(Words::count * P), Sc(Words::count * P);
  for (std::size_t p = 0; p < P; ++p) {
    Words::store(functional.start(fine_grid.t0, x0), Sf.data(), P, p);
    Words::store(functional.start(coarse_grid.t0, x0), Sc.data(), P, p);
  }
  std::vector<double> z(2 * static_cast<std::size_t>(m) * P);  // both fine steps, z[(s·m + j)·P + p]
  std::vector<double> eta(has_companion ? z.size() : 0);
  std::vector<double> u(nu > 0 ? P * C * nu : 0);
  // Functionals that end paths: which paths still run, and the fine / coarse step at which each ended.
  std::vector<unsigned char> fine_alive(ends_paths ? P : 0, 1), coarse_alive(ends_paths ? P : 0, 1);
  std::vector<std::int64_t> fine_end(ends_paths ? P : 0, -1), coarse_end(ends_paths ? P : 0, -1);
  std::vector<unsigned char> bad_fine(ends_paths ? 0 : P), bad_coarse(ends_paths ? 0 : P);
  std::size_t running = P;

  for (std::int64_t n = 0; n < fine_grid.steps && running > 0; n += 2) {  // fine steps n, n + 1; coarse step n/2
    detail::draw_step_pair<m, has_companion, nu>(block, P, 0, P, n, fine_grid.steps, z.data(), eta.data(), u.data());
    const std::int64_t c = n / 2;
    const double t0 = fine_grid.time(n), t1 = fine_grid.time(n + 1), tc = coarse_grid.time(c);
    const double* u0 = u.data() + (n % C) * nu;
    const double* u1 = u0 + nu;
    // Lane p: its two fine steps (the second only if the first did not end the path) and its coarse step.
    // Reports whether each path goes on, the fine step after which the fine path ended (fine_end_step), the
    // first non-finite fine sub-step (bad_f: 0 or 1; 2 when none) and whether the coarse state is finite.
    const auto pair_step = [&](std::size_t p, bool fine_runs, bool coarse_runs, bool& fine_continues,
                               bool& coarse_continues, std::int64_t& fine_end_step, int& bad_f, bool& good_c) {
      double dW[2][m], comp[2][m], dWc[m], compc[m];
      for (int s = 0; s < 2; ++s)
        for (int j = 0; j < m; ++j) {
          dW[s][j] = sqrt_hf * z[(s * m + j) * P + p];
          if constexpr (has_companion) comp[s][j] = companion.build(hf, dW[s][j], eta[(s * m + j) * P + p]);
        }
      bad_f = 2;
      fine_continues = fine_runs;
      if (fine_runs) {
        double x[d], y[d];
        for (int i = 0; i < d; ++i) x[i] = Xf[i * P + p];
        State st = Words::load(Sf.data(), P, p);
        for (int s = 0; s < 2 && fine_continues; ++s) {
          local_scheme.step(local_model, s == 0 ? t0 : t1, hf, x, sde::StepNoise{dW[s], comp[s]}, y);
          int finite = 1;
          for (int i = 0; i < d; ++i) finite &= std::isfinite(y[i]) ? 1 : 0;
          if (!finite && bad_f == 2) bad_f = s;
          fine_continues = local_functional.step(st, s == 0 ? t0 : t1, hf, x, y, (s == 0 ? u0 : u1) + p * C * nu);
          if (!fine_continues) fine_end_step = n + s + 1;
          for (int i = 0; i < d; ++i) x[i] = y[i];
        }
        for (int i = 0; i < d; ++i) Xf[i * P + p] = x[i];
        Words::store(st, Sf.data(), P, p);
      }
      good_c = true;
      coarse_continues = coarse_runs;
      if (coarse_runs) {
        for (int j = 0; j < m; ++j) {
          dWc[j] = dW[0][j] + dW[1][j];
          if constexpr (has_companion) compc[j] = companion.coarsen(hf, dW[0][j], comp[0][j], dW[1][j], comp[1][j]);
        }
        double x[d], y[d];
        for (int i = 0; i < d; ++i) x[i] = Xc[i * P + p];
        local_scheme.step(local_model, tc, hc, x, sde::StepNoise{dWc, compc}, y);
        for (int i = 0; i < d; ++i) good_c = good_c && std::isfinite(y[i]);
        State st = Words::load(Sc.data(), P, p);
        if constexpr (detail::HasCoarseStep<Functional>)
          coarse_continues =
              local_functional.coarse_step(st, tc, hc, x, y, dW[0], dW[1], u0 + p * C * nu, u1 + p * C * nu);
        else
          coarse_continues = local_functional.step(st, tc, hc, x, y, u0 + p * C * nu);
        Words::store(st, Sc.data(), P, p);
        for (int i = 0; i < d; ++i) Xc[i * P + p] = y[i];
      }
    };
    if constexpr (ends_paths) {
      running = 0;
      for (std::size_t p = 0; p < P; ++p) {
        if (!fine_alive[p] && !coarse_alive[p]) continue;
        bool fine_continues, coarse_continues, good_c;
        std::int64_t fine_end_step = -1;
        int bad_f;
        pair_step(p, fine_alive[p], coarse_alive[p], fine_continues, coarse_continues, fine_end_step, bad_f, good_c);
        if (bad_f < 2) detail::throw_blow_up(block.first_path + p, n + bad_f, "fine");
        if (!good_c) detail::throw_blow_up(block.first_path + p, c, "coarse");
        if (fine_alive[p] && !fine_continues) fine_end[p] = fine_end_step;
        fine_alive[p] = fine_continues;
        if (coarse_alive[p] && !coarse_continues) coarse_end[p] = c + 1;
        coarse_alive[p] = coarse_continues;
        running += fine_alive[p] || coarse_alive[p];
      }
    } else {
      int nonfinite = 0;
#pragma omp simd reduction(+ : nonfinite)
      for (std::size_t p = 0; p < P; ++p) {
        bool fine_continues, coarse_continues, good_c;
        std::int64_t fine_end_step;
        int bad_f;
        pair_step(p, true, true, fine_continues, coarse_continues, fine_end_step, bad_f, good_c);
        bad_fine[p] = static_cast<unsigned char>(bad_f);
        bad_coarse[p] = good_c ? 0 : 1;
        nonfinite += (bad_f < 2 ? 1 : 0) + (good_c ? 0 : 1);
      }
      if (nonfinite > 0)
        for (std::size_t p = 0; p < P; ++p) {
          if (bad_fine[p] < 2) detail::throw_blow_up(block.first_path + p, n + bad_fine[p], "fine");
          if (bad_coarse[p]) detail::throw_blow_up(block.first_path + p, c, "coarse");
        }
    }
  }
  double x[d];
  for (std::size_t p = 0; p < P; ++p) {
    for (int i = 0; i < d; ++i) x[i] = Xf[i * P + p];
    const double fine_t = ends_paths && fine_end[p] >= 0 ? fine_grid.time(fine_end[p]) : fine_grid.horizon;
    fine[p] = functional.value(Words::load(Sf.data(), P, p), fine_t, x);
    for (int i = 0; i < d; ++i) x[i] = Xc[i * P + p];
    const double coarse_t = ends_paths && coarse_end[p] >= 0 ? coarse_grid.time(coarse_end[p]) : coarse_grid.horizon;
    coarse[p] = functional.value(Words::load(Sc.data(), P, p), coarse_t, x);
  }
}

/// Values (fine, coarse) of `functional` on one coupled pair of paths (the one-pair case of
/// simulate_coupled_path_block).
template <class Model, class Scheme, class Functional>
std::pair<double, double> simulate_coupled_paths(const Model& model, const Scheme& scheme, const Functional& functional,
                                                 const TimeGrid& fine_grid, const double* x0, const PathNoise& noise) {
  double fine, coarse;
  simulate_coupled_path_block(model, scheme, functional, fine_grid, x0,
                              PathBlock{&noise.stream(), noise.path(), 1, noise.sign(), false}, &fine, &coarse);
  return {fine, coarse};
}

}  // namespace ito::feynman_kac
