#pragma once
// The Gaussian-mixture benchmark of Cardoso, Janati El Idrissi, Le Corff, Moulines (MCGdiff, ICLR 2024),
// everything drawn from the run's seed through NormalStream(seed, Purpose::problem):
//   prior   25 components N(m_ij, I_d), m_ij = (8i, 8j, 8i, 8j, …) ∈ R^d for i, j ∈ {−2, …, 2} (component
//           k = 5(i + 2) + (j + 2)); weights ε_k² / Σ ε², ε ~ N(0, I₂₅)                          (path 0)
//   A       G ~ N(0, 1)^{d_y × d} (row-major normals, path 1), G = U S Vᵀ its SVD, A = U diag(s) V[:, :d_y]ᵀ
//           with s the d_y uniforms of path 2 (indices 0 … d_y−1) sorted in decreasing order
//   σ_y     u · max(s), u = uniform d_y of path 2
//   truth   x* ~ prior: uniform 0 of path 3 picks the component, normals 0 … d−1 of path 3 the Gaussian
//   y       A x* + σ_y ε, ε = normals 0 … d_y−1 of path 4.
#include <Eigen/Core>
#include <cstdint>

#include "ito/inverse/operator.hpp"
#include "ito/priors/gaussian_mixture.hpp"

namespace ito::inverse {

struct GmmBenchmark {
  priors::GaussianMixture prior;
  LinearOperator A;
  double sigma_y = 0.0;
  Eigen::VectorXd truth, y;
};

/// d even and ≥ 2, 1 ≤ d_y ≤ d; throws ito::ParameterError otherwise.
GmmBenchmark make_gmm_benchmark(int d, int d_y, std::uint32_t seed);

}  // namespace ito::inverse
