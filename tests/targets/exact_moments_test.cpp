// Exact posterior moments: against brute-force quadrature of the target's own log density (small linear
// regression), against the closed forms of the analytic targets, and against posteriordb's reference
// moments (|exact − reference| < 4.5 reference MCSE) of the posteriors of the shipped data sets.
#include "ito/targets/exact_moments.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "ito/targets/banana.hpp"
#include "ito/targets/funnel.hpp"
#include "ito/targets/gaussian.hpp"
#include "ito/targets/posteriordb.hpp"
#include "ito/targets/reference_posterior.hpp"
#include "test_support.hpp"

namespace {

using namespace ito::targets;

TEST(ExactMoments, LinearRegressionMatchesBruteForceQuadratureOfTheLogDensity) {
  // N = 6, D = 1: the posterior of (β, u = log σ) on a 2-D Simpson grid of the target's log density (wide
  // enough in β that large σ, where β is barely identified, is not truncated).
  Eigen::MatrixXd X(6, 1);
  X << 0.5, -1.0, 1.5, 2.0, -0.3, 0.8;
  Eigen::VectorXd y(6);
  y << 0.9, -1.7, 2.2, 3.9, 0.1, 1.2;
  for (const ScalePrior prior :
       {ScalePrior{ScalePrior::Kind::half_normal, 2.0}, ScalePrior{ScalePrior::Kind::half_cauchy, 1.0}}) {
    const LinearRegressionTarget target(X, y, 3.0, prior);
    const ExactMoments exact = exact_moments(target);
    const int n = 1600;  // even
    const double b0 = -15.0, b1 = 20.0, u0 = -6.0, u1 = 5.0, hb = (b1 - b0) / n, hu = (u1 - u0) / n;
    auto weight = [](int i) { return (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0); };
    double z = 0, eb = 0, eb2 = 0, es = 0, es2 = 0;
    Eigen::VectorXd x(2);
    for (int i = 0; i <= n; ++i)
      for (int k = 0; k <= n; ++k) {
        x << b0 + i * hb, u0 + k * hu;
        const double w = weight(i) * weight(k) * std::exp(target.log_density(x));
        const double s = std::exp(x(1));
        z += w;
        eb += w * x(0);
        eb2 += w * x(0) * x(0);
        es += w * s;
        es2 += w * s * s;
      }
    EXPECT_NEAR(exact.mean(0), eb / z, 1e-7);
    EXPECT_NEAR(exact.mean_square(0), eb2 / z, 1e-7);
    EXPECT_NEAR(exact.mean(1), es / z, 1e-7);
    EXPECT_NEAR(exact.mean_square(1), es2 / z, 1e-7);
  }
}

TEST(ExactMoments, AnalyticTargetsUseTheirClosedForms) {
  const auto funnel = exact_moments(AnyTarget(FunnelTarget(3, 2.0)));
  ASSERT_TRUE(funnel);
  EXPECT_DOUBLE_EQ(funnel->mean_square(0), 4.0);
  EXPECT_DOUBLE_EQ(funnel->mean_square(2), std::exp(2.0));
  const auto banana = exact_moments(AnyTarget(BananaTarget(2, 0.1, 10.0)));
  EXPECT_DOUBLE_EQ(banana->mean_square(1), 1.0 + 2.0 * 0.01 * 1e4);
  Eigen::MatrixXd cov(2, 2);
  cov << 2.0, 0.3, 0.3, 1.0;
  const auto gauss = exact_moments(AnyTarget(GaussianTarget::from_covariance(Eigen::Vector2d(1.0, -1.0), cov)));
  EXPECT_DOUBLE_EQ(gauss->mean_square(0), 3.0);
  const Eigen::MatrixXd X = Eigen::MatrixXd::Ones(3, 1);
  EXPECT_FALSE(exact_moments(AnyTarget(LogisticRegressionTarget(X, Eigen::Vector3d(0, 1, 1), 1.0))));
}

TEST(ExactMoments, AgreeWithPosteriordbReferences) {
  ITO_REQUIRE_SHARED_DATA(data);
  const std::string dir = (data / "posteriordb").string();
  struct Case {
    const char* kind;
    ExactMoments exact;
  };
  const std::vector<Case> cases{
      {"eight_schools_noncentered",
       exact_moments(eight_schools_noncentered(ito::test::repository_data("posteriordb/eight_schools.csv")))},
      {"arK", exact_moments(ark(ito::test::repository_data("posteriordb/arK.csv")))},
      {"sblrc_blr", exact_moments(sblrc_blr(ito::test::repository_data("posteriordb/sblrc.csv")))}};
  for (const Case& c : cases) {
    const auto ref = read_reference_posterior(dir, posteriordb_posterior_name(c.kind));
    for (std::size_t i = 0; i < c.exact.names.size(); ++i) {
      const int r = ref.index_of(c.exact.names[i]);
      ASSERT_GE(r, 0) << c.exact.names[i];
      const double z_mean = (c.exact.mean(static_cast<Eigen::Index>(i)) - ref.mean[static_cast<std::size_t>(r)]) /
                            ref.mean_mcse[static_cast<std::size_t>(r)];
      const double z_square =
          (c.exact.mean_square(static_cast<Eigen::Index>(i)) - ref.mean_square[static_cast<std::size_t>(r)]) /
          ref.mean_square_mcse[static_cast<std::size_t>(r)];
      std::printf("%-26s %-9s exact mean %12.7g ref %12.7g (z %+5.2f)  exact mean² %12.7g ref %12.7g (z %+5.2f)\n",
                  c.kind, c.exact.names[i].c_str(), c.exact.mean(static_cast<Eigen::Index>(i)),
                  ref.mean[static_cast<std::size_t>(r)], z_mean, c.exact.mean_square(static_cast<Eigen::Index>(i)),
                  ref.mean_square[static_cast<std::size_t>(r)], z_square);
      EXPECT_LT(std::abs(z_mean), 4.5) << c.kind << " " << c.exact.names[i];
      EXPECT_LT(std::abs(z_square), 4.5) << c.kind << " " << c.exact.names[i];
    }
  }
}

}  // namespace
