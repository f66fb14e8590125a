#pragma once
// Regression data sets: a response y (length N) and a design matrix X (N × D), read from
//   - CSV (io/table.hpp): a header row of column names, then one row of numbers per observation;
//     `y_column` is the response, `features` the columns of X (default: every other column, in file order);
//   - HDF5 (.h5, .hdf5): datasets "X" (N × D) and "y" (N);
//   - JSON (.json, the Stan/posteriordb data format): keys "X" (array of N rows of D numbers) and "y", and
//     when present "N" and "D", which must match.
// Shape mismatches, missing columns and non-finite values are ito::IoError naming the file.
#include <Eigen/Core>
#include <string>
#include <vector>

namespace ito::targets {

struct RegressionData {
  Eigen::MatrixXd X;                       ///< N × D design matrix
  Eigen::VectorXd y;                       ///< N responses
  std::vector<std::string> feature_names;  ///< D names (CSV column names, or "X[1]"... otherwise)
  std::string source;                      ///< file it came from
};

/// Reads regression data; the format is chosen by the file extension (.csv, .h5/.hdf5, .json).
RegressionData read_regression_data(const std::string& path, const std::string& y_column = "y",
                                    const std::vector<std::string>& features = {});

}  // namespace ito::targets
