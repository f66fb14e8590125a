#pragma once
// Small statistics shared by every Monte Carlo estimator: mergeable running moments (Welford / Chan et al.),
// standard errors, normal quantiles, and the z-score used by the tests' "within 4.5 standard errors" rule.
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace ito::core {

namespace detail {
/// Σ_{i<n} term(i) in an order fixed by n alone: eight interleaved partial sums (term i goes to sum i mod 8),
/// added as a fixed tree. Independent chains, so the loop runs at the adders' throughput rather than their
/// latency, and (unlike a packet reduction whose start depends on the pointer's alignment) the same bits for
/// the same numbers wherever they lie in memory.
template <class Term>
double fixed_order_sum(std::size_t n, Term&& term) {
  double s[8] = {};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t j = 0; j < 8; ++j) s[j] += term(i + j);
  for (std::size_t j = 0; i < n; ++i, ++j) s[j] += term(i);
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}
}  // namespace detail

/// Running mean and variance of a stream of numbers; merge() combines two in a fixed order
/// (Chan, Golub, LeVeque 1979), so block-wise parallel accumulation is deterministic.
class RunningStats {
 public:
  void add(double x) {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
  }
  /// Adds x[0 … n): the block's mean and squared deviations by two passes (detail::fixed_order_sum), merged as
  /// merge() does. The same statistics as n calls of add() up to rounding (two passes are the more accurate),
  /// without add()'s division per number on one dependency chain, which dominated cheap Monte Carlo estimators.
  void add_block(const double* x, std::size_t n) {
    if (n == 0) return;
    RunningStats b;
    b.n_ = static_cast<std::int64_t>(n);
    b.mean_ = detail::fixed_order_sum(n, [x](std::size_t i) { return x[i]; }) / static_cast<double>(n);
    const double m = b.mean_;
    b.m2_ = detail::fixed_order_sum(n, [x, m](std::size_t i) {
      const double d = x[i] - m;
      return d * d;
    });
    merge(b);
  }
  void merge(const RunningStats& o) {
    if (o.n_ == 0) return;
    if (n_ == 0) {
      *this = o;
      return;
    }
    const double n = static_cast<double>(n_ + o.n_);
    const double d = o.mean_ - mean_;
    mean_ += d * static_cast<double>(o.n_) / n;
    m2_ += o.m2_ + d * d * static_cast<double>(n_) * static_cast<double>(o.n_) / n;
    n_ += o.n_;
  }
  std::int64_t count() const { return n_; }
  double mean() const { return mean_; }
  /// Unbiased sample variance (n − 1 in the denominator).
  double variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }
  double sd() const { return std::sqrt(variance()); }
  /// Standard error of the mean.
  double std_error() const { return n_ > 1 ? std::sqrt(variance() / static_cast<double>(n_)) : 0.0; }

 private:
  std::int64_t n_ = 0;
  double mean_ = 0.0, m2_ = 0.0;
};

/// Running means, variances and covariance of a stream of pairs (y, c); merge() combines two in a fixed order
/// (the bivariate form of Chan, Golub, LeVeque 1979: C += C' + δy δc n n'/(n + n')), so block-wise parallel
/// accumulation is deterministic. Trivially copyable (partial results cross MPI ranks as bytes).
class RunningCovariance {
 public:
  void add(double y, double c) {
    ++n_;
    const double n = static_cast<double>(n_);
    const double dy = y - mean_y_, dc = c - mean_c_;
    mean_y_ += dy / n;
    mean_c_ += dc / n;
    m2_y_ += dy * (y - mean_y_);
    m2_c_ += dc * (c - mean_c_);
    co_ += dy * (c - mean_c_);
  }
  /// Adds the pairs (y[i], c[i]), i < n, as RunningStats::add_block does (two passes, merged).
  void add_block(const double* y, const double* c, std::size_t n) {
    if (n == 0) return;
    RunningCovariance b;
    const double nn = static_cast<double>(n);
    b.n_ = static_cast<std::int64_t>(n);
    const double my = b.mean_y_ = detail::fixed_order_sum(n, [y](std::size_t i) { return y[i]; }) / nn;
    const double mc = b.mean_c_ = detail::fixed_order_sum(n, [c](std::size_t i) { return c[i]; }) / nn;
    b.m2_y_ = detail::fixed_order_sum(n, [y, my](std::size_t i) { return (y[i] - my) * (y[i] - my); });
    b.m2_c_ = detail::fixed_order_sum(n, [c, mc](std::size_t i) { return (c[i] - mc) * (c[i] - mc); });
    b.co_ = detail::fixed_order_sum(n, [y, c, my, mc](std::size_t i) { return (y[i] - my) * (c[i] - mc); });
    merge(b);
  }
  void merge(const RunningCovariance& o) {
    if (o.n_ == 0) return;
    if (n_ == 0) {
      *this = o;
      return;
    }
    const double n1 = static_cast<double>(n_), n2 = static_cast<double>(o.n_), n = n1 + n2;
    const double dy = o.mean_y_ - mean_y_, dc = o.mean_c_ - mean_c_;
    mean_y_ += dy * n2 / n;
    mean_c_ += dc * n2 / n;
    m2_y_ += o.m2_y_ + dy * dy * n1 * n2 / n;
    m2_c_ += o.m2_c_ + dc * dc * n1 * n2 / n;
    co_ += o.co_ + dy * dc * n1 * n2 / n;
    n_ += o.n_;
  }
  std::int64_t count() const { return n_; }
  double mean_y() const { return mean_y_; }
  double mean_c() const { return mean_c_; }
  /// Unbiased sample variances and covariance (n − 1 in the denominator).
  double variance_y() const { return n_ > 1 ? m2_y_ / static_cast<double>(n_ - 1) : 0.0; }
  double variance_c() const { return n_ > 1 ? m2_c_ / static_cast<double>(n_ - 1) : 0.0; }
  double covariance() const { return n_ > 1 ? co_ / static_cast<double>(n_ - 1) : 0.0; }

 private:
  std::int64_t n_ = 0;
  double mean_y_ = 0.0, mean_c_ = 0.0, m2_y_ = 0.0, m2_c_ = 0.0, co_ = 0.0;
};

/// Φ⁻¹(p), the standard normal quantile.
inline double normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>(0.0, 1.0), p);
}

/// Two-sided (1 − α) Student-t critical value with `dof` degrees of freedom.
inline double student_t_critical(double alpha, double dof) {
  return boost::math::quantile(boost::math::complement(boost::math::students_t_distribution<double>(dof), alpha / 2));
}

/// (estimate − exact) / std_error.
inline double z_score(double estimate, double exact, double std_error) {
  return (estimate - exact) / std_error;
}

}  // namespace ito::core
