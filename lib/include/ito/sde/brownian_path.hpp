#pragma once
// Brownian paths on nested grids, drawn once on the finest grid and summed for coarser ones, so that every
// step size of a convergence study is driven by the same path (DESIGN.md §3, §4).
//
// Random numbers. Path p of a study with seed s uses NormalStream(s, Purpose::brownian) with counter path p:
//   ΔW_j over fine step n          = √h ξ,  ξ = normal number  n·m + j                     (m = noise_dim)
//   companion normal of (n, j)     = η,     η = normal number  companion_index_offset + n·m + j.
// The Brownian increments therefore do not depend on whether a companion variable is requested (an
// Euler–Maruyama run and an SRA1 run with the same seed see the same W), and for m = 1 two consecutive
// steps share one Philox block (NormalStream::fill_across_paths draws steps in pairs).
//
// Companion Gaussians, exact in law and coupled exactly across levels:
//  * Companion::time_integral  ΔZ = ∫_t^{t+h} (W_s − W_t) ds = I_(1,0)   (Kloeden–Platen (10.4.3))
//        ΔZ = ½ h (ΔW + η √h / √3):  Var ΔZ = h³/3,  Cov(ΔW, ΔZ) = h²/2.
//        Coarsening (steps 1..r of size h into one of size rh):  ΔZ = Σ_i [ΔZ_i + h (W_{t_i} − W_{t_0})]
//        (for two steps ΔZ1 + ΔZ2 + h ΔW1).
//  * Companion::ou_convolution J = ∫_t^{t+h} e^{−θ(t+h−s)} dW_s   (exact Ornstein–Uhlenbeck step)
//        Var J = (1 − e^{−2θh})/(2θ) =: v,  Cov(ΔW, J) = (1 − e^{−θh})/θ =: c,
//        J = (c/h) ΔW + √(v − c²/h) η.
//        Coarsening: J = Σ_i e^{−θ(T_end − t_{i+1})} J_i  (for two steps e^{−θh} J1 + J2).
//  * Companion::signs          σ = sign(η) ∈ {−1, +1}: independent fair signs, independent of W (η is
//        independent of ξ). Weak order-2 schemes for non-commutative noise build their two-point variables
//        V_{r,j} = ±h from products σ_r σ_j (pairwise uncorrelated, mean 0, V² = h²). Weak schemes need no
//        coupling across levels; coarsening takes the product of the fine signs, again a fair sign
//        independent of the coarse increments.
#include <cmath>
#include <cstdint>
#include <vector>

namespace ito::sde {

/// Extra Gaussian variable a scheme needs besides ΔW, one per noise component and step.
enum class Companion {
  none,
  time_integral,   ///< ΔZ = ∫∫ dW ds over the step (strong-1.5 schemes SRIW1, SRA1)
  ou_convolution,  ///< J = ∫ e^{−θ(h−s)} dW over the step (exact Ornstein–Uhlenbeck step)
  signs,           ///< σ = ±1, fair and independent of W (two-point variables of weak order-2 schemes)
  stochastic_convolution,  ///< J = ∫ e^{∫_s ℓ} g(s) dW_s of a semilinear run-time model, built from its
                           ///< LinearFlow (runtime_model.hpp; the exponential integrator)
};

/// The noise of one step as a scheme receives it: ΔW_j and (if the scheme needs it) the companion variable,
/// j < noise_dim. Schemes never draw random numbers.
struct StepNoise {
  const double* dW;
  const double* companion = nullptr;
};

/// Index offset of the companion normals in the path's stream (far beyond any step·noise_dim used).
inline constexpr std::uint64_t companion_index_offset = std::uint64_t{1} << 40;

/// Increments of one Brownian path (and its companions) on a uniform grid t_n = t0 + n h, n ≤ steps.
struct BrownianIncrements {
  double t0 = 0.0;
  double h = 0.0;
  int steps = 0;
  int noise_dim = 1;
  Companion companion = Companion::none;
  double theta = 0.0;              ///< kernel rate of Companion::ou_convolution
  std::vector<double> dW;          ///< dW[n * noise_dim + j]
  std::vector<double> companions;  ///< same layout; empty when companion == none

  double time(int n) const { return t0 + n * h; }
  StepNoise noise(int n) const {
    const auto k = static_cast<std::size_t>(n) * noise_dim;
    return {dW.data() + k, companions.empty() ? nullptr : companions.data() + k};
  }
  /// W_{t_n} − W_{t0}, noise_dim values.
  std::vector<double> W(int n) const;
  /// The same path on the grid of step factor·h (steps must be divisible by factor), companions coarsened
  /// exactly as documented above.
  BrownianIncrements coarsen(int factor) const;
};

/// Path `path` of the study keyed by `seed`, on [t0, t0 + T] with `steps` fine steps of size T/steps.
/// Companion::ou_convolution needs theta > 0.
BrownianIncrements brownian_path(std::uint32_t seed, std::uint64_t path, double T, int steps, int noise_dim,
                                 Companion companion = Companion::none, double theta = 0.0, double t0 = 0.0);

/// Coefficients (c/h, √(v − c²/h)) that build J = (c/h) ΔW + s η for the OU kernel rate θ and step h.
struct OuConvolutionCoefficients {
  double on_dW;
  double on_normal;
  double variance;    ///< v = Var J
  double covariance;  ///< c = Cov(ΔW, J)
};
OuConvolutionCoefficients ou_convolution_coefficients(double theta, double h);

}  // namespace ito::sde
