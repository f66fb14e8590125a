#pragma once
// Bayesian regression targets on the unconstrained scale.
//
// Linear regression (Gaussian noise):  β_j ~ N(0, s_β²),  σ ~ half-normal(0, s_σ) or half-Cauchy(0, s_σ),
//   y_n ~ N(x_nᵀβ, σ²).  Sampled as u = (β, log σ); with r = y − Xβ and N observations,
//   log π(u) = −‖β‖²/(2 s_β²) + log p(σ) + log σ − N log σ − ‖r‖²/(2σ²)   (+ const),
//   ∂/∂β = −β/s_β² + Xᵀr/σ²,   ∂/∂log σ = σ (log p)'(σ) + 1 − N + ‖r‖²/σ²,
//   log p(σ) = −σ²/(2 s_σ²) (half-normal)  or  −log(1 + σ²/s_σ²) (half-Cauchy).
// When X has full column rank, ‖r‖² = RSS_min + (β − β̂)ᵀ XᵀX (β − β̂) and Xᵀr = −XᵀX (β − β̂) with the
// least-squares β̂ (exact identities; both terms ≥ 0, so no cancellation): O(D²) per evaluation instead
// of O(N D). Otherwise residuals are computed directly.
// The reported quantities are the coefficients (named as given, e.g. "beta[1]", or "alpha", "beta[1]"...)
// and "sigma".
//
// Logistic regression:  β_j ~ N(0, s_β²),  y_n ∈ {0, 1},  P(y_n = 1) = logistic(η_n), η = Xβ:
//   log π(β) = −‖β‖²/(2 s_β²) + Σ_n [y_n η_n − softplus(η_n)],   ∇ = −β/s_β² + Xᵀ(y − logistic(η)).
#include <Eigen/Core>
#include <string>
#include <vector>

#include "ito/targets/target.hpp"
#include "ito/targets/transforms.hpp"

namespace ito::targets {

/// Prior of a positive scale parameter σ (the half-distributions on (0, ∞), up to constants).
struct ScalePrior {
  enum class Kind { half_normal, half_cauchy };
  Kind kind = Kind::half_normal;
  double scale = 1.0;

  double log_density(double sigma) const {
    const double z = sigma / scale;
    return kind == Kind::half_normal ? -0.5 * z * z : -std::log1p(z * z);
  }
  /// d/dσ log p(σ).
  double log_density_derivative(double sigma) const {
    return kind == Kind::half_normal ? -sigma / (scale * scale) : -2.0 * sigma / (scale * scale + sigma * sigma);
  }
};

class LinearRegressionTarget {
 public:
  /// `coefficient_names` has D entries (default "beta[1]".."beta[D]").
  LinearRegressionTarget(Eigen::MatrixXd X, Eigen::VectorXd y, double coefficient_scale, ScalePrior sigma_prior,
                         std::vector<std::string> coefficient_names = {});

  int dim() const { return static_cast<int>(X_.cols()) + 1; }
  double log_density(const Eigen::VectorXd& u) const {
    const Eigen::Index d = X_.cols();
    const auto beta = u.head(d);
    const double log_sigma = u(d), sigma = std::exp(log_sigma);
    const double rss = residual_sum_of_squares(beta);
    return -0.5 * beta.squaredNorm() / coefficient_var_ + sigma_prior_.log_density(sigma) + log_sigma -
           n_ * log_sigma - 0.5 * rss / (sigma * sigma);
  }
  double log_density_gradient(const Eigen::VectorXd& u, Eigen::VectorXd& grad) const {
    const Eigen::Index d = X_.cols();
    grad.resize(d + 1);
    const double log_sigma = u(d), sigma = std::exp(log_sigma), inv_var = 1.0 / (sigma * sigma);
    double rss;
    if (use_normal_equations_) {
      // Xᵀr = −XᵀX (β − β̂), ‖r‖² = RSS_min + (β − β̂)ᵀ XᵀX (β − β̂): O(D²) scalar loops, no allocation.
      rss = rss_min_;
      for (Eigen::Index i = 0; i < d; ++i) {
        double gram_delta = 0.0;
        for (Eigen::Index k = 0; k < d; ++k) gram_delta += gram_(k, i) * (u(k) - beta_hat_(k));
        rss += (u(i) - beta_hat_(i)) * gram_delta;
        grad(i) = -gram_delta * inv_var - u(i) / coefficient_var_;
      }
    } else {
      const Eigen::VectorXd r = y_ - X_ * u.head(d);
      rss = r.squaredNorm();
      grad.head(d).noalias() = X_.transpose() * r * inv_var;
      grad.head(d) -= u.head(d) / coefficient_var_;
    }
    grad(d) = sigma * sigma_prior_.log_density_derivative(sigma) + 1.0 - n_ + rss * inv_var;
    return -0.5 * u.head(d).squaredNorm() / coefficient_var_ + sigma_prior_.log_density(sigma) + log_sigma -
           n_ * log_sigma - 0.5 * rss * inv_var;
  }
  std::vector<std::string> parameter_names() const;
  void constrain(const Eigen::VectorXd& u, Eigen::VectorXd& out) const {
    out = u;
    out(X_.cols()) = std::exp(u(X_.cols()));
  }

