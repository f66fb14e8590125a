#pragma once
// Gaussian mixtures in HDF5 files (written by `ito fit-prior`, read by `ito solve`).
//
// Layout under a group G (the root "/" by default):
//   G/weights      [K]                      positive, summing to 1
//   G/means        [K, d]                   row k is m_k
//   G/covariances  [K, d, d] (full) | [K, d] (diagonal) | [K] (isotropic)
//   attribute G.covariance_type = "full" | "diagonal" | "isotropic"
// Files are readable with h5py: means = f["means"][...] etc.
#include <string>

#include "ito/io/hdf5.hpp"
#include "ito/priors/gaussian_mixture.hpp"

namespace ito::priors {

/// Writes the mixture under `group` ("/" or "/prior", created as needed).
void write_mixture(io::ResultFile& file, const std::string& group, const GaussianMixture& mixture);

/// Reads a mixture written by write_mixture (or by anything following the layout). Errors name the file and
/// the dataset: ito::IoError when the file cannot be read or the group is not a mixture (no
/// covariance_type attribute, a missing dataset); ito::ParameterError when the contents are wrong: shapes that
/// disagree, non-finite values, weights that are not positive or do not sum to 1 (within 1e-6), a covariance
/// that is not symmetric positive definite (full: smallest eigenvalue ≤ 1e-12·largest; diagonal: a variance
/// ≤ 0), a negative isotropic variance (0 is allowed: the empirical distribution of a data set).
/// allow_singular accepts positive semidefinite covariances (exact posteriors of singular priors written back
/// by a run); a prior given by a user should be read without it.
GaussianMixture read_mixture(const std::string& file, const std::string& group = "/", bool allow_singular = false);

}  // namespace ito::priors
