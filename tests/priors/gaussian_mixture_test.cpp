// GaussianMixture: log density against a dense Cholesky reference, score against central differences of the
// log density, the denoiser against Tweedie's formula, its Jacobian–vector product against central differences
// of the denoiser and against (α/σ²)·Cov[x₀ | x_t]; every covariance type, the empirical prior, singular
// covariances, the shared-covariance fast paths against the general path, batches against single columns,
// aliasing, the cancellation guard, and the error cases.
#include "ito/priors/gaussian_mixture.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <Eigen/LU>
#include <algorithm>
#include <cmath>

#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "priors/mixture_fixtures.hpp"

namespace ito::priors {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::NamedMixture;

struct Noise {
  double alpha, sigma;
};
// (1, 0) is the prior itself; (0, 1) pure noise; the others inside a VP / VE path.
const Noise kNoises[] = {{1.0, 0.0}, {0.95, 0.3}, {0.6, 0.8}, {1.0, 0.05}, {0.2, 0.98}, {0.0, 1.0}, {1.0, 2.5}};

bool admissible(const NamedMixture& m, Noise n) { return !(m.singular && n.sigma == 0.0); }

// States where the checks are made: prior samples pushed through the noising, so they sit where the
// diffused law has its mass (and a few far points).
MatrixXd states(const GaussianMixture& g, Noise n, int count) {
  MatrixXd x0;
  g.sample(3, 0, static_cast<std::size_t>(count), x0);
  MatrixXd x = n.alpha * x0 + n.sigma * test::normal_matrix(g.dim(), count, 77);
  x.col(0) = 4.0 * VectorXd::Ones(g.dim());  // a point in a tail
  return x;
}

TEST(GaussianMixture, LogDensityAndLogJointMatchDenseReference) {
  for (const auto& m : test::mixture_catalogue())
    for (Noise n : kNoises) {
      if (!admissible(m, n)) continue;
      const MatrixXd x = states(m.mixture, n, 9);
      VectorXd lp;
      MatrixXd lj;
      m.mixture.log_density(n.alpha, n.sigma, x, lp);
      m.mixture.log_joint(n.alpha, n.sigma, x, lj);
      ASSERT_EQ(lp.size(), x.cols());
      ASSERT_EQ(lj.rows(), m.mixture.components());
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const VectorXd ref = test::reference_log_joint(m.mixture, n.alpha, n.sigma, x.col(j));
        const double ref_lp = core::log_sum_exp(ref.data(), static_cast<int>(ref.size()));
        EXPECT_NEAR(lp(j), ref_lp, 1e-10 * (1.0 + std::abs(ref_lp))) << m.name << " a=" << n.alpha << " s=" << n.sigma;
        for (int k = 0; k < m.mixture.components(); ++k)
          EXPECT_NEAR(lj(k, j), ref(k), 1e-10 * (1.0 + std::abs(ref(k)))) << m.name << " k=" << k;
      }
    }
}

// Central differences with step h: error h²/6·|∂³ log p| + ε|log p|/h. With h = 1e-5 (relative to the
// scale of the diffused law, √c_min) both terms are below 1e-7 of the score's scale for these mixtures.
TEST(GaussianMixture, ScoreMatchesFiniteDifferencesOfLogDensity) {
  for (const auto& m : test::mixture_catalogue())
    for (Noise n : kNoises) {
      if (!admissible(m, n)) continue;
      const GaussianMixture& g = m.mixture;
      const MatrixXd x = states(g, n, 6);
      MatrixXd s;
      g.score(n.alpha, n.sigma, x, s);
      const double scale_x = std::sqrt(n.alpha * n.alpha * g.variances().minCoeff() + n.sigma * n.sigma);
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double tol = 2e-6 * (1.0 + s.col(j).cwiseAbs().maxCoeff());
        for (int i = 0; i < g.dim(); ++i) {
          const double h = 1e-5 * scale_x;
          MatrixXd xp = x.col(j), xm = x.col(j);
          xp(i) += h;
          xm(i) -= h;
          VectorXd lp, lm;
          g.log_density(n.alpha, n.sigma, xp, lp);
          g.log_density(n.alpha, n.sigma, xm, lm);
          EXPECT_NEAR(s(i, j), (lp(0) - lm(0)) / (2 * h), tol) << m.name << " a=" << n.alpha << " s=" << n.sigma;
        }
      }
    }
}

