#include "ito/diagnostics/mcse.hpp"

#include <cmath>
#include <limits>

#include "ito/diagnostics/ess.hpp"

namespace ito::diagnostics {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double mcse_mean(const ChainDraws& draws) {
  if (!draws_usable(draws, 4)) return nan;
  const double size = static_cast<double>(draws.size());
  const double mean = draws.mean();
  const double variance = (draws.array() - mean).square().sum() / (size - 1.0);
  return std::sqrt(variance / effective_sample_size(split_chains(draws)));
}

double mcse_sd(const ChainDraws& draws) {
  if (!draws_usable(draws, 4)) return nan;
  const Eigen::MatrixXd centred_abs = (draws.array() - draws.mean()).abs().matrix();
  const double ess = effective_sample_size(split_chains(centred_abs));
  const double second = centred_abs.array().square().mean();
  const double fourth = centred_abs.array().square().square().mean();
  const double variance_of_variance = (fourth - second * second) / ess;
  return std::sqrt(variance_of_variance / second / 4.0);
}

}  // namespace ito::diagnostics
