#pragma once
// Warmup adaptation: step size by dual averaging, a diagonal metric from windowed variance estimates, and
// the schedule of metric windows.
//
// Dual averaging (Nesterov 2009; Hoffman & Gelman 2014, "The No-U-Turn Sampler", JMLR 15, Algorithm 5,
// with Stan's defaults γ = 0.05, t0 = 10, κ = 0.75): to drive the mean acceptance statistic a_t to δ,
//   η_t   = 1 / (t + t0),
//   s̄_t   = (1 − η_t) s̄_{t−1} + η_t (δ − min(1, a_t)),
//   log h_t = μ − √t s̄_t / γ,                   μ = log(10 h_0),
//   log h̄_t = t^{−κ} log h_t + (1 − t^{−κ}) log h̄_{t−1};
// h_t is used during warmup and h̄ (the averaged iterate) after it.
//
// Metric: the inverse metric A = diag(σ̂²) is the variance of the draws of a window, pooled over all chains
// (per-chain Welford accumulators merged in chain order — Chan, Golub & LeVeque 1979 — so the result does not
// depend on the thread count), regularised towards 10⁻³ as Stan does:
//   σ̂² ← n/(n + 5) · σ̂² + 10⁻³ · 5/(n + 5).
// Dense metric (optional): the full sample covariance C of the window, pooled the same way (co-moment
// matrices merged by Chan et al.'s rule  M₂ ← M₂ + M₂' + δδᵀ · n n'/(n + n')), regularised as Stan's dense
// metric  C ← n/(n + 5) · C + 10⁻³ · 5/(n + 5) · I, and used through its Cholesky factor L (A = L Lᵀ).
//
// Windows (Stan's windowed adaptation): an initial buffer (75 iterations) where only the step size adapts,
// then windows of 25, 50, 100, ... iterations (the last one stretched to the terminal buffer), then a
// terminal buffer (50 iterations) with the final metric. When warmup < 150 the buffers become 15% / 10% of
// warmup and a single window takes the rest (Stan's rule). After every window the step size is searched
// afresh and dual averaging restarts.
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <vector>

namespace ito::mcmc {

/// Nesterov dual averaging of log h towards a target mean acceptance statistic δ.
struct DualAveraging {
  double target_accept = 0.574;
  double gamma = 0.05, t0 = 10.0, kappa = 0.75;
  // state
  double counter = 0.0, s_bar = 0.0, x_bar = 0.0, mu = 0.0;

  /// Starts (or restarts) from step size h0: μ = log(10 h0).
  void restart(double h0) {
    counter = 0.0;
    s_bar = 0.0;
    x_bar = 0.0;
    mu = std::log(10.0 * h0);
  }

  /// One update with acceptance statistic a (NaN counts as 0); returns the step size to use next.
  double learn(double accept_stat) {
    const double a = std::isfinite(accept_stat) ? std::min(1.0, accept_stat) : 0.0;
    counter += 1.0;
    const double eta = 1.0 / (counter + t0);
    s_bar = (1.0 - eta) * s_bar + eta * (target_accept - a);
    const double x = mu - s_bar * std::sqrt(counter) / gamma;
    const double x_eta = std::pow(counter, -kappa);
    x_bar = x_eta * x + (1.0 - x_eta) * x_bar;
    return std::exp(x);
  }

  /// The averaged step size exp(log h̄) used after warmup.
  double final_step_size() const { return std::exp(x_bar); }
};

/// Running mean and variance of a vector quantity (Welford), mergeable in a fixed order; optionally also the
/// full co-moment matrix Σ (x − x̄)(x − x̄)ᵀ (`cross`, empty unless reset with dense = true).
struct VarianceAccumulator {
  double count = 0.0;
  Eigen::VectorXd mean, m2;
  Eigen::MatrixXd cross;  ///< co-moment matrix (dense metric only; m2 is its diagonal up to rounding)

