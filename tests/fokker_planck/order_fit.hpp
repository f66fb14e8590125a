#pragma once
// Order of a deterministic discretisation: ito::convergence::fit_loglog (least squares on log-log) with a
// Student-t 95% confidence interval from its lack-of-fit standard error (no Monte Carlo term here).
#include <vector>

#include "ito/convergence/order_fit.hpp"
#include "ito/core/statistics.hpp"

namespace ito::fokker_planck::test {

struct OrderFit {
  double order, half_width;  ///< p and the half width of its 95% confidence interval
};

inline OrderFit fit_order(const std::vector<double>& h, const std::vector<double>& error) {
  const auto line = convergence::fit_loglog(h, error);
  return {line.slope, core::student_t_critical(0.05, static_cast<double>(h.size() - 2)) * line.slope_se};
}

}  // namespace ito::fokker_planck::test
