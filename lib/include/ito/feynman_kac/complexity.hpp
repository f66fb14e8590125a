#pragma once
// MLMC complexity study (Giles 2008, §5; Giles 2015, Theorem 2.1): the cost to reach a root-mean-square
// error ε, for MLMC on a given scheme and for standard Monte Carlo with Euler–Maruyama.
//
// MLMC cost: Σ_l N_l C_l of an actual adaptive run at each ε (path-steps).
// Standard MC-Euler cost (as in Giles' mlmc_test): the number of steps M = M0 2^L must make the bias
// ≤ ε/√2, where L is the finest level the adaptive MLMC-Euler run at the same ε needed (its bias test),
// and N = ⌈2 V[P_L]/ε²⌉ paths make the standard error ≤ ε/√2, with V[P_L] the fine-path variance
// measured on level L; cost = N·M. (Running that MC for real would take ~10⁹ path-steps at ε = 0.005.)
// Theory for a weak-order-1 scheme with β > 1 (Milstein): MLMC cost ∝ ε⁻²; standard MC-Euler ∝ ε⁻³
// (N ∝ ε⁻², M ∝ ε⁻¹). The exponents are fitted by least squares of log cost on log ε.
#include <vector>

#include "ito/feynman_kac/problem.hpp"

namespace ito::feynman_kac {

struct ComplexityRow {
  double epsilon = 0;
  double mlmc_cost = 0;        ///< path-steps of the MLMC run with `problem.scheme`
  int mlmc_levels = 0;
  double mlmc_estimate = 0, mlmc_std_error = 0;
  double euler_mlmc_cost = 0;  ///< path-steps of the MLMC-Euler run that fixes the MC step count
  double mc_cost = 0;          ///< standard MC-Euler path-steps N·M
  std::int64_t mc_steps = 0;   ///< M
  double mc_variance = 0;      ///< V[P_L]
};

struct ComplexityStudy {
  std::vector<ComplexityRow> rows;
  RateFit mlmc_exponent;  ///< slope of log(MLMC cost) against log ε
  RateFit mc_exponent;    ///< slope of log(MC-Euler cost) against log ε
};

/// Runs the study on `problem` (its scheme is the MLMC scheme, e.g. "milstein"; problem.steps = M0).
ComplexityStudy mlmc_complexity(const ProblemSpec& problem, const std::vector<double>& epsilons, const MlmcOptions& base,
                                std::uint32_t seed);

}  // namespace ito::feynman_kac
