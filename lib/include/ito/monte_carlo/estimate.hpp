#pragma once
// The Monte Carlo estimator, written once: simulate a block of paths → evaluate their functional → accumulate.
//
// Paths are cut into fixed blocks of kMonteCarloBlock path indices; each block is simulated together by the
// path kernel simulate_paths (simulate_paths.hpp), its values are summarised by RunningStats::add_block (two
// passes over the block), and the blocks are merged in block order (ito::core::parallel_reduce_blocks), so
// the estimate is bitwise identical for any number of OpenMP threads. Sample i reads the random numbers of
// stream path first_path + i of NormalStream(seed, Purpose::monte_carlo). With antithetic variates, each
// sample is the average of the path driven by Z and the path driven by −Z (same uniforms): unbiased, and of
// smaller variance for monotone functionals. The estimate and its standard error are always finite: a path
// value that is not finite is a NonFiniteValueError naming the path (simulate_paths.hpp), and sums that
// overflow a NumericalError.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/core/mpi.hpp"
#include "ito/core/statistics.hpp"
#include "ito/core/time_grid.hpp"
#include "ito/monte_carlo/simulate_paths.hpp"
#include "ito/random/normal.hpp"

namespace ito::monte_carlo {

/// Sample mean of `samples` i.i.d. path values, its standard error √(variance/samples), and the work
/// spent in path-steps (one step of one path = 1; an antithetic pair counts both paths).
struct Estimate {
  double mean = 0.0;
  double std_error = 0.0;
  double variance = 0.0;  ///< unbiased sample variance of one sample
  std::int64_t samples = 0;
  double path_steps = 0.0;
};

inline constexpr std::size_t kMonteCarloBlock = 512;

struct MonteCarloOptions {
  std::int64_t paths = 10000;  ///< samples (antithetic pairs count as one sample)
  bool antithetic = false;
  std::uint32_t seed = 0;
  std::uint64_t first_path = 0;  ///< stream path index of sample 0
};

/// Estimates E[functional] over paths of `model` advanced by `scheme` on `grid` from x0 (model.dim values).
template <class Model, class Scheme, class Functional>
Estimate estimate(const Model& model, const Scheme& scheme, const Functional& functional, const core::TimeGrid& grid,
                  const double* x0, const MonteCarloOptions& options) {
  ITO_REQUIRE(options.paths >= 2, "need at least 2 paths for a standard error, got " << options.paths);
  const random::NormalStream stream(options.seed, random::Purpose::monte_carlo);
  const auto n = static_cast<std::size_t>(options.paths);
  const auto stats = core::mpi::distributed_reduce_blocks(
      n, kMonteCarloBlock, core::RunningStats{},
      [&](core::RunningStats& acc, std::size_t begin, std::size_t end) {
        const PathBlock block{&stream, options.first_path + begin, end - begin, 1.0, options.antithetic};
        std::vector<double> values(block.lanes());
        simulate_paths(model, scheme, functional, grid, x0, block, values.data());
        if (options.antithetic)
          for (std::size_t i = 0; i < block.count; ++i) values[i] = 0.5 * (values[i] + values[block.count + i]);
        acc.add_block(values.data(), block.count);
      },
      [](core::RunningStats& acc, const core::RunningStats& part) { acc.merge(part); });
  Estimate e;
  e.mean = stats.mean();
  e.std_error = stats.std_error();
  e.variance = stats.variance();
  e.samples = stats.count();
  e.path_steps =
      static_cast<double>(options.paths) * static_cast<double>(grid.steps()) * (options.antithetic ? 2.0 : 1.0);
  // Every path value is finite (the kernel refuses others), but their sums can still overflow.
  if (!std::isfinite(e.mean) || !std::isfinite(e.std_error))
    ito::detail::throw_error<NumericalError>("the Monte Carlo estimate over ", e.samples, " finite path values is ",
                                             e.mean, " with standard error ", e.std_error,
                                             ": the values or their squares overflow double precision when summed "
                                             "(rescale the functional)");
  return e;
}

/// A control-variate estimate (Glasserman, "Monte Carlo Methods in Financial Engineering", 2004, §4.1): each
/// sample carries the value Y and a control C of known mean μ_C on the same path, and
///   Ŷ_β = Ȳ − β̂ (C̄ − μ_C),   β̂ = Cov(Y, C) / Var(C)   (the sample coefficient, from the same samples),
///   SE = √(Var(Y − β̂ C) / n),   Var(Y − β̂ C) = Var(Y) − Cov(Y, C)² / Var(C) = (1 − ρ²) Var(Y).
/// Estimating β̂ from the samples biases Ŷ_β by O(1/n), far below the standard error for the sample sizes used.
/// The variance reduction factor Var(Y) / Var(Y − β̂ C) = 1 / (1 − ρ²) is the factor by which the control
/// divides the number of paths needed for a given standard error.
struct ControlVariateEstimate {
  Estimate plain;                ///< Ȳ and its standard error, the estimator without the control
  double mean = 0.0;             ///< Ŷ_β
  double std_error = 0.0;        ///< its standard error
  double coefficient = 0.0;      ///< β̂
  double control_mean = 0.0;     ///< μ_C, the known mean of the control
  double control_sample_mean = 0.0;  ///< C̄
  double control_variance = 0.0;     ///< Var(C), unbiased, of one sample
  double variance_reduction = 1.0;   ///< Var(Y) / Var(Y − β̂ C)
};

/// As estimate(), with the functional's control variate (f.control, path_functional.hpp) of known mean
/// `control_mean` (header comment of ControlVariateEstimate). Antithetic samples average Y and C over the pair.
/// The blocks and their order are those of estimate(), so the result is bitwise identical for any thread count
/// and plain.mean is estimate()'s mean.
template <class Model, class Scheme, class Functional>
ControlVariateEstimate estimate_with_control(const Model& model, const Scheme& scheme, const Functional& functional,
                                             const core::TimeGrid& grid, const double* x0,
                                             const MonteCarloOptions& options, double control_mean) {
  static_assert(HasControl<Functional>, "estimate_with_control needs a functional with a control (f.control)");
  ITO_REQUIRE(options.paths >= 3, "need at least 3 paths for a control-variate standard error, got " << options.paths);
  const random::NormalStream stream(options.seed, random::Purpose::monte_carlo);
  const auto n = static_cast<std::size_t>(options.paths);
  const auto stats = core::mpi::distributed_reduce_blocks(
      n, kMonteCarloBlock, core::RunningCovariance{},
      [&](core::RunningCovariance& acc, std::size_t begin, std::size_t end) {
        const PathBlock block{&stream, options.first_path + begin, end - begin, 1.0, options.antithetic};
        std::vector<double> values(block.lanes()), controls(block.lanes());
        simulate_paths_with_controls(model, scheme, functional, grid, x0, block, values.data(), controls.data());
        if (options.antithetic)
          for (std::size_t i = 0; i < block.count; ++i) {
            values[i] = 0.5 * (values[i] + values[block.count + i]);
            controls[i] = 0.5 * (controls[i] + controls[block.count + i]);
          }
        acc.add_block(values.data(), controls.data(), block.count);
      },
      [](core::RunningCovariance& acc, const core::RunningCovariance& part) { acc.merge(part); });
  ControlVariateEstimate e;
  const double samples = static_cast<double>(stats.count());
  e.plain.mean = stats.mean_y();
  e.plain.variance = stats.variance_y();
  e.plain.std_error = std::sqrt(e.plain.variance / samples);
  e.plain.samples = stats.count();
  e.plain.path_steps =
      static_cast<double>(options.paths) * static_cast<double>(grid.steps()) * (options.antithetic ? 2.0 : 1.0);
  e.control_mean = control_mean;
  e.control_sample_mean = stats.mean_c();
  const double var_c = e.control_variance = stats.variance_c();
  e.coefficient = var_c > 0.0 ? stats.covariance() / var_c : 0.0;
  e.mean = e.plain.mean - e.coefficient * (e.control_sample_mean - control_mean);
  // Var(Y − β̂C) with n − 2 degrees of freedom (β̂ is fitted, as in a regression on C), never negative.
  const double residual =
      std::max(0.0, (e.plain.variance - e.coefficient * stats.covariance()) * (samples - 1.0) / (samples - 2.0));
  e.std_error = std::sqrt(residual / samples);
  e.variance_reduction = residual > 0.0 ? e.plain.variance / residual : std::numeric_limits<double>::infinity();
  if (!std::isfinite(e.mean) || !std::isfinite(e.std_error) || !std::isfinite(e.plain.std_error))
    ito::detail::throw_error<NumericalError>("the control-variate Monte Carlo estimate over ", e.plain.samples,
                                             " finite path values is ", e.mean, " with standard error ", e.std_error,
                                             ": the values or their squares overflow double precision when summed "
                                             "(rescale the functional)");
  return e;
}

}  // namespace ito::monte_carlo
