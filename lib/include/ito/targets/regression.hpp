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
//
// Both take a general CoefficientPrior in place of the one scale s_β: independent centred normal or Student-t
// priors, one scale per coefficient (an intercept is a column of ones in X with its own scale). The linear
// target's noise σ is either a parameter (sampled as log σ, PositiveTransform) or fixed; with σ fixed the
// parameter is β alone and log π(β) = log p(β) − ‖r‖²/(2σ²). A Standardization (regression_data.hpp) makes
// the reported quantities the coefficients on the original scale of the predictors, followed by the sampled
// (standardised) coefficients. The isotropic normal prior with nothing standardised is the model above; its
// gradient can differ from the earlier build in the last bit (the compiler contracts it differently), so
// chains started from the same seed are statistically, not bitwise, the same as before.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "ito/targets/regression_data.hpp"
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

/// Independent centred priors of regression coefficients, β_j ~ N(0, s_j²) or β_j ~ t_ν(0, s_j):
///   normal:    log p = −Σ_j β_j²/(2 s_j²),                    ∂/∂β_j = −β_j / s_j²;
///   student_t: log p = −(ν+1)/2 Σ_j log1p(β_j²/(ν s_j²)),      ∂/∂β_j = −(ν+1) β_j / (ν s_j² + β_j²)
/// (up to constants). One scale for every coefficient with the normal family is the isotropic case,
/// evaluated as −‖β‖²/(2 s²).
class CoefficientPrior {
 public:
  enum class Family { normal, student_t };
  CoefficientPrior() = default;
  /// `scales` has one entry per coefficient (> 0); `degrees_of_freedom` (> 0) is used by student_t.
  CoefficientPrior(Family family, Eigen::VectorXd scales, double degrees_of_freedom = 3.0);
  static CoefficientPrior isotropic_normal(double scale, Eigen::Index coefficients) {
    return CoefficientPrior(Family::normal, Eigen::VectorXd::Constant(coefficients, scale));
  }

  template <class Vector>
  double log_density(const Eigen::MatrixBase<Vector>& beta) const {
    if (isotropic_) return -0.5 * beta.squaredNorm() / variance_(0);
    double value = 0.0;
    if (family_ == Family::normal) {
      for (Eigen::Index j = 0; j < beta.size(); ++j) value -= 0.5 * beta(j) * beta(j) / variance_(j);
    } else {
      for (Eigen::Index j = 0; j < beta.size(); ++j)
        value -= 0.5 * (dof_ + 1.0) * std::log1p(beta(j) * beta(j) / (dof_ * variance_(j)));
    }
    return value;
  }
  /// ∂/∂β_j log p(β).
  double derivative(Eigen::Index j, double beta_j) const {
    if (family_ == Family::normal) return -(beta_j / variance_(isotropic_ ? 0 : j));
    return -(dof_ + 1.0) * beta_j / (dof_ * variance_(j) + beta_j * beta_j);
  }
  Family family() const { return family_; }
  double degrees_of_freedom() const { return dof_; }
  Eigen::VectorXd scales() const { return variance_.cwiseSqrt(); }
  Eigen::Index size() const { return variance_.size(); }
  bool isotropic_normal() const { return isotropic_; }
  /// s² of the isotropic case.
  double isotropic_variance() const { return variance_(0); }

 private:
  Family family_ = Family::normal;
  Eigen::VectorXd variance_;  // s_j²
  double dof_ = 3.0;
  bool isotropic_ = false;
};

/// The noise σ of a linear regression: a parameter with a ScalePrior, or fixed at a known value.
struct NoiseScale {
  bool fixed = false;
  double sigma = 1.0;  ///< the value when fixed
  ScalePrior prior;    ///< the prior when not
  static NoiseScale known(double sigma) { return {true, sigma, {}}; }
  static NoiseScale estimated(ScalePrior prior) { return {false, 1.0, prior}; }
};

/// Reported quantities of a regression on (possibly) standardised predictors: the coefficients on the
/// original scale (Standardization::to_original) and, after the other reported quantities, the sampled
/// coefficients themselves.
namespace detail {
void check_standardization(const Standardization& s, Eigen::Index coefficients, std::size_t names, const char* who);
}  // namespace detail

class LinearRegressionTarget {
 public:
  /// `coefficient_names` has D entries (default "beta[1]".."beta[D]").
  LinearRegressionTarget(Eigen::MatrixXd X, Eigen::VectorXd y, double coefficient_scale, ScalePrior sigma_prior,
                         std::vector<std::string> coefficient_names = {});
  /// The general model: a prior per coefficient, σ estimated or known, optionally standardised predictors
  /// (X is then the standardised design; `standardization` says how it was made).
  LinearRegressionTarget(Eigen::MatrixXd X, Eigen::VectorXd y, CoefficientPrior prior, NoiseScale noise,
                         std::vector<std::string> coefficient_names = {}, Standardization standardization = {});

