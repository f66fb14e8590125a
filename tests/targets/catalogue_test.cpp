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

// A regression stated by the user: columns by name, an intercept with its own scale, a scale per
// coefficient, Student-t priors, a known noise sd, standardised predictors (stated in the attributes).
TEST(Catalogue, RegressionProblemsStatedByTheUser) {
  const auto dir = ito::test::temp_dir("catalogue_user_regression");
  const auto csv = ito::test::write_file(dir / "d.csv", "id,x1,out,x2\n1,1.0,0,5\n2,-1.0,1,7\n3,0.5,1,6\n4,2,0,9\n");
  const std::string head = "[target]\nkind = 'linear_regression'\ndata = '" + csv.string() + "'\n";
  auto lin = build(head + "y_column = 'out'\nfeatures = ['x2', 'x1']\nintercept = true\nintercept_scale = 4\n"
                          "beta_scales = [1.0, 3.0]\nprior = 'student_t'\nprior_dof = 5\nsigma = 0.25\n");
  EXPECT_EQ(lin.dim(), 3);
  EXPECT_EQ(lin.parameter_names(), (std::vector<std::string>{"alpha", "beta[x2]", "beta[x1]"}));
  const auto* t = lin.get<LinearRegressionTarget>();
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->noise().fixed);
  EXPECT_EQ(t->noise().sigma, 0.25);
  EXPECT_EQ(t->coefficient_prior().family(), CoefficientPrior::Family::student_t);
  EXPECT_EQ(t->coefficient_prior().degrees_of_freedom(), 5.0);
  EXPECT_EQ(t->coefficient_prior().scales(), Eigen::Vector3d(4.0, 1.0, 3.0));
  EXPECT_EQ(t->design()(2, 1), 6.0);  // x2 of row 3, after the intercept's column
  EXPECT_TRUE(target_attributes(lin).empty());
  EXPECT_NE(lin.description().find("intercept"), std::string::npos);
  auto standardised = build(head + "y_column = 'out'\nfeatures = ['x1', 'x2']\nintercept = true\nstandardize = ['x2']\n");
  EXPECT_EQ(standardised.parameter_names(), (std::vector<std::string>{"alpha", "beta[x1]", "beta[x2]", "sigma",
                                                                      "alpha_std", "beta_std[x1]", "beta_std[x2]"}));
  const auto attributes = target_attributes(standardised);
  ASSERT_EQ(attributes.size(), 4u);
  EXPECT_EQ(attributes[0].name, "standardized_columns");
  EXPECT_EQ(attributes[0].names, std::vector<std::string>{"x2"});
  EXPECT_EQ(attributes[1].numbers, std::vector<double>{6.75});
  EXPECT_NEAR(attributes[2].numbers[0], std::sqrt(2.9166666666666665), 1e-15);
  auto logit = build("[target]\nkind = 'logistic_regression'\ndata = '" + csv.string() +
                     "'\ny_column = 'out'\nfeatures = ['x1']\nintercept = true\nprior = 'student_t'\n");
  EXPECT_EQ(logit.parameter_names(), (std::vector<std::string>{"alpha", "beta[x1]"}));
  EXPECT_EQ(logit.get<LogisticRegressionTarget>()->coefficient_prior().degrees_of_freedom(), 3.0);
  std::filesystem::remove_all(dir);
}

// Bad input to a regression: exit-2 errors (ParameterError) naming the parameter file, line and key, and for
// a bad cell or outcome the data file's line and row.
TEST(Catalogue, RegressionBadInputNamesTheFileLineAndKey) {
  const auto dir = ito::test::temp_dir("catalogue_bad_regression");
  const auto csv = ito::test::write_file(dir / "d.csv", "x1,out,x2\n1.0,0,5\n-1.0,1,7\n0.5,2,6\n2,0,6\n");
  const std::string lin = "[target]\nkind = 'linear_regression'\ndata = '" + csv.string() + "'\n";
  const std::string logit = "[target]\nkind = 'logistic_regression'\ndata = '" + csv.string() + "'\n";
  using ito::ParameterError;
  expect_error<ParameterError>([&] { build(lin + "y_column = 'response'\n"); },
                               {"test.toml:4:", "key 'target.y_column'", "no column 'response'", "x1, out, x2"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nfeatures = ['x1', 'x3']\n"); },
                               {"test.toml:5:", "key 'target.features'", "no column 'x3'"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nfeatures = ['x1', 'out']\n"); },
                               {"test.toml:5:", "key 'target.features'", "'out' is the outcome column"});
  expect_error<ParameterError>([&] { build(logit + "y_column = 'out'\n"); },
                               {"test.toml:4:", "key 'target.y_column'", "d.csv:4: row 3: outcome 'out' is 2",
                                "expected 0 or 1"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nbeta_scales = [1.0, -2.0]\n"); },
                               {"test.toml:5:", "target.beta_scales"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nbeta_scale = 0\n"); },
                               {"test.toml:5:", "target.beta_scale"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nintercept = true\nintercept_scale = -1\n"); },
                               {"test.toml:6:", "target.intercept_scale"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nbeta_scales = [1.0, 2.0, 3.0]\n"); },
                               {"test.toml:5:", "key 'target.beta_scales'", "expected 2 scales, one per predictor (x1, x2), got 3"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nbeta_scale = 1\nbeta_scales = [1.0, 2.0]\n"); },
                               {"test.toml:6:", "beta_scale or beta_scales"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nprior = 'student_t'\nprior_dof = 0\n"); },
                               {"test.toml:6:", "target.prior_dof"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nsigma = -0.5\n"); }, {"test.toml:5:", "target.sigma"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nsigma = 0.5\nsigma_prior = 'half_cauchy'\n"); },
                               {"test.toml:6:", "key 'target.sigma_prior'", "sigma is fixed"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nstandardize = ['x1']\n"); },
                               {"test.toml:5:", "key 'target.standardize'", "needs intercept = true"});
  expect_error<ParameterError>([&] { build(lin + "y_column = 'out'\nintercept = true\nstandardize = ['x9']\n"); },
                               {"test.toml:6:", "key 'target.standardize'", "'x9' is not a predictor"});
  const auto text = ito::test::write_file(dir / "t.csv", "x1,out\n1.0,0\nabc,1\n");
  expect_error<ParameterError>(
      [&] { build("[target]\nkind = 'logistic_regression'\ndata = '" + text.string() + "'\ny_column = 'out'\n"); },
      {"test.toml:3:", "key 'target.data'", "t.csv:3: row 2, column 'x1': 'abc' is not a number"});
  const auto constant = ito::test::write_file(dir / "c.csv", "x1,out\n1.0,0\n1.0,1\n");
  expect_error<ParameterError>(
      [&] {
        build("[target]\nkind = 'linear_regression'\ndata = '" + constant.string() +
              "'\ny_column = 'out'\nintercept = true\nstandardize = ['x1']\n");
      },
      {"test.toml:6:", "key 'target.standardize'", "'x1' is constant"});
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
