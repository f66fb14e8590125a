#pragma once
// Local errors of one step computed without Monte Carlo, for the per-scheme tests: expectations over the
// step's Gaussians (ΔW, and η behind ΔZ = I_(1,0)) by tensor Gauss–Hermite quadrature (Golub–Welsch nodes),
// against the pathwise exact solution of a scalar model started at t = 0.
//
// By Milstein's fundamental theorem a one-step method with local mean error O(h^{p+1}) and local mean-square
// error E|Y_1 − X_h|² = O(h^{2p+1}) has global strong order p; a method of global weak order q has local weak
// error O(h^{q+1}). So the slope of log(local RMS error) against log h is p + ½ and that of log|local weak
// error| is q + 1; both are fitted (core::fit_line) over halvings of h.
#include <Eigen/Dense>
#include <cmath>
#include <utility>
#include <vector>

#include "ito/core/line_fit.hpp"
#include "ito/schemes/scheme.hpp"
#include "ito/sde/companion.hpp"

namespace ito::schemes::test {

/// Probabilists' Gauss–Hermite rule (weight e^{−z²/2}/√(2π)) with n nodes, by Golub–Welsch.
struct GaussHermite {
  std::vector<double> z, w;
  explicit GaussHermite(int n) : z(n), w(n) {
    Eigen::MatrixXd J = Eigen::MatrixXd::Zero(n, n);
    for (int k = 1; k < n; ++k) J(k, k - 1) = J(k - 1, k) = std::sqrt(static_cast<double>(k));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(J);
    for (int k = 0; k < n; ++k) {
      z[k] = es.eigenvalues()(k);
      w[k] = es.eigenvectors()(0, k) * es.eigenvectors()(0, k);
    }
  }
};

inline const GaussHermite& gauss_hermite() {
  static const GaussHermite rule(60);
  return rule;
}

/// E f(ΔW, ΔZ) over ΔW ~ N(0, h) and ΔZ = I_(1,0) in its exact joint law (the companion rule of
/// Companion::time_integral); with `companion` false only ΔW is integrated (ΔZ passed as 0).
template <class F>
double expect_over_step(double h, bool companion, F f) {
  const auto& [z, w] = gauss_hermite();
  const sde::CompanionRule<sde::Companion::time_integral> rule(h);
  double sum = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double dw = std::sqrt(h) * z[i];
    if (!companion) {
      sum += w[i] * f(dw, 0.0);
      continue;
    }
    for (std::size_t j = 0; j < z.size(); ++j) sum += w[i] * w[j] * f(dw, rule.build(dw, z[j]));
  }
  return sum;
}

/// One step of `scheme` on the scalar `model` from x0 at t = 0 with increment dw and companion dz.
template <class S, class M>
double one_step(const S& scheme, const M& model, double x0, double h, double dw, double dz) {
  double y;
  scheme.step(model, 0.0, h, &x0, StepNoise{&dw, &dz}, &y);
  return y;
}

/// √E|Y_1 − X_h|² of `scheme` on a scalar model whose exact solution depends on the path through W_h only.
template <class S, class M>
double local_rms_error(const S& scheme, const M& model, double x0, double h) {
  const bool companion = S::companion == Companion::time_integral;
  return std::sqrt(expect_over_step(h, companion, [&](double dw, double dz) {
    double exact;
    model.exact(h, &x0, &dw, &exact);
    const double e = one_step(scheme, model, x0, h, dw, dz) - exact;
    return e * e;
  }));
}

/// E φ(Y_1) − E φ(X_h) of `scheme` on a scalar model with a pathwise exact solution.
template <class S, class M, class Phi>
double local_weak_error(const S& scheme, const M& model, double x0, double h, Phi phi) {
  const bool companion = S::companion == Companion::time_integral;
  const double scheme_mean =
      expect_over_step(h, companion, [&](double dw, double dz) { return phi(one_step(scheme, model, x0, h, dw, dz)); });
  const double exact_mean = expect_over_step(h, false, [&](double dw, double) {
    double exact;
    model.exact(h, &x0, &dw, &exact);
    return phi(exact);
  });
  return scheme_mean - exact_mean;
}

/// (E Y_1 − E X_h, E Y_1² − E X_h²) of `scheme` on a scalar model with exact moments (exact_mean,
/// exact_variance) from x0 at t = 0.
template <class S, class M>
std::pair<double, double> local_moment_errors(const S& scheme, const M& model, double x0, double h) {
  const bool companion = S::companion == Companion::time_integral;
  const double m1 =
      expect_over_step(h, companion, [&](double dw, double dz) { return one_step(scheme, model, x0, h, dw, dz); });
  const double m2 = expect_over_step(h, companion, [&](double dw, double dz) {
    const double y = one_step(scheme, model, x0, h, dw, dz);
    return y * y;
  });
  double mean, variance;
  model.exact_mean(h, &x0, &mean);
  model.exact_variance(h, &x0, &variance);
  return {m1 - mean, m2 - (mean * mean + variance)};
}

/// Slope of log|error(h)| against log h over h, h/2, h/4, h/8 (core::fit_line).
template <class E>
double local_slope(double h, E error) {
  std::vector<double> log_h, log_e;
  for (int k = 0; k < 4; ++k) {
    const double hk = std::ldexp(h, -k);
    log_h.push_back(std::log(hk));
    log_e.push_back(std::log(std::abs(error(hk))));
  }
  return core::fit_line(log_h, log_e).slope;
}

/// A general-noise model (no structure promised), for the refusal checks.
struct GeneralNoiseModel {
  static constexpr int dim = 2, noise_dim = 2;
  static constexpr NoiseClass noise_class = NoiseClass::general;
  static constexpr Interpretation interpretation = Interpretation::ito;
  void drift(double, const double* x, double* a) const { a[0] = -x[0], a[1] = -x[1]; }
  void diffusion(double, const double* x, double* g) const { g[0] = x[1], g[1] = 0, g[2] = 0, g[3] = x[0]; }
};

}  // namespace ito::schemes::test
