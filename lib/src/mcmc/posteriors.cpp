#include "ito/mcmc/posteriors.hpp"

#include <cmath>
#include <filesystem>

#include "ito/core/error.hpp"
#include "ito/mcmc/data_json.hpp"

namespace ito::mcmc {

namespace {

long long checked_size(const JsonValue& json, const std::string& key, long long expected, const std::string& what) {
  const long long n = json.at(key).integer(key);
  if (n != expected)
    ito::detail::throw_error<IoError>(json.source(), ": ", key, " = ", n, " but ", what, " has ", expected, " entries");
  return n;
}

}  // namespace

EightSchoolsNoncenteredTarget::EightSchoolsNoncenteredTarget(Eigen::VectorXd y, Eigen::VectorXd sigma)
    : y_(std::move(y)), inv_sigma_(sigma.cwiseInverse()) {
  if (y_.size() != sigma.size() || y_.size() < 1)
    ito::detail::throw_error<ParameterError>("eight_schools_noncentered: y has ", y_.size(), " entries and sigma ", sigma.size());
  if (!(sigma.array() > 0).all() || !sigma.allFinite() || !y_.allFinite())
    throw ParameterError("eight_schools_noncentered: sigma must be positive and the data finite");
}

std::vector<std::string> EightSchoolsNoncenteredTarget::parameter_names() const {
  auto names = indexed_names("theta", static_cast<int>(y_.size()));
  names.emplace_back("mu");
  names.emplace_back("tau");
  return names;
}

EightSchoolsNoncenteredTarget eight_schools_noncentered(const std::string& data_json) {
  const JsonValue json = read_json_file(data_json);
  const Eigen::VectorXd y = json.at("y").numbers("y");
  const Eigen::VectorXd sigma = json.at("sigma").numbers("sigma");
  checked_size(json, "J", y.size(), "y");
  checked_size(json, "J", sigma.size(), "sigma");
  return EightSchoolsNoncenteredTarget(y, sigma);
}

LinearRegressionTarget ark(const std::string& data_json) {
  const JsonValue json = read_json_file(data_json);
  const Eigen::VectorXd y = json.at("y").numbers("y");
  const long long k = json.at("K").integer("K");
  checked_size(json, "T", y.size(), "y");
  if (k < 1 || k >= y.size())
    ito::detail::throw_error<IoError>(data_json, ": K = ", k, " must be >= 1 and < T = ", y.size());
  const Eigen::Index rows = y.size() - k;
  Eigen::MatrixXd X(rows, k + 1);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const Eigen::Index t = r + k;  // 0-based time of the response
    X(r, 0) = 1.0;
    for (Eigen::Index lag = 1; lag <= k; ++lag) X(r, lag) = y(t - lag);
  }
  std::vector<std::string> names{"alpha"};
  for (auto& n : indexed_names("beta", static_cast<int>(k))) names.push_back(std::move(n));
  return LinearRegressionTarget(std::move(X), y.tail(rows), 10.0, ScalePrior{ScalePrior::Kind::half_cauchy, 2.5},
                                std::move(names));
}

LinearRegressionTarget sblrc_blr(const std::string& data_json) {
  const JsonValue json = read_json_file(data_json);
  Eigen::MatrixXd X = json.at("X").matrix("X");
  Eigen::VectorXd y = json.at("y").numbers("y");
  checked_size(json, "N", y.size(), "y");
  checked_size(json, "N", X.rows(), "X (rows)");
  checked_size(json, "D", X.cols(), "X (columns)");
  return LinearRegressionTarget(std::move(X), std::move(y), 10.0, ScalePrior{ScalePrior::Kind::half_normal, 10.0});
}

