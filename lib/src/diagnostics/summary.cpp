#include "ito/diagnostics/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ito/core/parallel.hpp"
#include "ito/diagnostics/ess.hpp"
#include "ito/diagnostics/mcse.hpp"
#include "ito/diagnostics/rhat.hpp"

namespace ito::diagnostics {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

}  // namespace

Summary summarize(const ChainDraws& draws) {
  Summary s;
  const double size = static_cast<double>(draws.size());
  s.mean = size > 0 ? draws.mean() : nan;
  s.sd = size > 1 ? std::sqrt((draws.array() - s.mean).square().sum() / (size - 1.0)) : nan;
  const std::vector<double> sorted = detail::sorted_values(draws);
  s.q5 = detail::sorted_quantile(sorted, 0.05);
  s.q50 = detail::sorted_quantile(sorted, 0.5);
  s.q95 = detail::sorted_quantile(sorted, 0.95);
  const Eigen::MatrixXd split = split_chains(draws);
  if (!chains_finite_and_varying(split, 4)) {
    s.rhat = s.rhat_bulk = s.rhat_tail = s.ess_bulk = s.ess_tail = s.ess_mean = s.mcse_mean = s.mcse_sd = nan;
    return s;
  }
  // The split chains drop the middle draw of odd-length chains, so their order statistics are their own.
  const std::vector<double> split_sorted = draws.cols() % 2 ? detail::sorted_values(split) : sorted;
  const Eigen::MatrixXd ranked = rank_normalize(split);
  const SplitRhat rhat = detail::rhat_of_split(split, ranked, split_sorted);
  s.rhat_bulk = rhat.bulk;
  s.rhat_tail = rhat.tail;
  s.rhat = std::isnan(rhat.bulk) || std::isnan(rhat.tail) ? nan : std::max(rhat.bulk, rhat.tail);
  const SplitEss ess = detail::ess_of_split(split, ranked, split_sorted);
  s.ess_bulk = ess.bulk;
  s.ess_tail = ess.tail;
  s.ess_mean = effective_sample_size(split);
  s.mcse_mean = s.sd / std::sqrt(s.ess_mean);
  s.mcse_sd = mcse_sd(draws);
  return s;
}

std::vector<Summary> summarize_quantities(const double* draws, int chains, int stride, int iterations, int quantities) {
  std::vector<Summary> out(static_cast<std::size_t>(std::max(quantities, 0)));
  if (quantities <= 0 || chains <= 0 || iterations <= 0) return out;
  core::parallel_blocks(static_cast<std::size_t>(quantities), 1, [&](std::size_t, std::size_t begin, std::size_t end) {
    Eigen::MatrixXd one(chains, iterations);
    for (std::size_t q = begin; q < end; ++q) {
      for (int c = 0; c < chains; ++c)
        for (int i = 0; i < iterations; ++i)
          one(c, i) =
              draws[(static_cast<std::size_t>(c) * static_cast<std::size_t>(stride) + static_cast<std::size_t>(i)) *
                        static_cast<std::size_t>(quantities) +
                    q];
      out[q] = summarize(one);
    }
  });
  return out;
}

}  // namespace ito::diagnostics
