#include "ito/mcmc/diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numeric>
#include <unsupported/Eigen/FFT>

#include "ito/core/parallel.hpp"
#include "ito/core/statistics.hpp"

namespace ito::mcmc {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::size_t next_power_of_two(std::size_t n) {
  std::size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

}  // namespace

bool chains_finite_and_varying(const ChainDraws& chains, int min_draws) {
  if (chains.rows() < 1 || chains.cols() < std::max(min_draws, 1)) return false;
  for (Eigen::Index c = 0; c < chains.rows(); ++c) {
    const double first = chains(c, 0);
    bool varies = false;
    for (Eigen::Index i = 0; i < chains.cols(); ++i) {
      const double v = chains(c, i);
      if (!std::isfinite(v)) return false;
      if (v != first) varies = true;
    }
    if (!varies) return false;
  }
  return true;
}

Eigen::MatrixXd split_chains(const ChainDraws& draws) {
  const Eigen::Index m = draws.rows(), n = draws.cols(), half = n / 2;
  Eigen::MatrixXd split(2 * m, half);
  for (Eigen::Index c = 0; c < m; ++c) {
    split.row(2 * c) = draws.row(c).head(half);
    split.row(2 * c + 1) = draws.row(c).tail(half);  // skips the middle draw when n is odd
  }
  return split;
}

Eigen::MatrixXd rank_normalize(const ChainDraws& draws) {
  const Eigen::Index rows = draws.rows(), cols = draws.cols(), size = rows * cols;
  // Pooled draws in column-major order with their positions.
  std::vector<std::pair<double, Eigen::Index>> order(static_cast<std::size_t>(size));
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index r = 0; r < rows; ++r) order[static_cast<std::size_t>(j * rows + r)] = {draws(r, j), j * rows + r};
  std::sort(order.begin(), order.end());
  Eigen::MatrixXd z(rows, cols);
  const double denominator = static_cast<double>(size) + 0.25;
  for (Eigen::Index i = 0; i < size;) {
    Eigen::Index j = i + 1;
    while (j < size && order[static_cast<std::size_t>(j)].first == order[static_cast<std::size_t>(i)].first) ++j;
    // Ranks i+1 .. j (1-based) tie: their average is (i + 1 + j) / 2.
    const double average_rank = 0.5 * static_cast<double>(i + 1 + j);
    const double score = core::normal_quantile((average_rank - 0.375) / denominator);
    for (Eigen::Index k = i; k < j; ++k) z(order[static_cast<std::size_t>(k)].second) = score;
    i = j;
  }
  return z;
}

Eigen::VectorXd autocovariance(const Eigen::Ref<const Eigen::VectorXd>& x) {
  const std::size_t n = static_cast<std::size_t>(x.size());
  if (n == 0) return {};
  // Zero padding to ≥ 2n makes the circular correlation the linear one.
  const std::size_t padded = next_power_of_two(2 * n);
  std::vector<double> signal(padded, 0.0);
  const double mean = x.mean();
  for (std::size_t i = 0; i < n; ++i) signal[i] = x(static_cast<Eigen::Index>(i)) - mean;
  Eigen::FFT<double> fft;
  std::vector<std::complex<double>> spectrum;
  fft.fwd(spectrum, signal);
  for (auto& s : spectrum) s = std::norm(s);
  std::vector<std::complex<double>> correlation;
  fft.inv(correlation, spectrum);  // scaled by 1/padded: correlation[t] = Σ_i c_i c_{i+t}
  Eigen::VectorXd acov(static_cast<Eigen::Index>(n));
  for (std::size_t t = 0; t < n; ++t) acov(static_cast<Eigen::Index>(t)) = correlation[t].real() / static_cast<double>(n);
  return acov;
}

double potential_scale_reduction(const ChainDraws& chains) {
  const Eigen::Index m = chains.rows(), n = chains.cols();
  if (m < 2 || !chains_finite_and_varying(chains, 2)) return nan;
  const Eigen::VectorXd means = chains.rowwise().mean();
  const double grand_mean = means.mean();
  // B/n = variance of the chain means; W = mean within-chain variance.
  const double between_over_n = (means.array() - grand_mean).square().sum() / static_cast<double>(m - 1);
  double within = 0.0;
  for (Eigen::Index c = 0; c < m; ++c)
    within += (chains.row(c).array() - means(c)).square().sum() / static_cast<double>(n - 1);
  within /= static_cast<double>(m);
  const double nd = static_cast<double>(n);
  const double var_plus = (nd - 1.0) / nd * within + between_over_n;
  return std::sqrt(var_plus / within);
}

