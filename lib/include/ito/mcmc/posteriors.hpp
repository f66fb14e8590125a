#pragma once
// Reference posteriors from posteriordb (Magnusson et al., "posteriordb: testing, benchmarking and
// developing Bayesian inference algorithms", 2024; github.com/stan-dev/posteriordb), with their data and the
// reference moments computed there from long Stan NUTS runs.
//
//  eight_schools_noncentered (data eight_schools.data.json: J, y, sigma):
//      θ̃_j ~ N(0, 1), μ ~ N(0, 5), τ ~ Cauchy⁺(0, 5), θ = μ + τ θ̃, y_j ~ N(θ_j, σ_j).
//      Unconstrained u = (θ̃[1..J], μ, log τ) (Stan's parameter order). With e_j = (y_j − μ − τ θ̃_j)/σ_j:
//      log π(u) = −½‖θ̃‖² − ½ Σ e_j² − μ²/50 − log(1 + τ²/25) + log τ,
//      ∂/∂θ̃_j = −θ̃_j + τ e_j/σ_j,  ∂/∂μ = Σ e_j/σ_j − μ/25,
//      ∂/∂log τ = τ Σ θ̃_j e_j/σ_j − 2τ²/(25 + τ²) + 1.
//      Reported: theta[1..J], mu, tau.
//  arK (data arK.data.json: K, T, y): α ~ N(0, 10), β_k ~ N(0, 10), σ ~ Cauchy⁺(0, 2.5),
//      y_t ~ N(α + Σ_k β_k y_{t−k}, σ) for t = K+1..T: a LinearRegressionTarget whose design rows are
//      (1, y_{t−1}, ..., y_{t−K}). Reported: alpha, beta[1..K], sigma.
//  sblrc-blr (data sblrc.data.json: N, D, X, y): β_d ~ N(0, 10), σ ~ N⁺(0, 10), y ~ N(Xβ, σ):
//      a LinearRegressionTarget. Reported: beta[1..D], sigma.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "ito/mcmc/diagnostics.hpp"
#include "ito/mcmc/target.hpp"
#include "ito/mcmc/target_regression.hpp"

namespace ito::mcmc {

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

/// Default location of the shared posteriordb files, relative to the project root.
inline constexpr const char* default_posteriordb_directory = "../shared/data/posteriordb";

/// The posteriordb targets from their data files (IoError naming the file when missing or malformed).
EightSchoolsNoncenteredTarget eight_schools_noncentered(const std::string& data_json);
LinearRegressionTarget ark(const std::string& data_json);
LinearRegressionTarget sblrc_blr(const std::string& data_json);

/// posteriordb's reference moments of one posterior: for every reported name, E[θ] and E[θ²] with their
/// Monte Carlo standard errors.
struct ReferencePosterior {
  std::string posterior;  ///< e.g. "eight_schools-eight_schools_noncentered"
  std::vector<std::string> names;
  std::vector<double> mean, mean_mcse, mean_square, mean_square_mcse;
  /// Index of `name`, or −1.
  int index_of(const std::string& name) const;
};

/// Reads <directory>/<posterior>.mean_value.json and .mean_squared_value.json.
ReferencePosterior read_reference_posterior(const std::string& directory, const std::string& posterior);

/// posteriordb posterior name of a catalogue kind: "eight_schools_noncentered" →
/// "eight_schools-eight_schools_noncentered", "arK" → "arK-arK", "sblrc_blr" → "sblrc-blr"; "" otherwise.
std::string posteriordb_posterior_name(const std::string& kind);

/// One comparison of an estimated moment with the reference: z = (ours − ref)/sqrt(mcse_ours² + mcse_ref²).
struct ReferenceComparison {
  std::string name;    ///< parameter name
  std::string moment;  ///< "mean" or "mean_square"
  double estimate, estimate_mcse, reference, reference_mcse, z;
};

/// Compares our draws' means and mean squares with the reference, for every name in `names` that the
/// reference has (every reference name must be in `names`, else ParameterError). `of_values[i]` summarises
/// the draws of names[i] and `of_squares[i]` those of its square (their mean and mcse_mean are used).
std::vector<ReferenceComparison> compare_to_reference(const ReferencePosterior& reference,
                                                      const std::vector<std::string>& names,
                                                      const std::vector<Summary>& of_values,
                                                      const std::vector<Summary>& of_squares);

/// Convenience: draws of the reported quantities, chain-major as draws[(c·stride + i)·Q + q] (the layout of
/// summarize_quantities), compared with the reference.
std::vector<ReferenceComparison> compare_draws_to_reference(const ReferencePosterior& reference,
                                                            const std::vector<std::string>& names, const double* draws,
                                                            int chains, int stride, int iterations);

}  // namespace ito::mcmc
