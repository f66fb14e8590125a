#include "ito/targets/catalogue.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <sstream>

#include "ito/core/error.hpp"
#include "ito/core/memory.hpp"
#include "ito/targets/banana.hpp"
#include "ito/targets/funnel.hpp"
#include "ito/targets/gaussian.hpp"
#include "ito/targets/mixture.hpp"
#include "ito/targets/posteriordb.hpp"
#include "ito/targets/regression.hpp"
#include "ito/targets/regression_data.hpp"

namespace ito::targets {

namespace {

using io::Range;
using io::SchemaReader;

const std::vector<std::string> kRegression = {"linear_regression", "logistic_regression"};

Eigen::MatrixXd square_matrix(const std::string& key, const std::vector<double>& v, std::size_t d,
                              const SchemaReader& r) {
  if (v.size() != d * d)
    r.fail(key, "expected " + std::to_string(d * d) + " numbers (a " + std::to_string(d) + "x" + std::to_string(d) +
                    " matrix, row-major), got " + std::to_string(v.size()));
  Eigen::MatrixXd m(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = 0; j < d; ++j) m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = v[i * d + j];
  return m;
}

// Re-raises a construction error at the location of `key` so the user sees where the bad value came from.
template <class F>
auto at_key(const SchemaReader& r, const std::string& key, F&& build) -> decltype(build()) {
  try {
    return build();
  } catch (const ParameterError& e) {
    r.fail(key, e.what());
  }
}

// A data file path: must exist (relative to the working directory).
std::string data_path(SchemaReader& r, const std::string& key) {
  const std::string path = r.string(key);
  if (!std::filesystem::is_regular_file(path))
    r.fail(key, "data file '" + path + "' not found (relative paths are taken from the working directory " +
                    std::filesystem::current_path().string() + "; run ito from the project root)");
  return path;
}

// A dimension inside the key's range that cannot run: beyond int (Target::dim) or beyond the memory the
// target's own arrays take, refused at the key before anything of that size is allocated.
void check_dimension(SchemaReader& r, const std::string& key, double d, double bytes, const std::string& what) {
  if (d > std::numeric_limits<int>::max())
    r.fail(key, "at most " + std::to_string(std::numeric_limits<int>::max()) + " dimensions");
  const std::string refusal = core::memory_refusal(bytes, what);
  if (!refusal.empty()) r.fail(key, refusal);
}

AnyTarget make_gaussian(SchemaReader& r, const std::string& k) {
  // dim defaults to the length of mean when mean is given, and mean to zeros of that dimension.
  const std::size_t given = r.has(k + ".mean") ? r.reals(k + ".mean", {}).size() : 0;
  const auto d = static_cast<std::size_t>(r.integer(k + ".dim", given > 0 ? static_cast<std::int64_t>(given) : 2));
  const double dd = static_cast<double>(d);
  check_dimension(r, k + ".dim", dd, 8.0 * (3.0 * dd * dd + 10.0 * dd),
                  "a Gaussian target of dimension " + std::to_string(d) + ": its covariance, Cholesky factor and "
                  "precision, dim × dim each");
  const auto mean_values = r.reals(k + ".mean", std::vector<double>(d, 0.0));
  if (mean_values.size() != d)
    r.fail(k + ".mean", "expected " + std::to_string(d) + " numbers (dim), got " + std::to_string(mean_values.size()));
  const Eigen::VectorXd mean = Eigen::Map<const Eigen::VectorXd>(mean_values.data(), static_cast<Eigen::Index>(d));
  const auto covariance = r.optional_reals(k + ".covariance");
  const auto precision = r.optional_reals(k + ".precision");
  const auto variances = r.optional_reals(k + ".variances");
  if (covariance.has_value() + precision.has_value() + variances.has_value() > 1)
    r.fail(k + ".covariance", "give at most one of covariance, precision, variances");
  std::ostringstream what;
  what << "gaussian (dim " << d << ")";
  if (precision) {
    const Eigen::MatrixXd q = square_matrix(k + ".precision", *precision, d, r);
    return AnyTarget(at_key(r, k + ".precision", [&] { return GaussianTarget::from_precision(mean, q); }), what.str());
  }
  Eigen::MatrixXd cov = Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
  std::string key = k + ".covariance";
  if (covariance) {
    cov = square_matrix(key, *covariance, d, r);
  } else if (variances) {
    key = k + ".variances";
    if (variances->size() != d)
      r.fail(key, "expected " + std::to_string(d) + " numbers (dim), got " + std::to_string(variances->size()));
    for (std::size_t i = 0; i < d; ++i) cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) = (*variances)[i];
  }
  return AnyTarget(at_key(r, key, [&] { return GaussianTarget::from_covariance(mean, cov); }), what.str());
}

AnyTarget make_mixture(SchemaReader& r, const std::string& k) {
  const auto weights = r.reals(k + ".weights");
  const std::size_t n_components = weights.size();
  if (n_components == 0) r.fail(k + ".weights", "expected at least one weight");
  const auto means = r.reals(k + ".means");
  if (means.size() % n_components != 0)
    r.fail(k + ".means", std::to_string(means.size()) + " numbers is not a multiple of the " +
                             std::to_string(n_components) + " components");
  const auto d = static_cast<std::size_t>(r.integer(k + ".dim", static_cast<std::int64_t>(means.size() / n_components)));
  check_dimension(r, k + ".dim", static_cast<double>(d),
                  8.0 * 3.0 * static_cast<double>(n_components) * static_cast<double>(d) * static_cast<double>(d),
                  std::to_string(n_components) + " Gaussian components of dimension " + std::to_string(d));
  if (means.size() != n_components * d)
    r.fail(k + ".means", "expected " + std::to_string(n_components * d) + " numbers (components × dim), got " +
                             std::to_string(means.size()));
  const auto given_covariances = r.optional_reals(k + ".covariances");
  const auto given_scales = r.optional_reals(k + ".scales");
  if (given_covariances && given_scales) r.fail(k + ".scales", "give covariances or scales, not both");
  const std::vector<double> covariances = given_covariances.value_or(std::vector<double>{});
  const std::vector<double> scales = given_scales.value_or(std::vector<double>{});
  if (given_covariances && covariances.size() != n_components * d * d)
    r.fail(k + ".covariances", "expected " + std::to_string(n_components * d * d) +
                                   " numbers (components × dim × dim, row-major), got " +
                                   std::to_string(covariances.size()));
  if (given_scales && scales.size() != n_components)
    r.fail(k + ".scales", "expected " + std::to_string(n_components) + " standard deviations, got " +
                              std::to_string(scales.size()));
  const std::string key = covariances.empty() ? k + ".scales" : k + ".covariances";
  return at_key(r, key, [&] {
    std::vector<GaussianTarget> components;
    const auto dd = static_cast<Eigen::Index>(d);
    for (std::size_t c = 0; c < n_components; ++c) {
      const Eigen::VectorXd mean = Eigen::Map<const Eigen::VectorXd>(means.data() + c * d, dd);
      Eigen::MatrixXd cov = Eigen::MatrixXd::Identity(dd, dd);
      if (!covariances.empty())
        cov = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
            covariances.data() + c * d * d, dd, dd);
      else if (!scales.empty())
        cov *= scales[c] * scales[c];
      components.push_back(GaussianTarget::from_covariance(mean, cov));
    }
    std::ostringstream what;
    what << "mixture (" << n_components << " Gaussian components, dim " << d << ")";
    return AnyTarget(MixtureTarget(weights, std::move(components)), what.str());
  });
}

