#pragma once
// The posteriordb posteriors (Magnusson et al., "posteriordb: testing, benchmarking and developing Bayesian
// inference algorithms", 2024; github.com/stan-dev/posteriordb) from their data files:
//
//  eight_schools_noncentered (eight_schools.hpp) — data y, sigma of the J schools.
//  arK: α ~ N(0, 10), β_k ~ N(0, 10), σ ~ Cauchy⁺(0, 2.5), y_t ~ N(α + Σ_k β_k y_{t−k}, σ) for t = K+1..T:
//      a LinearRegressionTarget whose design rows are (1, y_{t−1}, ..., y_{t−K}). Reported: alpha,
//      beta[1..K], sigma. posteriordb's arK data set is an AR(5) series (K = 5).
//  sblrc-blr: β_d ~ N(0, 10), σ ~ N⁺(0, 10), y ~ N(Xβ, σ): a LinearRegressionTarget. Reported:
//      beta[1..D], sigma.
//
// Data files, by extension:
//  - .csv (ito's format; the shipped copies are data/posteriordb/*.csv, data/README.md): columns y, sigma
//    (eight schools); y (arK: the series; K is given separately); y and the predictors in file order (sblrc);
//  - .json (posteriordb's own format): keys J, y, sigma / K, T, y / N, D, X, y, sizes checked;
//  - .h5 (sblrc only): datasets X, y (regression_data.hpp).
// A missing or malformed file is an ito::IoError naming it.
#include <Eigen/Core>
#include <optional>
#include <string>

#include "ito/targets/eight_schools.hpp"
#include "ito/targets/regression.hpp"

namespace ito::targets {

/// Directory of the shipped posteriordb data sets, relative to the project root (where ito runs).
inline constexpr const char* posteriordb_data_directory = "data/posteriordb";

/// The lags of posteriordb's arK data set.
inline constexpr int ark_posteriordb_lags = 5;

/// The eight-schools posterior of a data file (CSV columns y, sigma, or posteriordb JSON).
EightSchoolsNoncenteredTarget eight_schools_noncentered(const std::string& data_file);

/// The series of an arK data file: y, and the lags K when the file states them (posteriordb JSON).
struct ArSeries {
  Eigen::VectorXd y;
  std::optional<int> lags;
};
ArSeries read_ar_series(const std::string& data_file);

/// The AR(K) posterior of the series y (ParameterError unless 1 <= K < length of y).
LinearRegressionTarget ark(const Eigen::VectorXd& y, int lags);
/// The AR(K) posterior of a data file, K = `lags`, else the file's K, else ark_posteriordb_lags
/// (ParameterError when both are given and differ).
LinearRegressionTarget ark(const std::string& data_file, std::optional<int> lags = std::nullopt);

/// The sblrc-blr posterior of a data file (CSV with column y, posteriordb JSON, or HDF5).
LinearRegressionTarget sblrc_blr(const std::string& data_file);

/// posteriordb posterior name of a catalogue kind: "eight_schools_noncentered" →
/// "eight_schools-eight_schools_noncentered", "arK" → "arK-arK", "sblrc_blr" → "sblrc-blr"; "" otherwise.
std::string posteriordb_posterior_name(const std::string& kind);

}  // namespace ito::targets
