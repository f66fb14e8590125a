#include "ito/targets/reference_posterior.hpp"

#include <cmath>
#include <filesystem>

#include "ito/core/error.hpp"
#include "ito/io/json.hpp"

namespace ito::targets {

int ReferencePosterior::index_of(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

ReferencePosterior read_reference_posterior(const std::string& directory, const std::string& posterior) {
  const std::string base = (std::filesystem::path(directory) / posterior).string();
  const io::Json means = io::Json::read_file(base + ".mean_value.json");
  const io::Json squares = io::Json::read_file(base + ".mean_squared_value.json");
  ReferencePosterior ref;
  ref.posterior = posterior;
  ref.names = means.at("names").strings();
  auto to_vector = [](const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); };
  ref.mean = to_vector(means.at("mean_value").numbers());
  ref.mean_mcse = to_vector(means.at("mcse_mean").numbers());
  const auto square_names = squares.at("names").strings();
  ref.mean_square = to_vector(squares.at("mean_squared_value").numbers());
  ref.mean_square_mcse = to_vector(squares.at("mcse_mean").numbers());
  const std::size_t n = ref.names.size();
  if (ref.mean.size() != n || ref.mean_mcse.size() != n)
    ito::detail::throw_error<IoError>(base, ".mean_value.json: ", n, " names but ", ref.mean.size(), " values and ",
                                      ref.mean_mcse.size(), " MCSEs");
  if (square_names != ref.names || ref.mean_square.size() != n || ref.mean_square_mcse.size() != n)
    ito::detail::throw_error<IoError>(base, ".mean_squared_value.json: names or lengths differ from ", base,
                                      ".mean_value.json");
  return ref;
}

std::vector<ReferenceComparison> compare_to_reference(const ReferencePosterior& reference,
                                                      const std::vector<std::string>& names,
                                                      const std::vector<diagnostics::Summary>& of_values,
                                                      const std::vector<diagnostics::Summary>& of_squares) {
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
    auto make = [&](const char* moment, const diagnostics::Summary& s, double ref, double ref_mcse) {
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
  const auto of_values = diagnostics::summarize_quantities(draws, chains, stride, iterations, q);
  std::vector<double> squares(static_cast<std::size_t>(chains) * static_cast<std::size_t>(stride) *
                              static_cast<std::size_t>(q));
  for (int c = 0; c < chains; ++c)
    for (int i = 0; i < iterations; ++i)
      for (int k = 0; k < q; ++k) {
        const std::size_t at =
            (static_cast<std::size_t>(c) * static_cast<std::size_t>(stride) + static_cast<std::size_t>(i)) *
                static_cast<std::size_t>(q) +
            static_cast<std::size_t>(k);
        squares[at] = draws[at] * draws[at];
      }
  const auto of_squares = diagnostics::summarize_quantities(squares.data(), chains, stride, iterations, q);
  return compare_to_reference(reference, names, of_values, of_squares);
}

}  // namespace ito::targets
