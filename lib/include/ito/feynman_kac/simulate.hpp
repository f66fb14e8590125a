#pragma once
// Path simulation for the Feynman–Kac estimators: one path (Monte Carlo) or a coupled fine/coarse pair
// (multilevel Monte Carlo) of any ito::sde model advanced by any ito::schemes scheme, observed by a path
// functional (functional.hpp). The random numbers are drawn in chunks with the batched fills.
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
#include <limits>
#include <utility>

#include "ito/core/error.hpp"
#include "ito/feynman_kac/path_noise.hpp"
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

constexpr std::int64_t kChunkSteps = 128;  // steps whose numbers are drawn in one batch

/// Functionals that observe a coarse step through its two fine halves (functional.hpp).
template <class F>
concept HasCoarseStep = requires(const F& f, typename F::State& s, double t, const double* p) {
  { f.coarse_step(s, t, t, p, p, p, p, p, p) } -> std::convertible_to<bool>;
};

}  // namespace detail

/// Value of `functional` on one path of `model` advanced by `scheme` on `grid` from x0, driven by `noise`.
/// The path ends early when the functional says so (exit, knock-out).
template <class Model, class Scheme, class Functional>
double simulate_path(const Model& model, const Scheme& scheme, const Functional& functional, const TimeGrid& grid,
                     const double* x0, const PathNoise& noise) {
  constexpr int d = Model::dim, m = Model::noise_dim, nu = Functional::uniforms_per_step;
  constexpr bool has_companion = Scheme::companion != sde::Companion::none;
  constexpr std::int64_t C = detail::kChunkSteps;
  const double h = grid.step_size(), sqrt_h = std::sqrt(h);
  detail::CompanionRule<Model, Scheme::companion> companion;
  companion.prepare(model, h);

  double x[d], x_next[d];
  std::copy(x0, x0 + d, x);
  auto state = functional.start(grid.t0, x);
  double dW[C * m], eta[has_companion ? C * m : 1], comp[has_companion ? C * m : 1], u[nu > 0 ? C * nu : 1];
  std::int64_t n = 0;
  bool alive = true;
  for (std::int64_t n0 = 0; n0 < grid.steps && alive; n0 += C) {
    const std::int64_t count = std::min(C, grid.steps - n0);
    noise.normals(static_cast<std::uint64_t>(n0 * m), static_cast<std::size_t>(count * m), dW);
    for (std::int64_t i = 0; i < count * m; ++i) dW[i] *= sqrt_h;
    if constexpr (has_companion) {
      noise.normals(sde::companion_index_offset + static_cast<std::uint64_t>(n0 * m),
                    static_cast<std::size_t>(count * m), eta);
      for (std::int64_t i = 0; i < count * m; ++i) comp[i] = companion.build(h, dW[i], eta[i]);
    }
    if constexpr (nu > 0) noise.uniforms(static_cast<std::uint64_t>(n0 * nu), static_cast<std::size_t>(count * nu), u);
    for (std::int64_t k = 0; k < count; ++k) {
      n = n0 + k;
      const double t = grid.time(n);
      scheme.step(model, t, h, x, sde::StepNoise{dW + k * m, has_companion ? comp + k * m : nullptr}, x_next);
      if (!detail::all_finite<d>(x_next)) detail::throw_blow_up(noise.path(), n, "single");
      alive = functional.step(state, t, h, x, x_next, u + k * nu);
      std::copy(x_next, x_next + d, x);
      if (!alive) break;
    }
  }
  return functional.value(state, alive ? grid.horizon : grid.time(n + 1), x);
}

