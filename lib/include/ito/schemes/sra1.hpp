#pragma once
// SRA1: Rößler's stochastic Runge–Kutta method of strong order 1.5 and weak order 2 for additive noise
// (A. Rößler, SIAM J. Numer. Anal. 48(3), 922–952 (2010), the method SRA1; table as listed by
// DifferentialEquations.jl's SRA1 documentation). For dX = a(t, X) dt + g(t) dW with any number of Wiener
// processes (g a dim × noise_dim matrix depending on t only; Itô and Stratonovich coincide):
//
//   H0_2 = Y + (3/4) h a(t, Y) + (3/2) Σ_j g_{·j}(t + h) I_(j,0)/h
//   Y_{n+1} = Y + h ( (1/3) a(t, Y) + (2/3) a(t + (3/4) h, H0_2) )
//               + Σ_j [ g_{·j}(t + h) (ΔW_j − I_(j,0)/h) + g_{·j}(t) I_(j,0)/h ],
//
// i.e. c0 = (0, 3/4), c1 = (1, 0), A0_21 = 3/4, B0_21 = 3/2, α = (1/3, 2/3), β1 = (1, 0), β2 = (−1, 1).
// The last line integrates ∫ g(s) dW_s exactly for g linear in s (∫(s − t) dW = hΔW − I_(1,0)).
// I_(j,0) = ΔZ_j is the companion Companion::time_integral. Multiplicative noise is refused.
#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

struct Sra1 {
  static constexpr std::string_view name = "sra1";
  static constexpr Companion companion = Companion::time_integral;
  static constexpr std::string_view refusal_hint =
      "SRA1 is only for additive noise (g independent of x); use sriw1 for scalar/diagonal multiplicative noise";

  static constexpr Order order(NoiseClass c, Interpretation, int) {
    return c == NoiseClass::additive ? Order{1.5, 2.0} : Order::unsupported();
  }

  template <sde::Model M>
  void step(const M& model, double t, double h, const double* x, StepNoise noise, double* x_next) const {
    static_assert(M::noise_class == NoiseClass::additive,
                  "SRA1 is only for additive noise; use SRIW1 for scalar/diagonal multiplicative noise");
    constexpr int d = M::dim, m = M::noise_dim;
    double a0[d], a1[d], g_end[d * m], g_start[d * m], stage[d];
    model.drift(t, x, a0);
    model.diffusion(t + h, x, g_end);  // x is irrelevant for additive noise
    model.diffusion(t, x, g_start);
    const double inv_h = 1.0 / h;
    for (int i = 0; i < d; ++i) {
      double y = x[i] + 0.75 * h * a0[i];
      for (int j = 0; j < m; ++j) y += 1.5 * g_end[i * m + j] * noise.companion[j] * inv_h;
      stage[i] = y;
    }
    model.drift(t + 0.75 * h, stage, a1);
    for (int i = 0; i < d; ++i) {
      double y = x[i] + h * (a0[i] / 3.0 + 2.0 * a1[i] / 3.0);
      for (int j = 0; j < m; ++j) {
        const double z = noise.companion[j] * inv_h;
        y += g_end[i * m + j] * (noise.dW[j] - z) + g_start[i * m + j] * z;
      }
      x_next[i] = y;
    }
  }
};

}  // namespace ito::schemes
