#include "ito/targets/eight_schools.hpp"

#include <cmath>

#include "ito/core/error.hpp"

namespace ito::targets {

EightSchoolsNoncenteredTarget::EightSchoolsNoncenteredTarget(Eigen::VectorXd y, Eigen::VectorXd sigma)
    : y_(std::move(y)), inv_sigma_(sigma.cwiseInverse()) {
  if (y_.size() != sigma.size() || y_.size() < 1)
    ito::detail::throw_error<ParameterError>("eight_schools_noncentered: y has ", y_.size(), " entries and sigma ",
                                             sigma.size());
  for (Eigen::Index j = 0; j < y_.size(); ++j) {
    if (!std::isfinite(y_[j]))
      ito::detail::throw_error<ParameterError>("eight_schools_noncentered: y of school ", j + 1, " is ", y_[j],
                                               " (expected a finite number)");
    if (!(sigma[j] > 0) || !std::isfinite(sigma[j]))
      ito::detail::throw_error<ParameterError>("eight_schools_noncentered: sigma of school ", j + 1, " is ", sigma[j],
                                               " (expected a finite number > 0)");
  }
}

std::vector<std::string> EightSchoolsNoncenteredTarget::parameter_names() const {
  auto names = indexed_names("theta", static_cast<int>(y_.size()));
  names.emplace_back("mu");
  names.emplace_back("tau");
  return names;
}

}  // namespace ito::targets
