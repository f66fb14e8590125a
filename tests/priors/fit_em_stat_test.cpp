// EM recovers a known 3-component 2-D mixture from 5·10⁴ of its exact samples (4.5·10⁴ for training).
//
// Tolerances: the components are ≥ 8 standard deviations apart, so the responsibilities are 0 or 1 up to
// ~1e-15 and the maximum-likelihood estimates are those of the labelled data. Their standard errors are then
// the complete-data ones, with n the number of training points:
//   weight w_k        SE = √(w_k (1 − w_k) / n)                       (multinomial proportion)
//   mean m_k,i        SE = √(Σ_k,ii / (n w_k))
//   covariance Σ_k,ij SE = √((Σ_k,ii Σ_k,jj + Σ_k,ij²) / (n w_k))     (Wishart / Isserlis)
// computed from the true parameters; each estimate must be within 4.5 SE. EM's optimisation error is made
// negligible by a tolerance of 1e-10 per point (it shifts parameters by ~√(2·1e-10) ≪ SE ≈ 1e-2); the MLE's
// O(1/n) covariance bias is ~1e-4 relative, also ≪ SE.
#include <gtest/gtest.h>

#include <cmath>

#include "ito/priors/fit_em.hpp"

namespace ito::priors {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

TEST(FitEmStat, RecoversAKnownMixtureWithinSamplingError) {
  VectorXd w(3);
  w << 0.5, 0.3, 0.2;
  MatrixXd means(2, 3);
  means << 0.0, 12.0, 0.0,  //
      0.0, 0.0, 12.0;
  std::vector<MatrixXd> cov(3, MatrixXd(2, 2));
  cov[0] << 1.0, 0.5, 0.5, 2.0;
  cov[1] << 0.5, -0.2, -0.2, 0.8;
  cov[2] << 1.5, 0.0, 0.0, 0.3;
  const auto truth = GaussianMixture::full(w, means, cov);
  MatrixXd data;
  truth.sample(31, 0, 50000, data);

  EmOptions o;
  o.components = 3;
  o.tolerance = 1e-10;
  o.max_iterations = 500;
  const EmResult r = fit_gaussian_mixture(data, o);
  ASSERT_TRUE(r.converged);
  const double n = r.train_points;
  ASSERT_EQ(r.train_points, 45000);
  for (int k = 0; k < 3; ++k) {
    // The fitted component nearest to true component k.
    Eigen::Index j = 0;
    (r.mixture.means().colwise() - means.col(k)).colwise().squaredNorm().minCoeff(&j);
    const double nk = n * w(k);
    const double se_w = std::sqrt(w(k) * (1 - w(k)) / n);
    EXPECT_LT(std::abs(r.mixture.weights()(j) - w(k)), 4.5 * se_w) << "weight " << k;
    const MatrixXd c = r.mixture.covariance(static_cast<int>(j));
    for (int a = 0; a < 2; ++a) {
      EXPECT_LT(std::abs(r.mixture.means()(a, j) - means(a, k)), 4.5 * std::sqrt(cov[k](a, a) / nk))
          << "mean " << k << "," << a;
      for (int b = 0; b <= a; ++b) {
        const double se = std::sqrt((cov[k](a, a) * cov[k](b, b) + cov[k](a, b) * cov[k](a, b)) / nk);
        EXPECT_LT(std::abs(c(a, b) - cov[k](a, b)), 4.5 * se) << "covariance " << k << " (" << a << "," << b << ")";
      }
    }
  }
  // Well specified: the held-out log-likelihood per point ends within sampling error of the training one.
  // Both are means of log p over independent points (the fit's dependence on the training points adds only
  // O(parameters / n) ≈ 1e-4): SE² = sd²(log p) (1/n_ho + 1/n_train), sd from all the data.
  VectorXd lp;
  r.mixture.log_density(1.0, 0.0, data, lp);
  const double sd = std::sqrt((lp.array() - lp.mean()).square().sum() / (lp.size() - 1));
  const double se = sd * std::sqrt(1.0 / r.heldout_points + 1.0 / r.train_points);
  EXPECT_LT(std::abs(r.heldout_log_likelihood.back() - r.train_log_likelihood.back()), 4.5 * se);
}

}  // namespace
}  // namespace ito::priors
