#include "ito/monte_carlo/mlmc.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <utility>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/core/statistics.hpp"

namespace ito::monte_carlo {

void LevelSums::add_values(const double* pf, const double* pc, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) add(pf[i], pc[i]);
}

namespace detail {
namespace {

struct LevelState {
  LevelSums sums;
  double cost = 0;
  double mean_abs = 0, variance = 0;  // regularised |E Y_l| and V_l used by the algorithm
};

double mean_of(const LevelSums& s) { return s.samples ? s.difference[0] / static_cast<double>(s.samples) : 0.0; }
double variance_of(double sum, double sum2, std::int64_t n) {
  if (n < 2) return 0.0;
  const double nn = static_cast<double>(n), m = sum / nn;
  return std::max(0.0, (sum2 - nn * m * m) / (nn - 1.0));
}

// Fitted exponents on levels 1..L from log2 of the given values (unfloored; zero with fewer than two points).
core::LineFit fit_on_levels(const std::vector<LevelState>& levels, double sign, double (*value)(const LevelState&)) {
  std::vector<double> x, y;
  for (std::size_t l = 1; l < levels.size(); ++l) {
    const double v = value(levels[l]);
    if (v > 0 && std::isfinite(v)) {
      x.push_back(static_cast<double>(l));
      y.push_back(sign * std::log2(v));
    }
  }
  return x.size() >= 2 ? core::fit_line(x, y) : core::LineFit{};
}

double raw_mean_abs(const LevelState& s) { return std::abs(mean_of(s.sums)); }
double raw_variance(const LevelState& s) { return variance_of(s.sums.difference[0], s.sums.difference[1], s.sums.samples); }
double level_cost(const LevelState& s) { return s.cost; }

// Every sample is finite (the kernels refuse a non-finite path value), but the power sums of a level can still
// overflow: an error rather than an estimate, standard error or kurtosis that is not finite.
void require_finite_sums(const LevelSums& s, std::size_t level) {
  bool finite = true;
  for (double v : s.difference) finite = finite && std::isfinite(v);
  for (int p = 0; p < 2; ++p) finite = finite && std::isfinite(s.fine[p]) && std::isfinite(s.coarse[p]);
  if (finite) return;
  std::ostringstream os;
  os << "multilevel Monte Carlo, level " << level << ": the sums of its " << s.samples
     << " finite samples overflow double precision (sum of Y = " << s.difference[0] << ", of Y^2 = " << s.difference[1]
     << ", of Y^4 = " << s.difference[3] << ", of P_fine^2 = " << s.fine[1]
     << "); the path values are too large (rescale the functional)";
  throw NumericalError(os.str());
}

}  // namespace

std::vector<std::pair<std::uint32_t, std::uint32_t>> interleave_blocks(const std::vector<std::size_t>& nb) {
  std::size_t total = 0;
  for (const std::size_t n : nb) total += n;
  ITO_REQUIRE(total <= (std::size_t{1} << 31) && nb.size() <= 1024,
              "interleave_blocks: " << total << " blocks in " << nb.size() << " requests is too many");
  std::vector<std::pair<std::uint32_t, std::uint32_t>> order;
  order.reserve(total);
  std::vector<std::uint64_t> next(nb.size(), 0);  // the next block of each request
  // A merge of the requests' sequences by key (2j + 1) / (2 nb[r]), compared exactly as (2j + 1) nb[q] against
  // (2k + 1) nb[r] (below 2^64: blocks number at most 2^31); linear in the number of requests per block.
  for (std::size_t out = 0; out < total; ++out) {
    std::size_t best = nb.size();
    for (std::size_t r = 0; r < nb.size(); ++r) {
      if (next[r] >= nb[r]) continue;
      if (best == nb.size() || (2 * next[r] + 1) * nb[best] < (2 * next[best] + 1) * nb[r]) best = r;
    }
    order.emplace_back(static_cast<std::uint32_t>(best), static_cast<std::uint32_t>(next[best]++));
  }
  return order;
}

MlmcResult run_mlmc(const MlmcDriver& driver, const MlmcOptions& o) {
  ITO_REQUIRE(o.target_rms_error > 0, "the target RMS error must be > 0, got " << o.target_rms_error);
  ITO_REQUIRE(o.initial_levels >= 2 && o.initial_levels <= o.max_levels,
              "expected 2 <= initial_levels <= max_levels, got " << o.initial_levels << " and " << o.max_levels);
  ITO_REQUIRE(o.initial_samples >= 10, "need at least 10 initial samples per level, got " << o.initial_samples);
  const double eps = o.target_rms_error;

  std::vector<LevelState> levels(static_cast<std::size_t>(o.initial_levels));
  std::vector<std::int64_t> extra(levels.size(), o.initial_samples);
  for (std::size_t l = 0; l < levels.size(); ++l) levels[l].cost = driver.cost(static_cast<int>(l));
  double alpha = 0.5, beta = 0.5;
  MlmcResult result;

  auto allocate = [&]() {
    double total = 0;
    for (const auto& s : levels) total += std::sqrt(s.variance * s.cost);
    for (std::size_t l = 0; l < levels.size(); ++l) {
      const double target = std::ceil(2.0 / (eps * eps) * std::sqrt(levels[l].variance / levels[l].cost) * total);
      const auto wanted = static_cast<std::int64_t>(std::min(target, 4.0e18));
      extra[l] = std::max<std::int64_t>(0, wanted - levels[l].sums.samples);
    }
  };

  bool warned_max_levels = false;
  for (int iteration = 0;; ++iteration) {
    double planned = 0;  // Σ N_l C_l once this round is sampled
    for (std::size_t l = 0; l < levels.size(); ++l)
      planned += (static_cast<double>(levels[l].sums.samples) + static_cast<double>(extra[l])) * levels[l].cost;
    if (planned > o.max_cost) {
      std::ostringstream os;
      os.precision(3);
      os << "multilevel Monte Carlo would need about " << planned << " path-steps (Σ N_l C_l over levels 0–"
         << levels.size() - 1 << ", N_l from the variances measured so far) to reach the RMS error " << eps
         << ", more than the limit of " << o.max_cost;
      throw WorkLimitError(os.str());
    }
    std::vector<LevelRequest> round;
    for (std::size_t l = 0; l < levels.size(); ++l)
      if (extra[l] > 0) round.push_back({static_cast<int>(l), levels[l].sums.samples, extra[l]});
    if (round.empty()) break;
    const std::vector<LevelSums> added = driver.sample(round);
    for (std::size_t r = 0; r < round.size(); ++r) {
      const auto l = static_cast<std::size_t>(round[r].level);
      levels[l].sums.merge(added[r]);
      require_finite_sums(levels[l].sums, l);
      extra[l] = 0;
    }
    ITO_REQUIRE(iteration < 10000, "the MLMC allocation did not settle after 10000 rounds");

    // Estimates, regularised on fine levels (Giles' mlmc.m).
    for (std::size_t l = 0; l < levels.size(); ++l) {
      levels[l].mean_abs = raw_mean_abs(levels[l]);
      levels[l].variance = raw_variance(levels[l]);
    }
    alpha = std::max(0.5, fit_on_levels(levels, -1.0, raw_mean_abs).slope);
    beta = std::max(0.5, fit_on_levels(levels, -1.0, raw_variance).slope);
    for (std::size_t l = 2; l < levels.size(); ++l) {
      levels[l].mean_abs = std::max(levels[l].mean_abs, 0.5 * levels[l - 1].mean_abs / std::pow(2.0, alpha));
      levels[l].variance = std::max(levels[l].variance, 0.5 * levels[l - 1].variance / std::pow(2.0, beta));
    }
    allocate();
    bool small = true;
    for (std::size_t l = 0; l < levels.size(); ++l)
      if (static_cast<double>(extra[l]) > 0.01 * static_cast<double>(levels[l].sums.samples)) small = false;
    if (!small) continue;

    // Bias test on the last three levels; add a level when it fails.
    const int L = static_cast<int>(levels.size()) - 1;
    double remaining = 0;
    for (int i = 0; i <= 2 && L - i >= 1; ++i)
      remaining = std::max(remaining, levels[static_cast<std::size_t>(L - i)].mean_abs * std::pow(2.0, -alpha * i));
    remaining /= std::pow(2.0, alpha) - 1.0;
    result.bias_estimate = remaining;
    result.converged = remaining <= eps / std::sqrt(2.0);
    if (result.converged) continue;  // sample the (at most 1%) top-up, then stop when nothing is left
    if (static_cast<int>(levels.size()) >= o.max_levels) {
      if (!warned_max_levels) {
        std::ostringstream os;
        os << "failed to reach the bias target: estimated bias " << remaining << " > eps/sqrt(2) = "
           << eps / std::sqrt(2.0) << " with " << levels.size() << " levels (raise max_levels)";
        result.warnings.push_back(os.str());
        warned_max_levels = true;
      }
      continue;
    }
    LevelState next;
    next.cost = driver.cost(static_cast<int>(levels.size()));
    next.variance = levels.back().variance / std::pow(2.0, beta);
    next.mean_abs = levels.back().mean_abs / std::pow(2.0, alpha);
    levels.push_back(next);
    extra.push_back(0);
    allocate();
  }

  // Final statistics and diagnostics.
  double variance_of_estimate = 0;
  for (std::size_t l = 0; l < levels.size(); ++l) {
    const LevelSums& s = levels[l].sums;
    const double n = static_cast<double>(s.samples);
    MlmcLevel out;
    out.level = static_cast<int>(l);
    out.samples = s.samples;
    out.mean = mean_of(s);
    out.variance = raw_variance(levels[l]);
    out.fine_mean = s.fine[0] / n;
    out.fine_variance = variance_of(s.fine[0], s.fine[1], s.samples);
    out.coarse_mean = s.coarse[0] / n;
    out.coarse_variance = variance_of(s.coarse[0], s.coarse[1], s.samples);
    out.cost_per_sample = levels[l].cost;
    const double m1 = s.difference[0] / n, m2 = s.difference[1] / n, m3 = s.difference[2] / n, m4 = s.difference[3] / n;
    const double central2 = m2 - m1 * m1;
    const double central4 = m4 - 4 * m3 * m1 + 6 * m2 * m1 * m1 - 3 * m1 * m1 * m1 * m1;
    out.kurtosis = central2 > 0 ? central4 / (central2 * central2) : 0.0;
    if (l >= 1) {
      const auto& prev = result.levels.back();
      const double scale = 3.0 * (std::sqrt(out.variance) + std::sqrt(prev.fine_variance) + std::sqrt(out.fine_variance)) /
                           std::sqrt(n);
      out.consistency = scale > 0 ? std::abs(out.coarse_mean - prev.fine_mean) / scale : 0.0;
      if (out.consistency > 1.0) {
        std::ostringstream os;
        os << "level " << l << ": consistency check " << out.consistency
           << " > 1 (the coarse path's mean differs from the level below)";
        result.warnings.push_back(os.str());
      }
    }
    result.estimate += out.mean;
    variance_of_estimate += out.variance / n;
    result.total_cost += n * out.cost_per_sample;
    result.levels.push_back(out);
  }
  if (result.levels.back().kurtosis > 100.0) {
    std::ostringstream os;
    os << "kurtosis " << result.levels.back().kurtosis
       << " > 100 on the finest level: its variance estimate is unreliable";
    result.warnings.push_back(os.str());
  }
  result.std_error = std::sqrt(variance_of_estimate);
  result.alpha = fit_on_levels(levels, -1.0, raw_mean_abs);
  result.beta = fit_on_levels(levels, -1.0, raw_variance);
  result.gamma = fit_on_levels(levels, 1.0, level_cost);
  return result;
}

}  // namespace detail
}  // namespace ito::monte_carlo
