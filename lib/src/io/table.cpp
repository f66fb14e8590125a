#include "ito/io/table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ito/core/error.hpp"
#include "ito/io/hdf5.hpp"

namespace ito::io {

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

std::string shape(const std::vector<std::uint64_t>& dims) {
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

}  // namespace

void require_file(const std::string& path, const std::string& what) {
  if (!std::filesystem::is_regular_file(path))
    ito::detail::throw_error<IoError>(path, ": cannot open ", what,
                                      " (no such file; relative paths are taken from the ", "working directory ",
                                      std::filesystem::current_path().string(), ")");
}

bool Table::has_column(const std::string& name) const {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

Eigen::Index Table::column_index(const std::string& name) const {
  const auto it = std::find(columns.begin(), columns.end(), name);
  if (it == columns.end()) {
    std::string have;
    for (const auto& c : columns) have += (have.empty() ? "" : ", ") + c;
    ito::detail::throw_error<IoError>(source, ": no column '", name, "' (columns: ", have, ")");
  }
  return static_cast<Eigen::Index>(it - columns.begin());
}

Eigen::VectorXd Table::column(const std::string& name) const { return values.col(column_index(name)); }

Table read_csv(const std::string& path) {
  require_file(path, "CSV file");
  std::ifstream in(path);
  return parse_csv(in, path);
}

Table parse_csv(std::istream& in, const std::string& path) {
  Table table;
  table.source = path;
  std::vector<std::vector<double>> rows;
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string trimmed = trim(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    const auto cells = split_csv_line(line);
    if (table.columns.empty()) {
      table.columns = cells;
      continue;
    }
    const std::size_t row = rows.size() + 1;
    if (cells.size() != table.columns.size())
      ito::detail::throw_error<IoError>(path, ":", line_number, ": row ", row, " has ", cells.size(),
                                        " cells, the header has ", table.columns.size(), " columns");
    std::vector<double> values(cells.size());
    for (std::size_t j = 0; j < cells.size(); ++j) {
      const char* begin = cells[j].c_str();
      char* end = nullptr;
      values[j] = std::strtod(begin, &end);
      if (cells[j].empty() || *end != '\0')
        ito::detail::throw_error<IoError>(path, ":", line_number, ": row ", row, ", column '", table.columns[j], "': '",
                                          cells[j], "' is not a number");
      if (!std::isfinite(values[j]))  // strtod reads "nan" and "inf"; no data set here may hold them
        ito::detail::throw_error<IoError>(path, ":", line_number, ": row ", row, ", column '", table.columns[j], "': '",
                                          cells[j], "' is not a finite number");
    }
    rows.push_back(std::move(values));
    table.lines.push_back(line_number);
  }
  if (table.columns.empty()) ito::detail::throw_error<IoError>(path, ": empty CSV file (expected a header row)");
  table.values.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(table.columns.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j)
      table.values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows[i][j];
  return table;
}

Eigen::MatrixXd read_hdf5_matrix(const std::string& path, const std::string& dataset) {
  require_file(path, "HDF5 file");
  const Dataset d = read_dataset(path, dataset);
  if (d.dims.size() != 2)
    ito::detail::throw_error<IoError>(path, ": dataset '", dataset, "' must be 2-D (rows × columns), has shape ",
                                      shape(d.dims));
  const auto rows = static_cast<Eigen::Index>(d.dims[0]), cols = static_cast<Eigen::Index>(d.dims[1]);
  for (std::size_t i = 0; i < d.values.size(); ++i)
    if (!std::isfinite(d.values[i]))
      ito::detail::throw_error<IoError>(path, ": dataset '", dataset, "', row ", i / d.dims[1] + 1, ", column ",
                                        i % d.dims[1] + 1, ": ", d.values[i], " is not a finite number");
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(d.values.data(), rows,
                                                                                                  cols);
}

Eigen::VectorXd read_hdf5_vector(const std::string& path, const std::string& dataset) {
  require_file(path, "HDF5 file");
  const Dataset d = read_dataset(path, dataset);
  if (d.dims.size() != 1 && !(d.dims.size() == 2 && (d.dims[0] == 1 || d.dims[1] == 1)))
    ito::detail::throw_error<IoError>(path, ": dataset '", dataset, "' must be 1-D, has shape ", shape(d.dims));
  for (std::size_t i = 0; i < d.values.size(); ++i)
    if (!std::isfinite(d.values[i]))
      ito::detail::throw_error<IoError>(path, ": dataset '", dataset, "', entry ", i + 1, ": ", d.values[i],
                                        " is not a finite number");
  return Eigen::Map<const Eigen::VectorXd>(d.values.data(), static_cast<Eigen::Index>(d.values.size()));
}

}  // namespace ito::io