TEST(GaussianMixture, DenoiserIsTweedie) {
  for (const auto& m : test::mixture_catalogue())
    for (Noise n : kNoises) {
      if (!admissible(m, n) || n.alpha == 0.0) continue;
      const MatrixXd x = states(m.mixture, n, 9);
      MatrixXd s, dn;
      m.mixture.score(n.alpha, n.sigma, x, s);
      m.mixture.denoise(n.alpha, n.sigma, x, dn);
      const MatrixXd tweedie = (x + n.sigma * n.sigma * s) / n.alpha;
      const double scale = 1.0 + x.cwiseAbs().maxCoeff() / n.alpha;
      EXPECT_LT((dn - tweedie).cwiseAbs().maxCoeff(), 1e-11 * scale) << m.name << " a=" << n.alpha << " s=" << n.sigma;
    }
}

TEST(GaussianMixture, DenoiserAtPureNoiseIsThePriorMean) {
  for (const auto& m : test::mixture_catalogue()) {
    const MatrixXd x = states(m.mixture, {0.0, 1.0}, 5);
    MatrixXd dn;
    m.mixture.denoise(0.0, 1.0, x, dn);
    for (Eigen::Index j = 0; j < x.cols(); ++j)
      EXPECT_LT((dn.col(j) - m.mixture.mean()).cwiseAbs().maxCoeff(), 1e-12) << m.name;
  }
}

// (D(x + h v) − D(x − h v)) / 2h against J v, h relative to √c_min as above.
TEST(GaussianMixture, JacobianVectorProductMatchesFiniteDifferencesAndPosteriorCovariance) {
  for (const auto& m : test::mixture_catalogue())
    for (Noise n : kNoises) {
      if (!admissible(m, n)) continue;
      const GaussianMixture& g = m.mixture;
      const MatrixXd x = states(g, n, 6);
      const MatrixXd v = test::normal_matrix(g.dim(), 6, 90);
      MatrixXd dn, jv, dn_only;
      g.denoise_jvp(n.alpha, n.sigma, x, v, dn, jv);
      g.denoise(n.alpha, n.sigma, x, dn_only);
      EXPECT_LT((dn - dn_only).cwiseAbs().maxCoeff(), 1e-13 * (1.0 + dn.cwiseAbs().maxCoeff())) << m.name;
      const double h = 1e-5 * std::sqrt(n.alpha * n.alpha * g.variances().minCoeff() + n.sigma * n.sigma);
      MatrixXd dp, dm;
      g.denoise(n.alpha, n.sigma, x + h * v, dp);
      g.denoise(n.alpha, n.sigma, x - h * v, dm);
      const MatrixXd fd = (dp - dm) / (2 * h);
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double scale = 1.0 + jv.col(j).cwiseAbs().maxCoeff();
        EXPECT_LT((jv.col(j) - fd.col(j)).cwiseAbs().maxCoeff(), 2e-6 * scale)
            << m.name << " a=" << n.alpha << " s=" << n.sigma << " column " << j;
        if (n.sigma > 0.0) {
          const MatrixXd cov = g.posterior_covariance(n.alpha, n.sigma, x.col(j));
          EXPECT_LT((cov - cov.transpose()).cwiseAbs().maxCoeff(), 1e-14 * (1.0 + cov.cwiseAbs().maxCoeff()));
          const VectorXd ref = n.alpha / (n.sigma * n.sigma) * cov * v.col(j);
          EXPECT_LT((jv.col(j) - ref).cwiseAbs().maxCoeff(), 1e-9 * scale)
              << m.name << " a=" << n.alpha << " s=" << n.sigma << " column " << j;
        }
      }
    }
}

