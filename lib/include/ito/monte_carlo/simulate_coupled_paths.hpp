#pragma once
// The coupled path kernel of multilevel Monte Carlo: blocks of pairs (fine path, coarse path) of any
// ito::sde model advanced by any ito::schemes scheme, observed by a path functional (path_functional.hpp).
//
// Coupling (Giles 2008): the fine path of a pair reads the random numbers of its stream path exactly as
// simulate_paths does (path_block.hpp); the coarse path has half as many steps, and coarse step c is driven by
// ΔW = ΔW_{2c} + ΔW_{2c+1} of the fine path, its companion the two fine companions combined by the coarsening
// rule of ito/sde/companion.hpp (exact for ΔZ and J, the product for fair signs), and the uniforms of fine step
// 2c. So the coarse path has exactly the law of the fine path one level down, which is what makes the
// multilevel telescoping sum unbiased. Functionals with Brownian-bridge corrections may instead observe the
// coarse step through its bridge-interpolated midpoint with the uniforms of both fine steps (coarse_step,
// Giles 2008), which keeps that law and couples the corrections far more tightly.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "ito/monte_carlo/simulate_paths.hpp"

namespace ito::monte_carlo {

/// Values (fine[p], coarse[p]) of `functional` on the coupled pairs of paths of `block` (count pairs; no
/// antithetic lanes): the fine path on `fine_grid` (an even number of steps) and the coarse path on the grid
/// with half the steps, driven by the summed fine increments (header comment). Structure of arrays as
/// simulate_paths: each coarse step is one loop over the lanes making two fine steps and one coarse step, with
/// the normals of both fine steps drawn across the block at once. With a functional that ends paths the
/// lanes are visited one by one and a pair stops when both of its paths have ended. A non-finite state throws
/// NumericalError naming the scheme, the path (fine or coarse) and the step; a non-finite functional value of a
/// finite path NonFiniteValueError (simulate_paths.hpp; the step where the state went bad is located for the
/// fine path, which simulate_paths reproduces).
template <class Model, class Scheme, class Functional>
void simulate_coupled_path_block(const Model& model, const Scheme& scheme, const Functional& functional,
                                 const core::TimeGrid& fine_grid, const double* x0, const PathBlock& block,
                                 double* fine, double* coarse) {
  constexpr int d = Model::dim, m = Model::noise_dim, nu = Functional::uniforms_per_step;
  constexpr sde::Companion kind = Scheme::companion;
  constexpr bool has_companion = kind != sde::Companion::none;
  constexpr bool ends_paths = EndsPaths<Functional>;
  constexpr std::int64_t C = detail::kChunkSteps;  // fine steps per batch of uniforms (even)
  using State = typename Functional::State;
  using Words = StateWords<State>;
  ITO_REQUIRE(fine_grid.steps() % 2 == 0, "the fine grid needs an even number of steps, got " << fine_grid.steps());
  ITO_REQUIRE(!block.antithetic && block.sign == 1.0, "coupled paths take no antithetic lanes");
  const std::size_t P = block.count;
  if (P == 0) return;
  const core::TimeGrid coarse_grid = fine_grid.coarsened(2);
  const double hf = fine_grid.step_size(), hc = coarse_grid.step_size();
  const double sqrt_hf = std::sqrt(hf), sqrt_hc = std::sqrt(hc);
  detail::LocalModel<Model> local_model = model;
  const Scheme local_scheme = scheme;
  const Functional local_functional = functional;
  const sde::CompanionRule<kind> companion = sde::companion_rule_for<kind>(model, hf);

  std::vector<double> Xf(static_cast<std::size_t>(d) * P), Xc(Xf.size());
  for (int i = 0; i < d; ++i) {
    std::fill_n(Xf.data() + i * P, P, x0[i]);
    std::fill_n(Xc.data() + i * P, P, x0[i]);
  }
  std::vector<double> Sf(Words::count * P), Sc(Words::count * P);
  for (std::size_t p = 0; p < P; ++p) {
    Words::store(functional.start(fine_grid.t0(), x0), Sf.data(), P, p);
    Words::store(functional.start(coarse_grid.t0(), x0), Sc.data(), P, p);
  }
  std::vector<double> z(2 * static_cast<std::size_t>(m) * P);  // both fine steps, z[(s·m + j)·P + p]
  std::vector<double> eta(has_companion ? z.size() : 0);
  std::vector<double> u(nu > 0 ? P * C * nu : 0);
  // Functionals that end paths: which paths still run, and the fine / coarse step at which each ended.
  std::vector<unsigned char> fine_alive(ends_paths ? P : 0, 1), coarse_alive(ends_paths ? P : 0, 1);
  std::vector<std::int64_t> fine_end(ends_paths ? P : 0, -1), coarse_end(ends_paths ? P : 0, -1);
  std::vector<unsigned char> bad_fine(ends_paths ? 0 : P), bad_coarse(ends_paths ? 0 : P);
  std::size_t running = P;

  for (std::int64_t n = 0; n < fine_grid.steps() && running > 0; n += 2) {  // fine steps n, n + 1; coarse n/2
    detail::draw_step_pair<m, has_companion, nu>(block, P, 0, P, n, fine_grid.steps(), z.data(), eta.data(),
                                                 u.data());
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
          if constexpr (has_companion) comp[s][j] = companion.build(dW[s][j], eta[(s * m + j) * P + p]);
        }
      bad_f = 2;
      fine_continues = fine_runs;
      if (fine_runs) {
        double x[d], y[d];
        for (int i = 0; i < d; ++i) x[i] = Xf[i * P + p];
        State st = Words::load(Sf.data(), P, p);
        for (int s = 0; s < 2 && fine_continues; ++s) {
          detail::step_lane(local_scheme, local_model, s == 0 ? t0 : t1, hf, sqrt_hf, x,
                            sde::StepNoise{dW[s], comp[s]}, y);
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
          if constexpr (has_companion) {
            const auto sum = companion.pair(dW[0][j], comp[0][j], dW[1][j], comp[1][j]);
            dWc[j] = sum.dW;
            compc[j] = sum.companion;
          } else {
            dWc[j] = companion.pair(dW[0][j], 0.0, dW[1][j], 0.0).dW;
          }
        }
        double x[d], y[d];
        for (int i = 0; i < d; ++i) x[i] = Xc[i * P + p];
        detail::step_lane(local_scheme, local_model, tc, hc, sqrt_hc, x, sde::StepNoise{dWc, compc}, y);
        for (int i = 0; i < d; ++i) good_c = good_c && std::isfinite(y[i]);
        State st = Words::load(Sc.data(), P, p);
        if constexpr (HasCoarseStep<Functional>)
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
        if (bad_f < 2) detail::throw_blow_up(Scheme::name, block.first_path + p, " (fine path)", n + bad_f, fine_grid);
        if (!good_c) detail::throw_blow_up(Scheme::name, block.first_path + p, " (coarse path)", c, coarse_grid);
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
          if (bad_fine[p] < 2)
            detail::throw_blow_up(Scheme::name, block.first_path + p, " (fine path)", n + bad_fine[p], fine_grid);
          if (bad_coarse[p])
            detail::throw_blow_up(Scheme::name, block.first_path + p, " (coarse path)", c, coarse_grid);
        }
    }
  }
  double x[d];
  const auto fine_t_of = [&](std::size_t p) {
    return ends_paths && fine_end[p] >= 0 ? fine_grid.time(fine_end[p]) : fine_grid.t_end();
  };
  const auto coarse_t_of = [&](std::size_t p) {
    return ends_paths && coarse_end[p] >= 0 ? coarse_grid.time(coarse_end[p]) : coarse_grid.t_end();
  };
  for (std::size_t p = 0; p < P; ++p) {
    for (int i = 0; i < d; ++i) x[i] = Xf[i * P + p];
    fine[p] = functional.value(Words::load(Sf.data(), P, p), fine_t_of(p), x);
    for (int i = 0; i < d; ++i) x[i] = Xc[i * P + p];
    coarse[p] = functional.value(Words::load(Sc.data(), P, p), coarse_t_of(p), x);
  }
  // Values that are not finite are errors (simulate_paths.hpp), counted in a loop of their own.
  int nonfinite = 0;