/// Values (fine, coarse) of `functional` on a coupled pair of paths: the fine path on `fine_grid`
/// (an even number of steps) and the coarse path on the grid with half the steps, driven by the summed
/// fine increments (see the header comment).
template <class Model, class Scheme, class Functional>
std::pair<double, double> simulate_coupled_paths(const Model& model, const Scheme& scheme, const Functional& functional,
                                                 const TimeGrid& fine_grid, const double* x0, const PathNoise& noise) {
  constexpr int d = Model::dim, m = Model::noise_dim, nu = Functional::uniforms_per_step;
  constexpr bool has_companion = Scheme::companion != sde::Companion::none;
  constexpr std::int64_t C = detail::kChunkSteps;  // fine steps per batch (even)
  ITO_REQUIRE(fine_grid.steps % 2 == 0, "the fine grid needs an even number of steps, got " << fine_grid.steps);
  const TimeGrid coarse_grid{fine_grid.t0, fine_grid.horizon, fine_grid.steps / 2};
  const double hf = fine_grid.step_size(), hc = coarse_grid.step_size(), sqrt_hf = std::sqrt(hf);
  detail::CompanionRule<Model, Scheme::companion> companion;
  companion.prepare(model, hf);

  double xf[d], xf_next[d], xc[d], xc_next[d];
  std::copy(x0, x0 + d, xf);
  std::copy(x0, x0 + d, xc);
  auto fine_state = functional.start(fine_grid.t0, xf);
  auto coarse_state = functional.start(coarse_grid.t0, xc);
  double dW[C * m], eta[has_companion ? C * m : 1], comp[has_companion ? C * m : 1], u[nu > 0 ? C * nu : 1];
  double dWc[m], compc[m];
  bool fine_alive = true, coarse_alive = true;
  double fine_end = fine_grid.horizon, coarse_end = coarse_grid.horizon;
  for (std::int64_t n0 = 0; n0 < fine_grid.steps && (fine_alive || coarse_alive); n0 += C) {
    const std::int64_t count = std::min(C, fine_grid.steps - n0);
    noise.normals(static_cast<std::uint64_t>(n0 * m), static_cast<std::size_t>(count * m), dW);
    for (std::int64_t i = 0; i < count * m; ++i) dW[i] *= sqrt_hf;
    if constexpr (has_companion) {
      noise.normals(sde::companion_index_offset + static_cast<std::uint64_t>(n0 * m),
                    static_cast<std::size_t>(count * m), eta);
      for (std::int64_t i = 0; i < count * m; ++i) comp[i] = companion.build(hf, dW[i], eta[i]);
    }
    if constexpr (nu > 0) noise.uniforms(static_cast<std::uint64_t>(n0 * nu), static_cast<std::size_t>(count * nu), u);
    for (std::int64_t k = 0; k < count; k += 2) {
      const std::int64_t n = n0 + k;  // first fine step of this coarse step
      if (fine_alive) {
        for (std::int64_t s = 0; s < 2 && fine_alive; ++s) {
          const double t = fine_grid.time(n + s);
          scheme.step(model, t, hf,
                      xf, sde::StepNoise{dW + (k + s) * m, has_companion ? comp + (k + s) * m : nullptr}, xf_next);
          if (!detail::all_finite<d>(xf_next)) detail::throw_blow_up(noise.path(), n + s, "fine");
          fine_alive = functional.step(fine_state, t, hf, xf, xf_next, u + (k + s) * nu);
          std::copy(xf_next, xf_next + d, xf);
          if (!fine_alive) fine_end = fine_grid.time(n + s + 1);
        }
      }
      if (coarse_alive) {
        for (int j = 0; j < m; ++j) {
          dWc[j] = dW[k * m + j] + dW[(k + 1) * m + j];
          if constexpr (has_companion)
            compc[j] = companion.coarsen(hf, dW[k * m + j], comp[k * m + j], dW[(k + 1) * m + j], comp[(k + 1) * m + j]);
        }
        const std::int64_t c = n / 2;
        const double t = coarse_grid.time(c);
        scheme.step(model, t, hc, xc, sde::StepNoise{dWc, has_companion ? compc : nullptr}, xc_next);
        if (!detail::all_finite<d>(xc_next)) detail::throw_blow_up(noise.path(), c, "coarse");
        if constexpr (detail::HasCoarseStep<Functional>)
          coarse_alive = functional.coarse_step(coarse_state, t, hc, xc, xc_next, dW + k * m, dW + (k + 1) * m,
                                                u + k * nu, u + (k + 1) * nu);
        else
          coarse_alive = functional.step(coarse_state, t, hc, xc, xc_next, u + k * nu);
        std::copy(xc_next, xc_next + d, xc);
        if (!coarse_alive) coarse_end = coarse_grid.time(c + 1);
      }
      if (!fine_alive && !coarse_alive) break;
    }
  }
  return {functional.value(fine_state, fine_end, xf), functional.value(coarse_state, coarse_end, xc)};
}

}  // namespace ito::feynman_kac
