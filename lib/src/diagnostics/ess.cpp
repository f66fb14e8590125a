#include "ito/diagnostics/ess.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <unsupported/Eigen/FFT>

// Not used here, but part of this unit on purpose: the last bits of Eigen's kissfft depend on which of its
// butterflies GCC inlines, which depends on the rest of the unit. With Boost.Math's quantiles in it (as when
// the diagnostics were one file) the autocovariances, and every ESS, stay bitwise what ito has reported.
#include "ito/core/statistics.hpp"

namespace ito::diagnostics {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::size_t next_power_of_two(std::size_t n) {
  std::size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

}  // namespace

Eigen::VectorXd autocovariance(const Eigen::Ref<const Eigen::VectorXd>& x) {
  const std::size_t n = static_cast<std::size_t>(x.size());
  if (n == 0) return {};
  // Zero padding to ≥ 2n makes the circular correlation the linear one.
  const std::size_t padded = next_power_of_two(2 * n);
  // Per-thread FFT plans and buffers: ESS is called for many chains and quantities of the same length.
  thread_local Eigen::FFT<double> fft;
  thread_local std::vector<double> signal;
  thread_local std::vector<std::complex<double>> spectrum, correlation;
  signal.assign(padded, 0.0);
  const double mean = x.mean();
  for (std::size_t i = 0; i < n; ++i) signal[i] = x(static_cast<Eigen::Index>(i)) - mean;
  fft.fwd(spectrum, signal);
  for (auto& s : spectrum) s = std::norm(s);
  fft.inv(correlation, spectrum);  // scaled by 1/padded: correlation[t] = Σ_i c_i c_{i+t}
  Eigen::VectorXd acov(static_cast<Eigen::Index>(n));
  for (std::size_t t = 0; t < n; ++t) acov(static_cast<Eigen::Index>(t)) = correlation[t].real() / static_cast<double>(n);
  return acov;
}

double effective_sample_size(const ChainDraws& chains) {
  const Eigen::Index m = chains.rows(), n = chains.cols();
  if (!draws_usable(chains, 4)) return nan;
  const double nd = static_cast<double>(n);
  // Centred chains, one contiguous column each.
  Eigen::MatrixXd centred = chains.transpose();
  Eigen::VectorXd means(m);
  for (Eigen::Index c = 0; c < m; ++c) {
    means(c) = centred.col(c).mean();
    centred.col(c).array() -= means(c);
  }
  // Mean over chains of the biased autocovariances γ̂_t. The Geyer truncation usually stops after a few
  // lags, so lags below 64 are summed directly when first asked for (O(n) each); when more are needed, all
  // lags come from the FFT at once (O(n log n) per chain). Both give γ̂_t to rounding.
  constexpr Eigen::Index direct_lags = 64;
  Eigen::VectorXd mean_acov(n);
  Eigen::Index known = 0;  // lags [0, known) are in mean_acov
  auto acov = [&](Eigen::Index t) {
    if (t >= known && t < std::min(n, direct_lags)) {
      for (; known <= t; ++known) {
        double sum = 0.0;
        for (Eigen::Index c = 0; c < m; ++c)
          sum += centred.col(c).head(n - known).dot(centred.col(c).tail(n - known));
        mean_acov(known) = sum / (nd * static_cast<double>(m));
      }
    } else if (t >= known) {
      mean_acov.setZero();
      for (Eigen::Index c = 0; c < m; ++c) mean_acov += autocovariance(centred.col(c));
      mean_acov /= static_cast<double>(m);
      known = n;
    }
    return mean_acov(t);
  };
  // W with (n − 1) denominators: γ̂_0 n/(n − 1), averaged over chains.
  const double within = acov(0) * nd / (nd - 1.0);
  double var_plus = within * (nd - 1.0) / nd;
  if (m > 1) var_plus += (means.array() - means.mean()).square().sum() / static_cast<double>(m - 1);
  auto rho = [&](Eigen::Index t) { return 1.0 - (within - acov(t)) / var_plus; };

  // Geyer's initial positive sequence of pair sums, made monotone; rho_hat(t) holds accepted values.
  Eigen::VectorXd rho_hat = Eigen::VectorXd::Zero(n);
  rho_hat(0) = 1.0;
  double rho_even = 1.0, rho_odd = rho(1);
  rho_hat(1) = rho_odd;
  Eigen::Index t = 1;
  while (t < n - 4 && rho_even + rho_odd > 0.0 && std::isfinite(rho_even + rho_odd)) {
    rho_even = rho(t + 1);
    rho_odd = rho(t + 2);
    if (rho_even + rho_odd >= 0.0) {
      rho_hat(t + 1) = rho_even;
      rho_hat(t + 2) = rho_odd;
    }
    // Initial monotone sequence: a pair sum may not exceed the previous one.
    if (rho_hat(t + 1) + rho_hat(t + 2) > rho_hat(t - 1) + rho_hat(t)) {
      rho_hat(t + 1) = 0.5 * (rho_hat(t - 1) + rho_hat(t));
      rho_hat(t + 2) = rho_hat(t + 1);
    }
    t += 2;
  }
  const Eigen::Index max_t = t;
  // Antithetic chains (paper p. 8): keep the next even-lag autocorrelation when it is positive.
  if (rho_even > 0.0) rho_hat(max_t + 1) = rho_even;
  const double total = static_cast<double>(m) * nd;
  double tau = -1.0 + 2.0 * rho_hat.head(max_t).sum() + rho_hat(max_t + 1);
  tau = std::max(tau, 1.0 / std::log10(total));  // ESS ≤ S log10(S)
  return total / tau;
}

namespace detail {

SplitEss ess_of_split(const Eigen::MatrixXd& split, const Eigen::MatrixXd& ranked, const Order& order) {
  return {effective_sample_size(ranked), tail_ess_of_split(split, order)};
}

double tail_ess_of_split(const Eigen::MatrixXd& split, const Order& order) {
  const double q05 = order_quantile(order, 0.05), q95 = order_quantile(order, 0.95);
  const double ess05 = effective_sample_size((split.array() <= q05).cast<double>().matrix());
  const double ess95 = effective_sample_size((split.array() >= q95).cast<double>().matrix());
  double tail;
  if (std::isnan(ess05))
    tail = ess95;
  else if (std::isnan(ess95))
    tail = ess05;
  else
    tail = std::min(ess05, ess95);
  return tail;
}
}  // namespace detail

SplitEss rank_normalized_split_ess(const ChainDraws& draws) {
  const Eigen::MatrixXd split = split_chains(draws);
  if (!draws_usable(split, 4)) return {nan, nan};
  const detail::Order order = detail::sorted_order(split);
  return detail::ess_of_split(split, detail::rank_normalize(order, split.rows(), split.cols()), order);
}

}  // namespace ito::diagnostics
