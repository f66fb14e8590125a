// The target catalogue (parameter keys → AnyTarget) with its error messages.
#include "ito/targets/catalogue.hpp"

#include <gtest/gtest.h>

#include "ito/core/error.hpp"
#include "ito/targets/banana.hpp"
#include "ito/targets/gaussian.hpp"
#include "ito/targets/mixture.hpp"
#include "ito/targets/regression.hpp"
#include "target_testing.hpp"
#include "test_support.hpp"

namespace {

using namespace ito::targets;
using ito::io::Params;

using ito::test::expect_error;

AnyTarget build(const std::string& toml) {
  Params p = Params::from_string(toml, "test.toml");
  AnyTarget t = make_target(p);
  p.check_unused();
  return t;
}

TEST(Catalogue, AnalyticKindsWithTheirKeys) {
  auto g = build("[target]\nkind = 'gaussian'\nmean = [1.0, 2.0]\ncovariance = [2.0, 0.5, 0.5, 1.0]\n");
  ASSERT_NE(g.get<GaussianTarget>(), nullptr);
  EXPECT_EQ(g.dim(), 2);
  EXPECT_DOUBLE_EQ(g.get<GaussianTarget>()->covariance()(0, 1), 0.5);
  auto gv = build("[target]\nkind = 'gaussian'\ndim = 3\nvariances = [1.0, 4.0, 9.0]\n");
  EXPECT_DOUBLE_EQ(gv.get<GaussianTarget>()->covariance()(2, 2), 9.0);
  auto gp = build("[target]\nkind = 'gaussian'\ndim = 2\nprecision = [4.0, 0.0, 0.0, 0.25]\n");
  EXPECT_DOUBLE_EQ(gp.get<GaussianTarget>()->covariance()(1, 1), 4.0);
  auto b = build("[target]\nkind = 'banana'\ncurvature = 0.03\n");
  EXPECT_DOUBLE_EQ(b.get<BananaTarget>()->curvature(), 0.03);
  EXPECT_DOUBLE_EQ(b.get<BananaTarget>()->scale(), 10.0);
  auto f = build("[target]\nkind = 'funnel'\n");
  EXPECT_EQ(f.dim(), 10);
  auto m = build("[target]\nkind = 'mixture'\nweights = [1, 1]\nmeans = [-3, 0, 3, 0]\ndim = 2\nscales = [1.0, 0.5]\n");
  ASSERT_NE(m.get<MixtureTarget>(), nullptr);
  EXPECT_DOUBLE_EQ(m.get<MixtureTarget>()->components()[1].covariance()(0, 0), 0.25);
  EXPECT_DOUBLE_EQ(m.get<MixtureTarget>()->exact_mean()(0), 0.0);
  ito::test::expect_gradient_matches_finite_differences(m, Eigen::Vector2d(0.3, -0.2), 1e-7, "catalogue mixture");
}

TEST(Catalogue, ErrorsNameTheFileLineAndKey) {
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'rosenbrock'\n"); },
                                    {"test.toml:2", "target.kind", "gaussian"});
  expect_error<ito::ParameterError>(
      [] { build("[target]\nkind = 'gaussian'\nmean = [0, 0]\ncovariance = [1, 2, 2, 1]\n"); },
      {"test.toml:4", "target.covariance", "positive definite"});
  expect_error<ito::ParameterError>(
      [] { build("[target]\nkind = 'gaussian'\nmean = [0, 0]\ncovariance = [1, 0, 0]\n"); },
      {"test.toml:4", "expected 4 numbers"});
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'mixture'\nweights = [1, 1]\nmeans = [1, 2, 3]\n"); },
                                    {"test.toml:4", "target.means"});
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'funnel'\nv_scael = 2\n"); }, {"v_scael"});
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'linear_regression'\ndata = 'missing.csv'\n"); },
                                    {"test.toml:3", "missing.csv", "not found"});
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'arK'\ndata = 'nowhere/arK.csv'\n"); },
                                    {"test.toml:3", "nowhere/arK.csv", "not found"});
}