std::vector<std::string> beta_names(const RegressionData& data) {
  // Named after the columns when they have names (CSV), else beta[1..D].
  if (!data.feature_names.empty() && data.feature_names.front() != "X[1]") {
    std::vector<std::string> names;
    for (const auto& f : data.feature_names) names.push_back("beta[" + f + "]");
    return names;
  }
  return indexed_names("beta", static_cast<int>(data.X.cols()));
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// A regression as its keys state it: the design (the intercept's column of ones first when asked for), the
// response, the coefficient names and prior, the standardisation, and what to say about it.
struct RegressionProblem {
  RegressionData data;
  std::vector<std::string> names;
  CoefficientPrior prior;
  Standardization standardization;
  std::string details;  // ", intercept, student_t(3) prior, ..." (empty for the defaults)
};

RegressionProblem read_regression(SchemaReader& r, const std::string& k, bool logistic) {
  const std::string path = data_path(r, k + ".data");
  io::Table table;
  try {
    table = read_regression_table(path);
  } catch (const IoError& e) {
    r.fail(k + ".data", e.what());
  }
  // Columns by name: each name is checked at its own key.
  const std::string y_column = r.string(k + ".y_column");
  if (!table.has_column(y_column))
    r.fail(k + ".y_column", "no column '" + y_column + "' in " + path + " (its columns: " + joined(table.columns) + ")");
  const auto features = r.strings(k + ".features");
  for (std::size_t j = 0; j < features.size(); ++j) {
    if (!table.has_column(features[j]))
      r.fail(k + ".features",
             "no column '" + features[j] + "' in " + path + " (its columns: " + joined(table.columns) + ")");
    if (features[j] == y_column) r.fail(k + ".features", "'" + features[j] + "' is the outcome column (y_column)");
    if (std::find(features.begin(), features.begin() + static_cast<std::ptrdiff_t>(j), features[j]) !=
        features.begin() + static_cast<std::ptrdiff_t>(j))
      r.fail(k + ".features", "column '" + features[j] + "' is listed twice");
  }
  RegressionProblem p;
  try {
    p.data = select_regression_columns(table, y_column, features);
  } catch (const IoError& e) {
    r.fail(k + ".data", e.what());
  }
  RegressionData& data = p.data;
  if (logistic)
    for (Eigen::Index n = 0; n < data.y.size(); ++n)
      if (data.y(n) != 0.0 && data.y(n) != 1.0) {
        std::ostringstream what;
        what << path;
        if (static_cast<std::size_t>(n) < table.lines.size()) what << ":" << table.lines[static_cast<std::size_t>(n)];
        what << ": row " << n + 1 << ": outcome '" << y_column << "' is " << data.y(n)
             << ", expected 0 or 1 (logistic regression)";
        r.fail(k + ".y_column", what.str());
      }
  const auto d = data.X.cols();
  std::ostringstream details;

  // Priors: one scale for every predictor, or one each; the intercept's own.
  const std::string family_name = r.string(k + ".prior");
  const auto family =
      family_name == "student_t" ? CoefficientPrior::Family::student_t : CoefficientPrior::Family::normal;
  const double dof = family == CoefficientPrior::Family::student_t ? r.real(k + ".prior_dof") : 3.0;
  Eigen::VectorXd scales;
  const double beta_scale = r.real(k + ".beta_scale");  // read always: its row applies (default 10)
  if (const auto given = r.optional_reals(k + ".beta_scales")) {
    if (r.has(k + ".beta_scale")) r.fail(k + ".beta_scales", "give beta_scale or beta_scales, not both");
    if (static_cast<Eigen::Index>(given->size()) != d)
      r.fail(k + ".beta_scales", "expected " + std::to_string(d) + " scales, one per predictor (" +
                                     joined(data.feature_names) + "), got " + std::to_string(given->size()));
    scales = Eigen::Map<const Eigen::VectorXd>(given->data(), d);
    details << ", per-coefficient prior scales";
  } else {
    scales = Eigen::VectorXd::Constant(d, beta_scale);
  }
  if (family == CoefficientPrior::Family::student_t) details << ", student_t(" << dof << ") prior";
  p.names = beta_names(data);
  const bool intercept = r.boolean(k + ".intercept");
  if (intercept) {
    const double intercept_scale = r.real(k + ".intercept_scale");
    Eigen::MatrixXd X(data.X.rows(), d + 1);
    X << Eigen::VectorXd::Ones(data.X.rows()), data.X;
    data.X = std::move(X);
    Eigen::VectorXd all(d + 1);
    all << intercept_scale, scales;
    scales = std::move(all);
    p.names.insert(p.names.begin(), "alpha");
    details << ", intercept";
  }
  p.prior = at_key(r, k + ".prior", [&] { return CoefficientPrior(family, scales, dof); });

  // Standardisation of the named predictors (their columns in X follow the intercept's).
  const auto standardize = r.strings(k + ".standardize");
  if (!standardize.empty()) {
    if (!intercept)
      r.fail(k + ".standardize", "standardising predictors needs intercept = true (centring moves the intercept)");
    std::vector<Eigen::Index> columns;
    for (const auto& name : standardize) {
      const auto it = std::find(data.feature_names.begin(), data.feature_names.end(), name);
      if (it == data.feature_names.end())
        r.fail(k + ".standardize", "'" + name + "' is not a predictor (features: " + joined(data.feature_names) + ")");
      const Eigen::Index column = 1 + (it - data.feature_names.begin());
      if (std::find(columns.begin(), columns.end(), column) != columns.end())
        r.fail(k + ".standardize", "column '" + name + "' is listed twice");
      columns.push_back(column);
    }
    try {
      p.standardization = standardize_columns(data.X, columns, standardize, 0, path);
    } catch (const IoError& e) {
      r.fail(k + ".standardize", e.what());
    }
    details << ", standardised " << joined(standardize);
  }
  p.details = details.str();
  return p;
}

// What a results file says about the standardisation (/summary attributes).
std::vector<TargetAttribute> standardization_attributes(const Standardization& s) {
  if (s.columns.empty()) return {};
  return {
      {"standardized_columns", {}, s.names, {}},
      {"standardized_means", {}, {}, std::vector<double>(s.means.data(), s.means.data() + s.means.size())},
      {"standardized_sds", {}, {}, std::vector<double>(s.sds.data(), s.sds.data() + s.sds.size())},
      {"standardization",
       "predictors x_j in standardized_columns were replaced by (x_j - mean_j) / sd_j (sd with divisor N - 1) "
        "before sampling; the priors apply to the coefficients of the standardised predictors. The draws hold "
        "both scales: the coefficients of the original predictors (names without _std: beta_j = gamma_j / sd_j, "
        "alpha = alpha_std - sum_j beta_j mean_j) and the sampled ones (names with _std)",
       {},
       {}}};
}

std::string posteriordb_default(const char* file) {
  return (std::filesystem::path(posteriordb_data_directory) / file).string();
}

}  // namespace

