#pragma once
// Mean and variance of a scalar linear SDE with time-dependent coefficients
//   dX = (a(t) X + b(t)) dt + c(t) dW,
// which is Gaussian for Gaussian X_{t0}; its moments solve the ODEs
//   m' = a m + b,      v' = 2 a v + c²
// (take expectations of dX and of d(X²) = 2X dX + c² dt by Itô's formula). Integrated with Boost.Odeint's
// runge_kutta_dopri5 (Dormand–Prince 5(4), dense output) under tight absolute and relative tolerances; used
// for the variance-preserving diffusion SDE and any linear model without closed forms.
#include <functional>

namespace ito::sde {

struct GaussianMoments {
  double mean = 0.0;
  double variance = 0.0;
};

/// Moments at t1 from (m0, v0) at t0 (t1 ≥ t0). Tolerance `tol` is both absolute and relative.
GaussianMoments linear_sde_moments(const std::function<double(double)>& a, const std::function<double(double)>& b,
                                   const std::function<double(double)>& c, double t0, double t1, double m0,
                                   double v0, double tol = 1e-13);

}  // namespace ito::sde
