#pragma once
// Small Gaussian mixtures of every covariance type (parameters drawn once from a fixed test stream) and
// reference computations that share no code with GaussianMixture's batched engines.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/QR>
#include <cmath>
#include <string>
#include <vector>

#include "ito/core/log_sum_exp.hpp"
#include "ito/priors/gaussian_mixture.hpp"
#include "ito/random/normal.hpp"

namespace ito::priors {

/// Forces the general per-component path on a mixture whose covariances are shared (tests only).
struct GaussianMixtureTestAccess {
  static GaussianMixture general_path(const GaussianMixture& g) {
    GaussianMixture h = g;
    if (h.type_ == CovarianceType::full && h.shared_) {
      h.cov_.assign(static_cast<std::size_t>(h.k_), h.cov_[0]);
      h.q_.assign(static_cast<std::size_t>(h.k_), h.q_[0]);
      h.path_ = GaussianMixture::Path::full;
    } else if (h.type_ == CovarianceType::diagonal) {
      h.path_ = GaussianMixture::Path::diagonal;
    }
    return h;
  }
  static bool uses_general_path(const GaussianMixture& g) {
    return g.path_ == GaussianMixture::Path::full || g.path_ == GaussianMixture::Path::diagonal;
  }
  static bool uses_spiked_path(const GaussianMixture& g) { return g.path_ == GaussianMixture::Path::shared_spiked; }
};

namespace test {

using Eigen::MatrixXd;
using Eigen::VectorXd;

/// Deterministic pseudo-random matrix (normals of a test stream).
inline MatrixXd normal_matrix(int rows, int cols, std::uint64_t path, std::uint32_t seed = 11) {
  MatrixXd m(rows, cols);
  random::NormalStream(seed, random::Purpose::test).fill(path, 0, static_cast<std::size_t>(rows * cols), m.data());
  return m;
}

struct NamedMixture {
  std::string name;
  GaussianMixture mixture;
  bool singular = false;  // some Σ_k singular: needs σ > 0
};

/// The catalogue: d = 3, K = 3 unless stated.
inline std::vector<NamedMixture> mixture_catalogue() {
  const int d = 3;
  VectorXd w(3);
  w << 0.2, 0.5, 0.3;
  MatrixXd means = 2.0 * normal_matrix(d, 3, 1);
  std::vector<MatrixXd> cov;
  for (int k = 0; k < 3; ++k) {
    const MatrixXd a = 0.6 * normal_matrix(d, d, 10 + k);
    cov.push_back(a * a.transpose() + 0.1 * MatrixXd::Identity(d, d));
  }
  MatrixXd var = (0.2 + normal_matrix(d, 3, 20).array().abs()).matrix();
  VectorXd iso(3);
  iso << 0.3, 0.8, 1.5;
  std::vector<NamedMixture> out;
  out.push_back({"full", GaussianMixture::full(w, means, cov)});
  out.push_back({"full_shared", GaussianMixture::full(w, means, {cov[0], cov[0], cov[0]})});
  out.push_back({"diagonal", GaussianMixture::diagonal(w, means, var)});
  MatrixXd var_shared = var.col(0).replicate(1, 3);
  out.push_back({"diagonal_shared", GaussianMixture::diagonal(w, means, var_shared)});
  out.push_back({"isotropic", GaussianMixture::isotropic(w, means, iso)});
  out.push_back({"gaussian", GaussianMixture::gaussian(means.col(1), cov[1])});
  out.push_back({"empirical", GaussianMixture::empirical(1.5 * normal_matrix(d, 20, 30)), true});
  // Singular full covariances (rank 1 and 2), as exact posteriors produce.
  const VectorXd u = normal_matrix(d, 1, 40);
  const MatrixXd b = normal_matrix(d, 2, 41);
  out.push_back(
      {"full_singular", GaussianMixture::full(w, means, {u * u.transpose(), b * b.transpose(), cov[2]}), true});
  // d = 12, one shared covariance 0.7 I + U diag(1.5, −0.5) Uᵀ (U orthonormal, 12 × 2): the spiked path; and
  // 0.5 I given as a full covariance (no spike).
  const MatrixXd q =
      Eigen::HouseholderQR<MatrixXd>(normal_matrix(12, 2, 42)).householderQ() * MatrixXd::Identity(12, 2);
  const MatrixXd spiked =
      0.7 * MatrixXd::Identity(12, 12) + q * Eigen::Vector2d(1.5, -0.5).asDiagonal() * q.transpose();
  out.push_back({"full_spiked", GaussianMixture::full_shared(w, 2.0 * normal_matrix(12, 3, 43), spiked)});
  out.push_back({"full_bulk_only",
                 GaussianMixture::full_shared(w, 2.0 * normal_matrix(12, 3, 44), 0.5 * MatrixXd::Identity(12, 12))});
  return out;
}

/// log w_k + log N(x; α m_k, α² Σ_k + σ² I) by a dense Cholesky factorisation (the reference).
inline VectorXd reference_log_joint(const GaussianMixture& g, double alpha, double sigma, const VectorXd& x) {
  VectorXd out(g.components());
  for (int k = 0; k < g.components(); ++k) {
    const MatrixXd c = alpha * alpha * g.covariance(k) + sigma * sigma * MatrixXd::Identity(g.dim(), g.dim());
    const Eigen::LLT<MatrixXd> llt(c);
    const VectorXd r = x - alpha * g.means().col(k);
    const VectorXd y = llt.matrixL().solve(r);
    const MatrixXd l = llt.matrixL();
    out(k) = std::log(g.weights()(k)) - 0.5 * y.squaredNorm() - l.diagonal().array().log().sum() -
             0.5 * g.dim() * std::log(2.0 * 3.14159265358979323846);
  }
  return out;
}

inline double reference_log_density(const GaussianMixture& g, double alpha, double sigma, const VectorXd& x) {
  const VectorXd l = reference_log_joint(g, alpha, sigma, x);
  return core::log_sum_exp(l.data(), static_cast<int>(l.size()));
}

}  // namespace test
}  // namespace ito::priors
