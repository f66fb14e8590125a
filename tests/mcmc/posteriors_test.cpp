// posteriordb posteriors: log densities against the Stan models written out term by term, gradients by
// finite differences, reported names against the reference files, the reference loader and comparison.
#include "ito/mcmc/posteriors.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/mcmc/data_json.hpp"
#include "target_testing.hpp"
#include "test_support.hpp"

namespace {

using namespace ito::mcmc;

double normal_lpdf(double x, double mu, double sigma) {
  const double z = (x - mu) / sigma;
  return -0.5 * z * z - std::log(sigma) - 0.5 * std::log(2.0 * M_PI);
}
double half_cauchy_lpdf(double x, double scale) { return std::log(2.0 / (M_PI * scale * (1.0 + x * x / (scale * scale)))); }

std::string posteriordb(const std::filesystem::path& data, const char* file) { return (data / "posteriordb" / file).string(); }

TEST(Posteriors, EightSchoolsMatchesTheStanModel) {
  ITO_REQUIRE_SHARED_DATA(data);
  const auto target = eight_schools_noncentered(posteriordb(data, "eight_schools.data.json"));
  const Eigen::VectorXd y = (Eigen::VectorXd(8) << 28, 8, -3, 7, -1, 1, 18, 12).finished();
  const Eigen::VectorXd sigma = (Eigen::VectorXd(8) << 15, 10, 16, 11, 9, 11, 10, 18).finished();
  // Stan model (posteriordb eight_schools_noncentered.stan) on u = (theta_trans, mu, log tau).
  auto direct = [&](const Eigen::VectorXd& u) {
    const double mu = u(8), tau = std::exp(u(9));
    double lp = normal_lpdf(mu, 0, 5) + half_cauchy_lpdf(tau, 5) + u(9);
    for (int j = 0; j < 8; ++j) lp += normal_lpdf(u(j), 0, 1) + normal_lpdf(y(j), mu + tau * u(j), sigma(j));
    return lp;
  };
  ASSERT_EQ(target.dim(), 10);
  Eigen::VectorXd u0 = Eigen::VectorXd::LinSpaced(10, -1.0, 1.2), u1 = Eigen::VectorXd::LinSpaced(10, 0.8, -0.5);
  u1(9) = 2.5;
  EXPECT_NEAR(target.log_density(u1) - target.log_density(u0), direct(u1) - direct(u0), 1e-11);
  for (const auto& u : {u0, u1}) ito::test::expect_gradient_matches_finite_differences(target, u, 1e-7, "eight schools");
  Eigen::VectorXd reported;
  target.constrain(u1, reported);
  EXPECT_NEAR(reported(9), std::exp(2.5), 1e-12);
  EXPECT_NEAR(reported(8), u1(8), 0.0);
  EXPECT_NEAR(reported(2), u1(8) + std::exp(2.5) * u1(2), 1e-12);
}

TEST(Posteriors, ArKMatchesTheStanModel) {
  ITO_REQUIRE_SHARED_DATA(data);
  const std::string file = posteriordb(data, "arK.data.json");
  const auto target = ark(file);
  const Eigen::VectorXd y = read_json_file(file).at("y").numbers();
  const int k = 5, t_max = static_cast<int>(y.size());
  ASSERT_EQ(target.dim(), k + 2);
  // posteriordb arK.stan on u = (alpha, beta[1..K], log sigma).
  auto direct = [&](const Eigen::VectorXd& u) {
    const double sigma = std::exp(u(k + 1));
    double lp = normal_lpdf(u(0), 0, 10) + half_cauchy_lpdf(sigma, 2.5) + u(k + 1);
    for (int j = 1; j <= k; ++j) lp += normal_lpdf(u(j), 0, 10);
    for (int t = k; t < t_max; ++t) {  // 0-based t = K .. T−1 is Stan's t = K+1 .. T
      double mu = u(0);
      for (int j = 1; j <= k; ++j) mu += u(j) * y(t - j);
      lp += normal_lpdf(y(t), mu, sigma);
    }
    return lp;
  };
  Eigen::VectorXd u0(7), u1(7);
  u0 << 0.0, 0.7, 0.4, 0.1, 0.0, -0.3, std::log(0.15);
  u1 << 0.1, 0.5, 0.2, 0.0, 0.1, -0.2, std::log(0.3);
  EXPECT_NEAR(target.log_density(u1) - target.log_density(u0), direct(u1) - direct(u0), 1e-8);
  for (const auto& u : {u0, u1}) ito::test::expect_gradient_matches_finite_differences(target, u, 1e-6, "arK");
}

TEST(Posteriors, SblrcMatchesTheStanModel) {
  ITO_REQUIRE_SHARED_DATA(data);
  const std::string file = posteriordb(data, "sblrc.data.json");
  const auto target = sblrc_blr(file);
  const auto json = read_json_file(file);
  const Eigen::MatrixXd X = json.at("X").matrix();
  const Eigen::VectorXd y = json.at("y").numbers();
  ASSERT_EQ(X.rows(), 100);
  ASSERT_EQ(X.cols(), 5);
  // posteriordb blr.stan on u = (beta, log sigma).
  auto direct = [&](const Eigen::VectorXd& u) {
    const double sigma = std::exp(u(5));
    double lp = normal_lpdf(sigma, 0, 10) + u(5);
    for (int j = 0; j < 5; ++j) lp += normal_lpdf(u(j), 0, 10);
    for (int i = 0; i < 100; ++i) lp += normal_lpdf(y(i), X.row(i).dot(u.head(5)), sigma);
    return lp;
  };
  Eigen::VectorXd u0 = Eigen::VectorXd::Constant(6, 1.0), u1 = Eigen::VectorXd::Constant(6, 1.001);
  u0(5) = 0.0;
  u1(5) = 0.1;
  EXPECT_NEAR(target.log_density(u1) - target.log_density(u0), direct(u1) - direct(u0), 1e-7);
  for (const auto& u : {u0, u1}) ito::test::expect_gradient_matches_finite_differences(target, u, 1e-6, "sblrc");
}

TEST(Posteriors, ReportedNamesCoverTheReferenceNames) {
  ITO_REQUIRE_SHARED_DATA(data);
  const std::string dir = (data / "posteriordb").string();
  struct Case {
    std::vector<std::string> names;
    const char* kind;
  };
  for (const Case& c : {Case{eight_schools_noncentered(posteriordb(data, "eight_schools.data.json")).parameter_names(),
                             "eight_schools_noncentered"},
                        Case{ark(posteriordb(data, "arK.data.json")).parameter_names(), "arK"},
                        Case{sblrc_blr(posteriordb(data, "sblrc.data.json")).parameter_names(), "sblrc_blr"}}) {
    const auto ref = read_reference_posterior(dir, posteriordb_posterior_name(c.kind));
    ASSERT_EQ(ref.names.size(), c.names.size()) << c.kind;
    for (const auto& n : c.names) EXPECT_GE(ref.index_of(n), 0) << c.kind << " " << n;
  }
  const auto ref = read_reference_posterior(dir, "eight_schools-eight_schools_noncentered");
  EXPECT_EQ(ref.names[8], "mu");
  EXPECT_DOUBLE_EQ(ref.mean[9], 3.60205952364059);
  EXPECT_DOUBLE_EQ(ref.mean_square_mcse[0], 1.1692102);
}

TEST(Posteriors, CompareToReferenceComputesCombinedZScores) {
  ReferencePosterior ref{"toy", {"b", "a"}, {1.0, 2.0}, {0.3, 0.4}, {5.0, 6.0}, {0.0, 1.2}, };
  Summary a, b, a2, b2;
  a.mean = 2.5;
  a.mcse_mean = 0.3;  // z = 0.5 / sqrt(0.09 + 0.16) = 1
  b.mean = 1.0;
  b.mcse_mean = 0.1;
  a2.mean = 6.0 - 2.6;
  a2.mcse_mean = 0.5;  // z = −2.6 / 1.3 = −2
  b2.mean = 5.0;
  b2.mcse_mean = 1.0;
  const auto out = compare_to_reference(ref, {"a", "b"}, {a, b}, {a2, b2});
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].name, "b");
  EXPECT_NEAR(out[0].z, 0.0, 1e-15);
  EXPECT_EQ(out[2].name, "a");
  EXPECT_EQ(out[2].moment, "mean");
  EXPECT_NEAR(out[2].z, 1.0, 1e-12);
  EXPECT_EQ(out[3].moment, "mean_square");
  EXPECT_NEAR(out[3].z, -2.0, 1e-12);
  EXPECT_THROW(compare_to_reference(ref, {"a"}, {a}, {a2}), ito::ParameterError);  // "b" missing
}

TEST(Posteriors, MissingFilesAreClearErrors) {
  try {
    ark("no/such/arK.data.json");
    FAIL() << "expected IoError";
  } catch (const ito::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("no/such/arK.data.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no such file"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_reference_posterior("no/such/dir", "arK-arK"), ito::IoError);
}

}  // namespace
