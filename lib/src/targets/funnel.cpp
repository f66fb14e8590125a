#include "ito/targets/funnel.hpp"

#include "ito/core/error.hpp"

namespace ito::targets {

FunnelTarget::FunnelTarget(int dim, double v_scale, FunnelParameterization parameterization)
    : dim_(dim), v_var_(v_scale * v_scale), noncentered_(parameterization == FunnelParameterization::noncentered) {
  if (dim < 2) ito::detail::throw_error<ParameterError>("funnel target: dimension must be >= 2, got ", dim);
  if (!(v_scale > 0) || !std::isfinite(v_scale))
    ito::detail::throw_error<ParameterError>("funnel target: v_scale must be > 0, got ", v_scale);
  // Both parameterisations: N(0, σ_v²) in v times a d − 1 dimensional standard normal (in x given v, whose
  // e^{−nv/2} is written out in log_density, or in z).
  log_normalizer_ = -0.5 * (dim * detail::log_two_pi + std::log(v_var_));
}

std::vector<std::string> FunnelTarget::parameter_names() const {
  std::vector<std::string> names{"v"};
  for (auto& n : indexed_names("x", dim_ - 1)) names.push_back(std::move(n));
  return names;
}

}  // namespace ito::targets
