#include "ito/targets/banana.hpp"

#include "ito/core/error.hpp"

namespace ito::targets {

BananaTarget::BananaTarget(int dim, double curvature, double scale)
    : dim_(dim), curvature_(curvature), scale2_(scale * scale) {
  if (dim < 2) ito::detail::throw_error<ParameterError>("banana target: dimension must be >= 2, got ", dim);
  if (!(scale > 0) || !std::isfinite(scale))
    ito::detail::throw_error<ParameterError>("banana target: scale must be > 0, got ", scale);
  if (!std::isfinite(curvature)) throw ParameterError("banana target: curvature must be finite");
  log_normalizer_ = -0.5 * (dim * detail::log_two_pi + std::log(scale2_));
}

Eigen::MatrixXd BananaTarget::exact_covariance() const {
  Eigen::MatrixXd c = Eigen::MatrixXd::Identity(dim_, dim_);
  c(0, 0) = scale2_;
  c(1, 1) = 1.0 + 2.0 * curvature_ * curvature_ * scale2_ * scale2_;
  return c;
}

}  // namespace ito::targets
