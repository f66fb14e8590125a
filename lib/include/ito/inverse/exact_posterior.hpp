#pragma once
// The exact posterior of a Gaussian-mixture prior under a linear-Gaussian likelihood y = A x + σ_y ε.
//
// Component by component (Kalman form, no inverse of Σ_k, so singular and zero covariances are fine):
//   S_k = A Σ_k Aᵀ + σ_y² I,   K_k = Σ_k Aᵀ S_k⁻¹ (through the Cholesky factor of S_k),
//   μ_k = m_k + K_k (y − A m_k),   Σ_k^post = Σ_k − (Σ_k Aᵀ) S_k⁻¹ (A Σ_k),
//   w_k^post ∝ w_k N(y; A m_k, S_k)   (normalised in logs).
// The posterior of every noised state x_t given y is the diffused law of this mixture, so the exact-guidance
// sampler is an unconditional sampler run on it. Structure is kept where it exists: a prior with one shared
// covariance gives a posterior with one shared covariance (computed once), an isotropic or diagonal prior
// under identity or mask gives a diagonal (isotropic for identity) posterior computed coordinate-wise
// (variances λσ_y²/(λ + σ_y²), without cancellation). Components whose posterior weight underflows to 0
// (relative weight below ~1e-308) are dropped.
#include <Eigen/Core>

#include "ito/inverse/operator.hpp"
#include "ito/priors/gaussian_mixture.hpp"

namespace ito::inverse {

/// Throws ito::ParameterError when shapes disagree (A's input vs the prior's dimension, y vs A's output),
/// σ_y is not finite and positive, or y is not finite.
priors::GaussianMixture exact_posterior(const priors::GaussianMixture& prior, const LinearOperator& A, double sigma_y,
                                        const Eigen::VectorXd& y);

}  // namespace ito::inverse
