#pragma once
// Fitting a convergence order: error ≈ C · dt^p, so log e = log C + p log dt, by least squares over the
// step sizes. The 95% confidence interval combines three sources of uncertainty:
//  - Monte Carlo: the level errors are means over the same paths, hence correlated; their sampling spread
//    is measured by a bootstrap over paths (the caller refits each resample and passes the slopes);
//  - lack of fit: the deviation of the level errors from an exact power law (pre-asymptotic curvature),
//    measured by the ordinary least-squares standard error of the slope with n − 2 degrees of freedom.
//  - pre-asymptotic bias: an order is a limit dt → 0, and the slope fitted over a finite ladder differs from
//    it. Error expansions proceed in powers dt^p (1 + c dt^q + …) with q = 1/2 for strong errors (Itô–Taylor
//    remainders come in half-integer powers) and q = 1 for weak errors (Talay–Tubaro). A term c dt^q shifts
//    the least-squares slope over a ladder L by c·β(L), β(L) = the least-squares slope of dt^q on log dt over
//    L. The fitted slope over the finer half of the ladder (at least 3 levels; needs >= 4 levels, else 0)
//    measures c: p_all − p_fine = c (β_all − β_fine), so the bias of p_all is estimated (Richardson-style) as
//        b = (p_all − p_fine) · β_all / (β_all − β_fine),
//    its distance to the limit, not only to the finer half (which is what |p_all − p_fine| alone measures and
//    under-estimates by the factor β_all / (β_all − β_fine): 2.2 for six halvings, strong).
// half-width = sqrt((z₀.₉₇₅ · sd_bootstrap)² + (t₀.₉₇₅,ₙ₋₂ · se_ols)² + b²).
#include <vector>

#include "ito/core/line_fit.hpp"

namespace ito::convergence {

/// Least-squares line (core::fit_line) through (log x_i, log y_i). Requires x, y > 0 and at least two points.
core::LineFit fit_loglog(const std::vector<double>& x, const std::vector<double>& y);

struct OrderFit {
  double order = 0;            // fitted slope
  double ci_low = 0, ci_high = 0;  // 95% confidence interval
  double se_bootstrap = 0;     // sd of the bootstrap slopes
  double se_fit = 0;           // OLS lack-of-fit standard error
  double fine_order = 0;       // slope over the finer half of the ladder
  double pre_asymptotic = 0;   // |b|, the estimated distance of `order` to the dt → 0 limit
  double extrapolated_order = 0;  // order − b (noisier than `order`; reported, not used for the interval)
  double constant = 0;         // C in e ≈ C dt^p
};

/// Local orders log(e_k / e_{k+1}) / log(dt_k / dt_{k+1}) between consecutive levels (in the given order);
/// a pre-asymptotic ladder shows them drifting. Non-positive errors give NaN.
std::vector<double> local_orders(const std::vector<double>& dt, const std::vector<double>& error);

/// Exponent q of the first correction term of an error expansion: 1/2 for strong, 1 for weak errors.
inline constexpr double kStrongCorrectionExponent = 0.5;
inline constexpr double kWeakCorrectionExponent = 1.0;

/// Fitted order with its confidence interval; `bootstrap_slopes` are the slopes refitted on resampled paths,
/// `correction_exponent` is q above.
OrderFit fit_order(const std::vector<double>& dt, const std::vector<double>& error,
                   const std::vector<double>& bootstrap_slopes, double correction_exponent);

}  // namespace ito::convergence
