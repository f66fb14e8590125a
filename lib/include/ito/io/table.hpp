#pragma once
// Numeric tables: CSV files with a header row, and numeric datasets of HDF5 files.
//
// CSV: the first line that is neither blank nor a comment ('#' first) names the columns; every later such
// line is one row of numbers, as many as there are columns. Cells are trimmed of blanks and double quotes
// (quoted names and numbers are accepted; a quoted comma is not). Comment lines may carry provenance.
// Numbers are read by strtod, so the decimal text of a file gives the same doubles on every machine.
//
// Errors are ito::IoError naming the file and, for a bad cell, its line, row and column (a non-finite number,
// "nan" or "inf", is a bad cell too: no data set here may hold one):
//   data.csv:7: row 5, column 'x2': 'abc' is not a number
//   data.csv:3: row 1, column 'y': 'nan' is not a finite number
//   data.csv:4: row 2 has 3 cells, the header has 2 columns
//   data.h5: dataset 'X' must be 2-D (rows × columns), has shape [12]
#include <Eigen/Core>
#include <istream>
#include <string>
#include <vector>

namespace ito::io {

/// A table of numbers with named columns, read from `source`.
struct Table {
  std::string source;
  std::vector<std::string> columns;
  Eigen::MatrixXd values;  ///< rows × columns
  std::vector<std::size_t> lines;  ///< the file line of each row (CSV; empty for other sources)

  bool has_column(const std::string& name) const;
  /// Index of column `name`; IoError naming the file and listing the columns when there is none.
  Eigen::Index column_index(const std::string& name) const;
  Eigen::VectorXd column(const std::string& name) const;
  Eigen::Index rows() const { return values.rows(); }
};

/// Reads a CSV file with a header row (see the file comment).
Table read_csv(const std::string& path);
/// The same from a stream; `source` stands for the file name in messages.
Table parse_csv(std::istream& in, const std::string& source);

/// A 2-D numeric dataset of an HDF5 file (stored row-major, as every HDF5 dataset) as a matrix.
Eigen::MatrixXd read_hdf5_matrix(const std::string& path, const std::string& dataset);
/// A 1-D numeric dataset (or an n × 1 or 1 × n one) of an HDF5 file as a vector.
Eigen::VectorXd read_hdf5_vector(const std::string& path, const std::string& dataset);

/// Throws IoError "<path>: cannot open <what> (no such file; relative paths are taken from the working
/// directory ...)" unless `path` is a regular file.
void require_file(const std::string& path, const std::string& what);

}  // namespace ito::io