  int dim() const { return static_cast<int>(X_.cols()) + (noise_.fixed ? 0 : 1); }
  double log_density(const Eigen::VectorXd& u) const {
    const Eigen::Index d = X_.cols();
    const auto beta = u.head(d);
    const double rss = residual_sum_of_squares(beta);
    if (noise_.fixed) return prior_.log_density(beta) - 0.5 * rss * fixed_inv_var_;
    const double log_sigma = u(d), sigma = PositiveTransform{}.constrain(log_sigma);
    return prior_.log_density(beta) + sigma_prior_.log_density(sigma) + PositiveTransform{}.log_jacobian(log_sigma) -
           n_ * log_sigma - 0.5 * rss / (sigma * sigma);
  }
  double log_density_gradient(const Eigen::VectorXd& u, Eigen::VectorXd& grad) const {
    const Eigen::Index d = X_.cols();
    grad.resize(dim());
    const double log_sigma = noise_.fixed ? std::log(noise_.sigma) : u(d);
    const double sigma = noise_.fixed ? noise_.sigma : PositiveTransform{}.constrain(log_sigma);
    const double inv_var = noise_.fixed ? fixed_inv_var_ : 1.0 / (sigma * sigma);
    double rss;
    if (use_normal_equations_) {
      // Xᵀr = −XᵀX (β − β̂), ‖r‖² = RSS_min + (β − β̂)ᵀ XᵀX (β − β̂): O(D²) scalar loops, no allocation.
      rss = rss_min_;
      for (Eigen::Index i = 0; i < d; ++i) {
        double gram_delta = 0.0;
        for (Eigen::Index k = 0; k < d; ++k) gram_delta += gram_(k, i) * (u(k) - beta_hat_(k));
        rss += (u(i) - beta_hat_(i)) * gram_delta;
        grad(i) = -gram_delta * inv_var + prior_.derivative(i, u(i));
      }
    } else {
      const Eigen::VectorXd r = y_ - X_ * u.head(d);
      rss = r.squaredNorm();
      grad.head(d).noalias() = X_.transpose() * r * inv_var;
      for (Eigen::Index i = 0; i < d; ++i) grad(i) += prior_.derivative(i, u(i));
    }
    if (noise_.fixed) return prior_.log_density(u.head(d)) - 0.5 * rss * inv_var;
    // d/du of log p(σ(u)) + log|σ'(u)| − N u − rss e^{−2u}/2
    grad(d) = PositiveTransform{}.derivative(log_sigma) * sigma_prior_.log_density_derivative(sigma) +
              PositiveTransform{}.log_jacobian_derivative(log_sigma) - n_ + rss * inv_var;
    return prior_.log_density(u.head(d)) + sigma_prior_.log_density(sigma) +
           PositiveTransform{}.log_jacobian(log_sigma) - n_ * log_sigma - 0.5 * rss * inv_var;
  }
  /// The coefficients (on the original scale when standardised), "sigma" unless σ is fixed, then the
  /// standardised coefficients when predictors are standardised.
  std::vector<std::string> parameter_names() const;
  void constrain(const Eigen::VectorXd& u, Eigen::VectorXd& out) const {
    const Eigen::Index d = X_.cols();
    if (standardization_.columns.empty()) {
      out = u;
      if (!noise_.fixed) out(d) = PositiveTransform{}.constrain(u(d));
      return;
    }
    const Eigen::Index extra = noise_.fixed ? 0 : 1;
    out.resize(2 * d + extra);
    out.head(d) = standardization_.to_original(u.head(d));
    if (!noise_.fixed) out(d) = PositiveTransform{}.constrain(u(d));
    out.tail(d) = u.head(d);
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
  double coefficient_scale() const { return prior_.scales()(0); }
  const CoefficientPrior& coefficient_prior() const { return prior_; }
  const ScalePrior& sigma_prior() const { return sigma_prior_; }
  const NoiseScale& noise() const { return noise_; }
  const Standardization& standardization() const { return standardization_; }
  bool uses_normal_equations() const { return use_normal_equations_; }

 private:
  void prepare();

  Eigen::MatrixXd X_;
  Eigen::VectorXd y_;
  CoefficientPrior prior_;
  NoiseScale noise_;
  ScalePrior sigma_prior_;
  double fixed_inv_var_ = 1.0;
  Standardization standardization_;
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
  /// The general model: a prior per coefficient, optionally standardised predictors.
  LogisticRegressionTarget(Eigen::MatrixXd X, Eigen::VectorXd y, CoefficientPrior prior,
                           std::vector<std::string> coefficient_names = {}, Standardization standardization = {});

  int dim() const { return static_cast<int>(X_.cols()); }
  double log_density(const Eigen::VectorXd& beta) const {
    const Eigen::VectorXd eta = X_ * beta;
    double value = prior_.log_density(beta);
    for (Eigen::Index n = 0; n < eta.size(); ++n) value += y_(n) * eta(n) - detail::softplus(eta(n));
    return value;
  }
  double log_density_gradient(const Eigen::VectorXd& beta, Eigen::VectorXd& grad) const {
    Eigen::VectorXd eta = X_ * beta;
    double value = prior_.log_density(beta);
    for (Eigen::Index n = 0; n < eta.size(); ++n) {
      value += y_(n) * eta(n) - detail::softplus(eta(n));
      eta(n) = y_(n) - detail::logistic(eta(n));  // reuse as the residual y − p
    }
    grad.noalias() = X_.transpose() * eta;
    for (Eigen::Index j = 0; j < grad.size(); ++j) grad(j) += prior_.derivative(j, beta(j));
    return value;
  }
  /// The coefficients (on the original scale when standardised), then the standardised ones if any.
  std::vector<std::string> parameter_names() const;
  void constrain(const Eigen::VectorXd& beta, Eigen::VectorXd& out) const {
    if (standardization_.columns.empty()) {
      out = beta;
      return;
    }
    const Eigen::Index d = X_.cols();
    out.resize(2 * d);
    out.head(d) = standardization_.to_original(beta);
    out.tail(d) = beta;
  }
  const Eigen::MatrixXd& design() const { return X_; }
  const Eigen::VectorXd& response() const { return y_; }
  const CoefficientPrior& coefficient_prior() const { return prior_; }
  const Standardization& standardization() const { return standardization_; }

 private:
  void check_logistic();

  Eigen::MatrixXd X_;
  Eigen::VectorXd y_;
  CoefficientPrior prior_;
  std::vector<std::string> names_;
  Standardization standardization_;
};

}  // namespace ito::targets