int ReferencePosterior::index_of(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

ReferencePosterior read_reference_posterior(const std::string& directory, const std::string& posterior) {
  const std::string base = (std::filesystem::path(directory) / posterior).string();
  const JsonValue means = read_json_file(base + ".mean_value.json");
  const JsonValue squares = read_json_file(base + ".mean_squared_value.json");
  ReferencePosterior ref;
  ref.posterior = posterior;
  ref.names = means.at("names").strings("names");
  auto to_vector = [](const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); };
  ref.mean = to_vector(means.at("mean_value").numbers("mean_value"));
  ref.mean_mcse = to_vector(means.at("mcse_mean").numbers("mcse_mean"));
  const auto square_names = squares.at("names").strings("names");
  ref.mean_square = to_vector(squares.at("mean_squared_value").numbers("mean_squared_value"));
  ref.mean_square_mcse = to_vector(squares.at("mcse_mean").numbers("mcse_mean"));
  const std::size_t n = ref.names.size();
  if (ref.mean.size() != n || ref.mean_mcse.size() != n)
    ito::detail::throw_error<IoError>(base, ".mean_value.json: ", n, " names but ", ref.mean.size(), " values and ",
                                 ref.mean_mcse.size(), " MCSEs");
  if (square_names != ref.names || ref.mean_square.size() != n || ref.mean_square_mcse.size() != n)
    ito::detail::throw_error<IoError>(base, ".mean_squared_value.json: names or lengths differ from ", base, ".mean_value.json");
  return ref;
}

std::string posteriordb_posterior_name(const std::string& kind) {
  if (kind == "eight_schools_noncentered") return "eight_schools-eight_schools_noncentered";
  if (kind == "arK") return "arK-arK";
  if (kind == "sblrc_blr") return "sblrc-blr";
  return "";
}

std::vector<ReferenceComparison> compare_to_reference(const ReferencePosterior& reference,
                                                      const std::vector<std::string>& names,
                                                      const std::vector<Summary>& of_values,
                                                      const std::vector<Summary>& of_squares) {
  if (of_values.size() != names.size() || of_squares.size() != names.size())
    ito::detail::throw_error<ParameterError>("compare_to_reference: ", names.size(), " names, ", of_values.size(),
                                        " value summaries, ", of_squares.size(), " square summaries");
  std::vector<ReferenceComparison> out;
  for (std::size_t r = 0; r < reference.names.size(); ++r) {
    std::size_t i = 0;
    while (i < names.size() && names[i] != reference.names[r]) ++i;
    if (i == names.size())
      ito::detail::throw_error<ParameterError>("compare_to_reference: reference ", reference.posterior, " has '",
                                          reference.names[r], "', which the draws do not report");
    auto make = [&](const char* moment, const Summary& s, double ref, double ref_mcse) {
      const double se = std::sqrt(s.mcse_mean * s.mcse_mean + ref_mcse * ref_mcse);
      return ReferenceComparison{names[i], moment, s.mean, s.mcse_mean, ref, ref_mcse, (s.mean - ref) / se};
    };
    out.push_back(make("mean", of_values[i], reference.mean[r], reference.mean_mcse[r]));
    out.push_back(make("mean_square", of_squares[i], reference.mean_square[r], reference.mean_square_mcse[r]));
  }
  return out;
}

std::vector<ReferenceComparison> compare_draws_to_reference(const ReferencePosterior& reference,
                                                            const std::vector<std::string>& names, const double* draws,
                                                            int chains, int stride, int iterations) {
  const int q = static_cast<int>(names.size());
  const auto of_values = summarize_quantities(draws, chains, stride, iterations, q);
  std::vector<double> squares(static_cast<std::size_t>(chains) * static_cast<std::size_t>(stride) * static_cast<std::size_t>(q));
  for (int c = 0; c < chains; ++c)
    for (int i = 0; i < iterations; ++i)
      for (int k = 0; k < q; ++k) {
        const std::size_t at = (static_cast<std::size_t>(c) * static_cast<std::size_t>(stride) + static_cast<std::size_t>(i)) *
                                   static_cast<std::size_t>(q) +
                               static_cast<std::size_t>(k);
        squares[at] = draws[at] * draws[at];
      }
  const auto of_squares = summarize_quantities(squares.data(), chains, stride, iterations, q);
  return compare_to_reference(reference, names, of_values, of_squares);
}

}  // namespace ito::mcmc
