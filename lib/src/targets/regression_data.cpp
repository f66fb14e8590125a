#include "ito/targets/regression_data.hpp"

#include <algorithm>
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

RegressionData read_regression_data(const std::string& path, const std::string& y_column,
                                    const std::vector<std::string>& features) {
  RegressionData data;
  data.source = path;
  const std::string ext = lower_extension(path);
  if (ext == ".csv") {
    const io::Table table = io::read_csv(path);
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
  } else if (ext == ".h5" || ext == ".hdf5") {
    data.X = io::read_hdf5_matrix(path, "X");
    data.y = io::read_hdf5_vector(path, "y");
    data.feature_names = indexed_names("X", static_cast<int>(data.X.cols()));
  } else if (ext == ".json") {
    const io::Json json = io::Json::read_file(path);
    data.X = json.at("X").matrix();
    data.y = json.at("y").numbers();
    check_stated_size(json, "N", data.y.size(), "y");
    check_stated_size(json, "N", data.X.rows(), "X (rows)");
    check_stated_size(json, "D", data.X.cols(), "X (columns)");
    data.feature_names = indexed_names("X", static_cast<int>(data.X.cols()));
  } else {
    ito::detail::throw_error<IoError>(path, ": unknown data format '", ext, "' (expected .csv, .h5, .hdf5 or .json)");
  }
  if (data.X.rows() != data.y.size())
    ito::detail::throw_error<IoError>(path, ": X has ", data.X.rows(), " rows (", data.X.rows(), " × ", data.X.cols(),
                                      ") but y has ", data.y.size(), " entries");
  if (data.y.size() == 0) ito::detail::throw_error<IoError>(path, ": no observations");
  if (!data.X.allFinite() || !data.y.allFinite())
    ito::detail::throw_error<IoError>(path, ": data contain non-finite values");
  return data;
}

}  // namespace ito::targets
