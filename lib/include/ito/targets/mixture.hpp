#pragma once
// A Gaussian mixture with its exact log density (stable far in the tails) and exact moments.
#include <Eigen/Core>
#include <cmath>
#include <string>
#include <vector>

#include "ito/targets/gaussian.hpp"
#include "ito/targets/target.hpp"

namespace ito::targets {

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

}  // namespace ito::targets