// One Gaussian: Cov[x₀ | x_t] = Σ − α² Σ C⁻¹ Σ, C = α² Σ + σ² I (the textbook formula).
TEST(GaussianMixture, PosteriorCovarianceOfOneGaussianIsTextbook) {
  const MatrixXd a = test::normal_matrix(4, 4, 5);
  const MatrixXd cov = a * a.transpose() + 0.2 * MatrixXd::Identity(4, 4);
  const auto g = GaussianMixture::gaussian(VectorXd::LinSpaced(4, -1, 2), cov);
  const double alpha = 0.7, sigma = 0.5;
  const MatrixXd c = alpha * alpha * cov + sigma * sigma * MatrixXd::Identity(4, 4);
  const MatrixXd ref = cov - alpha * alpha * cov * c.inverse() * cov;
  const MatrixXd got = g.posterior_covariance(alpha, sigma, VectorXd::Ones(4));
  EXPECT_LT((got - ref).cwiseAbs().maxCoeff(), 1e-13);
}

TEST(GaussianMixture, SharedFastPathMatchesGeneralPath) {
  for (const auto& m : test::mixture_catalogue()) {
    if (!m.mixture.shared_covariance() || m.mixture.covariance_type() == CovarianceType::isotropic) continue;
    const GaussianMixture general = GaussianMixtureTestAccess::general_path(m.mixture);
    ASSERT_TRUE(GaussianMixtureTestAccess::uses_general_path(general)) << m.name;
    ASSERT_FALSE(GaussianMixtureTestAccess::uses_general_path(m.mixture)) << m.name;
    for (Noise n : kNoises) {
      if (!admissible(m, n)) continue;
      const MatrixXd x = states(m.mixture, n, 40);
      const MatrixXd v = test::normal_matrix(m.mixture.dim(), 40, 91);
      VectorXd l1, l2;
      MatrixXd s1, s2, d1, d2, j1, j2;
      m.mixture.log_density(n.alpha, n.sigma, x, l1);
      general.log_density(n.alpha, n.sigma, x, l2);
      m.mixture.score(n.alpha, n.sigma, x, s1);
      general.score(n.alpha, n.sigma, x, s2);
      m.mixture.denoise_jvp(n.alpha, n.sigma, x, v, d1, j1);
      general.denoise_jvp(n.alpha, n.sigma, x, v, d2, j2);
      // Both are exact formulas evaluated in different orders (rotated frame and expansion vs per component):
      // they agree to round-off of the quantities' scale.
      EXPECT_LT((l1 - l2).cwiseAbs().maxCoeff(), 1e-11 * (1.0 + l2.cwiseAbs().maxCoeff())) << m.name;
      EXPECT_LT((s1 - s2).cwiseAbs().maxCoeff(), 1e-11 * (1.0 + s2.cwiseAbs().maxCoeff())) << m.name;
      EXPECT_LT((d1 - d2).cwiseAbs().maxCoeff(), 1e-11 * (1.0 + d2.cwiseAbs().maxCoeff())) << m.name;
      EXPECT_LT((j1 - j2).cwiseAbs().maxCoeff(), 1e-10 * (1.0 + j2.cwiseAbs().maxCoeff())) << m.name;
    }
  }
}

