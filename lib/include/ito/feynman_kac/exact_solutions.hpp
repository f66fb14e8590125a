#pragma once
// Exact solutions of backward (Feynman–Kac) problems with closed forms, used as references.
//
// Feynman–Kac: for dX = a(X) dt + b(X) dW, the function
//   u(x, t) = E[ e^{−∫ₜᵀ r(X_s) ds} φ(X_T) − ∫ₜᵀ e^{−∫ₜˢ r} f(X_s) ds | X_t = x ]
// solves u_t + a u_x + ½ b² u_xx − r u − f = 0, u(x, T) = φ(x). Every formula below is the expectation
// written out for a model whose transition law is Gaussian.
namespace ito::feynman_kac {

/// Heat equation u_t = D u_xx on ℝ with u(x, 0) = exp(−x²/(2s²)):
///   u(x, t) = s/√(s² + 2Dt) · exp(−x²/(2(s² + 2Dt))).
/// Feynman–Kac form: u(x, t) = E[u(x + √(2D) W_t, 0)] (Brownian motion with generator D ∂²ₓ).
double heat_gaussian_solution(double x, double t, double diffusivity, double initial_width);

/// Ornstein–Uhlenbeck dX = θ(μ − X) dt + σ dW, X_0 = x: X_T is Gaussian with
///   mean m = μ + (x − μ) e^{−θT},  variance v = σ²(1 − e^{−2θT})/(2θ).
struct OrnsteinUhlenbeckLaw {
  double mean, variance;
};
OrnsteinUhlenbeckLaw ou_transition(double x0, double theta, double mu, double sigma, double horizon);

/// E[X_T] = m.
double ou_mean(double x0, double theta, double mu, double sigma, double horizon);
/// E[X_T²] = m² + v.
double ou_second_moment(double x0, double theta, double mu, double sigma, double horizon);
/// E[cos(k X_T)] = cos(k m) e^{−k² v/2} (real part of the characteristic function).
double ou_cosine_moment(double x0, double theta, double mu, double sigma, double horizon, double k);
/// E[∫₀ᵀ X_s ds] = μT + (x − μ)(1 − e^{−θT})/θ (running cost f(x) = x).
double ou_integral_mean(double x0, double theta, double mu, double sigma, double horizon);

/// Vasicek zero-coupon bond E[exp(−∫₀ᵀ r_s ds)] for the short rate r = OU(θ, μ, σ) started at r0
/// (Vasicek 1977):  B = (1 − e^{−θT})/θ,
///   P = exp((μ − σ²/(2θ²))(B − T) − σ² B²/(4θ) − B r0).
double vasicek_bond_price(double r0, double theta, double mu, double sigma, double horizon);

/// Mean exit time of X = x + √(2D) W from (0, L): the solution of D τ'' = −1, τ(0) = τ(L) = 0,
///   τ(x) = x (L − x) / (2D).
double brownian_mean_exit_time(double x, double length, double diffusivity);

}  // namespace ito::feynman_kac
