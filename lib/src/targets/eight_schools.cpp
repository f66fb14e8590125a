#include "ito/targets/eight_schools.hpp"

#include "ito/core/error.hpp"

namespace ito::targets {

EightSchoolsNoncenteredTarget::EightSchoolsNoncenteredTarget(Eigen::VectorXd y, Eigen::VectorXd sigma)
    : y_(std::move(y)), inv_sigma_(sigma.cwiseInverse()) {
  if (y_.size() != sigma.size() || y_.size() < 1)
    ito::detail::throw_error<ParameterError>("eight_schools_noncentered: y has ", y_.size(), " entries and sigma ",
                                             sigma.size());
  if (!(sigma.array() > 0).all() || !sigma.allFinite() || !y_.allFinite())
    throw ParameterError("eight_schools_noncentered: sigma must be positive and the data finite");
}

std::vector<std::string> EightSchoolsNoncenteredTarget::parameter_names() const {
  auto names = indexed_names("theta", static_cast<int>(y_.size()));
  names.emplace_back("mu");
  names.emplace_back("tau");
  return names;
}

}  // namespace ito::targets
