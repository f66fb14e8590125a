#pragma once
// MLMC complexity (Giles 2008, §5; Giles 2015, Theorem 2.1): the cost to reach a root-mean-square error ε, for
// MLMC on a given scheme and for standard Monte Carlo with Euler–Maruyama.
//
// MLMC cost: Σ_l N_l C_l of an actual adaptive run at each ε (path-steps).
// Standard MC-Euler cost (as in Giles' mlmc_test): the number of steps M = M0 2^L must make the bias
// ≤ ε/√2, where L is the finest level the adaptive MLMC-Euler run at the same ε needed (its bias test),
// and N = ⌈2 V[P_L]/ε²⌉ paths make the standard error ≤ ε/√2, with V[P_L] the fine-path variance
// measured on level L; cost = N·M (running that Monte Carlo for real would cost as much as it measures).
// Theory for a weak-order-1 scheme with β > 1 (Milstein): MLMC cost ∝ ε⁻²; standard MC-Euler ∝ ε⁻³
// (N ∝ ε⁻², M ∝ ε⁻¹). The exponents are fitted by least squares of log cost on log ε (core::fit_line).
// The study of a Feynman–Kac problem is ito::feynman_kac::mlmc_complexity.
#include <cstdint>
#include <vector>

#include "ito/core/line_fit.hpp"
#include "ito/monte_carlo/mlmc.hpp"

namespace ito::monte_carlo {

struct ComplexityRow {
  double epsilon = 0;
  double mlmc_cost = 0;        ///< path-steps of the MLMC run with the scheme under study
  int mlmc_levels = 0;
  double mlmc_estimate = 0, mlmc_std_error = 0;
  double euler_mlmc_cost = 0;  ///< path-steps of the MLMC-Euler run that fixes the MC step count
  double mc_cost = 0;          ///< standard MC-Euler path-steps N·M
  std::int64_t mc_steps = 0;   ///< M
  double mc_variance = 0;      ///< V[P_L]
};

struct ComplexityStudy {
  std::vector<ComplexityRow> rows;
  core::LineFit mlmc_exponent;  ///< slope of log(MLMC cost) against log ε
  core::LineFit mc_exponent;    ///< slope of log(MC-Euler cost) against log ε
};

/// The row of target ε from an MLMC run of the scheme under study and an MLMC-Euler run at the same ε, both
/// with base_steps = M0 steps on level 0.
ComplexityRow complexity_row(double epsilon, const MlmcResult& scheme_run, const MlmcResult& euler_run,
                             std::int64_t base_steps);

/// The rows (at least two target errors) with their fitted cost exponents.
ComplexityStudy complexity_study(std::vector<ComplexityRow> rows);

}  // namespace ito::monte_carlo
