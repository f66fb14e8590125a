#pragma once
// Regression data sets: a response y (length N) and a design matrix X (N × D), read from
//   - CSV (io/table.hpp): a header row of column names, then one row of numbers per observation;
//     `y_column` is the response, `features` the columns of X (default: every other column, in file order);
//   - HDF5 (.h5, .hdf5): datasets "X" (N × D) and "y" (N);
//   - JSON (.json, the Stan/posteriordb data format): keys "X" (array of N rows of D numbers) and "y", and
//     when present "N" and "D", which must match.
// Shape mismatches, missing columns and non-finite values are ito::IoError naming the file.
//
// A data file is first read as a table of named columns (read_regression_table: a CSV's own header; for HDF5
// and JSON the columns "X[1]".."X[D]" and "y"), from which the response and predictors are chosen by name
// (select_regression_columns), so a caller can check names against its own keys before choosing.
//
// Standardised predictors: column j of X becomes (x_j − m_j)/s_j with m_j the column mean and s_j its sample
// standard deviation (divisor N − 1). With an intercept α (a column of ones) the model α + Σ_j γ_j (x_j − m_j)/s_j
// is the model α' + Σ_j β_j x_j with
//   β_j = γ_j / s_j (standardised j),  β_j = γ_j (others),  α' = α − Σ_j γ_j m_j / s_j,
// the linear map Standardization::to_original applies to a vector of sampled coefficients.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "ito/io/table.hpp"

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

/// The data file as a table of named columns (see the file comment); IoError naming the file.
io::Table read_regression_table(const std::string& path);
/// The response `y_column` and the predictors `features` (default: every other column, in file order) of a
/// table; IoError naming the file and listing its columns for a missing name.
RegressionData select_regression_columns(const io::Table& table, const std::string& y_column,
                                         const std::vector<std::string>& features);

/// How the columns of a design matrix were standardised (file comment).
struct Standardization {
  std::vector<Eigen::Index> columns;  ///< standardised columns of X (empty: none)
  std::vector<std::string> names;     ///< their names
  Eigen::VectorXd means, sds;         ///< m_j and s_j of each, in the order of `columns`
  Eigen::Index intercept = -1;        ///< the column of ones (required when any column is standardised)

  /// Coefficients of the original predictors from those of the standardised ones.
  Eigen::VectorXd to_original(const Eigen::Ref<const Eigen::VectorXd>& gamma) const {
    Eigen::VectorXd beta = gamma;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const Eigen::Index j = columns[c];
      beta(j) = gamma(j) / sds(static_cast<Eigen::Index>(c));
      beta(intercept) -= beta(j) * means(static_cast<Eigen::Index>(c));
    }
    return beta;
  }
};

/// Standardises `columns` of X in place (each must have a positive standard deviation, and `intercept` must
/// be a column of ones); IoError "<what>: column '<name>' is constant" otherwise.
Standardization standardize_columns(Eigen::MatrixXd& X, const std::vector<Eigen::Index>& columns,
                                    const std::vector<std::string>& names, Eigen::Index intercept,
                                    const std::string& what);

}  // namespace ito::targets
