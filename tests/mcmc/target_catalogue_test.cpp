// The target catalogue (parameter keys → AnyTarget), the JSON reader and the regression data readers,
// with their error messages.
#include "ito/mcmc/target_catalogue.hpp"

#include <gtest/gtest.h>

#include "ito/core/error.hpp"
#include "ito/io/hdf5.hpp"
#include "ito/mcmc/data_json.hpp"
#include "ito/mcmc/data_table.hpp"
#include "ito/mcmc/targets.hpp"
#include "target_testing.hpp"
#include "test_support.hpp"

namespace {

using namespace ito::mcmc;
using ito::io::Params;

// Expects `f` to throw E whose message contains every one of `parts`.
template <class E, class F>
void expect_error(F&& f, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "no exception";
  } catch (const E& e) {
    for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << "'" << p << "' not in: " << e.what();
  }
}

AnyTarget build(const std::string& toml) {
  Params p = Params::from_string(toml, "test.toml");
  AnyTarget t = make_target(p);
  p.check_unused();
  return t;
}

TEST(TargetCatalogue, AnalyticKindsWithTheirKeys) {
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

TEST(TargetCatalogue, ErrorsNameTheFileLineAndKey) {
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'rosenbrock'\n"); },
                                    {"test.toml:2", "target.kind", "gaussian"});
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'gaussian'\nmean = [0, 0]\ncovariance = [1, 2, 2, 1]\n"); },
                                    {"test.toml:4", "target.covariance", "positive definite"});
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'gaussian'\nmean = [0, 0]\ncovariance = [1, 0, 0]\n"); },
                                    {"test.toml:4", "expected 4 numbers"});
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'mixture'\nweights = [1, 1]\nmeans = [1, 2, 3]\n"); },
                                    {"test.toml:4", "target.means"});
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'funnel'\nv_scael = 2\n"); }, {"v_scael"});
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'linear_regression'\ndata = 'missing.csv'\n"); },
                                    {"test.toml:3", "missing.csv", "not found"});
  expect_error<ito::ParameterError>([] { build("[target]\nkind = 'arK'\ndata = 'nowhere/arK.json'\n"); },
                                    {"test.toml:3", "nowhere/arK.json"});
}

TEST(TargetCatalogue, RegressionFromCsvAndHdf5) {
  const auto dir = ito::test::temp_dir("catalogue");
  const auto csv = ito::test::write_file(dir / "data.csv",
                                         "# a comment\nx1,y,x2\n1.0,0,0.5\n-1.0,1,0.25\n0.5,1,-2\n2,0,1\n");
  auto lin = build("[target]\nkind = 'linear_regression'\ndata = '" + csv.string() + "'\nsigma_prior = 'half_cauchy'\n");
  EXPECT_EQ(lin.dim(), 3);
  EXPECT_EQ(lin.parameter_names(), (std::vector<std::string>{"beta[x1]", "beta[x2]", "sigma"}));
  auto logit = build("[target]\nkind = 'logistic_regression'\ndata = '" + csv.string() + "'\nfeatures = ['x2']\n");
  EXPECT_EQ(logit.dim(), 1);

  {
    ito::io::ResultFile h5((dir / "data.h5").string());
    h5.write("/X", std::vector<double>{1, 2, 3, 4, 5, 6}, {3, 2});
    h5.write("/y", std::vector<double>{0.5, 1.5, 2.5});
    h5.commit();
  }
  const RegressionData d = read_regression_data((dir / "data.h5").string());
  ASSERT_EQ(d.X.rows(), 3);
  ASSERT_EQ(d.X.cols(), 2);
  EXPECT_EQ(d.X(1, 0), 3.0);  // row-major
  EXPECT_EQ(d.y(2), 2.5);
  {
    ito::io::ResultFile h5((dir / "bad.h5").string());
    h5.write("/X", std::vector<double>{1, 2, 3, 4, 5, 6}, {3, 2});
    h5.write("/y", std::vector<double>{0.5, 1.5});
    h5.commit();
  }
  expect_error<ito::IoError>([&] { read_regression_data((dir / "bad.h5").string()); }, {"bad.h5", "3 rows", "2 entries"});
  const auto ragged = ito::test::write_file(dir / "ragged.csv", "x,y\n1,2\n3\n");
  expect_error<ito::IoError>([&] { read_regression_data(ragged.string()); }, {"ragged.csv:3", "1 cells", "2 columns"});
  const auto no_y = ito::test::write_file(dir / "no_y.csv", "a,b\n1,2\n");
  expect_error<ito::IoError>([&] { read_regression_data(no_y.string()); }, {"no_y.csv", "no column 'y'"});
  const auto text = ito::test::write_file(dir / "text.csv", "x,y\n1,abc\n");
  expect_error<ito::IoError>([&] { read_regression_data(text.string()); }, {"text.csv:2", "'abc' is not a number"});
  std::filesystem::remove_all(dir);
}

TEST(TargetCatalogue, PosteriordbKindsFromTheProjectRoot) {
  ITO_REQUIRE_SHARED_DATA(data);
  // Default data paths are relative to the project root, where ito runs.
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
  EXPECT_NE(es.description().find("eight_schools"), std::string::npos);
}

TEST(DataJson, ParsesNestedValuesAndReportsErrorsWithLineAndColumn) {
  const auto v = parse_json(R"({"a": [1, 2.5e1, -3], "m": [[1, 2], [3, 4]], "s": "x\"\u00e9", "t": true, "n": null})", "doc");
  EXPECT_EQ(v.at("a").numbers()(1), 25.0);
  EXPECT_EQ(v.at("m").matrix()(1, 0), 3.0);
  EXPECT_EQ(v.at("s").string(), "x\"\xc3\xa9");
  EXPECT_EQ(v.at("t").kind(), JsonValue::Kind::boolean);
  EXPECT_EQ(v.at("n").kind(), JsonValue::Kind::null);
  EXPECT_EQ(parse_json("7", "doc").numbers().size(), 1);
  expect_error<ito::IoError>([] { parse_json("{\n  \"a\": [1, 2,\n}", "bad.json"); }, {"bad.json:3:1", "invalid JSON"});
  expect_error<ito::IoError>([] { parse_json("{\"a\": 1} x", "bad.json"); }, {"bad.json:1:10"});
  expect_error<ito::IoError>([&] { v.at("zz"); }, {"doc", "'zz' missing"});
  expect_error<ito::IoError>([&] { v.at("s").number("s"); }, {"doc", "s: expected a number"});
  expect_error<ito::IoError>([] { parse_json("[[1, 2], [3]]", "doc").matrix("X"); }, {"row 1 has 1 entries"});
}

}  // namespace
