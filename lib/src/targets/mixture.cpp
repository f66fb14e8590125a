#include "ito/targets/mixture.hpp"

#include "ito/core/error.hpp"

namespace ito::targets {

MixtureTarget::MixtureTarget(std::vector<double> weights, std::vector<GaussianTarget> components)
    : weights_(std::move(weights)), components_(std::move(components)) {
  if (components_.empty()) throw ParameterError("mixture target: needs at least one component");
  if (weights_.size() != components_.size())
    ito::detail::throw_error<ParameterError>("mixture target: ", weights_.size(), " weights for ", components_.size(),
                                        " components");
  double total = 0.0;
  for (double w : weights_) {
    if (!(w > 0) || !std::isfinite(w)) ito::detail::throw_error<ParameterError>("mixture target: weights must be > 0, got ", w);
    total += w;
  }
  for (const auto& c : components_)
    if (c.dim() != components_.front().dim())
      ito::detail::throw_error<ParameterError>("mixture target: components have dimensions ", components_.front().dim(),
                                          " and ", c.dim());
  for (double& w : weights_) {
    w /= total;
    log_weights_.push_back(std::log(w));
  }
}

Eigen::VectorXd MixtureTarget::exact_mean() const {
  Eigen::VectorXd m = Eigen::VectorXd::Zero(dim());
  for (std::size_t i = 0; i < components_.size(); ++i) m += weights_[i] * components_[i].mean();
  return m;
}

Eigen::MatrixXd MixtureTarget::exact_covariance() const {
  const Eigen::VectorXd m = exact_mean();
  Eigen::MatrixXd c = -m * m.transpose();
  for (std::size_t i = 0; i < components_.size(); ++i) {
    const auto& g = components_[i];
    c += weights_[i] * (g.covariance() + g.mean() * g.mean().transpose());
  }
  return c;
}

}  // namespace ito::targets
