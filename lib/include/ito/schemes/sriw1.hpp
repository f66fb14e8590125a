#pragma once
// SRIW1: Rößler's stochastic Runge–Kutta method of strong order 1.5 for Itô SDEs with
// scalar or diagonal noise (A. Rößler, "Runge–Kutta methods for the strong approximation of solutions of
// stochastic differential equations", SIAM J. Numer. Anal. 48(3), 922–952 (2010), the method called SRI2W1
// there; coefficient table as listed by DifferentialEquations.jl's SRIW1 documentation). Four stages:
//
//   H0_i = Y + h Σ_{j<i} A0_ij a(t + c0_j h, H0_j) + (I_(1,0)/h) Σ_{j<i} B0_ij g(t + c1_j h, H1_j)
//   H1_i = Y + h Σ_{j<i} A1_ij a(t + c0_j h, H0_j) + √h     Σ_{j<i} B1_ij g(t + c1_j h, H1_j)
//   Y_{n+1} = Y + h Σ_i α_i a(t + c0_i h, H0_i)
//               + Σ_i ( β1_i I_(1) + β2_i I_(1,1)/√h + β3_i I_(1,0)/h + β4_i I_(1,1,1)/h ) g(t + c1_i h, H1_i)
//
// with, per noise component (componentwise for diagonal noise),
//   I_(1) = ΔW,  I_(1,1) = (ΔW² − h)/2,  I_(1,1,1) = (ΔW³ − 3hΔW)/6,  I_(1,0) = ΔZ = ∫∫ dW ds
// (ΔZ is the companion variable Companion::time_integral, exact in law, coupled across levels).
// Accepted noise: scalar (noise_dim 1, any dim), diagonal, and additive with noise_dim 1.
//
// Weak order 1.5, not the 2 often quoted: the one-step expectation has local weak error O(h³) for φ(x) = x but
// O(h^{5/2}) for the nonlinear functional of the sinh weak test problem (tests/schemes/sriw1_test.cpp, by
// Gauss–Hermite quadrature; the global weak slopes measured by `ito converge` are in the README).
#include <cmath>

#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

/// Rößler (2010) SRI2W1 table (c0, c1, A0, A1, B0, B1, α, β1..β4), 4 stages.
struct Sriw1Table {
  static constexpr int stages = 4;
  static constexpr double c0[4] = {0.0, 0.75, 0.0, 0.0};
  static constexpr double c1[4] = {0.0, 0.25, 1.0, 0.25};
  static constexpr double A0[4][4] = {{0, 0, 0, 0}, {0.75, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}};
  static constexpr double A1[4][4] = {{0, 0, 0, 0}, {0.25, 0, 0, 0}, {1.0, 0, 0, 0}, {0, 0, 0.25, 0}};
  static constexpr double B0[4][4] = {{0, 0, 0, 0}, {1.5, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}};
  static constexpr double B1[4][4] = {{0, 0, 0, 0}, {0.5, 0, 0, 0}, {-1.0, 0, 0, 0}, {-5.0, 3.0, 0.5, 0}};
  static constexpr double alpha[4] = {1.0 / 3.0, 2.0 / 3.0, 0.0, 0.0};
  static constexpr double beta1[4] = {-1.0, 4.0 / 3.0, 2.0 / 3.0, 0.0};
  static constexpr double beta2[4] = {-1.0, 4.0 / 3.0, -1.0 / 3.0, 0.0};
  static constexpr double beta3[4] = {2.0, -4.0 / 3.0, -2.0 / 3.0, 0.0};
  static constexpr double beta4[4] = {-2.0, 5.0 / 3.0, -2.0 / 3.0, 1.0};
};

struct Sriw1 : StepsWithSqrtH<Sriw1> {
  static constexpr std::string_view name = "sriw1";
  static constexpr Companion companion = Companion::time_integral;
  static constexpr std::string_view refusal_hint =
      "SRIW1 is for Ito SDEs with scalar or diagonal noise; use sra1 for additive noise with several Wiener "
      "processes, milstein or rk_milstein for commutative noise, euler_heun for Stratonovich models";

  static constexpr Order order(NoiseClass c, Interpretation i, int noise_dim) {
    if (i != Interpretation::ito) return Order::unsupported();
    if (c == NoiseClass::scalar || c == NoiseClass::diagonal || (c == NoiseClass::additive && noise_dim == 1))
      return {1.5, 1.5};  // weak: see the header comment
    return Order::unsupported();
  }

  /// One step with √h supplied (step() from StepsWithSqrtH computes it; the path kernel hoists it).
  template <sde::Model M>
  void step_given_sqrt_h(const M& model, double t, double h, double sqrt_h, const double* x, StepNoise noise,
                         double* x_next) const {
    static_assert(M::interpretation == Interpretation::ito, "SRIW1 is an Ito scheme (Stratonovich model given)");
    static_assert(M::noise_class == NoiseClass::scalar || M::noise_class == NoiseClass::diagonal ||
                      (M::noise_class == NoiseClass::additive && M::noise_dim == 1),
                  "SRIW1 needs scalar or diagonal noise (or additive noise with one Wiener process); use SRA1 "
                  "for additive noise, Milstein for commutative noise");
    using T = Sriw1Table;
    constexpr int d = M::dim, m = M::noise_dim, s = T::stages;
    // Noise component driving state component i: the only one (scalar) or its own (diagonal).
    constexpr auto noise_of = [](int i) { return m == 1 ? 0 : i; };
    double H0[s][d], H1[s][d], f[s][d], gcol[s][d], g[d * m];
    double i1[d], i11[d], i10[d], i111[d];  // per state component
    for (int i = 0; i < d; ++i) {
      const double w = noise.dW[noise_of(i)];
      i1[i] = w;
      i11[i] = 0.5 * (w * w - h);
      i111[i] = (w * w * w - 3.0 * h * w) / 6.0;
      i10[i] = noise.companion[noise_of(i)];
    }
#pragma GCC unroll 8
    for (int k = 0; k < s; ++k) {
#pragma GCC unroll 8
      for (int i = 0; i < d; ++i) {
        double h0 = x[i], h1 = x[i];
#pragma GCC unroll 8
        for (int j = 0; j < k; ++j) {
          h0 += h * T::A0[k][j] * f[j][i] + (i10[i] / h) * T::B0[k][j] * gcol[j][i];
          h1 += h * T::A1[k][j] * f[j][i] + sqrt_h * T::B1[k][j] * gcol[j][i];
        }
        H0[k][i] = h0;
        H1[k][i] = h1;
      }
      model.drift(t + T::c0[k] * h, H0[k], f[k]);
      model.diffusion(t + T::c1[k] * h, H1[k], g);
      for (int i = 0; i < d; ++i) gcol[k][i] = g[i * m + noise_of(i)];
    }
#pragma GCC unroll 8
    for (int i = 0; i < d; ++i) {
      double y = x[i];
#pragma GCC unroll 8
      for (int k = 0; k < s; ++k)
        y += h * T::alpha[k] * f[k][i] + (T::beta1[k] * i1[i] + T::beta2[k] * i11[i] / sqrt_h +
                                          T::beta3[k] * i10[i] / h + T::beta4[k] * i111[i] / h) *
                                             gcol[k][i];
      x_next[i] = y;
    }
  }
};

}  // namespace ito::schemes
