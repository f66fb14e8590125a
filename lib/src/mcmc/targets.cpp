#include "ito/mcmc/targets.hpp"

#include <sstream>

#include "ito/core/error.hpp"

namespace ito::mcmc {

namespace {

constexpr double log_two_pi = 1.8378770664093454836;  // log(2π)

void check_square_symmetric(const Eigen::MatrixXd& m, Eigen::Index d, const char* what) {
  if (m.rows() != d || m.cols() != d)
    ito::detail::throw_error<ParameterError>("Gaussian target: ", what, " must be ", d, "x", d, " to match the mean, got ",
                                        m.rows(), "x", m.cols());
  const double scale = std::max(1.0, m.cwiseAbs().maxCoeff());
  if (!m.allFinite() || (m - m.transpose()).cwiseAbs().maxCoeff() > 1e-12 * scale)
    ito::detail::throw_error<ParameterError>("Gaussian target: ", what, " must be finite and symmetric");
}

// log det of an SPD matrix via Cholesky; throws ParameterError when not positive definite.
double log_det_spd(const Eigen::MatrixXd& m, const char* what) {
  const Eigen::LLT<Eigen::MatrixXd> llt(m);
  if (llt.info() != Eigen::Success)
    ito::detail::throw_error<ParameterError>("Gaussian target: ", what, " is not positive definite (Cholesky failed)");
  const Eigen::MatrixXd l = llt.matrixL();
  return 2.0 * l.diagonal().array().log().sum();
}

}  // namespace

GaussianTarget::GaussianTarget(Eigen::VectorXd mean, Eigen::MatrixXd covariance, Eigen::MatrixXd precision,
                               double log_det_cov)
    : mean_(std::move(mean)), covariance_(std::move(covariance)), precision_(std::move(precision)) {
  log_normalizer_ = -0.5 * (static_cast<double>(mean_.size()) * log_two_pi + log_det_cov);
  precision_diagonal_ = precision_.diagonal();
  diagonal_ = (precision_ - Eigen::MatrixXd(precision_diagonal_.asDiagonal())).cwiseAbs().maxCoeff() == 0.0;
}

GaussianTarget GaussianTarget::from_covariance(Eigen::VectorXd mean, const Eigen::MatrixXd& covariance) {
  if (mean.size() < 1) throw ParameterError("Gaussian target: dimension must be >= 1");
  check_square_symmetric(covariance, mean.size(), "covariance");
  const double log_det = log_det_spd(covariance, "covariance");
  const Eigen::LLT<Eigen::MatrixXd> llt(covariance);
  Eigen::MatrixXd precision = llt.solve(Eigen::MatrixXd::Identity(mean.size(), mean.size()));
  precision = 0.5 * (precision + precision.transpose()).eval();
  return GaussianTarget(std::move(mean), covariance, std::move(precision), log_det);
}

GaussianTarget GaussianTarget::from_precision(Eigen::VectorXd mean, const Eigen::MatrixXd& precision) {
  if (mean.size() < 1) throw ParameterError("Gaussian target: dimension must be >= 1");
  check_square_symmetric(precision, mean.size(), "precision");
  const double log_det_precision = log_det_spd(precision, "precision");
  const Eigen::LLT<Eigen::MatrixXd> llt(precision);
  Eigen::MatrixXd covariance = llt.solve(Eigen::MatrixXd::Identity(mean.size(), mean.size()));
  covariance = 0.5 * (covariance + covariance.transpose()).eval();
  return GaussianTarget(std::move(mean), std::move(covariance), precision, -log_det_precision);
}

GaussianTarget GaussianTarget::standard(int d) {
  return from_covariance(Eigen::VectorXd::Zero(d), Eigen::MatrixXd::Identity(d, d));
}

BananaTarget::BananaTarget(int dim, double curvature, double scale)
    : dim_(dim), curvature_(curvature), scale2_(scale * scale) {
  if (dim < 2) ito::detail::throw_error<ParameterError>("banana target: dimension must be >= 2, got ", dim);
  if (!(scale > 0) || !std::isfinite(scale))
    ito::detail::throw_error<ParameterError>("banana target: scale must be > 0, got ", scale);
  if (!std::isfinite(curvature)) throw ParameterError("banana target: curvature must be finite");
  log_normalizer_ = -0.5 * (dim * log_two_pi + std::log(scale2_));
}

Eigen::MatrixXd BananaTarget::exact_covariance() const {
  Eigen::MatrixXd c = Eigen::MatrixXd::Identity(dim_, dim_);
  c(0, 0) = scale2_;
  c(1, 1) = 1.0 + 2.0 * curvature_ * curvature_ * scale2_ * scale2_;
  return c;
}

FunnelTarget::FunnelTarget(int dim, double v_scale) : dim_(dim), v_var_(v_scale * v_scale) {
  if (dim < 2) ito::detail::throw_error<ParameterError>("funnel target: dimension must be >= 2, got ", dim);
  if (!(v_scale > 0) || !std::isfinite(v_scale))
    ito::detail::throw_error<ParameterError>("funnel target: v_scale must be > 0, got ", v_scale);
  log_normalizer_ = -0.5 * (dim * log_two_pi + std::log(v_var_));
}

std::vector<std::string> FunnelTarget::parameter_names() const {
  std::vector<std::string> names{"v"};
  for (auto& n : indexed_names("x", dim_ - 1)) names.push_back(std::move(n));
  return names;
}

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

}  // namespace ito::mcmc
