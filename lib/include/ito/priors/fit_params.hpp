#pragma once
// The parameters of `ito fit-prior`: one table of keys (fit_prior_schema(), printed by `ito fit-prior --help`)
// from which read_fit_prior_problem reads a parameter file, loads the data set it names and checks that a
// mixture can be fitted to it; run_fit_prior fits it (priors::fit_gaussian_mixture).
//
// Data: the rows of an HDF5 dataset or of a CSV table are the points, the columns their coordinates (an 8×8
// image is one row of 64 pixels). data.max_points keeps n of the N rows, evenly spaced (rows ⌊jN/n⌋,
// j = 0 … n−1): no randomness, so the problem read does not depend on the seed.
//
// What cannot be fitted is refused when read, at the key responsible (file:line:column and key): a missing
// file, a dataset that is not there or not 2-D, a non-finite number (data.file or data.dataset); an unknown or
// repeated column (data.columns); more components than the training set is sure to hold distinct points
// (mixture.components: K components need K distinct training points, and however the seed picks the n_ho
// held-out points, at least M − n_ho of the M distinct points are left for training); a fit whose arrays do
// not fit into memory (mixture.components, with the estimate).
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ito/io/schema.hpp"
#include "ito/priors/fit_em.hpp"

namespace ito::priors {

struct FitPriorProblem {
  std::string file;                  ///< data.file
  std::string format;                ///< "hdf5" | "csv"
  std::string dataset;               ///< HDF5: the dataset (rows = points)
  std::vector<std::string> columns;  ///< CSV: the columns used, in order (all of the file's when not given)
  std::optional<std::int64_t> max_points;
  Eigen::Index source_points = 0;    ///< rows in the file
  Eigen::Index distinct_points = 0;  ///< distinct columns of data
  Eigen::MatrixXd data;              ///< d × n, one point per column (after max_points)
  EmOptions em;                      ///< the fit's options (the seed is run_fit_prior's)

  Eigen::Index dim() const { return data.rows(); }
  Eigen::Index points() const { return data.cols(); }
  /// "data/digits.h5:/train/images" (HDF5) or "table.csv" (CSV).
  std::string source() const;
  bool operator==(const FitPriorProblem& other) const;
};

/// Every key `ito fit-prior` reads, with its default and range.
const io::Schema& fit_prior_schema();

/// Reads the keys (unknown keys and keys of the other format refused first), then loads the data and makes
/// the checks above. Errors are ParameterErrors naming file:line:column and the key.
FitPriorProblem read_fit_prior_problem(io::Params& params);
/// The same through a reader on fit_prior_schema() (tests inspect which rows it read).
FitPriorProblem read_fit_prior_problem(io::SchemaReader& reader);

/// Fits the problem's mixture with `seed` (the held-out split and the k-means++ start; bitwise the same for
/// any thread count); on_iteration as in EmOptions.
EmResult run_fit_prior(const FitPriorProblem& problem, std::uint32_t seed,
                       std::function<void(int, double, double)> on_iteration = {});

}  // namespace ito::priors
