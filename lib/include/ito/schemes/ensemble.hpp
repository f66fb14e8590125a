#pragma once
// Ensemble integration: P independent paths of a model integrated with one scheme on a uniform grid,
// plus the single-path integrator that convergence studies drive with a (coarsened) BrownianIncrements.
//
// Layout and parallelism. Paths are cut into fixed blocks (EnsembleOptions::block, independent of the
// thread count) handled by ito::core::parallel_blocks. Inside a block the state is stored
// structure-of-arrays (component i of path p at X[i·B + p]) and every step is a loop over the block's paths
// that the compiler vectorises once the model and the scheme are inlined. The normals of path p are those
// of ito::sde::brownian_path(seed, p, ...) (same indices: ΔW_j of step n is normal n·m + j, the companion
// normal is companion_index_offset + n·m + j), drawn across the block two step-indices per Philox block
// with NormalStream::fill_across_paths; so path p of an ensemble equals integrate_path() on
// brownian_path(seed, p, ...) and results are bitwise independent of the thread count.
//
// A non-finite state is reported as ito::NumericalError naming the path and the first non-finite step.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "ito/random/normal.hpp"
#include "ito/schemes/scheme.hpp"
#include "ito/sde/brownian_path.hpp"

namespace ito::schemes {

struct EnsembleOptions {
  std::vector<int> observe_steps;  ///< grid indices n (0 ≤ n ≤ steps) at which to record every path's state
  std::size_t block = 512;         ///< paths per block (fixed, so results do not depend on the thread count)
  double t0 = 0.0;                 ///< initial time
};

/// Terminal (and observed) states of an ensemble, structure-of-arrays.
struct Ensemble {
  int dim = 1;
  std::size_t paths = 0;
  std::vector<double> terminal;    ///< terminal[i * paths + p]
  std::vector<int> observe_steps;  ///< as requested
  std::vector<double> observe_times;
  std::vector<double> observed;    ///< observed[(k * dim + i) * paths + p]

