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
  // Scores of the integer ranks 1..S, cached per thread for the last S (the runner summarises many
  // quantities with the same number of draws).
  thread_local std::vector<double> integer_rank_scores;
  thread_local Eigen::Index cached_size = -1;
  if (cached_size != size) {
    integer_rank_scores.resize(static_cast<std::size_t>(size));
    for (Eigen::Index r = 1; r <= size; ++r)
      integer_rank_scores[static_cast<std::size_t>(r - 1)] = core::normal_quantile((static_cast<double>(r) - 0.375) / denominator);
    cached_size = size;
  }
  for (Eigen::Index i = 0; i < size;) {
    Eigen::Index j = i + 1;
    while (j < size && order[static_cast<std::size_t>(j)].first == order[static_cast<std::size_t>(i)].first) ++j;
    // Ranks i+1 .. j (1-based) tie: their average is (i + 1 + j) / 2, an integer when j − i is odd.
    const double average_rank = 0.5 * static_cast<double>(i + 1 + j);
    const double score = (j - i) % 2 == 1 ? integer_rank_scores[static_cast<std::size_t>((i + j - 1) / 2)]
                                          : core::normal_quantile((average_rank - 0.375) / denominator);
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
  // Centred chains, one contiguous column each.
  Eigen::MatrixXd centred = chains.transpose();
  Eigen::VectorXd means(m);
  for (Eigen::Index c = 0; c < m; ++c) {
    means(c) = centred.col(c).mean();
    centred.col(c).array() -= means(c);
  }
  // Mean over chains of the biased autocovariances γ̂_t. The Geyer truncation usually stops after a few
  // lags, so the first lags are summed directly (O(n) each); when more are needed, all lags come from the
  // FFT at once (O(n log n) per chain). Both give γ̂_t to rounding.
  Eigen::VectorXd mean_acov(n);
  Eigen::Index known = std::min<Eigen::Index>(n, 64);
  for (Eigen::Index t = 0; t < known; ++t) {
    double sum = 0.0;
    for (Eigen::Index c = 0; c < m; ++c) sum += centred.col(c).head(n - t).dot(centred.col(c).tail(n - t));
    mean_acov(t) = sum / (nd * static_cast<double>(m));
  }
  auto acov = [&](Eigen::Index t) {
    if (t >= known) {
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

namespace {

// All pooled values, sorted.
std::vector<double> sorted_values(const ChainDraws& draws) {
  std::vector<double> sorted(static_cast<std::size_t>(draws.size()));
  std::size_t k = 0;
  for (Eigen::Index j = 0; j < draws.cols(); ++j)
    for (Eigen::Index r = 0; r < draws.rows(); ++r) sorted[k++] = draws(r, j);
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// Type-7 quantile of sorted values.
double sorted_quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return nan;
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Bulk/tail R-hat and ESS from the (checked) split chains, their rank-normalised values and sorted values.
SplitRhat rhat_of_split(const Eigen::MatrixXd& split, const Eigen::MatrixXd& ranked, const std::vector<double>& sorted) {
  const double median = sorted_quantile(sorted, 0.5);
  const Eigen::MatrixXd folded = (split.array() - median).abs().matrix();
  return {potential_scale_reduction(ranked), potential_scale_reduction(rank_normalize(folded))};
}

SplitEss ess_of_split(const Eigen::MatrixXd& split, const Eigen::MatrixXd& ranked, const std::vector<double>& sorted) {
  const double bulk = effective_sample_size(ranked);
  const double q05 = sorted_quantile(sorted, 0.05), q95 = sorted_quantile(sorted, 0.95);
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

}  // namespace

SplitRhat rank_normalized_split_rhat(const ChainDraws& draws) {
  const Eigen::MatrixXd split = split_chains(draws);
  if (!chains_finite_and_varying(split, 4)) return {nan, nan};
  return rhat_of_split(split, rank_normalize(split), sorted_values(split));
}

double split_rhat(const ChainDraws& draws) {
  const Eigen::MatrixXd split = split_chains(draws);
  if (!chains_finite_and_varying(split, 4)) return nan;
  return potential_scale_reduction(split);
}

SplitEss rank_normalized_split_ess(const ChainDraws& draws) {
  const Eigen::MatrixXd split = split_chains(draws);
  if (!chains_finite_and_varying(split, 4)) return {nan, nan};
  return ess_of_split(split, rank_normalize(split), sorted_values(split));
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

double quantile(const ChainDraws& draws, double p) { return sorted_quantile(sorted_values(draws), p); }

Summary summarize(const ChainDraws& draws) {
  Summary s;
  const double size = static_cast<double>(draws.size());
  s.mean = size > 0 ? draws.mean() : nan;
  s.sd = size > 1 ? std::sqrt((draws.array() - s.mean).square().sum() / (size - 1.0)) : nan;
  const std::vector<double> sorted = sorted_values(draws);
  s.q5 = sorted_quantile(sorted, 0.05);
  s.q50 = sorted_quantile(sorted, 0.5);
  s.q95 = sorted_quantile(sorted, 0.95);
  const Eigen::MatrixXd split = split_chains(draws);
  if (!chains_finite_and_varying(split, 4)) {
    s.rhat = s.rhat_bulk = s.rhat_tail = s.ess_bulk = s.ess_tail = s.ess_mean = s.mcse_mean = s.mcse_sd = nan;
    return s;
  }
  // The split chains drop the middle draw of odd-length chains, so their order statistics are their own.
  const std::vector<double> split_sorted = draws.cols() % 2 ? sorted_values(split) : sorted;
  const Eigen::MatrixXd ranked = rank_normalize(split);
  const SplitRhat rhat = rhat_of_split(split, ranked, split_sorted);
  s.rhat_bulk = rhat.bulk;
  s.rhat_tail = rhat.tail;
  s.rhat = std::isnan(rhat.bulk) || std::isnan(rhat.tail) ? nan : std::max(rhat.bulk, rhat.tail);
  const SplitEss ess = ess_of_split(split, ranked, split_sorted);
  s.ess_bulk = ess.bulk;
  s.ess_tail = ess.tail;
  s.ess_mean = effective_sample_size(split);
  s.mcse_mean = s.sd / std::sqrt(s.ess_mean);
  s.mcse_sd = mcse_sd(draws);
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
