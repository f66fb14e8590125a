#pragma once
// Haario's twisted Gaussian ("banana") with its exact normalised log density and moments.
#include <Eigen/Core>
#include <cmath>
#include <string>
#include <vector>

#include "ito/targets/target.hpp"

namespace ito::targets {

/// Haario, Saksman, Tamminen (1999, Bernoulli 5:223, "twisted Gaussian"): x = φ⁻¹(z) with
/// z ~ N(0, diag(s², 1, ..., 1)) and φ(x) = (x₁, x₂ + b x₁² − b s², x₃, ..., x_d). φ has unit Jacobian, so
///   log π(x) = log N(x₁; 0, s²) + log N(x₂ + b x₁² − b s²; 0, 1) + Σ_{i≥3} log N(x_i; 0, 1).
/// Exact moments: E x = 0, Var x₁ = s², Var x₂ = 1 + 2 b² s⁴, Cov(x₁, x₂) = 0, E[x₁² x₂] = −2 b s⁴.
/// Haario's classic settings are s = 10, b = 0.03 (mild) or 0.1 (strongly twisted).
class BananaTarget {
 public:
  BananaTarget(int dim, double curvature, double scale);

  int dim() const { return dim_; }
  double log_density(const Eigen::VectorXd& x) const {
    const double z2 = twisted(x);
    double q = x(0) * x(0) / scale2_ + z2 * z2;
    for (int i = 2; i < dim_; ++i) q += x(i) * x(i);
    return -0.5 * q + log_normalizer_;
  }
  double log_density_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& grad) const {
    grad.resize(dim_);
    const double z2 = twisted(x);
    grad(0) = -x(0) / scale2_ - z2 * 2.0 * curvature_ * x(0);
    grad(1) = -z2;
    double q = x(0) * x(0) / scale2_ + z2 * z2;
    for (int i = 2; i < dim_; ++i) {
      grad(i) = -x(i);
      q += x(i) * x(i);
    }
    return -0.5 * q + log_normalizer_;
  }
  std::vector<std::string> parameter_names() const { return indexed_names("x", dim_); }
  void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const { out = x; }

  double curvature() const { return curvature_; }
  double scale() const { return std::sqrt(scale2_); }
  /// Exact mean (zero) and covariance diag(s², 1 + 2b²s⁴, 1, ..., 1).
  Eigen::VectorXd exact_mean() const { return Eigen::VectorXd::Zero(dim_); }
  Eigen::MatrixXd exact_covariance() const;

 private:
  double twisted(const Eigen::VectorXd& x) const { return x(1) + curvature_ * (x(0) * x(0) - scale2_); }
  int dim_;
  double curvature_, scale2_, log_normalizer_;
};

}  // namespace ito::targets