const std::vector<std::string>& target_kinds() {
  static const std::vector<std::string> kinds{"gaussian",          "banana",
                                              "funnel",            "mixture",
                                              "linear_regression", "logistic_regression",
                                              "eight_schools_noncentered", "arK",
                                              "sblrc_blr"};
  return kinds;
}

void add_target_keys(io::Schema& s, const std::string& prefix) {
  const std::string& k = prefix;
  const std::string kind = k + ".kind";
  s.string(kind, io::required, target_kinds(), "the target (table in the README)");
  // gaussian: N(mean, Σ)
  s.integer(k + ".dim", io::computed("length of mean, else 2"), Range::at_least(1), "dimension")
      .when(kind, {"gaussian"});
  s.reals(k + ".mean", io::computed("zeros"), Range::any(), "mean (dim numbers)").when(kind, {"gaussian"});
  s.reals(k + ".covariance", io::optional, Range::any(), "Σ (dim·dim numbers, row-major); default identity")
      .when(kind, {"gaussian"});
  s.reals(k + ".precision", io::optional, Range::any(), "or Σ⁻¹ (dim·dim numbers, row-major)").when(kind, {"gaussian"});
  s.reals(k + ".variances", io::optional, Range::positive(), "or the diagonal of Σ (dim numbers)")
      .when(kind, {"gaussian"});
  // banana: Haario's twisted Gaussian
  s.integer(k + ".dim", std::int64_t{2}, Range::at_least(2), "dimension").when(kind, {"banana"});
  s.real(k + ".curvature", 0.1, Range::any(), "twist b of x₂ + b(x₁² − scale)").when(kind, {"banana"});
  s.real(k + ".scale", 10.0, Range::positive(), "variance of x₁").when(kind, {"banana"});
  // funnel: Neal's funnel, v ~ N(0, v_scale²), x_i ~ N(0, e^v)
  s.integer(k + ".dim", std::int64_t{10}, Range::at_least(2), "dimension (v and dim − 1 x's)").when(kind, {"funnel"});
  s.real(k + ".v_scale", 3.0, Range::positive(), "standard deviation of v").when(kind, {"funnel"});
  s.string(k + ".parameterization", "centered", {"centered", "noncentered"},
           "centered: sample (v, x) (one step size cannot serve neck and mouth); noncentered: sample (v, z), "
           "x = e^{v/2} z (a Gaussian to the sampler); draws are reported as (v, x) either way")
      .when(kind, {"funnel"});
  // mixture of Gaussians
  s.reals(k + ".weights", io::required, Range::positive(), "K weights (normalised)").when(kind, {"mixture"});
  s.reals(k + ".means", io::required, Range::any(), "K·dim numbers, component-major").when(kind, {"mixture"});
  s.integer(k + ".dim", io::computed("number of means / K"), Range::at_least(1), "dimension").when(kind, {"mixture"});
  s.reals(k + ".covariances", io::optional, Range::any(), "K·dim·dim numbers, row-major; default identity")
      .when(kind, {"mixture"});
  s.reals(k + ".scales", io::optional, Range::positive(), "or K standard deviations (Σ_k = scale_k² I)")
      .when(kind, {"mixture"});
  // regressions
  s.string(k + ".data", io::required, {}, "CSV with a header, HDF5 with X and y, or JSON with X and y")
      .when(kind, kRegression);
  s.string(k + ".y_column", "y", {}, "response column (CSV)").when(kind, kRegression);
  s.strings(k + ".features", std::vector<std::string>{}, {}, "predictor columns (CSV); [] means all other columns")
      .when(kind, kRegression);
  s.string(k + ".prior", "normal", {"normal", "student_t"}, "family of the coefficient priors, centred at 0")
      .when(kind, kRegression);
  s.real(k + ".prior_dof", 3.0, Range::positive(), "degrees of freedom ν of the student_t prior")
      .when(kind, kRegression)
      .when(k + ".prior", {"student_t"});
  s.real(k + ".beta_scale", 10.0, Range::positive(), "prior scale of every coefficient: β ~ N(0, beta_scale²)")
      .when(kind, kRegression);
  s.reals(k + ".beta_scales", io::optional, Range::positive(),
          "or one prior scale per predictor, in the order of features (not with beta_scale)")
      .when(kind, kRegression);
  s.boolean(k + ".intercept", false, "add an intercept alpha (a column of ones)").when(kind, kRegression);
  s.real(k + ".intercept_scale", 10.0, Range::positive(), "prior scale of the intercept")
      .when(kind, kRegression)
      .when(k + ".intercept", {"true"});
  s.strings(k + ".standardize", std::vector<std::string>{}, {},
            "predictors to centre and scale before sampling (needs intercept = true; the priors then apply to "
            "the standardised coefficients; draws on both scales, README)")
      .when(kind, kRegression);
  s.real(k + ".sigma", io::optional, Range::positive(),
         "known noise standard deviation: σ is fixed, not sampled (no sigma_prior, sigma_scale)")
      .when(kind, {"linear_regression"});
  s.string(k + ".sigma_prior", "half_normal", {"half_normal", "half_cauchy"}, "prior of the noise σ (sampled as log σ)")
      .when(kind, {"linear_regression"});
  s.real(k + ".sigma_scale", 10.0, Range::positive(), "its scale").when(kind, {"linear_regression"});
  // posteriordb posteriors
  s.string(k + ".data", posteriordb_default("eight_schools.csv"), {}, "data file (or posteriordb's .json)")
      .when(kind, {"eight_schools_noncentered"});
  s.string(k + ".data", posteriordb_default("arK.csv"), {}, "data file (or posteriordb's .json)").when(kind, {"arK"});
  s.integer(k + ".lags", io::computed("the data file's K, else " + std::to_string(ark_posteriordb_lags)),
            Range::at_least(1), "K of the AR(K) model")
      .when(kind, {"arK"});
  s.string(k + ".data", posteriordb_default("sblrc.csv"), {}, "data file (or posteriordb's .json or .h5)")
      .when(kind, {"sblrc_blr"});
}

