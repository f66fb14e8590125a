#pragma once
// The Gaussian target N(μ, Σ) with its exact normalised log density and moments: the reference problem of
// the samplers' tests. Like every target here it lives on R^d, satisfies the Target concept (target.hpp),
// and has only const methods free of shared mutable state, so one object serves many chains in parallel.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <string>
#include <vector>

#include "ito/targets/target.hpp"

namespace ito::targets {

/// N(μ, Σ) on R^d, stored through its precision Q = Σ⁻¹:
///   log π(x) = −½ (x − μ)ᵀ Q (x − μ) − ½ log det(2π Σ),   ∇ log π(x) = −Q (x − μ).
/// Construction checks that the matrix is symmetric positive definite (Cholesky) and throws
/// ito::ParameterError otherwise.
class GaussianTarget {
 public:
  static GaussianTarget from_covariance(Eigen::VectorXd mean, const Eigen::MatrixXd& covariance);
  static GaussianTarget from_precision(Eigen::VectorXd mean, const Eigen::MatrixXd& precision);
  /// Standard normal in d dimensions.
  static GaussianTarget standard(int d);

  int dim() const { return static_cast<int>(mean_.size()); }
  double log_density(const Eigen::VectorXd& x) const {
    if (diagonal_) return -0.5 * ((x - mean_).array().square() * precision_diagonal_.array()).sum() + log_normalizer_;
    const Eigen::VectorXd r = x - mean_;
    return -0.5 * r.dot(precision_ * r) + log_normalizer_;
  }
  double log_density_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& grad) const {
    if (diagonal_)
      grad = (mean_ - x).cwiseProduct(precision_diagonal_);  // O(d) fast path for diagonal covariances
    else
      grad.noalias() = precision_ * (mean_ - x);
    return 0.5 * (x - mean_).dot(grad) + log_normalizer_;
  }
  std::vector<std::string> parameter_names() const { return indexed_names("x", dim()); }
  void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const { out = x; }

  const Eigen::VectorXd& mean() const { return mean_; }
  const Eigen::MatrixXd& covariance() const { return covariance_; }
  const Eigen::MatrixXd& precision() const { return precision_; }

 private:
  GaussianTarget(Eigen::VectorXd mean, Eigen::MatrixXd covariance, Eigen::MatrixXd precision, double log_det_cov);
  Eigen::VectorXd mean_;
  Eigen::MatrixXd covariance_, precision_;
  Eigen::VectorXd precision_diagonal_;
  bool diagonal_ = false;        // every off-diagonal entry of the precision is exactly 0
  double log_normalizer_ = 0.0;  // −½ (d log 2π + log det Σ)
};

}  // namespace ito::targets
