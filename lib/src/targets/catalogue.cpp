#include "ito/targets/catalogue.hpp"

#include <filesystem>
#include <sstream>

#include "ito/core/error.hpp"
#include "ito/targets/banana.hpp"
#include "ito/targets/funnel.hpp"
#include "ito/targets/gaussian.hpp"
#include "ito/targets/mixture.hpp"
#include "ito/targets/posteriordb.hpp"
#include "ito/targets/regression.hpp"
#include "ito/targets/regression_data.hpp"

namespace ito::targets {

namespace {

using io::Params;
using io::Range;

Eigen::MatrixXd square_matrix(Params& p, const std::string& key, std::size_t d) {
  const auto v = p.reals(key);
  if (v.size() != d * d)
    p.fail(key, "expected " + std::to_string(d * d) + " numbers (a " + std::to_string(d) + "x" + std::to_string(d) +
                    " matrix, row-major), got " + std::to_string(v.size()));
  Eigen::MatrixXd m(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = 0; j < d; ++j) m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = v[i * d + j];
  return m;
}

// Re-raises a construction error at the location of `key` so the user sees where the bad value came from.
template <class F>
auto at_key(Params& p, const std::string& key, F&& build) -> decltype(build()) {
  try {
    return build();
  } catch (const ParameterError& e) {
    p.fail(key, e.what());
  }
}

// A data file path: must exist (relative to the working directory).
std::string data_path(Params& p, const std::string& key, const std::optional<std::string>& fallback) {
  const std::string path = p.string(key, fallback);
  if (!std::filesystem::is_regular_file(path))
    p.fail(key, "data file '" + path + "' not found (relative paths are taken from the working directory " +
                    std::filesystem::current_path().string() + "; run ito from the project root)");
  return path;
}

AnyTarget make_gaussian(Params& p, const std::string& k) {
  std::optional<std::int64_t> dim_default;
  if (p.has(k + ".mean")) {
    const auto m = p.reals(k + ".mean");
    dim_default = static_cast<std::int64_t>(m.size());
  }
  const auto d = static_cast<std::size_t>(p.integer(k + ".dim", dim_default.value_or(2), Range::at_least(1)));
  const auto mean_values = p.reals(k + ".mean", std::vector<double>(d, 0.0));
  if (mean_values.size() != d)
    p.fail(k + ".mean", "expected " + std::to_string(d) + " numbers (dim), got " + std::to_string(mean_values.size()));
  const Eigen::VectorXd mean = Eigen::Map<const Eigen::VectorXd>(mean_values.data(), static_cast<Eigen::Index>(d));
  const int given = p.has(k + ".covariance") + p.has(k + ".precision") + p.has(k + ".variances");
  if (given > 1) p.fail(k + ".covariance", "give at most one of covariance, precision, variances");
  std::ostringstream what;
  what << "gaussian (dim " << d << ")";
  if (p.has(k + ".precision")) {
    const Eigen::MatrixXd q = square_matrix(p, k + ".precision", d);
    return AnyTarget(at_key(p, k + ".precision", [&] { return GaussianTarget::from_precision(mean, q); }), what.str());
  }
  Eigen::MatrixXd cov = Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
  std::string key = k + ".covariance";
  if (p.has(k + ".covariance")) {
    cov = square_matrix(p, key, d);
  } else if (p.has(k + ".variances")) {
    key = k + ".variances";
    const auto v = p.reals(key, std::nullopt, Range::positive());
    if (v.size() != d) p.fail(key, "expected " + std::to_string(d) + " numbers (dim), got " + std::to_string(v.size()));
    for (std::size_t i = 0; i < d; ++i) cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) = v[i];
  }
  return AnyTarget(at_key(p, key, [&] { return GaussianTarget::from_covariance(mean, cov); }), what.str());
}

AnyTarget make_mixture(Params& p, const std::string& k) {
  const auto weights = p.reals(k + ".weights", std::nullopt, Range::positive());
  const std::size_t n_components = weights.size();
  if (n_components == 0) p.fail(k + ".weights", "expected at least one weight");
  const auto means = p.reals(k + ".means");
  if (means.size() % n_components != 0)
    p.fail(k + ".means", std::to_string(means.size()) + " numbers is not a multiple of the " +
                             std::to_string(n_components) + " components");
  const auto d = static_cast<std::size_t>(
      p.integer(k + ".dim", static_cast<std::int64_t>(means.size() / n_components), Range::at_least(1)));
  if (means.size() != n_components * d)
    p.fail(k + ".means", "expected " + std::to_string(n_components * d) + " numbers (components × dim), got " +
                             std::to_string(means.size()));
  if (p.has(k + ".covariances") && p.has(k + ".scales")) p.fail(k + ".scales", "give covariances or scales, not both");
  std::vector<double> covariances, scales;
  if (p.has(k + ".covariances")) {
    covariances = p.reals(k + ".covariances");
    if (covariances.size() != n_components * d * d)
      p.fail(k + ".covariances", "expected " + std::to_string(n_components * d * d) +
                                     " numbers (components × dim × dim, row-major), got " + std::to_string(covariances.size()));
  }
  if (p.has(k + ".scales")) {
    scales = p.reals(k + ".scales", std::nullopt, Range::positive());
    if (scales.size() != n_components)
      p.fail(k + ".scales", "expected " + std::to_string(n_components) + " standard deviations, got " +
                                std::to_string(scales.size()));
  }
  const std::string key = covariances.empty() ? k + ".scales" : k + ".covariances";
  return at_key(p, key, [&] {
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

RegressionData regression_data(Params& p, const std::string& k) {
  const std::string path = data_path(p, k + ".data", std::nullopt);
  const std::string y_column = p.string(k + ".y_column", "y");
  const auto features = p.strings(k + ".features", std::vector<std::string>{});
  return read_regression_data(path, y_column, features);
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

AnyTarget make_target(io::Params& p, const std::string& prefix) {
  const std::string& k = prefix;
  const std::string kind = p.string(k + ".kind", std::nullopt, target_kinds());
  if (kind == "gaussian") return make_gaussian(p, k);
  if (kind == "banana") {
    const int dim = static_cast<int>(p.integer(k + ".dim", 2, Range::at_least(2)));
    const double curvature = p.real(k + ".curvature", 0.1);
    const double scale = p.real(k + ".scale", 10.0, Range::positive());
    std::ostringstream what;
    what << "banana (Haario twisted Gaussian, dim " << dim << ", curvature " << curvature << ", scale " << scale << ")";
    return AnyTarget(BananaTarget(dim, curvature, scale), what.str());
  }
  if (kind == "funnel") {
    const int dim = static_cast<int>(p.integer(k + ".dim", 10, Range::at_least(2)));
    const double v_scale = p.real(k + ".v_scale", 3.0, Range::positive());
    std::ostringstream what;
    what << "funnel (Neal, dim " << dim << ", v_scale " << v_scale << ")";
    return AnyTarget(FunnelTarget(dim, v_scale), what.str());
  }
  if (kind == "mixture") return make_mixture(p, k);
  if (kind == "linear_regression") {
    const RegressionData data = regression_data(p, k);
    const double beta_scale = p.real(k + ".beta_scale", 10.0, Range::positive());
    const std::string prior = p.string(k + ".sigma_prior", "half_normal", {"half_normal", "half_cauchy"});
    const double sigma_scale = p.real(k + ".sigma_scale", 10.0, Range::positive());
    const ScalePrior sigma_prior{prior == "half_normal" ? ScalePrior::Kind::half_normal : ScalePrior::Kind::half_cauchy,
                                 sigma_scale};
    std::ostringstream what;
    what << "linear_regression (N " << data.X.rows() << ", D " << data.X.cols() << ", data " << data.source << ")";
    return AnyTarget(at_key(p, k + ".data",
                            [&] { return LinearRegressionTarget(data.X, data.y, beta_scale, sigma_prior, beta_names(data)); }),
                     what.str());
  }
  if (kind == "logistic_regression") {
    const RegressionData data = regression_data(p, k);
    const double beta_scale = p.real(k + ".beta_scale", 10.0, Range::positive());
    std::ostringstream what;
    what << "logistic_regression (N " << data.X.rows() << ", D " << data.X.cols() << ", data " << data.source << ")";
    return AnyTarget(
        at_key(p, k + ".data", [&] { return LogisticRegressionTarget(data.X, data.y, beta_scale, beta_names(data)); }),
        what.str());
  }
  // posteriordb reference posteriors.
  if (kind == "eight_schools_noncentered") {
    const std::string path = data_path(p, k + ".data", posteriordb_default("eight_schools.csv"));
    return AnyTarget(eight_schools_noncentered(path), "eight_schools_noncentered (posteriordb, data " + path + ")");
  }
  if (kind == "arK") {
    const std::string path = data_path(p, k + ".data", posteriordb_default("arK.csv"));
    const ArSeries series = read_ar_series(path);
    const auto lags = static_cast<int>(
        p.integer(k + ".lags", series.lags.value_or(ark_posteriordb_lags), Range::at_least(1)));
    if (series.lags && lags != *series.lags)
      p.fail(k + ".lags", "the data file " + path + " states K = " + std::to_string(*series.lags));
    return AnyTarget(at_key(p, k + ".lags", [&] { return ark(series.y, lags); }), "arK (posteriordb, data " + path + ")");
  }
  const std::string path = data_path(p, k + ".data", posteriordb_default("sblrc.csv"));
  return AnyTarget(sblrc_blr(path), "sblrc-blr (posteriordb, data " + path + ")");
}

std::string target_keys_help(const std::string& prefix) {
  const std::string& k = prefix;
  std::ostringstream os;
  os << "  " << k << ".kind            (required) gaussian | banana | funnel | mixture | linear_regression |\n"
     << "                       logistic_regression | eight_schools_noncentered | arK | sblrc_blr\n"
     << "  gaussian:  " << k << ".dim (length of mean, else 2), " << k << ".mean (zeros), one of " << k
     << ".covariance | " << k << ".precision (dim*dim numbers, row-major) | " << k << ".variances (dim numbers); identity\n"
     << "  banana:    " << k << ".dim = 2, " << k << ".curvature = 0.1, " << k << ".scale = 10 (Haario twisted Gaussian)\n"
     << "  funnel:    " << k << ".dim = 10, " << k << ".v_scale = 3 (Neal's funnel: v ~ N(0, v_scale^2), x_i ~ N(0, e^v))\n"
     << "  mixture:   " << k << ".weights (K numbers > 0), " << k << ".means (K*dim numbers), " << k
     << ".dim (means/K), " << k << ".covariances (K*dim*dim) | " << k << ".scales (K sds); identity\n"
     << "  linear_regression:   " << k << ".data (CSV with header | HDF5 with X, y | JSON with X, y), " << k
     << ".y_column = \"y\", " << k << ".features (all other columns), " << k << ".beta_scale = 10, " << k
     << ".sigma_prior = \"half_normal\" | \"half_cauchy\", " << k << ".sigma_scale = 10\n"
     << "  logistic_regression: " << k << ".data, " << k << ".y_column = \"y\", " << k << ".features, " << k
     << ".beta_scale = 10\n"
     << "  eight_schools_noncentered | arK | sblrc_blr: " << k << ".data = \"" << posteriordb_data_directory
     << "/<eight_schools|arK|sblrc>.csv\" (or posteriordb's .json); arK: " << k
     << ".lags (the data file's K, else " << ark_posteriordb_lags << ")\n";
  return os.str();
}

}  // namespace ito::targets
