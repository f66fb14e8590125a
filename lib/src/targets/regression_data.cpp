#include "ito/targets/regression_data.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "ito/core/error.hpp"
#include "ito/io/json.hpp"
#include "ito/io/table.hpp"
#include "ito/targets/target.hpp"

namespace ito::targets {

namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// The size a JSON data file states for `key`, when it states one, must be `actual`.
void check_stated_size(const io::Json& json, const std::string& key, Eigen::Index actual, const std::string& of) {
  if (!json.contains(key)) return;
  const io::Json stated = json.at(key);
  if (stated.integer() != actual)
    stated.fail("is " + std::to_string(stated.integer()) + " but " + of + " has " + std::to_string(actual));
}

}  // namespace

io::Table read_regression_table(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".csv") return io::read_csv(path);
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  if (ext == ".h5" || ext == ".hdf5") {
    X = io::read_hdf5_matrix(path, "X");
    y = io::read_hdf5_vector(path, "y");
  } else if (ext == ".json") {
    const io::Json json = io::Json::read_file(path);
    X = json.at("X").matrix();
    y = json.at("y").numbers();
    check_stated_size(json, "N", y.size(), "y");
    check_stated_size(json, "N", X.rows(), "X (rows)");
    check_stated_size(json, "D", X.cols(), "X (columns)");
  } else {
    ito::detail::throw_error<IoError>(path, ": unknown data format '", ext, "' (expected .csv, .h5, .hdf5 or .json)");
  }
  if (X.rows() != y.size())
    ito::detail::throw_error<IoError>(path, ": X has ", X.rows(), " rows (", X.rows(), " × ", X.cols(),
                                      ") but y has ", y.size(), " entries");
  io::Table table;
  table.source = path;
  table.columns = indexed_names("X", static_cast<int>(X.cols()));
  table.columns.emplace_back("y");
  table.values.resize(X.rows(), X.cols() + 1);
  table.values << X, y;
  return table;
}

RegressionData select_regression_columns(const io::Table& table, const std::string& y_column,
                                         const std::vector<std::string>& features) {
  const std::string& path = table.source;
  RegressionData data;
  data.source = path;
  const Eigen::Index y_index = table.column_index(y_column);
  std::vector<std::string> names = features;
  if (names.empty())
    for (const auto& c : table.columns)
      if (c != y_column) names.push_back(c);
  if (names.empty()) ito::detail::throw_error<IoError>(path, ": no feature columns besides '", y_column, "'");
  data.y = table.values.col(y_index);
  data.X.resize(table.values.rows(), static_cast<Eigen::Index>(names.size()));
  for (std::size_t j = 0; j < names.size(); ++j)
    data.X.col(static_cast<Eigen::Index>(j)) = table.values.col(table.column_index(names[j]));
  data.feature_names = names;
  if (data.y.size() == 0) ito::detail::throw_error<IoError>(path, ": no observations");
  if (!data.X.allFinite() || !data.y.allFinite())
    ito::detail::throw_error<IoError>(path, ": data contain non-finite values");
  return data;
}

RegressionData read_regression_data(const std::string& path, const std::string& y_column,
                                    const std::vector<std::string>& features) {
  return select_regression_columns(read_regression_table(path), y_column, features);
}

Standardization standardize_columns(Eigen::MatrixXd& X, const std::vector<Eigen::Index>& columns,
                                    const std::vector<std::string>& names, Eigen::Index intercept,
                                    const std::string& what) {
  Standardization s;
  if (columns.empty()) return s;
  if (intercept < 0 || intercept >= X.cols() || (X.col(intercept).array() != 1.0).any())
    ito::detail::throw_error<IoError>(what, ": standardised predictors need an intercept (a column of ones)");
  if (X.rows() < 2) ito::detail::throw_error<IoError>(what, ": standardising needs at least 2 observations");
  s.columns = columns;
  s.names = names;
  s.intercept = intercept;
  const auto k = static_cast<Eigen::Index>(columns.size());
  s.means.resize(k);
  s.sds.resize(k);
  for (Eigen::Index c = 0; c < k; ++c) {
    const Eigen::Index j = columns[static_cast<std::size_t>(c)];
    const double mean = X.col(j).mean();
    const double sd = std::sqrt((X.col(j).array() - mean).square().sum() / static_cast<double>(X.rows() - 1));
    if (!(sd > 0))
      ito::detail::throw_error<IoError>(what, ": column '", names[static_cast<std::size_t>(c)],
                                        "' is constant and cannot be standardised");
    X.col(j) = (X.col(j).array() - mean) / sd;
    s.means(c) = mean;
    s.sds(c) = sd;
  }
  return s;
}

}  // namespace ito::targets