TEST(GaussianMixture, BatchesMatchSingleColumnsAndOutputsMayAliasInputs) {
  for (const auto& m : test::mixture_catalogue()) {
    const Noise n{0.8, 0.5};
    // 600 columns: several chunks, the last one partial.
    const MatrixXd x = states(m.mixture, n, 600);
    const MatrixXd v = test::normal_matrix(m.mixture.dim(), 600, 92);
    MatrixXd dn, jv;
    m.mixture.denoise_jvp(n.alpha, n.sigma, x, v, dn, jv);
    for (Eigen::Index j : {0, 1, 255, 256, 257, 599}) {
      MatrixXd d1, j1;
      m.mixture.denoise_jvp(n.alpha, n.sigma, x.col(j), v.col(j), d1, j1);
      EXPECT_LT((d1 - dn.col(j)).cwiseAbs().maxCoeff(), 1e-12 * (1.0 + dn.cwiseAbs().maxCoeff())) << m.name;
      EXPECT_LT((j1 - jv.col(j)).cwiseAbs().maxCoeff(), 1e-11 * (1.0 + jv.cwiseAbs().maxCoeff())) << m.name;
    }
    MatrixXd xa = x, va = v;
    m.mixture.denoise_jvp(n.alpha, n.sigma, xa, va, xa, va);  // D into X, JV into V
    EXPECT_EQ(xa, dn) << m.name;
    EXPECT_EQ(va, jv) << m.name;
    MatrixXd sa = x, s;
    m.mixture.score(n.alpha, n.sigma, x, s);
    m.mixture.score(n.alpha, n.sigma, sa, sa);
    EXPECT_EQ(sa, s) << m.name;
  }
}

TEST(GaussianMixture, GuidedJvpEqualsDenoiseGuideThenJvp) {
  // denoise_guided_jvp = denoise, V = guide(D), denoise_jvp(V): bitwise, for every covariance type (isotropic
  // and diagonal in one pass, the others by the three calls), over 600 columns (the guide called per chunk)
  // with a guide that acts column by column, and outputs that alias X.
  const auto guide = [](const MatrixXd& D, MatrixXd& V) {
    V = (D.array().square() + 1.0).matrix();
    V.row(0) -= D.row(D.rows() - 1);
  };
  for (const auto& m : test::mixture_catalogue()) {
    const Noise n{0.8, 0.5};
    const MatrixXd x = states(m.mixture, n, 600);
    MatrixXd d0, v0, j0, d1, j1;
    m.mixture.denoise(n.alpha, n.sigma, x, d0);
    guide(d0, v0);
    m.mixture.denoise_jvp(n.alpha, n.sigma, x, v0, d0, j0);
    m.mixture.denoise_guided_jvp(n.alpha, n.sigma, x, guide, d1, j1);
    EXPECT_EQ(d1, d0) << m.name;
    EXPECT_EQ(j1, j0) << m.name;
    MatrixXd xa = x;
    m.mixture.denoise_guided_jvp(n.alpha, n.sigma, xa, guide, xa, j1);  // D into X
    EXPECT_EQ(xa, d0) << m.name;
    EXPECT_EQ(j1, j0) << m.name;
  }
}

// One object used by two threads at once (scratch memory is thread-local): every block's result is bitwise
// the one computed alone.
TEST(GaussianMixture, ConcurrentCallsOnOneObjectMatchSerialCalls) {
  omp_set_num_threads(2);
  for (const auto& m : test::mixture_catalogue()) {
    const MatrixXd x = states(m.mixture, {0.8, 0.5}, 64 * 8);
    const MatrixXd v = test::normal_matrix(m.mixture.dim(), 64 * 8, 93);
    MatrixXd d_par(m.mixture.dim(), x.cols()), j_par(m.mixture.dim(), x.cols());
    core::parallel_blocks(static_cast<std::size_t>(x.cols()), 64, [&](std::size_t, std::size_t b, std::size_t e) {
      MatrixXd dn, jv;
      const auto n = static_cast<Eigen::Index>(e - b), j0 = static_cast<Eigen::Index>(b);
      for (int rep = 0; rep < 3; ++rep)
        m.mixture.denoise_jvp(0.8, 0.5, x.middleCols(j0, n), v.middleCols(j0, n), dn, jv);
      d_par.middleCols(j0, n) = dn;
      j_par.middleCols(j0, n) = jv;
    });
    for (Eigen::Index j0 = 0; j0 < x.cols(); j0 += 64) {
      MatrixXd dn, jv;
      m.mixture.denoise_jvp(0.8, 0.5, x.middleCols(j0, 64), v.middleCols(j0, 64), dn, jv);
      EXPECT_EQ(dn, d_par.middleCols(j0, 64)) << m.name;
      EXPECT_EQ(jv, j_par.middleCols(j0, 64)) << m.name;
    }
  }
}