TEST(Catalogue, RegressionKindsFromCsv) {
  const auto dir = ito::test::temp_dir("catalogue");
  const auto csv =
      ito::test::write_file(dir / "data.csv", "# a comment\nx1,y,x2\n1.0,0,0.5\n-1.0,1,0.25\n0.5,1,-2\n2,0,1\n");
  auto lin =
      build("[target]\nkind = 'linear_regression'\ndata = '" + csv.string() + "'\nsigma_prior = 'half_cauchy'\n");
  EXPECT_EQ(lin.dim(), 3);
  EXPECT_EQ(lin.parameter_names(), (std::vector<std::string>{"beta[x1]", "beta[x2]", "sigma"}));
  EXPECT_EQ(lin.get<LinearRegressionTarget>()->sigma_prior().kind, ScalePrior::Kind::half_cauchy);
  auto logit = build("[target]\nkind = 'logistic_regression'\ndata = '" + csv.string() + "'\nfeatures = ['x2']\n");
  EXPECT_EQ(logit.dim(), 1);
  std::filesystem::remove_all(dir);
}

// Bad data name the data file (row and column for a CSV) and the key: eight schools with a NaN or a negative
// sigma (once a sentence naming neither).
TEST(Catalogue, BadDataNameTheFileAndTheKey) {
  const auto dir = ito::test::temp_dir("catalogue_bad_data");
  const auto nan = ito::test::write_file(dir / "es.csv", "y,sigma\n28,15\nnan,10\n");
  expect_error<ito::IoError>([&] { build("[target]\nkind = 'eight_schools_noncentered'\ndata = '" + nan.string() + "'\n"); },
                             {"es.csv:3: row 2, column 'y': 'nan' is not a finite number"});
  const auto negative = ito::test::write_file(dir / "neg.csv", "y,sigma\n28,15\n8,-10\n");
  expect_error<ito::ParameterError>(
      [&] { build("[target]\nkind = 'eight_schools_noncentered'\ndata = '" + negative.string() + "'\n"); },
      {"test.toml:3:8: key 'target.data'", "neg.csv: eight_schools_noncentered: sigma of school 2 is -10"});
}

// Dimensions inside the key's range that cannot run are refused at the key, before anything of that size is
// allocated (a Gaussian of dimension 1e9 needs 2.4e19 bytes for its covariance; beyond int for funnel).
TEST(Catalogue, DimensionsThatCannotRunAreRefusedAtTheKey) {
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'gaussian'\ndim = 1000000000\n"); },
                                    {"test.toml:3:7: key 'target.dim': needs about", "GB of memory"});
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'funnel'\ndim = 10000000000\n"); },
                                    {"key 'target.dim': at most 2147483647 dimensions"});
}

TEST(Catalogue, PosteriordbKindsFromTheProjectRoot) {
  // Default data paths are the shipped data/posteriordb files, relative to the project root (where ito runs).
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(ITO_SOURCE_DIR);
  auto es = build("[target]\nkind = 'eight_schools_noncentered'\n");
  auto ar = build("[target]\nkind = 'arK'\n");
  auto bl = build("[target]\nkind = 'sblrc_blr'\n");
  std::filesystem::current_path(cwd);
  EXPECT_EQ(es.dim(), 10);
  EXPECT_EQ(es.parameter_names().back(), "tau");
  EXPECT_EQ(ar.dim(), 7);
  EXPECT_EQ(ar.parameter_names().front(), "alpha");
  EXPECT_EQ(bl.dim(), 6);
  EXPECT_EQ(es.description(), "eight_schools_noncentered (posteriordb, data data/posteriordb/eight_schools.csv)");
}

TEST(Catalogue, ArKLagsComeFromTheKeyOrTheDataFile) {
  const auto dir = ito::test::temp_dir("catalogue_ark");
  const std::string csv = ito::test::repository_data("posteriordb/arK.csv");
  EXPECT_EQ(build("[target]\nkind = 'arK'\ndata = '" + csv + "'\nlags = 3\n").dim(), 5);
  const auto json = ito::test::write_file(dir / "ar.json", R"({"K": 2, "T": 5, "y": [1, 2, 3, 5, 4]})");
  EXPECT_EQ(build("[target]\nkind = 'arK'\ndata = '" + json.string() + "'\n").dim(), 4);
  expect_error<ito::ParameterError>(
      [&] { build("[target]\nkind = 'arK'\ndata = '" + json.string() + "'\nlags = 3\n"); },
      {"test.toml:4", "target.lags", "states K = 2"});
  expect_error<ito::ParameterError>([&] { build("[target]\nkind = 'arK'\ndata = '" + csv + "'\nlags = 200\n"); },
                                    {"test.toml:4", "target.lags", "< T = 200"});
  std::filesystem::remove_all(dir);
}

}  // namespace
