#include "ito/core/line_fit.hpp"

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/core/statistics.hpp"

namespace ito::core {

LineFit fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  ITO_REQUIRE(x.size() == y.size() && x.size() >= 2,
              "need at least two points of equal length, got " << x.size() << " x and " << y.size() << " y");
  const std::size_t n = x.size();
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  ITO_REQUIRE(sxx > 0, "the x values are all equal (" << mx << "): no slope to fit");
  LineFit fit;
  fit.slope = sxy / sxx;
  fit.intercept = my - fit.slope * mx;
  fit.ci_low = fit.ci_high = fit.slope;
  if (n > 2) {
    double rss = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double r = y[i] - (my + fit.slope * (x[i] - mx));
      rss += r * r;
    }
    fit.slope_se = std::sqrt(rss / static_cast<double>(n - 2) / sxx);
    const double t = student_t_critical(0.05, static_cast<double>(n - 2));
    fit.ci_low = fit.slope - t * fit.slope_se;
    fit.ci_high = fit.slope + t * fit.slope_se;
  }
  return fit;
}

}  // namespace ito::core
