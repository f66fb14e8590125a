// EM: the training log-likelihood never decreases (for every covariance type, also when the model is
// misspecified and the floor is active), results are bitwise the same for 1 and 2 threads, the fit survives a
// file round trip, options and data are validated.
#include "ito/priors/fit_em.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/priors/mixture_file.hpp"
#include "priors/mixture_fixtures.hpp"
#include "test_support.hpp"

namespace ito::priors {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// 4 well-mixed clusters in 3-D (full covariances) plus a degenerate sheet (one coordinate constant),
// so a 5-component fit is misspecified and the floor binds.
MatrixXd training_data() {
  const auto cat = test::mixture_catalogue();
  MatrixXd x;
  cat[0].mixture.sample(8, 0, 3000, x);
  MatrixXd sheet = test::normal_matrix(3, 500, 70);
  sheet.row(2).setConstant(5.0);
  MatrixXd all(3, 3500);
  all << x, sheet;
  return all;
}

void expect_monotone(const std::vector<double>& ll, const std::string& what) {
  ASSERT_GE(ll.size(), 2u) << what;
  for (std::size_t i = 1; i < ll.size(); ++i)
    // Round-off allowance: the per-point mean of n log-densities, each exact to ~1e-15 relative.
    EXPECT_GE(ll[i], ll[i - 1] - 1e-12 * (1.0 + std::abs(ll[i - 1]))) << what << " iteration " << i;
}

TEST(FitEm, TrainLogLikelihoodNeverDecreases) {
  const MatrixXd data = training_data();
  for (auto type : {CovarianceType::full, CovarianceType::diagonal, CovarianceType::isotropic}) {
    EmOptions o;
    o.components = 5;
    o.covariance = type;
    o.max_iterations = 60;
    o.tolerance = 0.0;  // run all iterations: monotonicity is checked to the end
    o.covariance_floor = 1e-3;
    const EmResult r = fit_gaussian_mixture(data, o);
    EXPECT_EQ(r.train_log_likelihood.size(), static_cast<std::size_t>(r.iterations) + 1);
    EXPECT_EQ(r.heldout_log_likelihood.size(), r.train_log_likelihood.size());
    EXPECT_EQ(r.train_points + r.heldout_points, 3500);
    EXPECT_EQ(r.heldout_points, 350);
    expect_monotone(r.train_log_likelihood, to_string(type));
    EXPECT_GT(r.train_log_likelihood.back(), r.train_log_likelihood.front() + 0.01) << to_string(type);
    // The floor binds on the sheet (a direction of zero variance) for full and diagonal covariances.
    if (type != CovarianceType::isotropic) {
      EXPECT_NEAR(r.mixture.variances().minCoeff(), 1e-3, 1e-12) << to_string(type);
    }
    for (double h : r.heldout_log_likelihood) EXPECT_TRUE(std::isfinite(h));
  }
}

TEST(FitEm, StopsAtTheToleranceAndReportsConvergence) {
  const MatrixXd data = training_data();
  EmOptions o;
  o.components = 4;
  o.tolerance = 1e-4;
  const EmResult r = fit_gaussian_mixture(data, o);
  EXPECT_TRUE(r.converged);
  EXPECT_LT(r.iterations, o.max_iterations);
  const auto& ll = r.train_log_likelihood;
  EXPECT_LT(ll.back() - ll[ll.size() - 2], 1e-4);
  for (std::size_t i = 1; i + 1 < ll.size(); ++i) EXPECT_GE(ll[i] - ll[i - 1], 1e-4);
  o.max_iterations = 2;
  o.tolerance = 0.0;
  const EmResult short_run = fit_gaussian_mixture(data, o);
  EXPECT_FALSE(short_run.converged);
  EXPECT_EQ(short_run.iterations, 2);
  EXPECT_EQ(short_run.train_log_likelihood.size(), 3u);
  EXPECT_EQ(short_run.train_log_likelihood[1], r.train_log_likelihood[1]);  // same path
}

TEST(FitEm, BitwiseIdenticalForOneAndTwoThreads) {
  const MatrixXd data = training_data();
  for (auto type : {CovarianceType::full, CovarianceType::diagonal, CovarianceType::isotropic}) {
    EmOptions o;
    o.components = 5;
    o.covariance = type;
    o.max_iterations = 25;
    std::vector<EmResult> r;
    for (int threads : {1, 2}) {
      omp_set_num_threads(threads);
      r.push_back(fit_gaussian_mixture(data, o));
    }
    omp_set_num_threads(2);
    EXPECT_EQ(r[0].train_log_likelihood, r[1].train_log_likelihood) << to_string(type);
    EXPECT_EQ(r[0].heldout_log_likelihood, r[1].heldout_log_likelihood) << to_string(type);
    EXPECT_EQ(r[0].mixture.weights(), r[1].mixture.weights()) << to_string(type);
    EXPECT_EQ(r[0].mixture.means(), r[1].mixture.means()) << to_string(type);
    for (int k = 0; k < o.components; ++k)
      EXPECT_EQ(r[0].mixture.covariance(k), r[1].mixture.covariance(k)) << to_string(type);
    // Another seed gives another split and start.
    o.seed = 2;
    const EmResult other = fit_gaussian_mixture(data, o);
    EXPECT_NE(other.train_log_likelihood, r[0].train_log_likelihood) << to_string(type);
  }
}

TEST(FitEm, FittedMixtureRoundTripsThroughAFile) {
  const auto dir = ito::test::temp_dir("fit_em");
  EmOptions o;
  o.components = 3;
  o.max_iterations = 20;
  const EmResult r = fit_gaussian_mixture(training_data(), o);
  const auto path = (dir / "prior.h5").string();
  {
    io::ResultFile f(path);
    write_mixture(f, "/prior", r.mixture);
    f.commit();
  }
  const GaussianMixture g = read_mixture(path, "/prior");
  EXPECT_EQ(g.means(), r.mixture.means());
  for (int k = 0; k < 3; ++k) EXPECT_EQ(g.covariance(k), r.mixture.covariance(k));
  const MatrixXd x = test::normal_matrix(3, 10, 4);
  VectorXd a, b;
  g.log_density(1.0, 0.0, x, a);
  r.mixture.log_density(1.0, 0.0, x, b);
  EXPECT_LT((a - b).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(FitEm, RejectsBadOptionsAndData) {
  const MatrixXd data = training_data();
  auto with = [](auto change) {
    EmOptions o;
    change(o);
    return o;
  };
  EXPECT_THROW(fit_gaussian_mixture(data, with([](EmOptions& o) { o.components = 0; })), ParameterError);
  EXPECT_THROW(fit_gaussian_mixture(data, with([](EmOptions& o) { o.covariance_floor = 0.0; })), ParameterError);
  EXPECT_THROW(fit_gaussian_mixture(data, with([](EmOptions& o) { o.heldout_fraction = 1.0; })), ParameterError);
  EXPECT_THROW(fit_gaussian_mixture(data, with([](EmOptions& o) { o.tolerance = -1.0; })), ParameterError);
  EXPECT_THROW(fit_gaussian_mixture(data, with([](EmOptions& o) { o.max_iterations = -1; })), ParameterError);
  MatrixXd bad = data;
  bad(1, 17) = NAN;
  EXPECT_THROW(fit_gaussian_mixture(bad, EmOptions{}), ParameterError);
  EXPECT_THROW(fit_gaussian_mixture(MatrixXd(3, 0), EmOptions{}), ParameterError);
  // Three distinct points repeated: not enough for four components.
  MatrixXd few(2, 30);
  for (int i = 0; i < 30; ++i) few.col(i) = Eigen::Vector2d(i % 3, 0.0);
  try {
    fit_gaussian_mixture(few, with([](EmOptions& o) { o.components = 4; }));
    FAIL();
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("distinct"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(fit_gaussian_mixture(few, with([](EmOptions& o) {
                                         o.components = 3;
                                         o.max_iterations = 5;
                                       })));
}

}  // namespace
}  // namespace ito::priors
