#pragma once
// EPLL: the MAP estimate of an image under "expected patch log-likelihood" with a Gaussian-mixture patch prior
// (Zoran & Weiss, "From learning models of natural image patches to whole image restoration", ICCV 2011), for
// y = A x + σ_y ε with A the identity (denoising) or a pixel mask (inpainting).
//
// Half-quadratic splitting: with auxiliary patches z_P for every overlapping p × p patch P of the image,
//   min_x,z  (λ/2)‖A x − y‖² + Σ_P [ (β/2)‖P x − z_P‖² − log p(z_P) ],     λ = p²/σ_y²
// (Zoran & Weiss's λ: every pixel lies in p² patches), alternately for β = β₀·factor over `beta_factors`
// (default {1, 4, 8, 16, 32}, the paper's denoising schedule; β₀ = 1/σ_e², σ_e = `sigma`), `iterations` times per β:
//   z-step  for each patch, the component k* with the largest log w_k + log N(P x; m_k, Σ_k + β⁻¹ I) and its
//           Wiener filter z_P = m_k* + Σ_k* (Σ_k* + β⁻¹ I)⁻¹ (P x − m_k*) (the approximate MAP of the paper);
//   x-step  x_i = (λ [Aᵀy]_i + β Σ_{P∋i} [z_P]_i) / (λ [AᵀA]_ii + β n_i), n_i the patches covering pixel i.
// Start: x = y (denoising); observed pixels of y and the mean of y at missing pixels (inpainting).
// Patches are evaluated in fixed blocks (OpenMP over blocks, scattered back in block order): bitwise the same
// result for any thread count.
#include <Eigen/Core>
#include <vector>

#include "ito/inverse/operator.hpp"
#include "ito/priors/gaussian_mixture.hpp"

namespace ito::inverse {

struct EpllOptions {
  double sigma = 0.0;                                    ///< σ_e of β₀ = 1/σ_e² (0: σ_y)
  std::vector<double> beta_factors = {1, 4, 8, 16, 32};  ///< β = β₀ · factor
  int iterations = 1;                                    ///< x/z alternations per β
};

/// The EPLL estimate of the rows × cols image (row-major). A must be identity or mask of dimension rows·cols;
/// patch_prior a mixture of dimension p². Throws ParameterError otherwise.
Eigen::VectorXd epll(const priors::GaussianMixture& patch_prior, int patch, int rows, int cols, const LinearOperator& A,
                     const Eigen::VectorXd& y, double sigma_y, const EpllOptions& options);

}  // namespace ito::inverse