  /// ‖y − Xβ‖² (by the normal-equation identity when X has full column rank).
  double residual_sum_of_squares(const Eigen::Ref<const Eigen::VectorXd>& beta) const {
    if (use_normal_equations_) {
      double rss = rss_min_;
      const Eigen::Index d = X_.cols();
      for (Eigen::Index i = 0; i < d; ++i) {
        double gram_delta = 0.0;
        for (Eigen::Index k = 0; k < d; ++k) gram_delta += gram_(k, i) * (beta(k) - beta_hat_(k));
        rss += (beta(i) - beta_hat_(i)) * gram_delta;
      }
      return rss;
    }
    return (y_ - X_ * beta).squaredNorm();
  }
  const Eigen::MatrixXd& design() const { return X_; }
  const Eigen::VectorXd& response() const { return y_; }
  double coefficient_scale() const { return std::sqrt(coefficient_var_); }
  const ScalePrior& sigma_prior() const { return sigma_prior_; }
  bool uses_normal_equations() const { return use_normal_equations_; }

 private:
  Eigen::MatrixXd X_;
  Eigen::VectorXd y_;
  double coefficient_var_;
  ScalePrior sigma_prior_;
  std::vector<std::string> names_;
  double n_;
  bool use_normal_equations_ = false;
  Eigen::MatrixXd gram_;  // XᵀX
  Eigen::VectorXd beta_hat_;
  double rss_min_ = 0.0;
};

class LogisticRegressionTarget {
 public:
  /// y must be 0 or 1.
  LogisticRegressionTarget(Eigen::MatrixXd X, Eigen::VectorXd y, double coefficient_scale,
                           std::vector<std::string> coefficient_names = {});

  int dim() const { return static_cast<int>(X_.cols()); }
  double log_density(const Eigen::VectorXd& beta) const {
    const Eigen::VectorXd eta = X_ * beta;
    double value = -0.5 * beta.squaredNorm() / coefficient_var_;
    for (Eigen::Index n = 0; n < eta.size(); ++n) value += y_(n) * eta(n) - detail::softplus(eta(n));
    return value;
  }
  double log_density_gradient(const Eigen::VectorXd& beta, Eigen::VectorXd& grad) const {
    Eigen::VectorXd eta = X_ * beta;
    double value = -0.5 * beta.squaredNorm() / coefficient_var_;
    for (Eigen::Index n = 0; n < eta.size(); ++n) {
      value += y_(n) * eta(n) - detail::softplus(eta(n));
      eta(n) = y_(n) - detail::logistic(eta(n));  // reuse as the residual y − p
    }
    grad.noalias() = X_.transpose() * eta;
    grad -= beta / coefficient_var_;
    return value;
  }
  std::vector<std::string> parameter_names() const { return names_; }
  void constrain(const Eigen::VectorXd& beta, Eigen::VectorXd& out) const { out = beta; }
  const Eigen::MatrixXd& design() const { return X_; }
  const Eigen::VectorXd& response() const { return y_; }

 private:
  Eigen::MatrixXd X_;
  Eigen::VectorXd y_;
  double coefficient_var_;
  std::vector<std::string> names_;
};

}  // namespace ito::targets
