#pragma once
// Deterministic checks of a compile-time SDE model (ito/sde/model.hpp) against its own definition, shared by
// the per-model unit tests of tests/sde:
//  - the Milstein products L[(i m + j) m + k] = Σ_l g_lj ∂g_ik/∂x_l against central differences of diffusion();
//  - the pathwise exact solution X_t = F(t, W_t) against the SDE by Itô's formula: F(0, 0) = x0 and
//      Itô:          ∂F_i/∂w_j = g_ij(t, F),   ∂_t F_i + ½ Σ_j ∂²F_i/∂w_j² = a_i(t, F);
//      Stratonovich: ∂F_i/∂w_j = g_ij(t, F),   ∂_t F_i = a_i(t, F)   (ordinary chain rule),
//    with the derivatives by central differences. A sign or factor error in drift, diffusion or exact — or
//    an Itô correction applied to the wrong interpretation — breaks one of these identities by O(1).
// Step sizes: first derivatives with δ = 1e-5 (truncation ~δ², round-off ~ε/δ ≈ 1e-11), second with δ = 1e-3
// (truncation ~δ² ≈ 1e-6 relative, round-off ~ε/δ² ≈ 1e-10): tolerances 1e-6 relative to the scale.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "ito/sde/model.hpp"

namespace ito::sde::testing {

template <class M>
void expect_milstein_products_match_finite_differences(const M& model, double t, std::vector<double> x) {
  constexpr int d = M::dim, m = M::noise_dim;
  std::array<double, d * m> g{}, gp{}, gm{};
  std::array<double, d * m * m> l{};
  model.diffusion(t, x.data(), g.data());
  model.diffusion_derivative_products(t, x.data(), l.data());
  for (int i = 0; i < d; ++i)
    for (int j = 0; j < m; ++j)
      for (int k = 0; k < m; ++k) {
        double fd = 0.0;
        for (int q = 0; q < d; ++q) {
          const double delta = 1e-5 * std::max(1.0, std::abs(x[q]));
          std::vector<double> xp = x, xm = x;
          xp[q] += delta;
          xm[q] -= delta;
          model.diffusion(t, xp.data(), gp.data());
          model.diffusion(t, xm.data(), gm.data());
          fd += g[q * m + j] * (gp[i * m + k] - gm[i * m + k]) / (2.0 * delta);
        }
        const double got = l[(i * m + j) * m + k];
        EXPECT_NEAR(got, fd, 1e-6 * std::max(1.0, std::abs(fd))) << "L^" << j << " g_" << i << k << " at t = " << t;
      }
}

template <class M>
void expect_exact_solves_the_sde(const M& model, double t, std::vector<double> x0, std::vector<double> w) {
  constexpr int d = M::dim, m = M::noise_dim;
  auto F = [&](double s, const std::vector<double>& v) {
    std::vector<double> x(d);
    model.exact(s, x0.data(), v.data(), x.data());
    return x;
  };
  const std::vector<double> zero(m, 0.0);
  const auto start = F(0.0, zero);
  for (int i = 0; i < d; ++i) EXPECT_NEAR(start[i], x0[i], 1e-14 * std::max(1.0, std::abs(x0[i]))) << "F(0, 0)";

  const auto x = F(t, w);
  std::array<double, d> a{};
  std::array<double, d * m> g{};
  model.drift(t, x.data(), a.data());
  model.diffusion(t, x.data(), g.data());

  const double dt = 1e-5 * std::max(1.0, t);
  const auto xtp = F(t + dt, w), xtm = F(t - dt, w);
  std::vector<double> generator(d);
  for (int i = 0; i < d; ++i) generator[i] = (xtp[i] - xtm[i]) / (2.0 * dt);
  for (int j = 0; j < m; ++j) {
    auto shifted = [&](double delta) {
      std::vector<double> v = w;
      v[j] += delta;
      return F(t, v);
    };
    const double d1 = 1e-5, d2 = 1e-3;
    const auto p1 = shifted(d1), m1 = shifted(-d1), p2 = shifted(d2), m2 = shifted(-d2);
    for (int i = 0; i < d; ++i) {
      const double dw = (p1[i] - m1[i]) / (2.0 * d1);
      EXPECT_NEAR(dw, g[i * m + j], 1e-6 * std::max(1.0, std::abs(g[i * m + j])))
          << "dF_" << i << "/dw_" << j << " vs g at t = " << t;
      if (M::interpretation == Interpretation::ito) generator[i] += 0.5 * (p2[i] - 2.0 * x[i] + m2[i]) / (d2 * d2);
    }
  }
  for (int i = 0; i < d; ++i)
    EXPECT_NEAR(generator[i], a[i], 1e-6 * std::max(1.0, std::abs(a[i])))
        << (M::interpretation == Interpretation::ito ? "dF/dt + ½ΔF" : "dF/dt") << " vs drift, component " << i
        << " at t = " << t;
}

/// Classical RK4 for y' = f(t, y) from t0 to t1 in n steps (a fine reference for moment ODEs).
template <class F>
std::vector<double> rk4(F f, double t0, double t1, std::vector<double> y, int n) {
  const double h = (t1 - t0) / n;
  const std::size_t k = y.size();
  auto axpy = [k](const std::vector<double>& u, double s, const std::vector<double>& v) {
    std::vector<double> r(k);
    for (std::size_t i = 0; i < k; ++i) r[i] = u[i] + s * v[i];
    return r;
  };
  for (int s = 0; s < n; ++s) {
    const double t = t0 + s * h;
    const auto k1 = f(t, y), k2 = f(t + h / 2, axpy(y, h / 2, k1)), k3 = f(t + h / 2, axpy(y, h / 2, k2)),
               k4 = f(t + h, axpy(y, h, k3));
    for (std::size_t i = 0; i < k; ++i) y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  return y;
}

}  // namespace ito::sde::testing
