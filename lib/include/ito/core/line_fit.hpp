#pragma once
// Ordinary least squares of a straight line y ≈ a + b x through n ≥ 2 points, with the standard error of the
// slope and its 95% confidence interval. Every fitted rate in ito goes through here: convergence orders (on
// log dt, log error), the MLMC rates α, β, γ (on the level index, log₂ of the level means, variances and
// costs) and the MLMC cost exponents (on log ε, log cost).
//
//   x̄ = Σx/n,  ȳ = Σy/n,  Sxx = Σ(x − x̄)²,  Sxy = Σ(x − x̄)(y − ȳ)
//   b = Sxy/Sxx,  a = ȳ − b x̄,  RSS = Σ(y − ȳ − b(x − x̄))²
//   se(b) = √(RSS/((n − 2) Sxx))   (n > 2; the line through two points leaves no residual to estimate it: 0)
//   95% interval  b ± t₀.₉₇₅,ₙ₋₂ se(b)  (Student t: the residuals stand in for the unknown noise variance;
//                                        exact for independent Gaussian errors of equal variance)
// With two points the interval is [b, b]: no spread can be estimated, and callers that need an interval ask
// for at least three points.
#include <vector>

namespace ito::core {

struct LineFit {
  double slope = 0, intercept = 0;
  double slope_se = 0;             ///< standard error of the slope (0 with two points)
  double ci_low = 0, ci_high = 0;  ///< 95% confidence interval of the slope
};

/// Least-squares line through (x_i, y_i). Throws ito::Error unless x and y have the same length ≥ 2 and the
/// x are not all equal.
LineFit fit_line(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ito::core
