// The posteriordb posteriors from their data files: the shipped CSV copies (data/posteriordb) give the same
// doubles as posteriordb's JSON files; arK and sblrc-blr against the Stan models written out term by term;
// the error cases of the readers.
#include "ito/targets/posteriordb.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "ito/core/error.hpp"
#include "ito/io/table.hpp"
#include "target_testing.hpp"
#include "test_support.hpp"

namespace ito::targets {
namespace {

using ito::test::repository_data;

double normal_lpdf(double x, double mu, double sigma) {
  const double z = (x - mu) / sigma;
  return -0.5 * z * z - std::log(sigma) - 0.5 * std::log(2.0 * M_PI);
}
double half_cauchy_lpdf(double x, double scale) {
  return std::log(2.0 / (M_PI * scale * (1.0 + x * x / (scale * scale))));
}

bool bitwise_equal(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
}

TEST(Posteriordb, ShippedCsvGivesTheSameDoublesAsPosteriordbJson) {
  ITO_REQUIRE_SHARED_DATA(data);
  const auto json = [&](const char* file) { return (data / "posteriordb" / file).string(); };
  const auto es_csv = eight_schools_noncentered(repository_data("posteriordb/eight_schools.csv"));
  const auto es_json = eight_schools_noncentered(json("eight_schools.data.json"));
  EXPECT_TRUE(bitwise_equal(es_csv.y(), es_json.y()));
  EXPECT_TRUE(bitwise_equal(es_csv.sigma(), es_json.sigma()));
  const ArSeries ar_csv = read_ar_series(repository_data("posteriordb/arK.csv"));
  const ArSeries ar_json = read_ar_series(json("arK.data.json"));
  EXPECT_TRUE(bitwise_equal(ar_csv.y, ar_json.y));
  EXPECT_FALSE(ar_csv.lags);
  ASSERT_TRUE(ar_json.lags);
  EXPECT_EQ(*ar_json.lags, ark_posteriordb_lags);
  const auto blr_csv = sblrc_blr(repository_data("posteriordb/sblrc.csv"));
  const auto blr_json = sblrc_blr(json("sblrc.data.json"));
  EXPECT_TRUE(bitwise_equal(blr_csv.design(), blr_json.design()));
  EXPECT_TRUE(bitwise_equal(blr_csv.response(), blr_json.response()));
}

TEST(Posteriordb, EightSchoolsDataAreRubinsTable) {
  const auto target = eight_schools_noncentered(repository_data("posteriordb/eight_schools.csv"));
  EXPECT_EQ(target.y(), (Eigen::VectorXd(8) << 28, 8, -3, 7, -1, 1, 18, 12).finished());
  EXPECT_EQ(target.sigma(), (Eigen::VectorXd(8) << 15, 10, 16, 11, 9, 11, 10, 18).finished());
}

TEST(Posteriordb, ArKMatchesTheStanModel) {
  const std::string file = repository_data("posteriordb/arK.csv");
  const auto target = ark(file);
  const Eigen::VectorXd y = read_ar_series(file).y;
  const int k = 5, t_max = static_cast<int>(y.size());
  ASSERT_EQ(t_max, 200);
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
  for (const auto& u : {u0, u1}) test::expect_gradient_matches_finite_differences(target, u, 1e-6, "arK");
  EXPECT_EQ(target.parameter_names().front(), "alpha");
  EXPECT_EQ(target.parameter_names()[5], "beta[5]");
  // Other lag counts: K + 2 parameters, T − K observations.
  const auto ar2 = ark(y, 2);
  EXPECT_EQ(ar2.dim(), 4);
  EXPECT_EQ(ar2.response().size(), t_max - 2);
  EXPECT_EQ(ar2.design()(0, 2), y(0));  // first response y(2) regresses on y(1), y(0)
}

TEST(Posteriordb, SblrcMatchesTheStanModel) {
  const std::string file = repository_data("posteriordb/sblrc.csv");
  const auto target = sblrc_blr(file);
  const Eigen::MatrixXd X = target.design();
  const Eigen::VectorXd y = target.response();
  ASSERT_EQ(X.rows(), 100);
  ASSERT_EQ(X.cols(), 5);
  const io::Table table = io::read_csv(file);
  EXPECT_EQ(X.col(4), table.column("x5"));
  EXPECT_EQ(y, table.column("y"));
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
  for (const auto& u : {u0, u1}) test::expect_gradient_matches_finite_differences(target, u, 1e-6, "sblrc");
  EXPECT_EQ(target.parameter_names().back(), "sigma");
}

TEST(Posteriordb, ReaderErrorsNameTheFile) {
  const auto dir = ito::test::temp_dir("posteriordb");
  ito::test::expect_error<Error>([] { ark("no/such/arK.csv"); },
                                 {"no/such/arK.csv: cannot open CSV file (no such file"});
  ito::test::expect_error<Error>([] { eight_schools_noncentered("no/such/eight_schools.data.json"); },
                                 {"no/such/eight_schools.data.json"});
  const auto bad_j = ito::test::write_file(dir / "es.json", R"({"J": 3, "y": [1, 2], "sigma": [1, 1]})");
  ito::test::expect_error<Error>([&] { eight_schools_noncentered(bad_j.string()); },
                                 {"es.json: $.J: is 3 but y has 2 entries"});
  const auto no_sigma = ito::test::write_file(dir / "es.csv", "y,s\n1,2\n");
  ito::test::expect_error<Error>([&] { eight_schools_noncentered(no_sigma.string()); },
                                 {"es.csv: no column 'sigma' (columns: y, s)"});
  const auto bad_k = ito::test::write_file(dir / "ar.json", R"({"K": 4, "T": 4, "y": [1, 2, 3, 4]})");
  ito::test::expect_error<Error>([&] { read_ar_series(bad_k.string()); },
                                 {"ar.json: $.K: K = 4 must be >= 1 and < T = 4"});
  const auto ar5 = ito::test::write_file(dir / "ar5.json", R"({"K": 2, "T": 4, "y": [1, 2, 3, 4]})");
  ito::test::expect_error<Error>([&] { ark(ar5.string(), 3); }, {"3 lags asked for, but"});
  EXPECT_EQ(ark(ar5.string()).dim(), 4);  // the file's K = 2
  ito::test::expect_error<Error>([] { ark(Eigen::Vector3d(1, 2, 3), 3); }, {"lags must be >= 1 and < T = 3"});
  std::filesystem::remove_all(dir);
}

TEST(Posteriordb, PosteriorNamesOfTheCatalogueKinds) {
  EXPECT_EQ(posteriordb_posterior_name("eight_schools_noncentered"), "eight_schools-eight_schools_noncentered");
  EXPECT_EQ(posteriordb_posterior_name("arK"), "arK-arK");
  EXPECT_EQ(posteriordb_posterior_name("sblrc_blr"), "sblrc-blr");
  EXPECT_EQ(posteriordb_posterior_name("funnel"), "");
}

}  // namespace
}  // namespace ito::targets
