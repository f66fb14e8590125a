#pragma once
// Monte Carlo standard errors of the mean and of the standard deviation of correlated draws, as the R
// package `posterior` and Stan define them:
//  - MCSE of the mean = sd / sqrt(ESS of the (not rank-normalised) split chains);
//  - MCSE of the sd: with a = |x − x̄|, E = mean(a²), Var(E) ≈ (mean(a⁴) − E²) / ESS(split chains of a),
//    and by the delta method Var(sd) ≈ Var(E) / (4E).
// Both are NaN unless the draws pass draws_usable (finite, not all equal, ≥ 4 per chain).
#include "ito/diagnostics/draws.hpp"

namespace ito::diagnostics {

double mcse_mean(const ChainDraws& draws);
double mcse_sd(const ChainDraws& draws);

}  // namespace ito::diagnostics