AnyTarget make_target(SchemaReader& r, const std::string& prefix) {
  const std::string& k = prefix;
  const std::string kind = r.string(k + ".kind");
  if (kind == "gaussian") return make_gaussian(r, k);
  if (kind == "banana") {
    const auto wanted = r.integer(k + ".dim");
    check_dimension(r, k + ".dim", static_cast<double>(wanted), 80.0 * static_cast<double>(wanted),
                    "a banana target of dimension " + std::to_string(wanted));
    const int dim = static_cast<int>(wanted);
    const double curvature = r.real(k + ".curvature");
    const double scale = r.real(k + ".scale");
    std::ostringstream what;
    what << "banana (Haario twisted Gaussian, dim " << dim << ", curvature " << curvature << ", scale " << scale << ")";
    return AnyTarget(BananaTarget(dim, curvature, scale), what.str());
  }
  if (kind == "funnel") {
    const auto wanted = r.integer(k + ".dim");
    check_dimension(r, k + ".dim", static_cast<double>(wanted), 80.0 * static_cast<double>(wanted),
                    "a funnel target of dimension " + std::to_string(wanted));
    const int dim = static_cast<int>(wanted);
    const double v_scale = r.real(k + ".v_scale");
    const std::string parameterization = r.string(k + ".parameterization");
    std::ostringstream what;
    what << "funnel (Neal, dim " << dim << ", v_scale " << v_scale << ", " << parameterization << ")";
    return AnyTarget(FunnelTarget(dim, v_scale,
                                  parameterization == "noncentered" ? FunnelParameterization::noncentered
                                                                    : FunnelParameterization::centered),
                     what.str());
  }
  if (kind == "mixture") return make_mixture(r, k);
  if (kind == "linear_regression") {
    RegressionProblem p = read_regression(r, k, false);
    const auto known_sigma = r.optional_real(k + ".sigma");
    NoiseScale noise;
    std::ostringstream what;
    what << "linear_regression (N " << p.data.X.rows() << ", D " << p.data.feature_names.size() << ", data "
         << p.data.source << p.details;
    if (known_sigma) {
      for (const char* key : {".sigma_prior", ".sigma_scale"})
        if (r.has(k + key)) r.fail(k + key, "sigma is fixed (" + k + ".sigma): no prior for it");
      (void)r.string(k + ".sigma_prior");  // their rows apply: read (defaults) though unused
      (void)r.real(k + ".sigma_scale");
      noise = NoiseScale::known(*known_sigma);
      what << ", sigma fixed at " << *known_sigma;
    } else {
      const std::string prior = r.string(k + ".sigma_prior");
      const double sigma_scale = r.real(k + ".sigma_scale");
      noise = NoiseScale::estimated(
          {prior == "half_normal" ? ScalePrior::Kind::half_normal : ScalePrior::Kind::half_cauchy, sigma_scale});
    }
    what << ")";
    auto target = at_key(r, k + ".data", [&] {
      return LinearRegressionTarget(std::move(p.data.X), std::move(p.data.y), p.prior, noise, p.names,
                                    p.standardization);
    });
    return AnyTarget(std::move(target), what.str());
  }
  if (kind == "logistic_regression") {
    RegressionProblem p = read_regression(r, k, true);
    std::ostringstream what;
    what << "logistic_regression (N " << p.data.X.rows() << ", D " << p.data.feature_names.size() << ", data "
         << p.data.source << p.details << ")";
    auto target = at_key(r, k + ".data", [&] {
      return LogisticRegressionTarget(std::move(p.data.X), std::move(p.data.y), p.prior, p.names, p.standardization);
    });
    return AnyTarget(std::move(target), what.str());
  }
  // posteriordb reference posteriors.
  if (kind == "eight_schools_noncentered") {
    const std::string path = data_path(r, k + ".data");
    return AnyTarget(at_key(r, k + ".data", [&] { return eight_schools_noncentered(path); }),
                     "eight_schools_noncentered (posteriordb, data " + path + ")");
  }
  if (kind == "arK") {
    const std::string path = data_path(r, k + ".data");
    const ArSeries series = read_ar_series(path);
    const auto lags = static_cast<int>(r.integer(k + ".lags", series.lags.value_or(ark_posteriordb_lags)));
    if (series.lags && lags != *series.lags)
      r.fail(k + ".lags", "the data file " + path + " states K = " + std::to_string(*series.lags));
    return AnyTarget(at_key(r, k + ".lags", [&] { return ark(series.y, lags); }), "arK (posteriordb, data " + path + ")");
  }
  const std::string path = data_path(r, k + ".data");
  return AnyTarget(at_key(r, k + ".data", [&] { return sblrc_blr(path); }), "sblrc-blr (posteriordb, data " + path + ")");
}

std::vector<TargetAttribute> target_attributes(const AnyTarget& target) {
  if (const auto* t = target.get<LinearRegressionTarget>()) return standardization_attributes(t->standardization());
  if (const auto* t = target.get<LogisticRegressionTarget>()) return standardization_attributes(t->standardization());
  return {};
}

const io::Schema& target_schema() {
  static const io::Schema schema = [] {
    io::Schema s("target");
    add_target_keys(s, "target");
    return s;
  }();
  return schema;
}

AnyTarget make_target(io::Params& params) {
  SchemaReader reader(target_schema(), params);
  AnyTarget target = make_target(reader, "target");
  reader.finish();
  return target;
}

}  // namespace ito::targets
