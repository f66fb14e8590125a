#pragma once
// Small statistics shared by every Monte Carlo estimator: mergeable running moments (Welford / Chan et al.),
// standard errors, normal quantiles, and the z-score used by the tests' "within 4.5 standard errors" rule.
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdint>

namespace ito::core {

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