// The empirical prior at small σ: the exact diffused score of the data set. States within a few σ of data
// points far from the origin (‖x‖² / σ² ≈ 10¹⁷): the expanded distances would lose every digit, the guard
// recomputes them; compared with the direct log-sum-exp of −‖x − m_k‖² / 2σ².
TEST(GaussianMixture, EmpiricalPriorAtSmallSigmaIsExactNearDataPoints) {
  const MatrixXd data = 1000.0 * VectorXd::Ones(5) * Eigen::RowVectorXd::Ones(8) + test::normal_matrix(5, 8, 50);
  const auto g = GaussianMixture::empirical(data);
  for (double sigma : {1e-2, 1e-4, 1e-6}) {
    MatrixXd x = data.leftCols(4) + sigma * test::normal_matrix(5, 4, 51);
    x.col(3) = 0.5 * (data.col(0) + data.col(1)) + sigma * VectorXd::Ones(5);  // between two points
    VectorXd lp;
    MatrixXd dn;
    g.log_density(1.0, sigma, x, lp);
    g.denoise(1.0, sigma, x, dn);
    for (int j = 0; j < 4; ++j) {
      VectorXd logits(8);
      for (int k = 0; k < 8; ++k)
        logits(k) = std::log(1.0 / 8) - 0.5 * (x.col(j) - data.col(k)).squaredNorm() / (sigma * sigma) -
                    5 * std::log(sigma) - 2.5 * std::log(2 * 3.14159265358979323846);
      const double ref = core::log_sum_exp(logits.data(), 8);
      EXPECT_NEAR(lp(j), ref, 1e-9 * (1.0 + std::abs(ref))) << "sigma " << sigma << " column " << j;
      VectorXd gamma(8);
      core::softmax(logits.data(), 8, gamma.data());
      const VectorXd dref = data * gamma;
      EXPECT_LT((dn.col(j) - dref).cwiseAbs().maxCoeff(), 1e-9) << "sigma " << sigma << " column " << j;
    }
  }
}

