#pragma once
// Regression data sets: a response y (length N) and a design matrix X (N × D), read from
//   - CSV: a header row of column names, then one row of numbers per observation ('#' lines and blank lines
//     are skipped); `y_column` is the response, `features` the columns of X (default: every other column);
//   - HDF5 (.h5, .hdf5): datasets "X" (N × D) and "y" (N);
//   - JSON (.json, posteriordb/Stan data format): keys "X" (array of N rows of D numbers) and "y".
// Shape mismatches and missing columns are ito::IoError naming the file and the shapes.
#include <Eigen/Core>
#include <string>
#include <vector>

namespace ito::mcmc {

struct RegressionData {
  Eigen::MatrixXd X;                       ///< N × D design matrix
  Eigen::VectorXd y;                       ///< N responses
  std::vector<std::string> feature_names;  ///< D names (CSV column names, or "X[1]"... otherwise)
  std::string source;                      ///< file it came from
};

/// A CSV table: column names and an N × C matrix of values.
struct CsvTable {
  std::vector<std::string> columns;
  Eigen::MatrixXd values;
};
CsvTable read_csv_table(const std::string& path);

/// Reads regression data; the format is chosen by the file extension (.csv, .h5/.hdf5, .json).
RegressionData read_regression_data(const std::string& path, const std::string& y_column = "y",
                                    const std::vector<std::string>& features = {});

}  // namespace ito::mcmc
