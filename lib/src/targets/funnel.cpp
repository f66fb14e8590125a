#include "ito/targets/funnel.hpp"

#include "ito/core/error.hpp"

namespace ito::targets {

FunnelTarget::FunnelTarget(int dim, double v_scale) : dim_(dim), v_var_(v_scale * v_scale) {
  if (dim < 2) ito::detail::throw_error<ParameterError>("funnel target: dimension must be >= 2, got ", dim);
  if (!(v_scale > 0) || !std::isfinite(v_scale))
    ito::detail::throw_error<ParameterError>("funnel target: v_scale must be > 0, got ", v_scale);
  log_normalizer_ = -0.5 * (dim * detail::log_two_pi + std::log(v_var_));
}

std::vector<std::string> FunnelTarget::parameter_names() const {
  std::vector<std::string> names{"v"};
  for (auto& n : indexed_names("x", dim_ - 1)) names.push_back(std::move(n));
  return names;
}

}  // namespace ito::targets
