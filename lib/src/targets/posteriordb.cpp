#include "ito/targets/posteriordb.hpp"

#include <algorithm>
#include <filesystem>

#include "ito/core/error.hpp"
#include "ito/io/json.hpp"
#include "ito/io/table.hpp"
#include "ito/targets/regression_data.hpp"

namespace ito::targets {

namespace {

bool is_json(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".json";
}

// posteriordb's data files state the sizes of their arrays; they must agree with the arrays.
void check_size(const io::Json& json, const std::string& key, Eigen::Index actual, const std::string& of) {
  const io::Json stated = json.at(key);
  if (stated.integer() != actual)
    stated.fail("is " + std::to_string(stated.integer()) + " but " + of + " has " + std::to_string(actual) +
                " entries");
}

}  // namespace

EightSchoolsNoncenteredTarget eight_schools_noncentered(const std::string& data_file) {
  Eigen::VectorXd y, sigma;
  if (is_json(data_file)) {
    const io::Json json = io::Json::read_file(data_file);
    y = json.at("y").numbers();
    sigma = json.at("sigma").numbers();
    check_size(json, "J", y.size(), "y");
    check_size(json, "J", sigma.size(), "sigma");
  } else {
    const io::Table table = io::read_csv(data_file);
    y = table.column("y");
    sigma = table.column("sigma");
  }
  try {
    return EightSchoolsNoncenteredTarget(y, sigma);
  } catch (const ParameterError& e) {  // name the data file
    throw ParameterError(data_file + ": " + e.what());
  }
}

ArSeries read_ar_series(const std::string& data_file) {
  ArSeries series;
  if (is_json(data_file)) {
    const io::Json json = io::Json::read_file(data_file);
    series.y = json.at("y").numbers();
    check_size(json, "T", series.y.size(), "y");
    const io::Json k = json.at("K");
    if (k.integer() < 1 || k.integer() >= series.y.size())
      k.fail("K = " + std::to_string(k.integer()) + " must be >= 1 and < T = " + std::to_string(series.y.size()));
    series.lags = static_cast<int>(k.integer());
  } else {
    series.y = io::read_csv(data_file).column("y");
  }
  return series;
}

LinearRegressionTarget ark(const Eigen::VectorXd& y, int lags) {
  const Eigen::Index k = lags;
  if (k < 1 || k >= y.size())
    ito::detail::throw_error<ParameterError>("arK: K = ", k, " lags must be >= 1 and < T = ", y.size(),
                                             " (the series length)");
  const Eigen::Index rows = y.size() - k;
  Eigen::MatrixXd X(rows, k + 1);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const Eigen::Index t = r + k;  // 0-based time of the response
    X(r, 0) = 1.0;
    for (Eigen::Index lag = 1; lag <= k; ++lag) X(r, lag) = y(t - lag);
  }
  std::vector<std::string> names{"alpha"};
  for (auto& n : indexed_names("beta", lags)) names.push_back(std::move(n));
  return LinearRegressionTarget(std::move(X), y.tail(rows), 10.0, ScalePrior{ScalePrior::Kind::half_cauchy, 2.5},
                                std::move(names));
}

LinearRegressionTarget ark(const std::string& data_file, std::optional<int> lags) {
  const ArSeries series = read_ar_series(data_file);
  if (lags && series.lags && *lags != *series.lags)
    ito::detail::throw_error<ParameterError>("arK: ", *lags, " lags asked for, but ", data_file,
                                             " states K = ", *series.lags);
  return ark(series.y, lags.value_or(series.lags.value_or(ark_posteriordb_lags)));
}

LinearRegressionTarget sblrc_blr(const std::string& data_file) {
  RegressionData data = read_regression_data(data_file);
  return LinearRegressionTarget(std::move(data.X), std::move(data.y), 10.0,
                                ScalePrior{ScalePrior::Kind::half_normal, 10.0});
}

std::string posteriordb_posterior_name(const std::string& kind) {
  if (kind == "eight_schools_noncentered") return "eight_schools-eight_schools_noncentered";
  if (kind == "arK") return "arK-arK";
  if (kind == "sblrc_blr") return "sblrc-blr";
  return "";
}

}  // namespace ito::targets
