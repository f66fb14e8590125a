#pragma once
// Forward noising paths x_t = α_t x₀ + σ_t ε, ε ~ N(0, I), t ∈ [0, T] — the marginals of the forward SDE
//   dX = f(t) X dt + g(t) dW,   f = α'/α,   g² = 2σσ' − 2(α'/α)σ² = 2σ² d/dt log(σ/α),
// an Ornstein–Uhlenbeck process with time-dependent coefficients (sde/variance_preserving.hpp is the VP one
// as a compile-time model). Kinds:
//   vp_linear  ᾱ(t) = exp(−B(t)), B(t) = β_min t + ½(β_max − β_min) t², α = √ᾱ, σ = √(1 − ᾱ), T = 1
//              (Song et al. 2021, eq. (11); β_min = 0.1, β_max = 20 by default);
//   vp_cosine  ᾱ(t) = cos²(π/2 (t + s)/(1 + s)) / cos²(π/2 s/(1 + s)), s = 0.008 (Nichol & Dhariwal 2021),
//              α = √ᾱ, σ = √(1 − ᾱ), T = 0.999 (ᾱ(1) = 0 makes f infinite at t = 1);
//   ve         α = 1, σ(t) = σ_min √((σ_max/σ_min)^{2t} − 1) — the variance σ_min²(r^{2t} − 1) that Song et
//              al.'s VE SDE adds to the data (σ(0) = 0 exactly), T = 1 (σ_min = 0.01, σ_max = 50);
//   linear     α = 1 − t, σ = t: the linear interpolant of flow matching / stochastic interpolants,
//              T = 0.999 (α(1) = 0).
// Every sampler starts at T from the exact diffused law p_T (drawn from the prior and ε: no mismatch between
// p_T and a Gaussian), so only time discretisation separates a sampler from its target. The signal-to-noise
// ratio α/σ decreases strictly on (0, T]; time_of_noise_ratio inverts σ/α (the exact denoising route starts
// where σ_t/α_t equals the observation noise).
#include <string>
#include <vector>

namespace ito::diffusion {

enum class PathKind { vp_linear, vp_cosine, ve, linear };

/// "vp_linear" | "vp_cosine" | "ve" | "linear".
std::string to_string(PathKind kind);
/// Inverse of to_string; throws ito::ParameterError naming the accepted values.
PathKind path_kind_from_string(const std::string& name);

class NoisingPath {
 public:
  static NoisingPath vp_linear(double beta_min = 0.1, double beta_max = 20.0);
  static NoisingPath vp_cosine(double s = 0.008);
  static NoisingPath ve(double sigma_min = 0.01, double sigma_max = 50.0);
  static NoisingPath linear();
  /// The kind with its default parameters.
  static NoisingPath make(PathKind kind);

  PathKind kind() const { return kind_; }
  std::string name() const { return to_string(kind_); }
  /// T: samplers run from T down to their end time.
  double horizon() const { return horizon_; }

  double alpha(double t) const;
  double sigma(double t) const;
  double alpha_derivative(double t) const;
  double sigma_derivative(double t) const;
  /// f(t) = α'/α.
  double drift_coefficient(double t) const { return alpha_derivative(t) / alpha(t); }
  /// g(t)² = 2σσ' − 2 f σ².
  double diffusion_squared(double t) const;
  /// The t ∈ (0, T] with σ_t/α_t = ratio (bisection to full precision); ParameterError when ratio ≤ 0 or
  /// beyond σ_T/α_T.
  double time_of_noise_ratio(double ratio) const;

  /// The discrete DDPM grid (Ho et al. 2020): β_k linear from beta_1 to beta_K, ᾱ_k = Π_{j≤k}(1 − β_j),
  /// k = 1 … K (K entries).
  static std::vector<double> ddpm_alpha_bar(int K, double beta_1 = 1e-4, double beta_K = 0.02);

 private:
  PathKind kind_ = PathKind::vp_linear;
  double p1_ = 0.1, p2_ = 20.0;  // β_min, β_max | s | σ_min, σ_max
  double horizon_ = 1.0;
  double cosine_norm_ = 1.0;
  // ᾱ(t) and its derivative for the VP kinds
  double alpha_bar(double t) const;
  double alpha_bar_derivative(double t) const;
};

}  // namespace ito::diffusion
