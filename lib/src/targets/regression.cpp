#include "ito/targets/regression.hpp"

#include <Eigen/QR>

#include "ito/core/error.hpp"

namespace ito::targets {

namespace {

void check_common(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, double coefficient_scale,
                  const std::vector<std::string>& names, const char* who) {
  if (X.rows() != y.size())
    ito::detail::throw_error<ParameterError>(who, ": X is ", X.rows(), " × ", X.cols(), " but y has ", y.size(), " entries");
  if (X.cols() < 1 || X.rows() < 1) ito::detail::throw_error<ParameterError>(who, ": empty design matrix");
  if (!(coefficient_scale > 0) || !std::isfinite(coefficient_scale))
    ito::detail::throw_error<ParameterError>(who, ": coefficient prior scale must be > 0, got ", coefficient_scale);
  if (!names.empty() && static_cast<Eigen::Index>(names.size()) != X.cols())
    ito::detail::throw_error<ParameterError>(who, ": ", names.size(), " coefficient names for ", X.cols(), " columns");
  if (!X.allFinite() || !y.allFinite()) ito::detail::throw_error<ParameterError>(who, ": data contain non-finite values");
}

}  // namespace

LinearRegressionTarget::LinearRegressionTarget(Eigen::MatrixXd X, Eigen::VectorXd y, double coefficient_scale,
                                               ScalePrior sigma_prior, std::vector<std::string> coefficient_names)
    : X_(std::move(X)),
      y_(std::move(y)),
      coefficient_var_(coefficient_scale * coefficient_scale),
      sigma_prior_(sigma_prior),
      names_(std::move(coefficient_names)),
      n_(static_cast<double>(y_.size())) {
  check_common(X_, y_, coefficient_scale, names_, "linear regression target");
  if (!(sigma_prior.scale > 0) || !std::isfinite(sigma_prior.scale))
    ito::detail::throw_error<ParameterError>("linear regression target: sigma prior scale must be > 0, got ", sigma_prior.scale);
  if (names_.empty()) names_ = indexed_names("beta", static_cast<int>(X_.cols()));
  // Normal-equation form when X has full column rank and is well conditioned.
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X_);
  if (qr.rank() == X_.cols() && X_.rows() > X_.cols()) {
    const Eigen::VectorXd r_diag = qr.matrixR().diagonal().cwiseAbs();
    if (r_diag.minCoeff() > 1e-6 * r_diag.maxCoeff()) {
      beta_hat_ = qr.solve(y_);
      rss_min_ = (y_ - X_ * beta_hat_).squaredNorm();
      gram_ = X_.transpose() * X_;
      use_normal_equations_ = true;
    }
  }
}

std::vector<std::string> LinearRegressionTarget::parameter_names() const {
  std::vector<std::string> names = names_;
  names.emplace_back("sigma");
  return names;
}

LogisticRegressionTarget::LogisticRegressionTarget(Eigen::MatrixXd X, Eigen::VectorXd y, double coefficient_scale,
                                                   std::vector<std::string> coefficient_names)
    : X_(std::move(X)),
      y_(std::move(y)),
      coefficient_var_(coefficient_scale * coefficient_scale),
      names_(std::move(coefficient_names)) {
  check_common(X_, y_, coefficient_scale, names_, "logistic regression target");
  for (Eigen::Index n = 0; n < y_.size(); ++n)
    if (y_(n) != 0.0 && y_(n) != 1.0)
      ito::detail::throw_error<ParameterError>("logistic regression target: y[", n + 1, "] = ", y_(n), ", expected 0 or 1");
  if (names_.empty()) names_ = indexed_names("beta", static_cast<int>(X_.cols()));
}

}  // namespace ito::targets