  double terminal_state(std::size_t p, int i = 0) const { return terminal[static_cast<std::size_t>(i) * paths + p]; }
  std::span<const double> terminal_component(int i = 0) const {
    return {terminal.data() + static_cast<std::size_t>(i) * paths, paths};
  }
  double observed_state(std::size_t k, std::size_t p, int i = 0) const {
    return observed[(k * dim + static_cast<std::size_t>(i)) * paths + p];
  }
};

namespace detail {

/// Companion value from ΔW and its companion normal η (see ito/sde/brownian_path.hpp).
struct CompanionMaker {
  Companion kind = Companion::none;
  double a = 0.0, b = 0.0;
  double operator()(double dw, double eta) const { return a * dw + b * eta; }
};

template <class M, class S>
CompanionMaker companion_maker(const M& model, double h) {
  if constexpr (S::companion == Companion::time_integral) {
    return {Companion::time_integral, 0.5 * h, 0.5 * h * std::sqrt(h / 3.0)};
  } else if constexpr (S::companion == Companion::ou_convolution) {
    const auto q = sde::ou_convolution_coefficients(model.convolution_rate(), h);
    return {Companion::ou_convolution, q.on_dW, q.on_normal};
  } else {
    (void)model;
    return {};
  }
}

/// θ of the OU companion (0 when the scheme needs none).
template <class M, class S>
double companion_rate(const M& model) {
  if constexpr (S::companion == Companion::ou_convolution)
    return model.convolution_rate();
  else
    return (void)model, 0.0;
}

inline bool all_finite(const double* x, std::size_t n) {
  bool ok = true;
  for (std::size_t k = 0; k < n; ++k) ok &= std::isfinite(x[k]);
  return ok;
}

/// The checks shared by the single-path integrators: model capabilities, sizes, companion variables.
template <class M, class S>
void check_path_arguments(const M& model, const S&, std::span<const double> x0, const sde::BrownianIncrements& noise) {
  constexpr int d = M::dim;
  require_model_capabilities<S>(model);
  ITO_REQUIRE(static_cast<int>(x0.size()) == d, "x0 has " << x0.size() << " components, the model has " << d);
  ITO_REQUIRE(noise.noise_dim == M::noise_dim, "increments have noise_dim " << noise.noise_dim << ", the model "
                                                                              << M::noise_dim);
  ITO_REQUIRE(S::companion == Companion::none || noise.companion == S::companion,
              "scheme '" << S::name << "' needs companion variables the increments do not carry");
}

}  // namespace detail

/// States Y_0 … Y_N of one path driven by the given increments (size (steps + 1) · dim, row n = Y_n).
template <class M, class S>
  requires SchemeFor<S, M>
std::vector<double> integrate_path_states(const M& model, const S& scheme, std::span<const double> x0,
                                          const sde::BrownianIncrements& noise) {
  constexpr int d = M::dim;
  detail::check_path_arguments(model, scheme, x0, noise);
  std::vector<double> y(static_cast<std::size_t>(noise.steps + 1) * d);
  std::copy(x0.begin(), x0.end(), y.begin());
  for (int n = 0; n < noise.steps; ++n)
    scheme.step(model, noise.time(n), noise.h, y.data() + n * d, noise.noise(n), y.data() + (n + 1) * d);
  return y;
}

/// Terminal state Y_N of one path driven by the given increments.
template <class M, class S>
  requires SchemeFor<S, M>
std::vector<double> integrate_path(const M& model, const S& scheme, std::span<const double> x0,
                                   const sde::BrownianIncrements& noise) {
  constexpr int d = M::dim;
  detail::check_path_arguments(model, scheme, x0, noise);
  double a[d], b[d];
  std::copy(x0.begin(), x0.end(), a);
  for (int n = 0; n < noise.steps; ++n) {
    scheme.step(model, noise.time(n), noise.h, a, noise.noise(n), b);
    std::copy(b, b + d, a);
  }
  return std::vector<double>(a, a + d);
}

/// Integrates `paths` paths from x0 over [t0, t0 + T] with `steps` steps of the scheme.
template <class M, class S>
  requires SchemeFor<S, M>
Ensemble simulate_ensemble(const M& model, const S& scheme, std::span<const double> x0, double T, int steps,
                           std::size_t paths, std::uint32_t seed, const EnsembleOptions& options = {}) {
  constexpr int d = M::dim, m = M::noise_dim;
  require_model_capabilities<S>(model);
  ITO_REQUIRE(static_cast<int>(x0.size()) == d, "x0 has " << x0.size() << " components, the model has " << d);
  ITO_REQUIRE(T > 0.0 && steps >= 1 && paths >= 1 && options.block >= 1,
              "need T > 0, steps >= 1, paths >= 1 (got " << T << ", " << steps << ", " << paths << ")");
  for (int n : options.observe_steps)
    ITO_REQUIRE(n >= 0 && n <= steps, "observation step " << n << " outside [0, " << steps << "]");
  const double h = T / steps, sqrt_h = std::sqrt(h), t0 = options.t0;
  const detail::CompanionMaker make_companion = detail::companion_maker<M, S>(model, h);
  const random::NormalStream stream(seed, random::Purpose::brownian);

  Ensemble e;
  e.dim = d;
  e.paths = paths;
  e.terminal.resize(static_cast<std::size_t>(d) * paths);
  e.observe_steps = options.observe_steps;
  for (int n : options.observe_steps) e.observe_times.push_back(t0 + n * h);
  e.observed.resize(options.observe_steps.size() * d * paths);
  const std::size_t n_blocks = core::block_count(paths, options.block);
  std::vector<char> block_failed(n_blocks, 0);

  core::parallel_blocks(paths, options.block, [&](std::size_t blk, std::size_t begin, std::size_t end) {
    const std::size_t B = end - begin;
    // Block-local copies of everything the path loop reads: a trivially copyable model (plain struct) and the
    // step constants live in registers, so the compiler need not reload them after every store to X and the
    // loop vectorises. Other models (expression models) are used by reference.
    using LocalModel = std::conditional_t<std::is_trivially_copyable_v<M>, const M, const M&>;
    LocalModel local_model = model;
    const S local_scheme = scheme;
    const double step_h = h, step_sqrt_h = sqrt_h;
    const detail::CompanionMaker local_companion = make_companion;
    std::vector<double> X(static_cast<std::size_t>(d) * B);
    std::vector<double> xi(2 * static_cast<std::size_t>(m) * B);   // normals of ΔW for two steps
    std::vector<double> eta(S::companion == Companion::none ? 0 : xi.size());  // companion normals
    for (int i = 0; i < d; ++i) std::fill_n(X.data() + i * B, B, x0[i]);
    auto record = [&](int n) {
      for (std::size_t k = 0; k < options.observe_steps.size(); ++k)
        if (options.observe_steps[k] == n)
          for (int i = 0; i < d; ++i)
            std::copy_n(X.data() + i * B, B, e.observed.data() + (k * d + i) * paths + begin);
    };
    record(0);
    for (int n = 0; n < steps; n += 2) {
      const std::uint64_t first = static_cast<std::uint64_t>(n) * m;  // even: n is even
      for (int k = 0; k < 2 * m; k += 2) {
        stream.fill_across_paths(begin, B, first + k, xi.data() + k * B, xi.data() + (k + 1) * B);
        if constexpr (S::companion != Companion::none)
          stream.fill_across_paths(begin, B, sde::companion_index_offset + first + k, eta.data() + k * B,
                                   eta.data() + (k + 1) * B);
      }
      for (int s = 0; s < 2 && n + s < steps; ++s) {
        const double t = t0 + (n + s) * step_h;
        const double* xi_s = xi.data() + static_cast<std::size_t>(s) * m * B;
        const double* eta_s = S::companion == Companion::none ? nullptr : eta.data() + static_cast<std::size_t>(s) * m * B;
        double* Xp = X.data();
#pragma omp simd
        for (std::size_t p = 0; p < B; ++p) {
          double x[d], y[d], w[m], c[m];
          for (int i = 0; i < d; ++i) x[i] = Xp[i * B + p];
          for (int j = 0; j < m; ++j) w[j] = step_sqrt_h * xi_s[j * B + p];
          if constexpr (S::companion == Companion::signs)  // the sign of η, as in sde::brownian_path
            for (int j = 0; j < m; ++j) c[j] = eta_s[j * B + p] >= 0.0 ? 1.0 : -1.0;
          else if constexpr (S::companion != Companion::none)
            for (int j = 0; j < m; ++j) c[j] = local_companion(w[j], eta_s[j * B + p]);
          if constexpr (requires { local_scheme.step_given_sqrt_h(local_model, t, step_h, step_sqrt_h, x,
                                                                  StepNoise{w, c}, y); })
            local_scheme.step_given_sqrt_h(local_model, t, step_h, step_sqrt_h, x, StepNoise{w, c}, y);
          else
            local_scheme.step(local_model, t, step_h, x, StepNoise{w, c}, y);
          for (int i = 0; i < d; ++i) Xp[i * B + p] = y[i];
        }
        record(n + s + 1);
      }
    }
    for (int i = 0; i < d; ++i) std::copy_n(X.data() + i * B, B, e.terminal.data() + i * paths + begin);
    if (!detail::all_finite(X.data(), X.size())) block_failed[blk] = 1;
  });

  for (std::size_t blk = 0; blk < n_blocks; ++blk) {
    if (!block_failed[blk]) continue;
    const std::size_t begin = blk * options.block, end = std::min(paths, begin + options.block);
    for (std::size_t p = begin; p < end; ++p) {
      bool ok = true;
      for (int i = 0; i < d; ++i) ok &= std::isfinite(e.terminal[i * paths + p]);
      if (ok) continue;
      const auto noise = sde::brownian_path(seed, p, T, steps, m, S::companion, detail::companion_rate<M, S>(model), t0);
      const auto states = integrate_path_states(model, scheme, x0, noise);
      int bad = steps;
      for (int n = 0; n <= steps; ++n)
        if (!detail::all_finite(states.data() + static_cast<std::size_t>(n) * d, d)) {
          bad = n;
          break;
        }
      ito::detail::throw_error<NumericalError>("scheme '", S::name, "': path ", p, " became non-finite at step ", bad,
                                          " of ", steps, " (t = ", t0 + bad * h, ", h = ", h, ")");
    }
  }
  return e;
}

/// Terminal values of a scalar model: the entry point of the throughput benchmark.
template <class M, class S>
  requires SchemeFor<S, M> && (M::dim == 1)
std::vector<double> simulate_terminal(const M& model, const S& scheme, double x0, double T, int steps,
                                      std::size_t paths, std::uint32_t seed) {
  const double start[1] = {x0};
  return simulate_ensemble(model, scheme, std::span<const double>(start, 1), T, steps, paths, seed).terminal;
}

}  // namespace ito::schemes
