#pragma once
// The target catalogue: the keys under `prefix` (default "target") of a parameter file, as rows of the
// command's table (add_target_keys: the kinds and each kind's keys with their defaults, printed by --help),
// and the AnyTarget they describe (make_target). Every key is validated where it is read
// (file:line:column in messages); data files are read relative to the working directory (run `ito` from the
// project root).
//
//   kind = "gaussian" | "banana" | "funnel" | "mixture" | "linear_regression" | "logistic_regression"
//        | "eight_schools_noncentered" | "arK" | "sblrc_blr"
//   gaussian:   N(mean, Σ) with Σ from covariance, precision or variances (at most one; identity otherwise)
//   banana:     Haario's twisted Gaussian;  funnel: Neal's funnel, centred or non-centred (funnel.hpp)
//   mixture:    Σ_k w_k N(mean_k, Σ_k), Σ_k from covariances or scales (identity otherwise)
//   linear_regression, logistic_regression: data (CSV/HDF5/JSON), y_column, features (by name), an
//               intercept, normal or Student-t priors with a scale per coefficient, standardised predictors,
//               the noise sd known or sampled (linear)
//   eight_schools_noncentered | arK | sblrc_blr: the posteriordb posteriors (posteriordb.hpp)
#include <string>
#include <vector>

#include "ito/io/schema.hpp"
#include "ito/targets/target.hpp"

namespace ito::targets {

/// The catalogue kinds, in documentation order.
const std::vector<std::string>& target_kinds();

/// Appends the target keys under `prefix` to a command's table.
void add_target_keys(io::Schema& schema, const std::string& prefix = "target");

/// Builds the target described under `prefix`, read through a reader whose table has add_target_keys(prefix);
/// ParameterError (file:line:column) on a bad key or value, IoError naming the file on unreadable or
/// mis-shaped data.
AnyTarget make_target(io::SchemaReader& reader, const std::string& prefix = "target");

/// A fact about a target that a results file states next to its summary: a name and one of a text, a list
/// of names or numbers.
struct TargetAttribute {
  std::string name;
  std::string text;
  std::vector<std::string> names;
  std::vector<double> numbers;
};
/// The facts of a catalogue target worth recording (for a regression on standardised predictors: which
/// columns, their means and sds, and what the reported quantities are); empty for most targets.
std::vector<TargetAttribute> target_attributes(const AnyTarget& target);

/// The table of a file that holds only a target (the keys under "target").
const io::Schema& target_schema();
/// Builds the target of such a file and rejects every other key (SchemaReader::finish).
AnyTarget make_target(io::Params& params);

}  // namespace ito::targets
