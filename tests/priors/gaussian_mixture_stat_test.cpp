// GaussianMixture, statistical checks: exact samples have the mixture's mean and covariance, and the
// closed-form denoiser agrees with a Monte Carlo estimate of E[x₀ | x_t] (self-normalised importance sampling
// from the prior), both within 4.5 standard errors.
#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/log_sum_exp.hpp"
#include "ito/priors/gaussian_mixture.hpp"
#include "priors/mixture_fixtures.hpp"

namespace ito::priors {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// Mean: SE_i = sd_i / √n. Covariance entry (i, j): the sample average of (x_i − x̄_i)(x_j − x̄_j) has
// SE = sd of the products / √n (delta method; the O(1/n) bias of using x̄ is far below it).
TEST(GaussianMixtureStat, SamplesHaveTheMixturesMeanAndCovariance) {
  const std::size_t n = 100000;
  for (const auto& m : test::mixture_catalogue()) {
    const GaussianMixture& g = m.mixture;
    MatrixXd x;
    g.sample(2024, 0, n, x);
    ASSERT_TRUE(x.allFinite()) << m.name;
    const VectorXd mean = x.rowwise().mean();
    const MatrixXd c = x.colwise() - mean;
    const VectorXd exact_mean = g.mean();
    const MatrixXd exact_cov = g.covariance();
    for (int i = 0; i < g.dim(); ++i) {
      const double se = std::sqrt(c.row(i).squaredNorm() / (n - 1) / n);
      EXPECT_LT(std::abs(mean(i) - exact_mean(i)), 4.5 * se) << m.name << " mean " << i;
      for (int j = 0; j <= i; ++j) {
        const Eigen::RowVectorXd prod = c.row(i).cwiseProduct(c.row(j));
        const double cov = prod.mean();
        const double se_cov = std::sqrt((prod.array() - cov).square().sum() / (n - 1) / n);
        EXPECT_LT(std::abs(cov - exact_cov(i, j)), 4.5 * se_cov) << m.name << " cov " << i << "," << j;
      }
    }
  }
}

// E[x₀ | x_t = y] ≈ Σ_i w_i x₀⁽ⁱ⁾ / Σ_i w_i, x₀⁽ⁱ⁾ ~ prior, w_i = N(y; α x₀⁽ⁱ⁾, σ² I). Delta-method standard
// error of the ratio: SE² = Σ_i w_i² (x₀⁽ⁱ⁾ − estimate)² / (Σ_i w_i)². The ratio's O(1/n) bias is negligible
// next to it when the effective sample size is large (asserted ≥ 2000).
TEST(GaussianMixtureStat, DenoiserMatchesImportanceSamplingEstimate) {
  const std::size_t n = 400000;
  struct Case {
    double alpha, sigma;
  };
  for (const auto& m : test::mixture_catalogue()) {
    const GaussianMixture& g = m.mixture;
    MatrixXd x0;
    g.sample(99, 0, n, x0);
    // Importance sampling from the prior needs the likelihood to be wide against the prior in every
    // dimension: the low-noise case only in d = 3 (in d = 12 its effective sample size is ~30 of 4·10⁵).
    std::vector<Case> cases{Case{0.6, 0.8}, Case{0.3, 1.0}};
    if (g.dim() <= 3) cases.push_back(Case{0.95, 0.4});
    for (Case c : cases) {
      // Observation points: a noised prior sample and a point between two means.
      MatrixXd y(g.dim(), 2);
      MatrixXd one;
      g.sample(7, 0, 1, one);
      y.col(0) = c.alpha * one.col(0) + c.sigma * test::normal_matrix(g.dim(), 1, 60);
      y.col(1) = c.alpha * 0.5 * (g.means().col(0) + g.means().col(g.components() - 1));
      MatrixXd dn;
      g.denoise(c.alpha, c.sigma, y, dn);
      for (int j = 0; j < 2; ++j) {
        VectorXd logw =
            -0.5 * ((c.alpha * x0).colwise() - y.col(j)).colwise().squaredNorm().transpose() / (c.sigma * c.sigma);
        const VectorXd w = (logw.array() - logw.maxCoeff()).exp();
        const double sw = w.sum();
        const double ess = sw * sw / w.squaredNorm();
        ASSERT_GT(ess, 2000.0) << m.name;
        const VectorXd est = x0 * w / sw;
        for (int i = 0; i < g.dim(); ++i) {
          const double se =
              std::sqrt((w.array().square() * (x0.row(i).transpose().array() - est(i)).square()).sum()) / sw;
          EXPECT_LT(std::abs(dn(i, j) - est(i)), 4.5 * se) << m.name << " alpha " << c.alpha << " sigma " << c.sigma
                                                           << " point " << j << " coordinate " << i << " ess " << ess;
        }
      }
    }
  }
}

}  // namespace
}  // namespace ito::priors