TEST(GaussianMixture, MomentsOfTheMixture) {
  const auto cat = test::mixture_catalogue();
  const GaussianMixture& g = cat[0].mixture;
  VectorXd m = VectorXd::Zero(3);
  for (int k = 0; k < 3; ++k) m += g.weights()(k) * g.means().col(k);
  EXPECT_LT((g.mean() - m).cwiseAbs().maxCoeff(), 1e-14);
  MatrixXd second = MatrixXd::Zero(3, 3);
  for (int k = 0; k < 3; ++k)
    second += g.weights()(k) * (g.covariance(k) + g.means().col(k) * g.means().col(k).transpose());
  EXPECT_LT((g.covariance() - (second - m * m.transpose())).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NEAR(g.weights().sum(), 1.0, 1e-15);
}

TEST(GaussianMixture, DetectsSharedCovariances) {
  for (const auto& m : test::mixture_catalogue()) {
    const bool expect = m.name == "full_shared" || m.name == "diagonal_shared" || m.name == "gaussian" ||
                        m.name == "empirical" || m.name == "full_spiked" || m.name == "full_bulk_only";
    EXPECT_EQ(m.mixture.shared_covariance(), expect) << m.name;
    EXPECT_EQ(GaussianMixtureTestAccess::uses_spiked_path(m.mixture),
              m.name == "full_spiked" || m.name == "full_bulk_only")
        << m.name;
  }
  // The spikes and the bulk: eigenvalues 0.2 and 2.2 once, 0.7 ten times (set exactly equal).
  const auto cat = test::mixture_catalogue();
  const auto& spiked =
      std::find_if(cat.begin(), cat.end(), [](const auto& m) { return m.name == "full_spiked"; })->mixture;
  VectorXd lam = spiked.variances().col(0);
  std::sort(lam.begin(), lam.end());
  EXPECT_NEAR(lam(0), 0.2, 1e-14);
  EXPECT_NEAR(lam(11), 2.2, 1e-14);
  for (int i = 2; i < 11; ++i) EXPECT_EQ(lam(i), lam(1));
  EXPECT_NEAR(lam(1), 0.7, 1e-14);
}

TEST(GaussianMixture, SamplingIsAPureFunctionOfSeedAndIndex) {
  const auto cat = test::mixture_catalogue();
  for (const auto& m : cat) {
    MatrixXd all, part;
    m.mixture.sample(5, 100, 50, all);
    m.mixture.sample(5, 130, 7, part);
    EXPECT_EQ(part, all.middleCols(30, 7)) << m.name;
    MatrixXd other;
    m.mixture.sample(6, 100, 50, other);
    EXPECT_NE(other, all) << m.name;
  }
}

TEST(GaussianMixture, RejectsBadInput) {
  const MatrixXd means = test::normal_matrix(2, 2, 1);
  const MatrixXd spd = MatrixXd::Identity(2, 2);
  MatrixXd indefinite(2, 2);
  indefinite << 1.0, 2.0, 2.0, 1.0;  // eigenvalues 3 and −1
  MatrixXd asym(2, 2);
  asym << 1.0, 0.5, 0.0, 1.0;
  EXPECT_THROW(GaussianMixture::full(VectorXd::Ones(2), means, {spd, indefinite}), ParameterError);
  EXPECT_THROW(GaussianMixture::full(VectorXd::Ones(2), means, {spd, asym}), ParameterError);
  EXPECT_THROW(GaussianMixture::full(VectorXd::Ones(2), means, {spd}), ParameterError);
  EXPECT_THROW(GaussianMixture::full(VectorXd::Ones(2), means, {spd, MatrixXd::Identity(3, 3)}), ParameterError);
  EXPECT_THROW(GaussianMixture::isotropic(VectorXd::Ones(2), means, VectorXd::Ones(3)), ParameterError);
  EXPECT_THROW(GaussianMixture::isotropic(Eigen::Vector2d(1.0, -0.5), means, VectorXd::Ones(2)), ParameterError);
  EXPECT_THROW(GaussianMixture::isotropic(Eigen::Vector2d(1.0, 0.0), means, VectorXd::Ones(2)), ParameterError);
  EXPECT_THROW(GaussianMixture::isotropic(Eigen::Vector2d(1.0, NAN), means, VectorXd::Ones(2)), ParameterError);
  EXPECT_THROW(GaussianMixture::isotropic(VectorXd::Ones(2), means, Eigen::Vector2d(1.0, -1e-3)), ParameterError);
  EXPECT_THROW(GaussianMixture::diagonal(VectorXd::Ones(2), means, MatrixXd::Ones(2, 3)), ParameterError);
  EXPECT_THROW(GaussianMixture::isotropic(VectorXd::Ones(3), means, VectorXd::Ones(3)), ParameterError);
  MatrixXd bad_means = means;
  bad_means(0, 1) = INFINITY;
  EXPECT_THROW(GaussianMixture::isotropic(VectorXd::Ones(2), bad_means, VectorXd::Ones(2)), ParameterError);
  try {
    GaussianMixture::full(VectorXd::Ones(2), means, {spd, indefinite});
    FAIL();
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("covariance 1 is not positive semidefinite"), std::string::npos) << e.what();
  }
  // Singular law at σ = 0, shapes at call time.
  const auto emp = GaussianMixture::empirical(means);
  VectorXd lp;
  MatrixXd s;
  EXPECT_THROW(emp.log_density(1.0, 0.0, means, lp), ParameterError);
  EXPECT_NO_THROW(emp.log_density(1.0, 0.1, means, lp));
  EXPECT_THROW(emp.score(1.0, 0.1, MatrixXd::Ones(3, 2), s), ParameterError);
  EXPECT_THROW(emp.score(1.0, -0.1, means, s), ParameterError);
  MatrixXd d, jv;
  EXPECT_THROW(emp.denoise_jvp(1.0, 0.1, means, MatrixXd::Ones(2, 3), d, jv), ParameterError);
}

}  // namespace
}  // namespace ito::priors
