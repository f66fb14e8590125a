#pragma once
// The path kernel of run-time dimension models (sde/runtime_model.hpp): P paths of a model with state
// dimension d known at run time, advanced by a scheme's batch step on blocks of B paths held as d × B
// matrices (a column per path). The compile-time kernel (structure of arrays across paths, path_kernel)
// serves fixed small d; this one serves d from tens to 10⁶, where the work per step is the model's drift on
// the whole block — for diffusion priors a few matrix products — and vectorises along the columns.
//
// Random numbers of path p (global index first_path + p) are those of sde::brownian_path with noise_dim = d:
//   ΔW_i of fine step n            = √h · normal(p, n·d + i)
//   companion normal of (n, i)     = η = normal(p, sde::companion_index_offset + n·d + i),
// and the stochastic-convolution companion is built from them by the rule of sde/companion.hpp with the
// coefficients of the model's LinearFlow (J = (c/h) ΔW + √(v − c²/h) η). With `coarsening = r` every kernel
// step covers r steps of the fine grid, summed by the same rules (ΔW the sum of the r fine increments,
// J = Φ_r(…Φ_2 J_1 + J_2…) + J_r), so a convergence study drives every step size by the same Brownian path,
// exactly as BrownianIncrements::coarsen does.
//
// Blocks are fixed (BatchOptions::block paths, independent of the thread count) and run in parallel by
// core::parallel_blocks, so results are bitwise independent of the thread count. A non-finite state is a
// NumericalError naming the path and the step at which it first appeared.
#include <Eigen/Core>
#include <cmath>
#include <concepts>
#include <type_traits>
#include <cstdint>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "ito/core/time_grid.hpp"
#include "ito/monte_carlo/path_block.hpp"
#include "ito/random/normal.hpp"
#include "ito/schemes/scheme.hpp"
#include "ito/sde/brownian_path.hpp"
#include "ito/sde/runtime_model.hpp"

namespace ito::monte_carlo {

struct BatchOptions {
  std::size_t block = 16;  ///< paths per block (fixed, so results do not depend on the thread count)
  int coarsening = 1;      ///< fine steps per kernel step (divides grid.steps)
};

/// Integrates paths first_path … first_path + paths − 1 of `model` over `grid` (coarsened by
/// options.coarsening) with `scheme`, drawing from `stream`, each block starting from the states that
/// init(p, X) writes into X (d × B, already sized; column j is path p + j — a start drawn from its own stream
/// by path index keeps the result thread-independent). After each block, observe(begin, X) receives the
/// block's terminal states (d × B; column j is path first_path + begin + j); it runs on the block's thread
/// and must only write to per-path (or per-block) storage.
template <sde::RuntimeModel M, class S, class Init, class Observer>
  requires(std::invocable<Init&, std::uint64_t, Eigen::MatrixXd&> &&
           !std::is_convertible_v<Init, const Eigen::VectorXd&>)  // an Eigen vector expression is a start x0
void simulate_batch(const M& model, const S& scheme, Init&& init, const core::TimeGrid& grid,
                    std::uint64_t first_path, std::size_t paths, const random::NormalStream& stream,
                    Observer&& observe, const BatchOptions& options = {}) {
  const int d = model.dim();
  const int r = options.coarsening;
  constexpr sde::Companion kind = S::companion;
  constexpr bool has_companion = kind != sde::Companion::none;
  static_assert(kind == sde::Companion::none || kind == sde::Companion::stochastic_convolution,
                "run-time dimension models provide the stochastic-convolution companion only");
  schemes::require_supported<S>(M::noise_class, M::interpretation, d);
  ITO_REQUIRE(r >= 1 && options.block >= 1, "need coarsening >= 1 and block >= 1 (got " << r << ", "
                                                                                      << options.block << ")");
  const core::TimeGrid coarse = grid.coarsened(r);
  ITO_REQUIRE(static_cast<double>(grid.steps()) * d < static_cast<double>(sde::companion_index_offset),
              "steps x dimension (" << grid.steps() << " x " << d << ") exceeds the normal stream's index range");
  const double hf = grid.step_size(), sqrt_hf = std::sqrt(hf);
  using Rule = sde::CompanionRule<kind>;

  core::parallel_blocks(paths, options.block, [&](std::size_t, std::size_t begin, std::size_t end) {
    const auto B = static_cast<Eigen::Index>(end - begin);
    const S local_scheme = scheme;  // run-time steps keep work matrices in the scheme: one copy per block
    Eigen::MatrixXd X(d, B), Y(d, B), dW(d, B), J(has_companion ? d : 0, has_companion ? B : 0);
    std::vector<double> xi(static_cast<std::size_t>(r) * d), eta(has_companion ? xi.size() : 0);
    std::vector<Rule> rules;  // the rule of each fine step of a coarse step
    init(first_path + begin, X);
    for (std::int64_t n = 0; n < coarse.steps(); ++n) {
      const std::uint64_t first = static_cast<std::uint64_t>(n) * r * d;
      rules.clear();
      for (int i = 0; i < r; ++i) {
        if constexpr (has_companion)
          rules.emplace_back(hf, model.linear_flow(grid.time(n * r + i), hf).convolution_step(hf));
        else
          rules.emplace_back(hf);
      }
      for (Eigen::Index p = 0; p < B; ++p) {
        const std::uint64_t path = first_path + begin + static_cast<std::uint64_t>(p);
        stream.fill(path, first, xi.size(), xi.data());
        if constexpr (has_companion) stream.fill(path, sde::companion_index_offset + first, eta.size(), eta.data());
        double* w = dW.col(p).data();
        double* j = has_companion ? J.col(p).data() : nullptr;
        for (int k = 0; k < d; ++k) {
          typename Rule::Sum sum;
          for (int i = 0; i < r; ++i) {
            const std::size_t at = static_cast<std::size_t>(i) * d + k;
            const double dw = sqrt_hf * xi[at];
            if constexpr (has_companion)
              rules[i].add(sum, dw, rules[i].build(dw, eta[at]));
            else
              rules[i].add(sum, dw, 0.0);
          }
          w[k] = sum.dW;
          if constexpr (has_companion) j[k] = sum.companion;
        }
      }
      const sde::BatchNoise noise{&dW, has_companion ? &J : nullptr};
      local_scheme.step(model, coarse.time(n), coarse.step_size(), X, noise, Y);
      if (!Y.allFinite()) {
        Eigen::Index bad = 0;
        while (bad < B && Y.col(bad).allFinite()) ++bad;
        detail::throw_blow_up(S::name, first_path + begin + static_cast<std::uint64_t>(bad), "", n, coarse);
      }
      X.swap(Y);
    }
    observe(begin, static_cast<const Eigen::MatrixXd&>(X));
  });
}

/// The same from one start x0 shared by every path.
template <sde::RuntimeModel M, class S, class Observer>
void simulate_batch(const M& model, const S& scheme, const Eigen::VectorXd& x0, const core::TimeGrid& grid,
                    std::uint64_t first_path, std::size_t paths, const random::NormalStream& stream,
                    Observer&& observe, const BatchOptions& options = {}) {
  ITO_REQUIRE(x0.size() == model.dim(), "x0 has " << x0.size() << " components, the model has " << model.dim());
  simulate_batch(
      model, scheme, [&x0](std::uint64_t, Eigen::MatrixXd& X) { X.colwise() = x0; }, grid, first_path, paths, stream,
      std::forward<Observer>(observe), options);
}

}  // namespace ito::monte_carlo
