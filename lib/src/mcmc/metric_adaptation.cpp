#include "ito/mcmc/metric_adaptation.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "ito/core/error.hpp"

namespace ito::mcmc {

namespace {

/// τ̂ of the file comment from the half-window accumulators `groups` and their merge `pooled`.
double autocorrelation_time(const std::vector<const VarianceAccumulator*>& groups, const VarianceAccumulator& pooled) {
  const auto g = static_cast<double>(groups.size());
  const Eigen::Index dim = pooled.mean.size();
  if (groups.size() < 2 || dim == 0) return 1.0;
  double within_dof = 0.0;
  Eigen::VectorXd within = Eigen::VectorXd::Zero(dim), between = Eigen::VectorXd::Zero(dim);
  for (const VarianceAccumulator* h : groups) {
    within += h->m2;
    within_dof += h->count - 1.0;
    between += h->count * (h->mean - pooled.mean).cwiseAbs2();
  }
  if (!(within_dof > 0.0)) return 1.0;
  within /= within_dof;
  between /= g - 1.0;
  double sum = 0.0;
  int used = 0;
  for (Eigen::Index i = 0; i < dim; ++i)
    if (within(i) > 0.0 && std::isfinite(between(i) / within(i))) {
      sum += between(i) / within(i);
      ++used;
    }
  return used > 0 ? std::clamp(sum / used, 1.0, std::max(1.0, pooled.count / g)) : 1.0;
}

/// Ledoit–Wolf shrinkage of the correlations of c towards 0 for n draws (variances kept).
Eigen::MatrixXd shrink(Eigen::MatrixXd c, double n, double& lambda) {
  lambda = correlation_shrinkage(c, n);
  const Eigen::VectorXd variances = c.diagonal();
  c *= 1.0 - lambda;
  c.diagonal() = variances;
  return c;
}

}  // namespace

PooledWindow pool_metric_windows(const std::vector<ChainState>& chains, int dim, bool dense) {
  PooledWindow w;
  w.pooled.reset(dim, dense);
  std::vector<const VarianceAccumulator*> positions;
  for (const auto& cs : chains)
    for (const auto& half : cs.metric_window)
      if (half.count() > 0.0) {
        w.pooled.merge(half);
        positions.push_back(&half.position);
      }
  w.half_windows = static_cast<double>(positions.size());
  w.autocorrelation_time = autocorrelation_time(positions, w.pooled.position);
  return w;
}

double correlation_shrinkage(const Eigen::MatrixXd& c, double draws) {
  const Eigen::Index d = c.rows();
  double noise = 0.0, signal = 0.0;
  for (Eigen::Index j = 0; j < d; ++j)
    for (Eigen::Index i = j + 1; i < d; ++i) {
      const double scale = c(i, i) * c(j, j);
      if (!(scale > 0.0)) continue;
      const double r2 = c(i, j) * c(i, j) / scale;
      noise += (1.0 - r2) * (1.0 - r2) / draws;
      signal += r2;
    }
  if (!(signal > 0.0)) return 1.0;
  return std::clamp(noise / signal, 0.0, 1.0);
}

MetricEstimate estimate_metric(const PooledWindow& window, bool dense) {
  const VarianceAccumulator& x = window.pooled.position;
  const VarianceAccumulator& g = window.pooled.gradient;
  const double n = x.count, weight = n / (n + 5.0), ridge = 1e-3 * (5.0 / (n + 5.0));
  MetricEstimate e;
  if (!dense) {
    const Eigen::VectorXd vx = x.variance(), vg = g.variance();
    e.diagonal.resize(vx.size());
    for (Eigen::Index i = 0; i < vx.size(); ++i)
      e.diagonal(i) = vg(i) > 0.0 && std::isfinite(vg(i)) ? std::sqrt(vx(i) / vg(i)) : vx(i);
    e.diagonal = weight * e.diagonal.array() + ridge;
    return e;
  }
  // A C_g A = C_x: with C_g = R Rᵀ (Cholesky), (Rᵀ A R)² = Rᵀ C_x R, so A = R⁻ᵀ (Rᵀ C_x R)^{1/2} R⁻¹. With
  // fewer draws than dimensions (or singular covariances) both are shrunk first, to be positive definite.
  Eigen::MatrixXd cx = x.covariance(), cg = g.covariance();
  Eigen::LLT<Eigen::MatrixXd> llt(cg);
  if (!(n > static_cast<double>(cx.rows())) || llt.info() != Eigen::Success ||
      Eigen::LLT<Eigen::MatrixXd>(cx).info() != Eigen::Success) {
    double unused;
    cx = shrink(cx, n, unused);
    cg = shrink(cg, n, unused);
    llt.compute(cg);
  }
  if (llt.info() == Eigen::Success) {
    const Eigen::MatrixXd r = llt.matrixL();
    const Eigen::MatrixXd m = r.transpose() * cx * r;
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(0.5 * (m + m.transpose()));
    Eigen::MatrixXd a =
        eig.eigenvectors() * eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal() * eig.eigenvectors().transpose();
    const auto rt = r.transpose().triangularView<Eigen::Upper>();
    rt.solveInPlace(a);    // R⁻ᵀ S
    a.transposeInPlace();  // S R⁻¹ (S symmetric)
    rt.solveInPlace(a);    // R⁻ᵀ S R⁻¹
    e.dense = 0.5 * (a + a.transpose());
  } else {
    e.dense = cx;  // gradients without variance in some direction (the target is flat there): the draws alone
  }
  // the correlations of A, estimated from n draws, shrunk like those of a sample covariance
  e.dense = shrink(e.dense, n, e.shrinkage);
  e.dense *= weight;
  e.dense.diagonal().array() += ridge;
  e.diagonal = e.dense.diagonal();
  return e;
}

double metric_change(const RunState& state, const MetricEstimate& e) {
  Eigen::VectorXd mu;
  if (e.dense.size() == 0) {
    mu = e.diagonal.cwiseQuotient(state.inverse_metric);
  } else {
    // eigenvalues of L₀⁻¹ A L₀⁻ᵀ, with A₀ = L₀ L₀ᵀ (the identity before the first window)
    Eigen::MatrixXd m = e.dense;
    if (state.inverse_metric_factor.size() > 0) {
      const auto l = state.inverse_metric_factor.triangularView<Eigen::Lower>();
      l.solveInPlace(m);
      m.transposeInPlace();
      l.solveInPlace(m);
    }
    mu =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(0.5 * (m + m.transpose()), Eigen::EigenvaluesOnly).eigenvalues();
  }
  const double lo = mu.minCoeff(), hi = mu.maxCoeff();
  return lo > 0.0 ? hi / lo : std::numeric_limits<double>::infinity();
}

bool metric_settled(const PooledWindow& window, double change, double settle_ratio) {
  return change <= settle_ratio && window.half_windows > 0.0 &&
         window.pooled.count() / window.half_windows >= 10.0 * window.autocorrelation_time;
}

void set_metric(RunState& state, const MetricEstimate& e, std::int64_t t) {
  if (e.dense.size() == 0) {
    state.inverse_metric = e.diagonal;
    return;
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(e.dense);
  if (llt.info() != Eigen::Success || !e.dense.allFinite())
    ito::detail::throw_error<NumericalError>("dense metric: the regularised warmup covariance of the window ending at ",
                                             "iteration ", t, " is not positive definite");
  state.inverse_metric_factor = llt.matrixL();
  const Eigen::MatrixXd metric = state.inverse_metric_factor * state.inverse_metric_factor.transpose();
  state.inverse_metric = metric.diagonal();
}

}  // namespace ito::mcmc
