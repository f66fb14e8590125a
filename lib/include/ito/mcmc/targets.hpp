#pragma once
// Analytic MCMC targets with exact normalised log densities and exact moments, the reference problems of
// the samplers' tests: a Gaussian, Haario's twisted Gaussian ("banana"), Neal's funnel and a Gaussian
// mixture. All live on R^d (no constraints); every one satisfies the Target concept (target.hpp). All
// methods are const and free of shared mutable state, so one target object serves many chains in parallel.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "ito/mcmc/target.hpp"

namespace ito::mcmc {

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

/// Neal's funnel (Neal 2003, "Slice sampling", Ann. Stat. 31:705): v ~ N(0, σ_v²) and, given v, the
/// d − 1 coordinates x_i ~ N(0, e^v) independently (variance e^v). With n = d − 1,
///   log π(v, x) = −v²/(2σ_v²) − ½ log(2π σ_v²) − n v/2 − ½ e^{−v} Σ x_i² − (n/2) log 2π,
///   ∂_v = −v/σ_v² − n/2 + ½ e^{−v} Σ x_i²,   ∂_{x_i} = −e^{−v} x_i.
/// Exact: E v = 0, Var v = σ_v², E x_i = 0, Var x_i = E e^v = e^{σ_v²/2}. Neal's setting: σ_v = 3, d = 10.
/// Unconstrained layout and reported quantities: (v, x[1], ..., x[n]).
class FunnelTarget {
 public:
  FunnelTarget(int dim, double v_scale);

  int dim() const { return dim_; }
  double log_density(const Eigen::VectorXd& x) const {
    const double v = x(0), n = dim_ - 1.0;
    const double sum_sq = x.tail(dim_ - 1).squaredNorm();
    return -0.5 * v * v / v_var_ - 0.5 * n * v - 0.5 * std::exp(-v) * sum_sq + log_normalizer_;
  }
  double log_density_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& grad) const {
    grad.resize(dim_);
    const double v = x(0), n = dim_ - 1.0, precision = std::exp(-v);
    const double sum_sq = x.tail(dim_ - 1).squaredNorm();
    grad(0) = -v / v_var_ - 0.5 * n + 0.5 * precision * sum_sq;
    grad.tail(dim_ - 1) = -precision * x.tail(dim_ - 1);
    return -0.5 * v * v / v_var_ - 0.5 * n * v - 0.5 * precision * sum_sq + log_normalizer_;
  }
  std::vector<std::string> parameter_names() const;
  void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const { out = x; }

  double v_scale() const { return std::sqrt(v_var_); }

 private:
  int dim_;
  double v_var_, log_normalizer_;
};

/// Mixture Σ_k w_k N(μ_k, Σ_k) (weights normalised to sum 1):
///   log π(x) = logsumexp_k (log w_k + log N(x; μ_k, Σ_k))   (max-shifted, so no overflow/underflow),
///   ∇ log π(x) = Σ_k r_k(x) (−Q_k (x − μ_k)),  r_k = softmax_k(log w_k + log N(x; μ_k, Σ_k)).
/// Exact: mean Σ w_k μ_k, covariance Σ w_k (Σ_k + μ_k μ_kᵀ) − mean meanᵀ.
class MixtureTarget {
 public:
  MixtureTarget(std::vector<double> weights, std::vector<GaussianTarget> components);

  int dim() const { return components_.front().dim(); }
  double log_density(const Eigen::VectorXd& x) const {
    Eigen::VectorXd terms(static_cast<Eigen::Index>(components_.size()));
    for (std::size_t i = 0; i < components_.size(); ++i)
      terms(static_cast<Eigen::Index>(i)) = log_weights_[i] + components_[i].log_density(x);
    const double max = terms.maxCoeff();
    if (!std::isfinite(max)) return max;
    return max + std::log((terms.array() - max).exp().sum());
  }
  double log_density_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& grad) const {
    Eigen::VectorXd terms(static_cast<Eigen::Index>(components_.size()));
    for (std::size_t i = 0; i < components_.size(); ++i)
      terms(static_cast<Eigen::Index>(i)) = log_weights_[i] + components_[i].log_density(x);
    const double max = terms.maxCoeff();
    const Eigen::ArrayXd shifted = (terms.array() - max).exp();
    const double sum = shifted.sum();
    grad.setZero(dim());
    for (std::size_t i = 0; i < components_.size(); ++i) {
      const auto& c = components_[i];
      grad.noalias() += (shifted(static_cast<Eigen::Index>(i)) / sum) * (c.precision() * (c.mean() - x));
    }
    return max + std::log(sum);
  }
  std::vector<std::string> parameter_names() const { return indexed_names("x", dim()); }
  void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const { out = x; }

  const std::vector<double>& weights() const { return weights_; }
  const std::vector<GaussianTarget>& components() const { return components_; }
  Eigen::VectorXd exact_mean() const;
  Eigen::MatrixXd exact_covariance() const;

 private:
  std::vector<double> weights_, log_weights_;
  std::vector<GaussianTarget> components_;
};

}  // namespace ito::mcmc
