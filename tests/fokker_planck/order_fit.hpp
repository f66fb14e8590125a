#pragma once
// Least-squares fit of log(error) = c + p·log(h) with a Student-t confidence interval for the order p.
#include <cmath>
#include <vector>

#include "ito/core/statistics.hpp"

namespace ito::fokker_planck::test {

struct OrderFit {
  double order, half_width;  ///< p and the half width of its 95% confidence interval
};

inline OrderFit fit_order(const std::vector<double>& h, const std::vector<double>& error) {
  const std::size_t n = h.size();
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += std::log(h[i]) / static_cast<double>(n);
    my += std::log(error[i]) / static_cast<double>(n);
  }
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (std::log(h[i]) - mx) * (std::log(h[i]) - mx);
    sxy += (std::log(h[i]) - mx) * (std::log(error[i]) - my);
  }
  const double p = sxy / sxx, c = my - p * mx;
  double ssr = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = std::log(error[i]) - c - p * std::log(h[i]);
    ssr += r * r;
  }
  const double se = std::sqrt(ssr / static_cast<double>(n - 2) / sxx);
  return {p, core::student_t_critical(0.05, static_cast<double>(n - 2)) * se};
}

}  // namespace ito::fokker_planck::test
