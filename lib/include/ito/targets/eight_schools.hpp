#pragma once
// The eight-schools hierarchical model in its non-centred form (Rubin 1981; Gelman et al., BDA3 §5.5;
// posteriordb eight_schools-eight_schools_noncentered), for J groups with estimates y_j and standard errors
// σ_j:
//   θ̃_j ~ N(0, 1), μ ~ N(0, 5), τ ~ Cauchy⁺(0, 5), θ = μ + τ θ̃, y_j ~ N(θ_j, σ_j).
// Unconstrained u = (θ̃[1..J], μ, log τ) (Stan's parameter order). With e_j = (y_j − μ − τ θ̃_j)/σ_j:
//   log π(u) = −½‖θ̃‖² − ½ Σ e_j² − μ²/50 − log(1 + τ²/25) + log τ,
//   ∂/∂θ̃_j = −θ̃_j + τ e_j/σ_j,  ∂/∂μ = Σ e_j/σ_j − μ/25,
//   ∂/∂log τ = τ Σ θ̃_j e_j/σ_j − 2τ²/(25 + τ²) + 1.
// Reported: theta[1..J], mu, tau. Its data set is read by posteriordb.hpp; its exact moments are
// exact_moments.hpp.
#include <Eigen/Core>
#include <cmath>
#include <string>
#include <vector>

#include "ito/targets/target.hpp"

namespace ito::targets {

class EightSchoolsNoncenteredTarget {
 public:
  EightSchoolsNoncenteredTarget(Eigen::VectorXd y, Eigen::VectorXd sigma);

  int dim() const { return static_cast<int>(y_.size()) + 2; }
  double log_density(const Eigen::VectorXd& u) const {
    const Eigen::Index j = y_.size();
    const double mu = u(j), log_tau = u(j + 1), tau = std::exp(log_tau);
    double sum = 0.0;
    for (Eigen::Index i = 0; i < j; ++i) {
      const double e = (y_(i) - mu - tau * u(i)) * inv_sigma_(i);
      sum += u(i) * u(i) + e * e;
    }
    return -0.5 * sum - mu * mu / 50.0 - std::log1p(tau * tau / 25.0) + log_tau;
  }
  double log_density_gradient(const Eigen::VectorXd& u, Eigen::VectorXd& grad) const {
    const Eigen::Index j = y_.size();
    grad.resize(j + 2);
    const double mu = u(j), log_tau = u(j + 1), tau = std::exp(log_tau);
    double sum = 0.0, d_mu = 0.0, d_tau = 0.0;
    for (Eigen::Index i = 0; i < j; ++i) {
      const double e = (y_(i) - mu - tau * u(i)) * inv_sigma_(i), e_over_sigma = e * inv_sigma_(i);
      sum += u(i) * u(i) + e * e;
      grad(i) = -u(i) + tau * e_over_sigma;
      d_mu += e_over_sigma;
      d_tau += u(i) * e_over_sigma;
    }
    grad(j) = d_mu - mu / 25.0;
    grad(j + 1) = tau * d_tau - 2.0 * tau * tau / (25.0 + tau * tau) + 1.0;
    return -0.5 * sum - mu * mu / 50.0 - std::log1p(tau * tau / 25.0) + log_tau;
  }
  std::vector<std::string> parameter_names() const;
  void constrain(const Eigen::VectorXd& u, Eigen::VectorXd& out) const {
    const Eigen::Index j = y_.size();
    out.resize(j + 2);
    const double mu = u(j), tau = std::exp(u(j + 1));
    out.head(j) = mu + tau * u.head(j).array();
    out(j) = mu;
    out(j + 1) = tau;
  }
  Eigen::VectorXd y() const { return y_; }
  Eigen::VectorXd sigma() const { return inv_sigma_.cwiseInverse(); }

 private:
  Eigen::VectorXd y_, inv_sigma_;
};

}  // namespace ito::targets