  void reset(int dim, bool dense = false) {
    count = 0.0;
    mean = Eigen::VectorXd::Zero(dim);
    m2 = Eigen::VectorXd::Zero(dim);
    if (dense)
      cross = Eigen::MatrixXd::Zero(dim, dim);
    else
      cross.resize(0, 0);
  }
  void add(const Eigen::VectorXd& x) {
    count += 1.0;
    const Eigen::VectorXd delta = x - mean;
    mean += delta / count;
    m2.array() += delta.array() * (x - mean).array();
    // Welford's co-moment update M₂ += (x − x̄_old)(x − x̄_new)ᵀ
    if (cross.size() > 0) cross.noalias() += delta * (x - mean).transpose();
  }
  /// Chan–Golub–LeVeque merge (the order of merges fixes the rounding).
  void merge(const VarianceAccumulator& o) {
    if (o.count == 0.0) return;
    if (count == 0.0) {
      *this = o;
      return;
    }
    const double n = count + o.count;
    const Eigen::VectorXd delta = o.mean - mean;
    mean += delta * (o.count / n);
    m2 += o.m2 + delta.cwiseProduct(delta) * (count * o.count / n);
    if (cross.size() > 0) cross += o.cross + (delta * delta.transpose()) * (count * o.count / n);
    count = n;
  }
  /// Unbiased sample variance.
  Eigen::VectorXd variance() const { return m2 / (count - 1.0); }
  /// Unbiased sample covariance (dense accumulators only), symmetrised.
  Eigen::MatrixXd covariance() const {
    const Eigen::MatrixXd c = cross / (count - 1.0);
    return 0.5 * (c + c.transpose());
  }
};

/// The draws of one (half-)window of a chain: the positions and the gradients of log π at them.
struct WindowAccumulator {
  VarianceAccumulator position, gradient;

  void reset(int dim, bool dense = false) {
    position.reset(dim, dense);
    gradient.reset(dim, dense);
  }
  void add(const Eigen::VectorXd& x, const Eigen::VectorXd& grad) {
    position.add(x);
    gradient.add(grad);
  }
  void merge(const WindowAccumulator& o) {
    position.merge(o.position);
    gradient.merge(o.gradient);
  }
  double count() const { return position.count; }
};

/// Stan's regularised diagonal inverse metric from a pooled window of n draws.
inline Eigen::VectorXd regularized_inverse_metric(const VarianceAccumulator& pooled) {
  const double n = pooled.count;
  return (n / (n + 5.0)) * pooled.variance().array() + 1e-3 * (5.0 / (n + 5.0));
}

/// Stan's regularised dense inverse metric from a pooled window of n draws (a dense accumulator):
/// n/(n + 5) · C + 10⁻³ · 5/(n + 5) · I.
inline Eigen::MatrixXd regularized_dense_inverse_metric(const VarianceAccumulator& pooled) {
  const double n = pooled.count;
  Eigen::MatrixXd a = (n / (n + 5.0)) * pooled.covariance();
  a.diagonal().array() += 1e-3 * (5.0 / (n + 5.0));
  return a;
}

/// Iterations [begin, end) of one metric window (0-based warmup iterations).
struct MetricWindow {
  std::int64_t begin, end;
};

/// Stan's windowed-adaptation schedule for `warmup` iterations (see the file comment). Empty when warmup
/// is too short (< 20) for a metric window; then only the step size adapts.
inline std::vector<MetricWindow> metric_windows(std::int64_t warmup) {
  std::int64_t init_buffer = 75, term_buffer = 50, base_window = 25;
  std::vector<MetricWindow> windows;
  if (warmup < 20) return windows;
  if (init_buffer + base_window + term_buffer > warmup) {
    init_buffer = static_cast<std::int64_t>(0.15 * static_cast<double>(warmup));
    term_buffer = static_cast<std::int64_t>(0.1 * static_cast<double>(warmup));
    base_window = warmup - (init_buffer + term_buffer);
  }
  const std::int64_t last = warmup - term_buffer;
  std::int64_t begin = init_buffer, size = base_window;
  while (begin < last) {
    std::int64_t end = begin + size;
    if (end + 2 * size > last) end = last;
    windows.push_back({begin, end});
    begin = end;
    size *= 2;
  }
  return windows;
}

/// Stan's initial step-size heuristic (stan::mcmc::base_hmc::init_stepsize) applied to any sampler that can
/// report the acceptance probability of one trial transition: starting from h, double (or halve) h while
/// the trial acceptance probability stays above (or below) 0.8; stop at the first crossing. `probe(h)`
/// returns the acceptance probability of a trial move with step h from the current state (always with the
/// same noise). At most 60 trials, and h stays in [1e-12, 1e6].
template <class Probe>
double search_initial_step_size(double h, Probe&& probe) {
  double a = probe(h);
  const int direction = a > 0.8 ? 1 : -1;
  for (int trial = 0; trial < 60; ++trial) {
    const double next = direction > 0 ? 2.0 * h : 0.5 * h;
    if (next < 1e-12 || next > 1e6) break;
    h = next;
    a = probe(h);
    if (direction > 0 && !(a > 0.8)) break;
    if (direction < 0 && !(a < 0.8)) break;
  }
  return h;
}

}  // namespace ito::mcmc
