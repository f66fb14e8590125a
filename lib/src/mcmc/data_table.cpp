#include "ito/mcmc/data_table.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ito/core/error.hpp"
#include "ito/io/hdf5.hpp"
#include "ito/mcmc/data_json.hpp"
#include "ito/mcmc/target.hpp"

namespace ito::mcmc {

namespace {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\"");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t\r\"");
  return s.substr(begin, end - begin + 1);
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) cells.push_back(trim(cell));
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

void require_file(const std::string& path, const char* what) {
  if (!std::filesystem::is_regular_file(path))
    ito::detail::throw_error<IoError>(path, ": cannot open ", what, " (no such file; relative paths are taken from the ",
                                 "working directory ", std::filesystem::current_path().string(), ")");
}

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

}  // namespace

CsvTable read_csv_table(const std::string& path) {
  require_file(path, "CSV file");
  std::ifstream in(path);
  CsvTable table;
  std::vector<std::vector<double>> rows;
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    const auto cells = split_csv_line(line);
    if (table.columns.empty()) {
      table.columns = cells;
      continue;
    }
    if (cells.size() != table.columns.size())
      ito::detail::throw_error<IoError>(path, ":", line_number, ": ", cells.size(), " cells, the header has ", table.columns.size(),
                                   " columns");
    std::vector<double> row(cells.size());
    for (std::size_t j = 0; j < cells.size(); ++j) {
      const char* begin = cells[j].c_str();
      char* end = nullptr;
      row[j] = std::strtod(begin, &end);
      if (cells[j].empty() || *end != '\0')
        ito::detail::throw_error<IoError>(path, ":", line_number, ": column '", table.columns[j], "': '", cells[j],
                                     "' is not a number");
    }
    rows.push_back(std::move(row));
  }
  if (table.columns.empty()) ito::detail::throw_error<IoError>(path, ": empty CSV file (expected a header row)");
  table.values.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(table.columns.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j)
      table.values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows[i][j];
  return table;
}

RegressionData read_regression_data(const std::string& path, const std::string& y_column,
                                    const std::vector<std::string>& features) {
  RegressionData data;
  data.source = path;
  const std::string ext = lower_extension(path);
  if (ext == ".csv") {
    const CsvTable table = read_csv_table(path);
    auto column_of = [&](const std::string& name) {
      const auto it = std::find(table.columns.begin(), table.columns.end(), name);
      if (it == table.columns.end()) {
        std::string have;
        for (const auto& c : table.columns) have += (have.empty() ? "" : ", ") + c;
        ito::detail::throw_error<IoError>(path, ": no column '", name, "' (columns: ", have, ")");
      }
      return static_cast<Eigen::Index>(it - table.columns.begin());
    };
    const Eigen::Index y_index = column_of(y_column);
    std::vector<std::string> names = features;
    if (names.empty())
      for (const auto& c : table.columns)
        if (c != y_column) names.push_back(c);
    if (names.empty()) ito::detail::throw_error<IoError>(path, ": no feature columns besides '", y_column, "'");
    data.y = table.values.col(y_index);
    data.X.resize(table.values.rows(), static_cast<Eigen::Index>(names.size()));
    for (std::size_t j = 0; j < names.size(); ++j) data.X.col(static_cast<Eigen::Index>(j)) = table.values.col(column_of(names[j]));
    data.feature_names = names;
  } else if (ext == ".h5" || ext == ".hdf5") {
    require_file(path, "HDF5 file");
    const io::Dataset x = io::read_dataset(path, "X");
    const io::Dataset y = io::read_dataset(path, "y");
    if (x.dims.size() != 2)
      ito::detail::throw_error<IoError>(path, ": dataset X must be 2-D (N × D), has ", x.dims.size(), " dimensions");
    const auto n = static_cast<Eigen::Index>(x.dims[0]), d = static_cast<Eigen::Index>(x.dims[1]);
    data.X = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(x.values.data(), n, d);
    data.y = Eigen::Map<const Eigen::VectorXd>(y.values.data(), static_cast<Eigen::Index>(y.values.size()));
    if (y.dims.size() != 1 && !(y.dims.size() == 2 && (y.dims[0] == 1 || y.dims[1] == 1)))
      ito::detail::throw_error<IoError>(path, ": dataset y must be 1-D (N), has ", y.dims.size(), " dimensions");
    data.feature_names = indexed_names("X", static_cast<int>(d));
  } else if (ext == ".json") {
    const JsonValue json = read_json_file(path);
    data.X = json.at("X").matrix("X");
    data.y = json.at("y").numbers("y");
    data.feature_names = indexed_names("X", static_cast<int>(data.X.cols()));
  } else {
    ito::detail::throw_error<IoError>(path, ": unknown data format '", ext, "' (expected .csv, .h5, .hdf5 or .json)");
  }
  if (data.X.rows() != data.y.size())
    ito::detail::throw_error<IoError>(path, ": X has ", data.X.rows(), " rows (", data.X.rows(), " × ", data.X.cols(),
                                 ") but y has ", data.y.size(), " entries");
  if (data.y.size() == 0) ito::detail::throw_error<IoError>(path, ": no observations");
  if (!data.X.allFinite() || !data.y.allFinite()) ito::detail::throw_error<IoError>(path, ": data contain non-finite values");
  return data;
}

}  // namespace ito::mcmc
