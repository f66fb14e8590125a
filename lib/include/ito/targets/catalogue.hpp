#pragma once
// The target catalogue: builds an AnyTarget from the keys under `prefix` (default "target") of a parameter
// file. Every key is validated where it is read (file:line:column in messages); data files are read
// relative to the working directory (run `ito` from the project root).
//
//   kind = "gaussian" | "banana" | "funnel" | "mixture" | "linear_regression" | "logistic_regression"
//        | "eight_schools_noncentered" | "arK" | "sblrc_blr"
//   gaussian:   dim (default: length of mean, else 2), mean (default 0), and at most one of
//               covariance (d·d numbers, row-major), precision (d·d), variances (d numbers); default identity
//   banana:     dim = 2, curvature = 0.1, scale = 10           (Haario's twisted Gaussian)
//   funnel:     dim = 10, v_scale = 3                          (Neal's funnel)
//   mixture:    weights (K > 0 numbers), means (K·d numbers, component-major), dim (default 1 if K·d = K,
//               else required), and optionally covariances (K·d·d) or scales (K standard deviations)
//   linear_regression:   data (CSV/HDF5/JSON file), y_column = "y", features (default all other columns),
//                        beta_scale = 10, sigma_prior = "half_normal" | "half_cauchy", sigma_scale = 10
//   logistic_regression: data, y_column = "y", features, beta_scale = 10
//   eight_schools_noncentered | arK | sblrc_blr:
//               data (default data/posteriordb/<eight_schools|arK|sblrc>.csv; posteriordb's .json too);
//               arK also lags (default: the data file's K, else 5)
#include <string>
#include <vector>

#include "ito/io/params.hpp"
#include "ito/targets/target.hpp"

namespace ito::targets {

/// The catalogue kinds, in documentation order.
const std::vector<std::string>& target_kinds();

/// Builds the target described under `prefix`; ParameterError (file:line:column) on a bad key or value,
/// IoError naming the file on unreadable or mis-shaped data.
AnyTarget make_target(io::Params& params, const std::string& prefix = "target");

/// Help text for `ito mcmc --help`: every target key with its default.
std::string target_keys_help(const std::string& prefix = "target");

}  // namespace ito::targets
