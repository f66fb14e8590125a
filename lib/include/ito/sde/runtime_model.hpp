#pragma once
// Run-time dimension models: dX_t = a(t, X_t) dt + g(t) dW_t on R^d, d known only at run time (up to 10⁶),
// W a d-dimensional Brownian motion, noise additive and isotropic (NoiseClass::isotropic; Itô and
// Stratonovich coincide). model.hpp says where the boundary with compile-time models lies.
//
// States are Eigen vectors; a batch of B states is a d × B matrix, a column per path (so one path's state is
// contiguous and the drift of a whole batch is one matrix expression — for the diffusion priors a few
// matrix products). Valid expressions for a model type M and `const M& m`:
//
//   m.dim()                      int d ≥ 1, the state (and noise) dimension
//   M::noise_class               NoiseClass::isotropic
//   M::interpretation            Interpretation::ito
//   m.drift(t, X, A)             A.col(p) = a(t, X.col(p)) for every column; X, A d × B (A sized by the caller)
//   m.noise_scale(t)             g(t)
//
// Optional, for the exponential integrator (schemes/exponential_euler.hpp): a semilinear split
//   a(t, x) = ℓ(t) x + κ(t) N(t, x),     ℓ, κ scalar functions of t,
// given by
//   m.nonlinear_input(t, X, N)   N.col(p) = N(t, X.col(p))
//   m.linear_flow(t, h)          the LinearFlow below over [t, t+h], in closed form.
// With N frozen at the left end of a step, variation of constants gives the exact step
//   X_{t+h} = Φ X_t + Ψ N + J,   Φ = e^{∫_t^{t+h} ℓ},   Ψ = ∫_t^{t+h} e^{∫_s^{t+h} ℓ} κ(s) ds,
//   J = ∫_t^{t+h} e^{∫_s^{t+h} ℓ} g(s) dW_s  ~  N(0, v I),   v = ∫_t^{t+h} e^{2∫_s^{t+h} ℓ} g(s)² ds,
//   Cov(ΔW_i, J_i) = c = ∫_t^{t+h} e^{∫_s^{t+h} ℓ} g(s) ds   (component by component; independent across i).
// Hence, given ΔW, J = (c/h) ΔW + √(v − c²/h) η with η ~ N(0, I) independent of ΔW
// (Companion::stochastic_convolution): exact jointly with ΔW, so the exponential integrator runs on the same
// Brownian path as every other scheme. Over two consecutive steps J = Φ₂ J₁ + J₂ (Φ₂ of the second step).
#include <Eigen/Core>
#include <cmath>
#include <concepts>

#include "ito/sde/companion.hpp"
#include "ito/sde/model.hpp"

namespace ito::sde {

/// The exact flow of the linear part of a semilinear run-time model over one step (see the header comment).
struct LinearFlow {
  double phi = 1.0;         ///< Φ = e^{∫ℓ}
  double psi = 0.0;         ///< Ψ = ∫ e^{∫_s ℓ} κ(s) ds
  double variance = 0.0;    ///< v = Var J_i
  double covariance = 0.0;  ///< c = Cov(ΔW_i, J_i)

  /// (c/h, √(v − c²/h)): J = on_dW · ΔW + on_normal · η.
  double on_dW(double h) const { return covariance / h; }
  double on_normal(double h) const {
    const double r = variance - covariance * covariance / h;  // ≥ 0 by Cauchy–Schwarz; rounding may dip below
    return std::sqrt(r > 0.0 ? r : 0.0);
  }
  /// The step's rule for Companion::stochastic_convolution (companion.hpp).
  ConvolutionStep convolution_step(double h) const { return {on_dW(h), on_normal(h), phi}; }
};

/// A run-time dimension model in the sense above.
template <class M>
concept RuntimeModel = requires(const M& m, double t, const Eigen::MatrixXd& X, Eigen::MatrixXd& out) {
  { m.dim() } -> std::convertible_to<int>;
  requires M::noise_class == NoiseClass::isotropic;
  requires std::same_as<std::remove_cv_t<decltype(M::interpretation)>, Interpretation>;
  m.drift(t, X, out);
  { m.noise_scale(t) } -> std::convertible_to<double>;
};

/// A run-time model with the semilinear split the exponential integrator needs.
template <class M>
concept SemilinearRuntimeModel = RuntimeModel<M> && requires(const M& m, double t, const Eigen::MatrixXd& X,
                                                              Eigen::MatrixXd& out) {
  m.nonlinear_input(t, X, out);
  { m.linear_flow(t, t) } -> std::convertible_to<LinearFlow>;
};

/// The noise of one step of a batch as a scheme receives it: ΔW (d × B) and, for schemes that need one, the
/// companion variable (same shape). Schemes never draw random numbers.
struct BatchNoise {
  const Eigen::MatrixXd* dW = nullptr;
  const Eigen::MatrixXd* companion = nullptr;
};

}  // namespace ito::sde
