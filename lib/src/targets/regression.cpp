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

void check_prior(const CoefficientPrior& prior, Eigen::Index coefficients, const char* who) {
  if (prior.size() != coefficients)
    ito::detail::throw_error<ParameterError>(who, ": ", prior.size(), " prior scales for ", coefficients,
                                             " coefficients");
}

// The names of the standardised coefficients: "beta[x]" → "beta_std[x]", "alpha" → "alpha_std".
std::string standardized_name(const std::string& name) {
  const auto bracket = name.find('[');
  if (bracket == std::string::npos) return name + "_std";
  return name.substr(0, bracket) + "_std" + name.substr(bracket);
}

std::vector<std::string> with_standardized(std::vector<std::string> names, const std::vector<std::string>& coefficients,
                                           const Standardization& s) {
  if (s.columns.empty()) return names;
  for (const auto& c : coefficients) names.push_back(standardized_name(c));
  return names;
}

}  // namespace

namespace detail {
void check_standardization(const Standardization& s, Eigen::Index coefficients, std::size_t names, const char* who) {
  if (s.columns.empty()) return;
  if (s.intercept < 0 || s.intercept >= coefficients)
    ito::detail::throw_error<ParameterError>(who, ": standardised predictors need an intercept column");
  if (s.names.size() != s.columns.size() || s.means.size() != static_cast<Eigen::Index>(s.columns.size()) ||
      s.sds.size() != static_cast<Eigen::Index>(s.columns.size()))
    ito::detail::throw_error<ParameterError>(who, ": inconsistent standardisation (", s.columns.size(), " columns, ",
                                             s.names.size(), " names, ", s.means.size(), " means, ", s.sds.size(),
                                             " sds)");
  for (const Eigen::Index j : s.columns)
    if (j < 0 || j >= coefficients || j == s.intercept)
      ito::detail::throw_error<ParameterError>(who, ": standardised column ", j, " is not a predictor");
  if (!(s.sds.array() > 0).all()) ito::detail::throw_error<ParameterError>(who, ": standard deviations must be > 0");
  (void)names;
}
}  // namespace detail

CoefficientPrior::CoefficientPrior(Family family, Eigen::VectorXd scales, double degrees_of_freedom)
    : family_(family), variance_(scales.array().square()), dof_(degrees_of_freedom) {
  if (scales.size() == 0) ito::detail::throw_error<ParameterError>("coefficient prior: no scales");
  for (Eigen::Index j = 0; j < scales.size(); ++j)
    if (!(scales(j) > 0) || !std::isfinite(scales(j)))
      ito::detail::throw_error<ParameterError>("coefficient prior: scale ", j + 1, " must be > 0, got ", scales(j));
  if (family == Family::student_t && (!(degrees_of_freedom > 0) || !std::isfinite(degrees_of_freedom)))
    ito::detail::throw_error<ParameterError>("coefficient prior: Student-t degrees of freedom must be > 0, got ",
                                             degrees_of_freedom);
  isotropic_ = family == Family::normal && (scales.array() == scales(0)).all();
}

LinearRegressionTarget::LinearRegressionTarget(Eigen::MatrixXd X, Eigen::VectorXd y, double coefficient_scale,
                                               ScalePrior sigma_prior, std::vector<std::string> coefficient_names)
    : X_(std::move(X)),
      y_(std::move(y)),
      noise_(NoiseScale::estimated(sigma_prior)),
      sigma_prior_(sigma_prior),
      names_(std::move(coefficient_names)),
      n_(static_cast<double>(y_.size())) {
  check_common(X_, y_, coefficient_scale, names_, "linear regression target");
  prior_ = CoefficientPrior::isotropic_normal(coefficient_scale, X_.cols());
  prepare();
}

LinearRegressionTarget::LinearRegressionTarget(Eigen::MatrixXd X, Eigen::VectorXd y, CoefficientPrior prior,
                                               NoiseScale noise, std::vector<std::string> coefficient_names,
                                               Standardization standardization)
    : X_(std::move(X)),
      y_(std::move(y)),
      prior_(std::move(prior)),
      noise_(noise),
      sigma_prior_(noise.prior),
      standardization_(std::move(standardization)),
      names_(std::move(coefficient_names)),
      n_(static_cast<double>(y_.size())) {
  check_common(X_, y_, 1.0, names_, "linear regression target");
  check_prior(prior_, X_.cols(), "linear regression target");
  detail::check_standardization(standardization_, X_.cols(), names_.size(), "linear regression target");
  if (noise_.fixed) {
    if (!(noise_.sigma > 0) || !std::isfinite(noise_.sigma))
      ito::detail::throw_error<ParameterError>("linear regression target: the known noise sigma must be > 0, got ",
                                               noise_.sigma);
    fixed_inv_var_ = 1.0 / (noise_.sigma * noise_.sigma);
  }
  prepare();
}

void LinearRegressionTarget::prepare() {
  if (!noise_.fixed && (!(sigma_prior_.scale > 0) || !std::isfinite(sigma_prior_.scale)))
    ito::detail::throw_error<ParameterError>("linear regression target: sigma prior scale must be > 0, got ", sigma_prior_.scale);
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
  if (!noise_.fixed) names.emplace_back("sigma");
  return with_standardized(std::move(names), names_, standardization_);
}

LogisticRegressionTarget::LogisticRegressionTarget(Eigen::MatrixXd X, Eigen::VectorXd y, double coefficient_scale,
                                                   std::vector<std::string> coefficient_names)
    : X_(std::move(X)),
      y_(std::move(y)),
      names_(std::move(coefficient_names)) {
  check_common(X_, y_, coefficient_scale, names_, "logistic regression target");
  prior_ = CoefficientPrior::isotropic_normal(coefficient_scale, X_.cols());
  check_logistic();
}

LogisticRegressionTarget::LogisticRegressionTarget(Eigen::MatrixXd X, Eigen::VectorXd y, CoefficientPrior prior,
                                                   std::vector<std::string> coefficient_names,
                                                   Standardization standardization)
    : X_(std::move(X)),
      y_(std::move(y)),
      prior_(std::move(prior)),
      names_(std::move(coefficient_names)),
      standardization_(std::move(standardization)) {
  check_common(X_, y_, 1.0, names_, "logistic regression target");
  check_prior(prior_, X_.cols(), "logistic regression target");
  detail::check_standardization(standardization_, X_.cols(), names_.size(), "logistic regression target");
  check_logistic();
}

std::vector<std::string> LogisticRegressionTarget::parameter_names() const {
  return with_standardized(names_, names_, standardization_);
}

void LogisticRegressionTarget::check_logistic() {
  for (Eigen::Index n = 0; n < y_.size(); ++n)
    if (y_(n) != 0.0 && y_(n) != 1.0)
      ito::detail::throw_error<ParameterError>("logistic regression target: y[", n + 1, "] = ", y_(n), ", expected 0 or 1");
  if (names_.empty()) names_ = indexed_names("beta", static_cast<int>(X_.cols()));
}

}  // namespace ito::targets
