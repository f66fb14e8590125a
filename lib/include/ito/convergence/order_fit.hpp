#pragma once
// Fitting a convergence order: error ≈ C · dt^p, so log e = log C + p log dt, by least squares over the
// step sizes. The 95% confidence interval combines two sources of uncertainty:
//  - Monte Carlo: the level errors are means over the same paths, hence correlated; their sampling spread
//    is measured by a bootstrap over paths (the caller refits each resample and passes the slopes);
//  - lack of fit: the deviation of the level errors from an exact power law (pre-asymptotic curvature),
//    measured by the ordinary least-squares standard error of the slope with n − 2 degrees of freedom.
//  - pre-asymptotic bias: an order is a limit dt → 0, and the fitted slope over a finite ladder differs from
//    it by the curvature of the error curve; estimated as |p_all − p_fine|, the change of the fitted slope when
//    only the finer half of the ladder (at least 3 levels) is used (needs >= 4 levels, else 0).
// half-width = sqrt((z₀.₉₇₅ · sd_bootstrap)² + (t₀.₉₇₅,ₙ₋₂ · se_ols)² + (p_all − p_fine)²).
#include <vector>

namespace ito::convergence {

struct LineFit {
  double slope = 0, intercept = 0;
  double slope_se = 0;  // OLS standard error of the slope (0 with two points)
};

/// Least-squares line through (log x_i, log y_i). Requires x, y > 0 and at least two points.
LineFit fit_loglog(const std::vector<double>& x, const std::vector<double>& y);

struct OrderFit {
  double order = 0;            // fitted slope
  double ci_low = 0, ci_high = 0;  // 95% confidence interval
  double se_bootstrap = 0;     // sd of the bootstrap slopes
  double se_fit = 0;           // OLS lack-of-fit standard error
  double fine_order = 0;       // slope over the finer half of the ladder
  double pre_asymptotic = 0;   // |order − fine_order|
  double constant = 0;         // C in e ≈ C dt^p
};

/// Fitted order with its confidence interval; `bootstrap_slopes` are the slopes refitted on resampled paths.
OrderFit fit_order(const std::vector<double>& dt, const std::vector<double>& error,
                   const std::vector<double>& bootstrap_slopes);

}  // namespace ito::convergence