#pragma omp simd reduction(+ : nonfinite)
  for (std::size_t p = 0; p < P; ++p)
    nonfinite += (std::isfinite(fine[p]) ? 0 : 1) + (std::isfinite(coarse[p]) ? 0 : 1);
  if (nonfinite > 0)
    for (std::size_t p = 0; p < P; ++p) {
      if (!std::isfinite(fine[p])) {
        for (int i = 0; i < d; ++i) x[i] = Xf[i * P + p];
        detail::throw_non_finite_value(model, scheme, functional, fine_grid, x0, block, p, " (fine path)", true,
                                       fine_t_of(p), x, Words::load(Sf.data(), P, p), fine[p]);
      }
      if (!std::isfinite(coarse[p])) {
        for (int i = 0; i < d; ++i) x[i] = Xc[i * P + p];
        detail::throw_non_finite_value(model, scheme, functional, coarse_grid, x0, block, p, " (coarse path)", false,
                                       coarse_t_of(p), x, Words::load(Sc.data(), P, p), coarse[p]);
      }
    }
}

/// Values (fine, coarse) of `functional` on the coupled pair of stream path `path` (the one-pair case of
/// simulate_coupled_path_block).
template <class Model, class Scheme, class Functional>
std::pair<double, double> simulate_coupled_paths(const Model& model, const Scheme& scheme, const Functional& functional,
                                                 const core::TimeGrid& fine_grid, const double* x0,
                                                 const random::NormalStream& stream, std::uint64_t path) {
  double fine, coarse;
  simulate_coupled_path_block(model, scheme, functional, fine_grid, x0, PathBlock{&stream, path, 1}, &fine, &coarse);
  return {fine, coarse};
}

}  // namespace ito::monte_carlo
