// Regression data from CSV, HDF5 and Stan/posteriordb JSON, with their error messages.
#include "ito/targets/regression_data.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/io/hdf5.hpp"
#include "test_support.hpp"

namespace ito::targets {
namespace {

TEST(RegressionData, CsvColumnsBecomeFeaturesInFileOrder) {
  const auto dir = test::temp_dir("regression_csv");
  const auto csv = test::write_file(dir / "data.csv", "# a comment\nx1,y,x2\n1.0,0,0.5\n-1.0,1,0.25\n0.5,1,-2\n");
  const RegressionData all = read_regression_data(csv.string());
  EXPECT_EQ(all.feature_names, (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(all.X(2, 1), -2.0);
  EXPECT_EQ(all.y, Eigen::Vector3d(0, 1, 1));
  const RegressionData chosen = read_regression_data(csv.string(), "x1", {"x2"});
  EXPECT_EQ(chosen.X.cols(), 1);
  EXPECT_EQ(chosen.y(1), -1.0);
  const auto no_y = test::write_file(dir / "no_y.csv", "a,b\n1,2\n");
  test::expect_error<IoError>([&] { read_regression_data(no_y.string()); }, {"no_y.csv", "no column 'y'"});
  const auto only_y = test::write_file(dir / "only_y.csv", "y\n1\n");
  test::expect_error<IoError>([&] { read_regression_data(only_y.string()); },
                              {"only_y.csv", "no feature columns besides 'y'"});
  const auto text = test::write_file(dir / "text.csv", "x,y\n1,abc\n");
  test::expect_error<IoError>([&] { read_regression_data(text.string()); },
                              {"text.csv:2: row 1, column 'y': 'abc' is not a number"});
  const auto empty = test::write_file(dir / "empty.csv", "x,y\n");
  test::expect_error<IoError>([&] { read_regression_data(empty.string()); }, {"empty.csv: no observations"});
  std::filesystem::remove_all(dir);
}

TEST(RegressionData, Hdf5DatasetsXAndY) {
  const auto dir = test::temp_dir("regression_h5");
  {
    io::ResultFile h5((dir / "data.h5").string());
    h5.write("/X", std::vector<double>{1, 2, 3, 4, 5, 6}, {3, 2});
    h5.write("/y", std::vector<double>{0.5, 1.5, 2.5});
    h5.commit();
  }
  const RegressionData d = read_regression_data((dir / "data.h5").string());
  ASSERT_EQ(d.X.rows(), 3);
  ASSERT_EQ(d.X.cols(), 2);
  EXPECT_EQ(d.X(1, 0), 3.0);  // row-major
  EXPECT_EQ(d.y(2), 2.5);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"X[1]", "X[2]"}));
  {
    io::ResultFile h5((dir / "bad.h5").string());
    h5.write("/X", std::vector<double>{1, 2, 3, 4, 5, 6}, {3, 2});
    h5.write("/y", std::vector<double>{0.5, 1.5});
    h5.commit();
  }
  test::expect_error<IoError>([&] { read_regression_data((dir / "bad.h5").string()); },
                              {"bad.h5", "3 rows", "2 entries"});
  std::filesystem::remove_all(dir);
}

TEST(RegressionData, JsonWithStatedSizes) {
  const auto dir = test::temp_dir("regression_json");
  const auto ok = test::write_file(dir / "ok.json", R"({"N": 2, "D": 2, "X": [[1, 2], [3, 4]], "y": [0.5, -1]})");
  const RegressionData d = read_regression_data(ok.string());
  EXPECT_EQ(d.X(1, 0), 3.0);
  EXPECT_EQ(d.y(1), -1.0);
  const auto bad_n = test::write_file(dir / "n.json", R"({"N": 3, "X": [[1, 2], [3, 4]], "y": [0.5, -1]})");
  test::expect_error<IoError>([&] { read_regression_data(bad_n.string()); }, {"n.json: $.N: is 3 but y has 2"});
  const auto nan = test::write_file(dir / "nan.json", R"({"X": [[1e400], [3]], "y": [0.5, -1]})");
  test::expect_error<IoError>([&] { read_regression_data(nan.string()); }, {"nan.json"});
  test::expect_error<IoError>([&] { read_regression_data((dir / "data.txt").string()); },
                              {"data.txt: unknown data format '.txt'"});
  std::filesystem::remove_all(dir);
}

// The shipped WDBC table (data/breast_cancer/wdbc.csv): 569 rows, 30 standardised features named after the
// source's columns, y = 1 for the 212 malignant tumours.
TEST(RegressionData, ShippedBreastCancerTableIsStandardised) {
  const RegressionData d = read_regression_data(test::repository_data("breast_cancer/wdbc.csv"));
  ASSERT_EQ(d.X.rows(), 569);
  ASSERT_EQ(d.X.cols(), 30);
  EXPECT_EQ(d.feature_names.front(), "radius_mean");
  EXPECT_EQ(d.feature_names[10], "radius_se");
  EXPECT_EQ(d.feature_names.back(), "fractal_dimension_worst");
  for (Eigen::Index j = 0; j < 30; ++j) {
    const double mean = d.X.col(j).mean();
    const double sd = std::sqrt((d.X.col(j).array() - mean).square().sum() / 568.0);
    EXPECT_LT(std::abs(mean), 1e-14) << d.feature_names[static_cast<std::size_t>(j)];
    EXPECT_NEAR(sd, 1.0, 1e-14) << d.feature_names[static_cast<std::size_t>(j)];
  }
  EXPECT_EQ(d.y.sum(), 212.0);
  EXPECT_EQ((d.y.array() * (1.0 - d.y.array())).abs().sum(), 0.0);  // 0 or 1
}

}  // namespace
}  // namespace ito::targets
