#pragma once
// The reverse-time SDE and the probability-flow ODE of a noising path as run-time dimension models
// (sde/runtime_model.hpp), in the reversed time τ = T − t ∈ [0, T − t_end] so that the schemes module's
// steppers and the monte_carlo batch kernel integrate them forwards:
//   reverse SDE   dX = [−f X + g² ∇log p_t(X)] dτ + g dW,
//   PF-ODE        dX = [−f X + ½ g² ∇log p_t(X)] dτ        (noise scale 0),
// with ∇log p_t(x) = (α D(x) − x)/σ² (Tweedie), t = T − τ. The reverse SDE is semilinear, drift
// ℓ X + κ N with ℓ = −(f + g²/σ²), κ = g² α/σ², N = D(X); over a step t → s its exact linear flow is
//   Φ = σ_s² α_t/(σ_t² α_s),  Ψ = α_s (1 − r²),  v = σ_s² (1 − r²),  r = α_t σ_s/(α_s σ_t),
// (the DDPM posterior q(x_s | x_t, x₀ = D)), and c = Cov(ΔW, J) = ∫ Φ(u→s) g(u) du by 16-point
// Gauss–Legendre quadrature (only the correlation of J with ΔW depends on it, never J's law).
#include <Eigen/Core>
#include <algorithm>
#include <atomic>

#include "ito/diffusion/denoiser.hpp"
#include "ito/diffusion/noising.hpp"
#include "ito/sde/runtime_model.hpp"

namespace ito::diffusion {

class ReverseSde {
 public:
  static constexpr sde::NoiseClass noise_class = sde::NoiseClass::isotropic;
  static constexpr sde::Interpretation interpretation = sde::Interpretation::ito;

  /// Reversed time starts at t_start (t = t_start − τ).
  ReverseSde(const Denoiser& denoiser, const NoisingPath& path, double t_start, bool probability_flow,
             std::atomic<long long>* evaluations = nullptr)
      : denoiser_(denoiser), path_(path), t_start_(t_start), flow_(probability_flow), evaluations_(evaluations) {}

  int dim() const { return denoiser_.dim(); }
  /// t = t_start − τ, never below 0: a step's end τ + h computed as τ_n + h can exceed the grid's end by an
  /// ulp, and the path's σ(t) is not defined for t < 0 (a sampler ending at t = 0 then got σ_s = NaN).
  double forward_time(double tau) const { return std::max(0.0, t_start_ - tau); }
  void drift(double tau, const Eigen::MatrixXd& X, Eigen::MatrixXd& A) const;
  double noise_scale(double tau) const;
  void nonlinear_input(double tau, const Eigen::MatrixXd& X, Eigen::MatrixXd& N) const;
  sde::LinearFlow linear_flow(double tau, double h) const;

 private:
  const Denoiser& denoiser_;
  const NoisingPath& path_;
  double t_start_;
  bool flow_;
  std::atomic<long long>* evaluations_;
};

}  // namespace ito::diffusion
