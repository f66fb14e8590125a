#pragma once
// Strong-order checks for the per-scheme statistical tests (<scheme>_stat_test.cpp), on models with pathwise
// exact solutions: every step size is driven by the same Brownian path (fine increments coarsened), the error is
// E|Y_N − X_T| at T = 1, and the order is the least-squares slope of log2(error) against log2(h)
// (core::fit_line). Its standard error combines the Monte Carlo part, from independent batches of paths (one
// slope per batch; sd/√batches), and the lack-of-fit part of the regression of the mean errors (the slope's
// standard error, which carries the pre-asymptotic curvature); the stated order must lie within 4.5 of these
// combined SEs. A wrong exact solution or a wrong coefficient table gives a slope near 0 or at a lower order.
// The full studies with confidence intervals are `ito converge` (ito/convergence).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "ito/core/line_fit.hpp"
#include "ito/core/statistics.hpp"
#include "ito/core/time_grid.hpp"
#include "ito/schemes/integrate_path.hpp"
#include "ito/sde/brownian_path.hpp"
#include "ito/sde/model.hpp"

namespace ito::schemes::test {

struct OrderFit {
  double slope, se;
  std::vector<double> errors;  // mean error per level, coarsest first
};

// Levels h = T/2^{n}, n = fine_log2 − levels + 1 … fine_log2.
template <class M, class S>
inline OrderFit strong_order(const M& model, const S& scheme, std::vector<double> x0, int fine_log2, int levels,
                             int paths, int batches, std::uint32_t seed) {
  const double T = 1.0;
  const int fine_steps = 1 << fine_log2;
  if (!sde::has_pathwise_exact(model)) throw std::logic_error("model without exact solution");
  std::vector<std::vector<double>> batch_error(batches, std::vector<double>(levels, 0.0));
  std::vector<double> total(levels, 0.0);
  for (int p = 0; p < paths; ++p) {
    const auto fine = sde::brownian_path(seed, p, core::TimeGrid(0.0, T, fine_steps), M::noise_dim, S::companion);
    std::vector<double> exact(M::dim);
    model.exact(T, x0.data(), fine.W(fine_steps).data(), exact.data());
    for (int k = 0; k < levels; ++k) {
      const int factor = 1 << (levels - 1 - k);
      const auto y = integrate_path(model, scheme, x0, factor == 1 ? fine : fine.coarsen(factor));
      double e = 0;
      for (int i = 0; i < M::dim; ++i) e += (y[i] - exact[i]) * (y[i] - exact[i]);
      e = std::sqrt(e);
      batch_error[p % batches][k] += e;
      total[k] += e;
    }
  }
  std::vector<double> log_h(levels);
  for (int k = 0; k < levels; ++k) log_h[k] = -(fine_log2 - levels + 1 + k);
  core::RunningStats slopes;
  for (auto& b : batch_error) {
    std::vector<double> log_e(levels);
    for (int k = 0; k < levels; ++k) log_e[k] = std::log2(b[k]);
    slopes.add(core::fit_line(log_h, log_e).slope);
  }
  for (double& t : total) t /= paths;
  std::vector<double> log_total(levels);
  for (int k = 0; k < levels; ++k) log_total[k] = std::log2(total[k]);
  const core::LineFit fit = core::fit_line(log_h, log_total);
  const double slope = fit.slope, se_fit = fit.slope_se;
  return {slope, std::sqrt(slopes.variance() / batches + se_fit * se_fit), total};
}

// at_least: only a lower bound is asserted (the scheme may do better on a special problem, see SRA1).
template <class M, class S>
inline void expect_strong_order(const M& model, const S& scheme, std::vector<double> x0, int fine_log2,
                                int levels, int paths, std::uint32_t seed, bool at_least = false) {
  const double expected = order_on<S, M>().strong;
  const OrderFit fit = strong_order(model, scheme, x0, fine_log2, levels, paths, 20, seed);
  std::ostringstream errors;
  for (double e : fit.errors) errors << e << " ";
  if (at_least)
    EXPECT_GT(fit.slope, expected - 4.5 * fit.se) << S::name << ": fitted strong order " << fit.slope;
  else
    EXPECT_LT(std::abs(fit.slope - expected), 4.5 * fit.se)
      << S::name << ": fitted strong order " << fit.slope << " ± " << fit.se << " (expected " << expected
      << "); errors " << errors.str();
  ::testing::Test::RecordProperty(std::string(S::name) + "_order",
                                  std::to_string(fit.slope) + " +- " + std::to_string(fit.se));
  std::printf("  %-16s fitted strong order %.3f ± %.3f (expected %.1f); errors %s\n", std::string(S::name).c_str(),
              fit.slope, fit.se, expected, errors.str().c_str());
}

// Diagonal noise with dim 2: two independent GBMs with their own rates, dX_i = α_i X_i dt + β_i X_i dW_i,
// X_i(t) = x0_i exp((α_i − β_i²/2) t + β_i W_i(t)). Exercises the componentwise (diagonal) paths of SRIW1 and
// Milstein.
struct DiagonalGbm {
  static constexpr int dim = 2, noise_dim = 2;
  static constexpr NoiseClass noise_class = NoiseClass::diagonal;
  static constexpr Interpretation interpretation = Interpretation::ito;
  double alpha[2] = {1.01, -0.5}, beta[2] = {0.87, 0.4};
  void drift(double, const double* x, double* a) const { a[0] = alpha[0] * x[0], a[1] = alpha[1] * x[1]; }
  void diffusion(double, const double* x, double* g) const {
    g[0] = beta[0] * x[0], g[1] = 0.0, g[2] = 0.0, g[3] = beta[1] * x[1];
  }
  void diffusion_derivative_products(double, const double* x, double* l) const {
    for (int k = 0; k < 8; ++k) l[k] = 0.0;
    l[(0 * 2 + 0) * 2 + 0] = beta[0] * beta[0] * x[0];  // L^0 g_{00}
    l[(1 * 2 + 1) * 2 + 1] = beta[1] * beta[1] * x[1];  // L^1 g_{11}
  }
  void exact(double t, const double* x0, const double* w, double* x) const {
    for (int i = 0; i < 2; ++i) x[i] = x0[i] * std::exp((alpha[i] - 0.5 * beta[i] * beta[i]) * t + beta[i] * w[i]);
  }
};

}  // namespace ito::schemes::test
