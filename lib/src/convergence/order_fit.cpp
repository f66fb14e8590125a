#include "ito/convergence/order_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ito/core/error.hpp"
#include "ito/core/statistics.hpp"

namespace ito::convergence {

core::LineFit fit_loglog(const std::vector<double>& x, const std::vector<double>& y) {
  ITO_REQUIRE(x.size() == y.size() && x.size() >= 2, "need at least two (dt, error) pairs, got " << x.size());
  std::vector<double> log_x(x.size()), log_y(y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    ITO_REQUIRE(x[i] > 0 && y[i] > 0 && std::isfinite(y[i]),
                "errors and step sizes must be positive and finite (level " << i << ": dt=" << x[i]
                                                                              << ", error=" << y[i] << ")");
    log_x[i] = std::log(x[i]);
    log_y[i] = std::log(y[i]);
  }
  return core::fit_line(log_x, log_y);
}

std::vector<double> local_orders(const std::vector<double>& dt, const std::vector<double>& error) {
  ITO_REQUIRE(dt.size() == error.size(), "dt and error differ in length");
  std::vector<double> out;
  for (std::size_t k = 0; k + 1 < dt.size(); ++k)
    out.push_back(error[k] > 0 && error[k + 1] > 0 ? std::log(error[k] / error[k + 1]) / std::log(dt[k] / dt[k + 1])
                                                   : std::numeric_limits<double>::quiet_NaN());
  return out;
}

namespace {

// β(L): the least-squares slope of dt^q regressed on log dt over the step sizes `dt` — how much a correction
// term c·dt^q in log e tilts the fitted order (per unit c).
double correction_tilt(const std::vector<double>& dt, double q) {
  std::vector<double> log_dt, power;
  for (double h : dt) {
    log_dt.push_back(std::log(h));
    power.push_back(std::pow(h, q));
  }
  return core::fit_line(log_dt, power).slope;
}

}  // namespace

OrderFit fit_order(const std::vector<double>& dt, const std::vector<double>& error,
                   const std::vector<double>& bootstrap_slopes, double correction_exponent) {
  ITO_REQUIRE(correction_exponent > 0, "the correction exponent must be positive, got " << correction_exponent);
  const core::LineFit line = fit_loglog(dt, error);
  OrderFit out;
  out.order = line.slope;
  out.constant = std::exp(line.intercept);
  out.se_fit = line.slope_se;
  core::RunningStats boot;
  for (double s : bootstrap_slopes)
    if (std::isfinite(s)) boot.add(s);
  out.se_bootstrap = boot.sd();
  const double z = core::normal_quantile(0.975);
  const double t = dt.size() > 2 ? core::student_t_critical(0.05, static_cast<double>(dt.size() - 2)) : 0.0;
  out.fine_order = out.order;
  double bias = 0;
  if (dt.size() >= 4) {
    std::vector<std::size_t> idx(dt.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return dt[a] < dt[b]; });
    const std::size_t keep = std::max<std::size_t>(3, (dt.size() + 1) / 2);
    std::vector<double> fdt, ferr;
    for (std::size_t i = 0; i < keep; ++i) {
      fdt.push_back(dt[idx[i]]);
      ferr.push_back(error[idx[i]]);
    }
    out.fine_order = fit_loglog(fdt, ferr).slope;
    const double tilt_all = correction_tilt(dt, correction_exponent);
    const double tilt_fine = correction_tilt(fdt, correction_exponent);
    // dt^q is convex in log dt and the finer half lies at its flat end, so tilt_all > tilt_fine > 0 on a
    // geometric ladder; should a ladder not separate them, fall back to the finer-half difference itself.
    const double factor = tilt_all > tilt_fine ? tilt_all / (tilt_all - tilt_fine) : 1.0;
    bias = (out.order - out.fine_order) * factor;
  }
  out.pre_asymptotic = std::abs(bias);
  out.extrapolated_order = out.order - bias;
  const double half = std::sqrt(std::pow(z * out.se_bootstrap, 2) + std::pow(t * out.se_fit, 2) +
                                std::pow(out.pre_asymptotic, 2));
  out.ci_low = out.order - half;
  out.ci_high = out.order + half;
  return out;
}

}  // namespace ito::convergence
