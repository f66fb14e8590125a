#pragma once
// posteriordb's reference moments of a posterior (computed there from 10 long Stan NUTS chains), and the
// comparison of a sampler's estimates with them: for each reported quantity and moment,
//   z = (ours − ref) / sqrt(mcse_ours² + mcse_ref²),
// which is approximately N(0, 1) when both estimates are right and their MCSEs are.
// Files: <directory>/<posterior>.mean_value.json and .mean_squared_value.json (keys names, mean_value or
// mean_squared_value, mcse_mean).
#include <string>
#include <vector>

#include "ito/diagnostics/summary.hpp"

namespace ito::targets {

/// For every reported name, E[θ] and E[θ²] with their Monte Carlo standard errors.
struct ReferencePosterior {
  std::string posterior;  ///< e.g. "eight_schools-eight_schools_noncentered"
  std::vector<std::string> names;
  std::vector<double> mean, mean_mcse, mean_square, mean_square_mcse;
  /// Index of `name`, or −1.
  int index_of(const std::string& name) const;
};

/// Reads <directory>/<posterior>.mean_value.json and .mean_squared_value.json (IoError naming the file).
ReferencePosterior read_reference_posterior(const std::string& directory, const std::string& posterior);

/// One comparison of an estimated moment with the reference.
struct ReferenceComparison {
  std::string name;    ///< parameter name
  std::string moment;  ///< "mean" or "mean_square"
  double estimate, estimate_mcse, reference, reference_mcse, z;
};

/// Compares our draws' means and mean squares with the reference, for every name in `names` that the
/// reference has (every reference name must be in `names`, else ParameterError). `of_values[i]` summarises
/// the draws of names[i] and `of_squares[i]` those of its square (their mean and mcse_mean are used).
std::vector<ReferenceComparison> compare_to_reference(const ReferencePosterior& reference,
                                                      const std::vector<std::string>& names,
                                                      const std::vector<diagnostics::Summary>& of_values,
                                                      const std::vector<diagnostics::Summary>& of_squares);

/// Convenience: draws of the reported quantities, chain-major as draws[(c·stride + i)·Q + q] (the layout of
/// diagnostics::summarize_quantities), compared with the reference.
std::vector<ReferenceComparison> compare_draws_to_reference(const ReferencePosterior& reference,
                                                            const std::vector<std::string>& names, const double* draws,
                                                            int chains, int stride, int iterations);

}  // namespace ito::targets
