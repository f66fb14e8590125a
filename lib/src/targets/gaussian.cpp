#include "ito/targets/gaussian.hpp"

#include "ito/core/error.hpp"

namespace ito::targets {

namespace {

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
  log_normalizer_ = -0.5 * (static_cast<double>(mean_.size()) * detail::log_two_pi + log_det_cov);
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

}  // namespace ito::targets
