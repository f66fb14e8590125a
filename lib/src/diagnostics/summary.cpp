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

// The larger of the two; the one that is defined when the other is not (the folded draws |x − median| can
// all be equal when the draws are not, e.g. two values), NaN when neither is.
double worst_rhat(const SplitRhat& r) { return std::fmax(r.bulk, r.tail); }

/// Calls f(q, draws of quantity q as a chains × iterations matrix) for every quantity, in parallel. The
/// quantities are gathered eight at a time, so that every cache line of the chain-major draws read is used
/// whole (one quantity at a time read one double of each line).
template <class F>
void for_each_quantity(const double* draws, int chains, int stride, int iterations, int quantities, F&& f) {
  if (quantities <= 0 || chains <= 0 || iterations <= 0) return;
  constexpr std::size_t block = 8;
  core::parallel_blocks(
      static_cast<std::size_t>(quantities), block, [&](std::size_t, std::size_t begin, std::size_t end) {
        std::vector<Eigen::MatrixXd> some(end - begin, Eigen::MatrixXd(chains, iterations));
        for (int c = 0; c < chains; ++c)
          for (int i = 0; i < iterations; ++i) {
            const double* row =
                draws + (static_cast<std::size_t>(c) * static_cast<std::size_t>(stride) + static_cast<std::size_t>(i)) *
                            static_cast<std::size_t>(quantities);
            for (std::size_t q = begin; q < end; ++q) some[q - begin](c, i) = row[q];
          }
        for (std::size_t q = begin; q < end; ++q) f(q, some[q - begin]);
      });
}

}  // namespace

Summary summarize(const ChainDraws& draws, const Convergence* known) {
  Summary s;
  const double size = static_cast<double>(draws.size());
  s.mean = size > 0 ? draws.mean() : nan;
  s.sd = size > 1 ? std::sqrt((draws.array() - s.mean).square().sum() / (size - 1.0)) : nan;
  const Eigen::MatrixXd split = split_chains(draws);
  // One sort serves the ranks, the folded ranks and the quantiles; the split chains hold every draw unless
  // the chains have odd length (then the middle draws, dropped from the split chains, need their own sort).
  const detail::Order order = detail::sorted_order(split);
  if (split.size() == draws.size()) {
    s.q5 = detail::order_quantile(order, 0.05);
    s.q50 = detail::order_quantile(order, 0.5);
    s.q95 = detail::order_quantile(order, 0.95);
  } else {  // odd N: the middle draws of the chains (sorted apart) merged into the split chains' order
    std::vector<double> middle;
    if (draws.cols() % 2 == 1)
      for (Eigen::Index c = 0; c < draws.rows(); ++c) middle.push_back(draws(c, draws.cols() / 2));
    std::sort(middle.begin(), middle.end());
    std::vector<double> sorted;
    sorted.reserve(order.size() + middle.size());
    std::size_t i = 0, j = 0;
    while (i < order.size() || j < middle.size())
      sorted.push_back(j == middle.size() || (i < order.size() && order[i].first <= middle[j]) ? order[i++].first
                                                                                               : middle[j++]);
    s.q5 = detail::sorted_quantile(sorted, 0.05);
    s.q50 = detail::sorted_quantile(sorted, 0.5);
    s.q95 = detail::sorted_quantile(sorted, 0.95);
  }
  if (!draws_usable(split, 4)) {
    s.rhat = s.rhat_bulk = s.rhat_tail = s.ess_bulk = s.ess_tail = s.ess_mean = s.mcse_mean = s.mcse_sd = nan;
    return s;
  }
  if (known) {  // the ranks' part, from convergence() of the same draws
    s.rhat_bulk = known->rhat_bulk;
    s.rhat_tail = known->rhat_tail;
    s.rhat = known->rhat;
    s.ess_bulk = known->ess_bulk;
    s.ess_tail = detail::tail_ess_of_split(split, order);
  } else {
    const Eigen::MatrixXd ranked = detail::rank_normalize(order, split.rows(), split.cols());
    const SplitRhat rhat = detail::rhat_of_split(ranked, order);
    s.rhat_bulk = rhat.bulk;
    s.rhat_tail = rhat.tail;
    s.rhat = worst_rhat(rhat);
    const SplitEss ess = detail::ess_of_split(split, ranked, order);
    s.ess_bulk = ess.bulk;
    s.ess_tail = ess.tail;
  }
  s.ess_mean = effective_sample_size(split);
  s.mcse_mean = s.sd / std::sqrt(s.ess_mean);
  s.mcse_sd = mcse_sd(draws);
  return s;
}

Convergence convergence(const ChainDraws& draws) {
  const Eigen::MatrixXd split = split_chains(draws);
  if (!draws_usable(split, 4)) return {nan, nan};
  const detail::Order order = detail::sorted_order(split);
  const Eigen::MatrixXd ranked = detail::rank_normalize(order, split.rows(), split.cols());
  const SplitRhat rhat = detail::rhat_of_split(ranked, order);
  return {worst_rhat(rhat), effective_sample_size(ranked), rhat.bulk, rhat.tail};
}

std::vector<Summary> summarize_quantities(const double* draws, int chains, int stride, int iterations, int quantities,
                                          const std::vector<Convergence>* known) {
  std::vector<Summary> out(static_cast<std::size_t>(std::max(quantities, 0)));
  if (known && known->size() != out.size()) known = nullptr;
  for_each_quantity(draws, chains, stride, iterations, quantities, [&](std::size_t q, const Eigen::MatrixXd& one) {
    out[q] = summarize(one, known ? &(*known)[q] : nullptr);
  });
  return out;
}

std::vector<Convergence> convergence_of_quantities(const double* draws, int chains, int stride, int iterations,
                                                   int quantities) {
  std::vector<Convergence> out(static_cast<std::size_t>(std::max(quantities, 0)), Convergence{nan, nan});
  for_each_quantity(draws, chains, stride, iterations, quantities,
                    [&](std::size_t q, const Eigen::MatrixXd& one) { out[q] = convergence(one); });
  return out;
}

}  // namespace ito::diagnostics
