#include "ito/diagnostics/rhat.hpp"

#include <cmath>
#include <limits>

namespace ito::diagnostics {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double potential_scale_reduction(const ChainDraws& chains) {
  const Eigen::Index m = chains.rows(), n = chains.cols();
  if (m < 2 || !draws_usable(chains, 2)) return nan;
  const Eigen::VectorXd means = chains.rowwise().mean();
  const double grand_mean = means.mean();
  // B/n = variance of the chain means; W = mean within-chain variance.
  const double between_over_n = (means.array() - grand_mean).square().sum() / static_cast<double>(m - 1);
  double within = 0.0;
  for (Eigen::Index c = 0; c < m; ++c)  // a constant chain has no variance (its computed mean may round)
    if (!(chains.row(c).array() == chains(c, 0)).all())
      within += (chains.row(c).array() - means(c)).square().sum() / static_cast<double>(n - 1);
  within /= static_cast<double>(m);
  const double nd = static_cast<double>(n);
  const double var_plus = (nd - 1.0) / nd * within + between_over_n;
  // Every chain constant at its own value: no within-chain variance, nothing mixes.
  if (within == 0.0) return std::numeric_limits<double>::infinity();
  return std::sqrt(var_plus / within);
}

namespace detail {

SplitRhat rhat_of_split(const Eigen::MatrixXd& ranked, const Order& order) {
  const Order folded = folded_order(order, order_quantile(order, 0.5));
  return {potential_scale_reduction(ranked),
          potential_scale_reduction(rank_normalize(folded, ranked.rows(), ranked.cols()))};
}

}  // namespace detail

SplitRhat rank_normalized_split_rhat(const ChainDraws& draws) {
  const Eigen::MatrixXd split = split_chains(draws);
  if (!draws_usable(split, 4)) return {nan, nan};
  const detail::Order order = detail::sorted_order(split);
  return detail::rhat_of_split(detail::rank_normalize(order, split.rows(), split.cols()), order);
}

double split_rhat(const ChainDraws& draws) {
  const Eigen::MatrixXd split = split_chains(draws);
  if (!draws_usable(split, 4)) return nan;
  return potential_scale_reduction(split);
}

}  // namespace ito::diagnostics
