// The denoiser interface (ito/diffusion/denoiser.hpp) as MixtureDenoiser serves it, on a two-component mixture
// in 3-D (a nonlinear denoiser):
//  - Tweedie: the score (α D(x) − x)/σ² is the gradient of log p_{α,σ}, by central differences of the
//    mixture's own diffused log density (a denoiser that is not the posterior mean breaks it);
//  - the Jacobian–vector product is the derivative of D along V (central differences) and the Jacobian is
//    symmetric, ⟨U, J V⟩ = ⟨J U, V⟩ (what lets JV serve as the vector–Jacobian product);
//  - sample_diffused's column j is sample j of the stream whatever block it is drawn in (first, n), so
//    starting states do not depend on how the samplers batch them;
//  - marginal_variance is tr Cov[x₀]/d (for a Gaussian prior, tr C/d of its covariance).
// The law of sample_diffused is checked in patch_denoiser_stat_test.cpp's exact route and the samplers'
// statistical tests.
#include "ito/diffusion/denoiser.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <vector>

namespace ito::diffusion {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

priors::GaussianMixture two_bumps() {
  VectorXd w(2);
  w << 0.3, 0.7;
  MatrixXd means(3, 2);
  means << 1.0, -1.5, 0.5, 0.2, -0.8, 1.1;
  MatrixXd l1(3, 3), l2(3, 3);
  l1 << 0.6, 0, 0, 0.2, 0.5, 0, -0.1, 0.3, 0.4;
  l2 << 0.9, 0, 0, -0.3, 0.4, 0, 0.2, 0.1, 0.7;
  return priors::GaussianMixture::full(w, means, {MatrixXd(l1 * l1.transpose()), MatrixXd(l2 * l2.transpose())});
}

MatrixXd test_points() {
  MatrixXd X(3, 3);
  X << 0.3, -1.0, 2.0, 0.1, 0.8, -0.5, -0.4, 0.6, 1.2;
  return X;
}

TEST(MixtureDenoiser, ScoreFromTweedieIsTheGradientOfTheDiffusedLogDensity) {
  const auto prior = two_bumps();
  const MixtureDenoiser den(prior);
  const MatrixXd X = test_points();
  for (const auto& [alpha, sigma] : std::vector<std::pair<double, double>>{{1.0, 0.3}, {0.8, 0.6}, {0.2, 1.5}}) {
    MatrixXd D;
    den.denoise(alpha, sigma, X, D);
    const MatrixXd score = (alpha * D - X) / (sigma * sigma);
    const double delta = 1e-5;
    for (int i = 0; i < 3; ++i) {
      MatrixXd Xp = X, Xm = X;
      Xp.row(i).array() += delta;
      Xm.row(i).array() -= delta;
      VectorXd lp, lm;
      prior.log_density(alpha, sigma, Xp, lp);
      prior.log_density(alpha, sigma, Xm, lm);
      for (int c = 0; c < X.cols(); ++c)
        EXPECT_NEAR(score(i, c), (lp[c] - lm[c]) / (2 * delta), 1e-6 * (1.0 + std::abs(score(i, c))))
            << "α = " << alpha << ", σ = " << sigma << ", coordinate " << i << ", point " << c;
    }
  }
}

TEST(MixtureDenoiser, JacobianVectorProductIsTheSymmetricDerivative) {
  const MixtureDenoiser den(two_bumps());
  const MatrixXd X = test_points();
  MatrixXd V(3, 3), U(3, 3);
  V << 1.0, 0.0, -0.5, 0.3, 1.0, 0.2, -0.7, 0.4, 1.0;
  U << 0.2, -1.0, 0.6, 0.9, 0.1, -0.3, 0.4, 0.5, 0.8;
  const double alpha = 0.7, sigma = 0.5, delta = 1e-5;
  MatrixXd D, JV, JU, Dp, Dm;
  den.denoise_jvp(alpha, sigma, X, V, D, JV);
  den.denoise_jvp(alpha, sigma, X, U, D, JU);
  den.denoise(alpha, sigma, X + delta * V, Dp);
  den.denoise(alpha, sigma, X - delta * V, Dm);
  const MatrixXd fd = (Dp - Dm) / (2 * delta);
  EXPECT_LT((JV - fd).cwiseAbs().maxCoeff(), 1e-7 * (1.0 + fd.cwiseAbs().maxCoeff()));
  MatrixXd D_alone;
  den.denoise(alpha, sigma, X, D_alone);
  EXPECT_LT((D - D_alone).cwiseAbs().maxCoeff(), 1e-12 * (1.0 + D_alone.cwiseAbs().maxCoeff()));
  for (int c = 0; c < X.cols(); ++c)
    EXPECT_NEAR(U.col(c).dot(JV.col(c)), JU.col(c).dot(V.col(c)), 1e-12 * (1.0 + std::abs(U.col(c).dot(JV.col(c)))));
}

TEST(MixtureDenoiser, DiffusedSamplesDoNotDependOnTheBlockTheyAreDrawnIn) {
  const MixtureDenoiser den(two_bumps());
  MatrixXd all, part;
  den.sample_diffused(0.6, 0.8, 17, 0, 8, all);
  den.sample_diffused(0.6, 0.8, 17, 5, 3, part);
  ASSERT_EQ(all.rows(), 3);
  ASSERT_EQ(all.cols(), 8);
  ASSERT_EQ(part.cols(), 3);
  EXPECT_EQ(part, all.middleCols(5, 3));
  MatrixXd other_seed;
  den.sample_diffused(0.6, 0.8, 18, 0, 8, other_seed);
  EXPECT_NE(other_seed, all);
}

TEST(MixtureDenoiser, MarginalVarianceIsTheMeanPriorVariance) {
  MatrixXd L(3, 3);
  L << 1.0, 0, 0, 0.4, 0.8, 0, -0.3, 0.2, 0.5;
  const MatrixXd C = L * L.transpose();
  const MixtureDenoiser den(priors::GaussianMixture::gaussian(VectorXd::Constant(3, 2.0), C));
  EXPECT_NEAR(den.marginal_variance(), C.trace() / 3.0, 1e-14);
  EXPECT_EQ(den.dim(), 3);
}

}  // namespace
}  // namespace ito::diffusion
