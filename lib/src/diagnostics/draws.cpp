#include "ito/diagnostics/draws.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>

namespace ito::diagnostics {

namespace {

// Φ⁻¹ in double precision: Boost's default policy promotes double to long double, several times slower, for
// digits the scores do not need (ranks are compared, not the last bits of a score).
double normal_score(double p) {
  using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
  return boost::math::quantile(boost::math::normal_distribution<double, Policy>(0.0, 1.0), p);
}

// An unsigned key with the order of the doubles (IEEE-754: flip the sign bit of positives, every bit of
// negatives); −0 sorts before +0, which only splits a tie of zeros.
std::uint64_t order_key(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits & 0x8000000000000000ULL ? ~bits : bits | 0x8000000000000000ULL;
}

double from_order_key(std::uint64_t key) {
  const std::uint64_t bits = key & 0x8000000000000000ULL ? key & ~0x8000000000000000ULL : ~key;
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

}  // namespace

bool draws_usable(const ChainDraws& chains, int min_draws) {
  if (chains.rows() < 1 || chains.cols() < std::max(min_draws, 1)) return false;
  // two vectorised passes (a branch per draw was 7% of a 100-parameter run's diagnostics)
  if (!chains.allFinite()) return false;
  return (chains.array() != chains(0, 0)).any();
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
  return detail::rank_normalize(detail::sorted_order(draws), draws.rows(), draws.cols());
}

namespace detail {

Order sorted_order(const ChainDraws& draws) {
  const Eigen::Index rows = draws.rows(), cols = draws.cols();
  const auto size = static_cast<std::size_t>(rows * cols);
  // LSD radix sort of (key, position) on the 33 high bits of the key (three 11-bit digits; a pass whose digit
  // is the same for every draw is skipped), then insertion sort on the whole key: the draws that share
  // their high 33 bits (sign, exponent and 21 bits of mantissa: within 2⁻²¹ of each other) are rare and
  // adjacent. Both are stable, so equal values keep increasing positions: the order std::sort of (value,
  // position) pairs gives, in O(S) instead of O(S log S).
  struct Item {
    std::uint64_t key;
    Eigen::Index position;
  };
  std::vector<Item> a(size), b(size);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index r = 0; r < rows; ++r) {
      const Eigen::Index k = j * rows + r;
      a[static_cast<std::size_t>(k)] = {order_key(draws(r, j)), k};
    }
  constexpr int bits = 11;
  constexpr std::size_t buckets = std::size_t{1} << bits;
  std::vector<std::size_t> count(buckets);
  for (int shift = 64 - 3 * bits; shift < 64; shift += bits) {
    std::fill(count.begin(), count.end(), 0);
    for (const Item& it : a) ++count[(it.key >> shift) & (buckets - 1)];
    if (size == 0 || count[(a[0].key >> shift) & (buckets - 1)] == size) continue;
    std::size_t sum = 0;
    for (auto& c : count) {
      const std::size_t n = c;
      c = sum;
      sum += n;
    }
    for (const Item& it : a) b[count[(it.key >> shift) & (buckets - 1)]++] = it;
    a.swap(b);
  }
  for (std::size_t k = 1; k < size; ++k)
    if (a[k].key < a[k - 1].key) {
      const Item it = a[k];
      std::size_t j = k;
      for (; j > 0 && it.key < a[j - 1].key; --j) a[j] = a[j - 1];
      a[j] = it;
    }
  Order order(size);
  for (std::size_t k = 0; k < size; ++k) order[k] = {from_order_key(a[k].key), a[k].position};
  return order;
}

double order_quantile(const Order& order, double p) {
  if (order.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = (static_cast<double>(order.size()) - 1.0) * p;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, order.size() - 1);
  return order[lo].first + (h - static_cast<double>(lo)) * (order[hi].first - order[lo].first);
}

Eigen::MatrixXd rank_normalize(const Order& order, Eigen::Index rows, Eigen::Index cols) {
  const Eigen::Index size = rows * cols;
  Eigen::MatrixXd z(rows, cols);
  const double denominator = static_cast<double>(size) + 0.25;
  // Scores of the integer ranks 1..S, cached per thread for the last S (the runner summarises many
  // quantities with the same number of draws).
  // A tie of an even number of draws has a half-integer average rank m + 1/2 (m = (i + j)/2 below): its score
  // is kept too, computed when first needed — Metropolis rejections repeat draws, so ties are common, and
  // the normal quantile was the largest single cost of a run's diagnostics.
  thread_local std::vector<double> integer_rank_scores, half_rank_scores;
  thread_local Eigen::Index cached_size = -1;
  if (cached_size != size) {
    integer_rank_scores.resize(static_cast<std::size_t>(size));
    for (Eigen::Index r = 1; r <= size; ++r)
      integer_rank_scores[static_cast<std::size_t>(r - 1)] =
          normal_score((static_cast<double>(r) - 0.375) / denominator);
    half_rank_scores.assign(static_cast<std::size_t>(size), std::numeric_limits<double>::quiet_NaN());
    cached_size = size;
  }
  for (Eigen::Index i = 0; i < size;) {
    Eigen::Index j = i + 1;
    while (j < size && order[static_cast<std::size_t>(j)].first == order[static_cast<std::size_t>(i)].first) ++j;
    // Ranks i+1 .. j (1-based) tie: their average is (i + 1 + j) / 2, an integer when j − i is odd.
    double score;
    if ((j - i) % 2 == 1) {
      score = integer_rank_scores[static_cast<std::size_t>((i + j - 1) / 2)];
    } else {
      double& half = half_rank_scores[static_cast<std::size_t>((i + j) / 2)];
      if (std::isnan(half)) half = normal_score((0.5 * static_cast<double>(i + 1 + j) - 0.375) / denominator);
      score = half;
    }
    for (Eigen::Index k = i; k < j; ++k) z(order[static_cast<std::size_t>(k)].second) = score;
    i = j;
  }
  return z;
}

Order folded_order(const Order& order, double center) {
  const std::size_t size = order.size();
  // order[0, split) lie below the centre: their distances grow as the index falls.
  const std::size_t split = static_cast<std::size_t>(
      std::lower_bound(order.begin(), order.end(), center, [](const auto& e, double c) { return e.first < c; }) -
      order.begin());
  Order folded(size);
  std::size_t below = split, above = split, k = 0;
  while (below > 0 || above < size) {
    const double low = below > 0 ? center - order[below - 1].first : std::numeric_limits<double>::infinity();
    const double high = above < size ? order[above].first - center : std::numeric_limits<double>::infinity();
    if (high <= low) {
      folded[k++] = {high, order[above].second};
      ++above;
    } else {
      folded[k++] = {low, order[below - 1].second};
      --below;
    }
  }
  return folded;
}

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
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace detail

double quantile(const ChainDraws& draws, double p) { return detail::sorted_quantile(detail::sorted_values(draws), p); }

}  // namespace ito::diagnostics
