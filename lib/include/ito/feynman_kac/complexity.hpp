#pragma once
// The MLMC complexity study of a Feynman–Kac problem (ito::monte_carlo::complexity_row and complexity_study
// for the method): at each target error ε, an MLMC run with the problem's scheme and an MLMC-Euler run that
// fixes the standard Monte Carlo step count.
#include <cstdint>
#include <vector>

#include "ito/feynman_kac/problem.hpp"
#include "ito/monte_carlo/complexity.hpp"

namespace ito::feynman_kac {

/// Runs the study on `problem` (its scheme is the MLMC scheme, e.g. "milstein"; problem.steps = M0). Target
/// ε_i uses the seeds seed + 2i (scheme) and seed + 2i + 1 (Euler–Maruyama).
monte_carlo::ComplexityStudy mlmc_complexity(const ProblemSpec& problem, const std::vector<double>& epsilons,
                                             const monte_carlo::MlmcOptions& base, std::uint32_t seed);

}  // namespace ito::feynman_kac
