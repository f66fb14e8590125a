#pragma once
// Fokker–Planck problems: the coefficients of an Itô diffusion in 1-D and 2-D.
#include <functional>

namespace ito::fokker_planck {

/// dX = b(t, X) dt + σ(t, X) dW (Itô). Its density solves the Fokker–Planck equation
///   ∂ₜp = −∂ₓ(b p) + ∂ₓₓ(D p),   D = ½σ²,
/// i.e. ∂ₜp = −∂ₓJ with flux J = b p − ∂ₓ(D p). Multiplicative noise (D depending on x) is native.
struct Model1D {
  std::function<double(double t, double x)> drift;      ///< b(t, x)
  std::function<double(double t, double x)> diffusion;  ///< D(t, x) = ½σ²(t, x) > 0
  /// Optional Φ(x) with b/D = −Φ′ (time-independent coefficients). When given, the Péclet number of a
  /// face is the exact difference Φ(x_i) − Φ(x_{i+1}); otherwise ∫ b/D dx is integrated by Simpson's rule.
  /// Either way the zero-flux discrete state is D p ∝ exp(∫ b/D) at the cell centres.
  std::function<double(double x)> potential;
  bool time_dependent = false;  ///< b or D depend on t (the generator is reassembled every step)
  /// Optional: called by assemble_generator before it evaluates the coefficients at time t, for what point
  /// values cannot show (a user model's b changing sign between evaluation points, i.e. a zero of D there).
  /// It throws to refuse the time.
  std::function<void(double t)> check;
};

/// dX = b(t, X) dt + Σ dW in 2-D (Itô), with diffusion matrix D = ½ΣΣᵀ = [[Dxx, Dxy], [Dxy, Dyy]]:
///   ∂ₜp = −∂ₓ(bₓ p) − ∂ᵧ(bᵧ p) + ∂ₓₓ(Dxx p) + 2∂ₓᵧ(Dxy p) + ∂ᵧᵧ(Dyy p).
struct Model2D {
  std::function<double(double t, double x, double y)> drift_x, drift_y;
  std::function<double(double t, double x, double y)> diffusion_xx, diffusion_yy, diffusion_xy;
  bool time_dependent = false;
};

}  // namespace ito::fokker_planck