double effective_sample_size(const ChainDraws& chains) {
  const Eigen::Index m = chains.rows(), n = chains.cols();
  if (!chains_finite_and_varying(chains, 4)) return nan;
  const double nd = static_cast<double>(n);
  Eigen::MatrixXd acov(m, n);
  Eigen::VectorXd means(m);
  for (Eigen::Index c = 0; c < m; ++c) {
    means(c) = chains.row(c).mean();
    acov.row(c) = autocovariance(chains.row(c).transpose()).transpose();
  }
  // W with (n − 1) denominators: γ̂_0 n/(n − 1), averaged over chains.
  const double within = acov.col(0).mean() * nd / (nd - 1.0);
  double var_plus = within * (nd - 1.0) / nd;
  if (m > 1) var_plus += (means.array() - means.mean()).square().sum() / static_cast<double>(m - 1);
  const Eigen::VectorXd mean_acov = acov.colwise().mean().transpose();
  auto rho = [&](Eigen::Index t) { return 1.0 - (within - mean_acov(t)) / var_plus; };

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

SplitRhat rank_normalized_split_rhat(const ChainDraws& draws) {
  const Eigen::MatrixXd split = split_chains(draws);
  if (!chains_finite_and_varying(split, 4)) return {nan, nan};
  const double bulk = potential_scale_reduction(rank_normalize(split));
  const double median = quantile(split, 0.5);
  const Eigen::MatrixXd folded = (split.array() - median).abs().matrix();
  const double tail = potential_scale_reduction(rank_normalize(folded));
  return {bulk, tail};
}

double split_rhat(const ChainDraws& draws) {
  const Eigen::MatrixXd split = split_chains(draws);
  if (!chains_finite_and_varying(split, 4)) return nan;
  return potential_scale_reduction(split);
}

SplitEss rank_normalized_split_ess(const ChainDraws& draws) {
  const Eigen::MatrixXd split = split_chains(draws);
  if (!chains_finite_and_varying(split, 4)) return {nan, nan};
  const double bulk = effective_sample_size(rank_normalize(split));
  const double q05 = quantile(split, 0.05), q95 = quantile(split, 0.95);
  const double ess05 = effective_sample_size((split.array() <= q05).cast<double>().matrix());
  const double ess95 = effective_sample_size((split.array() >= q95).cast<double>().matrix());
  double tail;
  if (std::isnan(ess05))
    tail = ess95;
  else if (std::isnan(ess95))
    tail = ess05;
  else
    tail = std::min(ess05, ess95);
  return {bulk, tail};
}

double mcse_mean(const ChainDraws& draws) {
  if (!chains_finite_and_varying(draws, 4)) return nan;
  const double size = static_cast<double>(draws.size());
  const double mean = draws.mean();
  const double variance = (draws.array() - mean).square().sum() / (size - 1.0);
  return std::sqrt(variance / effective_sample_size(split_chains(draws)));
}

double mcse_sd(const ChainDraws& draws) {
  if (!chains_finite_and_varying(draws, 4)) return nan;
  const Eigen::MatrixXd centred_abs = (draws.array() - draws.mean()).abs().matrix();
  const double ess = effective_sample_size(split_chains(centred_abs));
  const double second = centred_abs.array().square().mean();
  const double fourth = centred_abs.array().pow(4).mean();
  const double variance_of_variance = (fourth - second * second) / ess;
  return std::sqrt(variance_of_variance / second / 4.0);
}

double quantile(const ChainDraws& draws, double p) {
  std::vector<double> sorted(static_cast<std::size_t>(draws.size()));
  std::size_t k = 0;
  for (Eigen::Index j = 0; j < draws.cols(); ++j)
    for (Eigen::Index r = 0; r < draws.rows(); ++r) sorted[k++] = draws(r, j);
  if (sorted.empty()) return nan;
  std::sort(sorted.begin(), sorted.end());
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Summary summarize(const ChainDraws& draws) {
  Summary s;
  const double size = static_cast<double>(draws.size());
  s.mean = size > 0 ? draws.mean() : nan;
  s.sd = size > 1 ? std::sqrt((draws.array() - s.mean).square().sum() / (size - 1.0)) : nan;
  s.q5 = quantile(draws, 0.05);
  s.q50 = quantile(draws, 0.5);
  s.q95 = quantile(draws, 0.95);
  const auto rhat = rank_normalized_split_rhat(draws);
  s.rhat_bulk = rhat.bulk;
  s.rhat_tail = rhat.tail;
  s.rhat = std::isnan(rhat.bulk) || std::isnan(rhat.tail) ? nan : std::max(rhat.bulk, rhat.tail);
  const auto ess = rank_normalized_split_ess(draws);
  s.ess_bulk = ess.bulk;
  s.ess_tail = ess.tail;
  const Eigen::MatrixXd split = split_chains(draws);
  s.ess_mean = chains_finite_and_varying(split, 4) ? effective_sample_size(split) : nan;
  s.mcse_mean = s.sd / std::sqrt(s.ess_mean);
  s.mcse_sd = chains_finite_and_varying(split, 4) ? mcse_sd(draws) : nan;
  return s;
}

std::vector<Summary> summarize_quantities(const double* draws, int chains, int stride, int iterations,
                                          int quantities) {
  std::vector<Summary> out(static_cast<std::size_t>(std::max(quantities, 0)));
  if (quantities <= 0 || chains <= 0 || iterations <= 0) return out;
  core::parallel_blocks(static_cast<std::size_t>(quantities), 1, [&](std::size_t, std::size_t begin, std::size_t end) {
    Eigen::MatrixXd one(chains, iterations);
    for (std::size_t q = begin; q < end; ++q) {
      for (int c = 0; c < chains; ++c)
        for (int i = 0; i < iterations; ++i)
          one(c, i) = draws[(static_cast<std::size_t>(c) * static_cast<std::size_t>(stride) + static_cast<std::size_t>(i)) *
                                static_cast<std::size_t>(quantities) +
                            q];
      out[q] = summarize(one);
    }
  });
  return out;
}

}  // namespace ito::mcmc
