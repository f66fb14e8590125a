#include "ito/convergence/study.hpp"

#include <algorithm>
#include <cmath>

#include "ito/core/error.hpp"
#include "ito/core/statistics.hpp"
#include "ito/random/normal.hpp"

namespace ito::convergence {
namespace {

struct LevelMeans {
  std::vector<double> abs_err, sq_err, diff;
};

/// Per-batch sums of the level statistics: the paths are cut into contiguous batches (fixed by the path
/// count alone), and the bootstrap resamples batches instead of single paths. Because the paths are
/// independent and identically distributed, so are the batch sums, and the bootstrap of batch means has the
/// same large-sample distribution as the path bootstrap (the slope is a smooth function of the level means),
/// at a cost of (resamples × batches) instead of (resamples × paths).
struct BatchSums {
  std::size_t batches = 0, levels = 0;
  const std::vector<double>& count;                 // paths per batch
  const std::vector<double>&abs_err, &sq_err, &diff;  // batches × levels
};

// Level means over the batches listed in idx (with repetition), in listed order.
LevelMeans level_means(const BatchSums& b, const std::vector<std::uint32_t>& idx) {
  const std::size_t L = b.levels;
  LevelMeans m{std::vector<double>(L, 0.0), std::vector<double>(L, 0.0), std::vector<double>(L, 0.0)};
  double n = 0;
  for (std::uint32_t j : idx) {
    n += b.count[j];
    for (std::size_t k = 0; k < L; ++k) {
      m.abs_err[k] += b.abs_err[j * L + k];
      m.sq_err[k] += b.sq_err[j * L + k];
      m.diff[k] += b.diff[j * L + k];
    }
  }
  for (std::size_t k = 0; k < L; ++k) {
    m.abs_err[k] /= n;
    m.sq_err[k] /= n;
    m.diff[k] /= n;
  }
  return m;
}

double slope_or_nan(const std::vector<double>& dt, const std::vector<double>& e) {
  for (double v : e)
    if (!(v > 0) || !std::isfinite(v)) return std::nan("");
  return fit_loglog(dt, e).slope;
}

std::vector<double> abs_all(std::vector<double> v) {
  for (double& x : v) x = std::abs(x);
  return v;
}

std::vector<double> sqrt_all(std::vector<double> v) {
  for (double& x : v) x = std::sqrt(x);
  return v;
}

// The statistics of finite samples can still overflow (squares of errors beyond 1e154); such a study is an
// error, not a result with an infinite or NaN error, standard error or order.
void require_finite(const std::vector<double>& values, const char* what, const std::vector<double>& dt) {
  for (std::size_t k = 0; k < values.size(); ++k)
    if (!std::isfinite(values[k]))
      ito::detail::throw_error<NumericalError>("convergence study: the ", what, " at dt = ", dt[k], " is ", values[k],
                                               " although every path's error is finite (they overflow double "
                                               "precision when squared or summed)");
}

void require_finite(const OrderFit& fit, const char* what) {
  for (double v : {fit.order, fit.ci_low, fit.ci_high, fit.pre_asymptotic, fit.extrapolated_order})
    if (!std::isfinite(v))
      ito::detail::throw_error<NumericalError>("convergence study: the fitted ", what, " order ", fit.order, " [",
                                               fit.ci_low, ", ", fit.ci_high, "] is not finite");
}

}  // namespace

StudyAccumulator::StudyAccumulator(const StudyOptions& options, std::size_t levels)
    : options_(options), levels_(levels), batches_(std::min(options.paths, kBootstrapBatches)),
      abs_(levels), sq_(levels), diff_(levels), g_(levels), count_(batches_, 0.0), batch_abs_(batches_ * levels, 0.0),
      batch_sq_(batches_ * levels, 0.0), batch_diff_(batches_ * levels, 0.0) {
  ITO_REQUIRE(options.paths >= 2 && levels >= 1, "a study needs at least two paths and one level");
  ITO_REQUIRE(options.dt.size() == levels, "expected " << levels << " step sizes, got " << options.dt.size());
  batch_end_ = options.paths / batches_;  // batch j holds paths [j P / G, (j + 1) P / G)
}

void StudyAccumulator::add(const double* err, const double* g, double g_ref) {
  ITO_REQUIRE(added_ < options_.paths, "more paths added than the study's " << options_.paths);
  const std::size_t p = added_, L = levels_;
  for (std::size_t k = 0; k < L; ++k) {
    const double e = err[k];
    if (!std::isfinite(e) || !std::isfinite(g[k]))
      ito::detail::throw_error<NumericalError>(
          "convergence study: path ", p, " at level ", k, " (dt = ", options_.dt[k],
          "): ", !std::isfinite(e) ? "the error |X - X_ref| is " : "g(X_T) is ", !std::isfinite(e) ? e : g[k]);
  }
  if (!std::isfinite(g_ref))
    ito::detail::throw_error<NumericalError>("convergence study: path ", p, ": g(X_T) of the reference is ", g_ref);
  for (std::size_t k = 0; k < L; ++k) {
    const double e = err[k];
    abs_[k].add(e);
    sq_[k].add(e * e);
    diff_[k].add(g[k] - g_ref);
    g_[k].add(g[k]);
  }
  ref_.add(g_ref);
  while (p >= batch_end_) batch_end_ = (++batch_ + 1) * options_.paths / batches_;
  count_[batch_] += 1.0;
  for (std::size_t k = 0; k < L; ++k) {
    batch_abs_[batch_ * L + k] += err[k];
    batch_sq_[batch_ * L + k] += err[k] * err[k];
    batch_diff_[batch_ * L + k] += g[k] - g_ref;
  }
  ++added_;
}

StudyResult StudyAccumulator::result() const {
  ITO_REQUIRE(added_ == options_.paths, "the study has " << options_.paths << " paths, " << added_ << " were added");
  const StudyOptions& options = options_;
  const std::size_t L = levels_;
  StudyResult r;
  r.dt = options.dt;
  r.reference_mean = ref_.mean();
  r.reference_se = ref_.std_error();
  for (std::size_t k = 0; k < L; ++k) {
    r.strong_error.push_back(abs_[k].mean());
    r.strong_error_se.push_back(abs_[k].std_error());
    const double rms = std::sqrt(sq_[k].mean());
    r.strong_rms.push_back(rms);
    r.strong_rms_se.push_back(rms > 0 ? sq_[k].std_error() / (2 * rms) : 0.0);  // delta method
    r.weak_signed.push_back(diff_[k].mean());
    r.weak_error.push_back(std::abs(diff_[k].mean()));
    r.weak_error_se.push_back(diff_[k].std_error());
    if (options.weak_exact) {
      r.weak_plain.push_back(g_[k].mean() - *options.weak_exact);
      r.weak_plain_se.push_back(g_[k].std_error());
    }
    r.max_strong_error = std::max(r.max_strong_error, r.strong_error.back());
  }
  require_finite(r.strong_error, "mean strong error", r.dt);
  require_finite(r.strong_error_se, "standard error of the mean strong error", r.dt);
  require_finite(r.strong_rms, "RMS strong error", r.dt);
  require_finite(r.strong_rms_se, "standard error of the RMS strong error", r.dt);
  require_finite(r.weak_error, "weak error", r.dt);
  require_finite(r.weak_error_se, "standard error of the weak error", r.dt);
  require_finite(r.weak_plain, "plain weak error", r.dt);
  require_finite(r.weak_plain_se, "standard error of the plain weak error", r.dt);
  if (L < 2) return r;

  // Bootstrap over paths, by batches of paths (see BatchSums): resample batches with replacement, refit
  // every slope.
  const int B = options.bootstrap;
  std::vector<double> boot_strong(B), boot_rms(B), boot_weak(B);
  const random::NormalStream rng(options.seed, random::Purpose::bootstrap);
  const BatchSums batches{batches_, L, count_, batch_abs_, batch_sq_, batch_diff_};
  const std::size_t G = batches.batches;
  const std::vector<core::mpi::ItemArray> slopes{{boot_strong.data(), 1}, {boot_rms.data(), 1}, {boot_weak.data(), 1}};
  core::mpi::distributed_blocks(static_cast<std::size_t>(B), 1, slopes, [&](std::size_t b, std::size_t, std::size_t) {
    std::vector<double> u(G);
    rng.fill_uniform(b, 0, G, u.data());
    std::vector<std::uint32_t> idx(G);
    for (std::size_t i = 0; i < G; ++i) idx[i] = static_cast<std::uint32_t>(std::min<double>(u[i] * G, G - 1));
    const LevelMeans m = level_means(batches, idx);
    boot_strong[b] = slope_or_nan(options.dt, m.abs_err);
    boot_rms[b] = slope_or_nan(options.dt, sqrt_all(m.sq_err));
    boot_weak[b] = slope_or_nan(options.dt, abs_all(m.diff));
  });

  bool strong_positive = true;
  for (double e : r.strong_error) strong_positive = strong_positive && e > 0;
  if (strong_positive) {
    r.strong_fit = fit_order(options.dt, r.strong_error, boot_strong, kStrongCorrectionExponent);
    r.strong_rms_fit = fit_order(options.dt, r.strong_rms, boot_rms, kStrongCorrectionExponent);
  }
  r.weak_fit_valid = true;
  for (std::size_t k = 0; k < L; ++k)
    r.weak_fit_valid = r.weak_fit_valid && r.weak_error[k] > 2 * r.weak_error_se[k] && r.weak_error[k] > 0;
  bool weak_positive = true;
  for (double e : r.weak_error) weak_positive = weak_positive && e > 0;
  if (weak_positive) r.weak_fit = fit_order(options.dt, r.weak_error, boot_weak, kWeakCorrectionExponent);
  require_finite(r.strong_fit, "strong");
  require_finite(r.strong_rms_fit, "RMS strong");
  require_finite(r.weak_fit, "weak");
  return r;
}

}  // namespace ito::convergence
