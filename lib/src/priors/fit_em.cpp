#include "ito/priors/fit_em.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "ito/core/error.hpp"
#include "ito/core/log_sum_exp.hpp"
#include "ito/core/parallel.hpp"
#include "ito/random/normal.hpp"

namespace ito::priors {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using ito::detail::throw_error;

namespace {

constexpr std::size_t kBlock = 256;  // points per E-step block (fixed: results do not depend on threads)

// Points per M-step scatter block: at least n/32, so at most ~32 partial scatter matrices (K d² each for full
// covariances) are alive.
std::size_t scatter_block(Index n) { return std::max(kBlock, (static_cast<std::size_t>(n) + 31) / 32); }

struct Parameters {
  VectorXd w;
  MatrixXd means;             // d × K
  std::vector<MatrixXd> cov;  // full
  MatrixXd var;               // diagonal d × K, isotropic 1 × K
};

GaussianMixture build(const Parameters& p, CovarianceType type) {
  switch (type) {
    case CovarianceType::full:
      return GaussianMixture::full(p.w, p.means, p.cov);
    case CovarianceType::diagonal:
      return GaussianMixture::diagonal(p.w, p.means, p.var);
    case CovarianceType::isotropic:
      return GaussianMixture::isotropic(p.w, p.means, p.var.row(0).transpose());
  }
  return {};
}

// Sufficient statistics of one block, merged in block order.
struct Moments {
  double log_likelihood = 0.0;
  VectorXd n;  // Σ_i γ_ki
  MatrixXd s;  // Σ_i γ_ki x_i (d × K)
};

// The E-step under `g`: responsibilities into gamma (K × n), the summed log-likelihood, N_k and Σ γ x.
Moments e_step(const GaussianMixture& g, const MatrixXd& x, MatrixXd& gamma) {
  const Index K = g.components(), d = g.dim();
  gamma.resize(K, x.cols());
  Moments zero;
  zero.n = VectorXd::Zero(K);
  zero.s = MatrixXd::Zero(d, K);
  return core::parallel_reduce_blocks(
      static_cast<std::size_t>(x.cols()), kBlock, zero,
      [&](Moments& acc, std::size_t begin, std::size_t end) {
        const auto b = static_cast<Index>(end - begin), j0 = static_cast<Index>(begin);
        MatrixXd l;
        g.log_joint(1.0, 0.0, x.middleCols(j0, b), l);
        Eigen::RowVectorXd lognorm(b);
        core::softmax_columns(l, lognorm);
        gamma.middleCols(j0, b) = l;
        acc.log_likelihood = lognorm.sum();
        acc.n = l.rowwise().sum();
        acc.s.noalias() = x.middleCols(j0, b) * l.transpose();
      },
      [](Moments& acc, const Moments& part) {
        acc.log_likelihood += part.log_likelihood;
        acc.n += part.n;
        acc.s += part.s;
      });
}

double mean_log_likelihood(const GaussianMixture& g, const MatrixXd& x) {
  const double total = core::parallel_reduce_blocks(
      static_cast<std::size_t>(x.cols()), kBlock, 0.0,
      [&](double& acc, std::size_t begin, std::size_t end) {
        VectorXd lp;
        g.log_density(1.0, 0.0, x.middleCols(static_cast<Index>(begin), static_cast<Index>(end - begin)), lp);
        acc = lp.sum();
      },
      [](double& acc, double part) { acc += part; });
  return total / static_cast<double>(x.cols());
}

// M-step from responsibilities: weights N_k/n, means Σγx/N_k, covariances from the centred scatter
// Σ γ (x − m_k)(x − m_k)ᵀ / N_k (a second pass, so no cancellation of raw moments), eigenvalues clipped at the
// floor. A component whose responsibilities vanished (N_k < 1e-12 n) keeps its mean and covariance.
Parameters m_step(const MatrixXd& x, const MatrixXd& gamma, const Moments& mom, const Parameters& old,
                  CovarianceType type, double floor) {
  const Index K = gamma.rows(), d = x.rows(), n = x.cols();
  Parameters p = old;
  std::vector<bool> live(static_cast<std::size_t>(K));
  for (Index k = 0; k < K; ++k) {
    live[static_cast<std::size_t>(k)] = mom.n(k) >= 1e-12 * static_cast<double>(n);
    p.w(k) = std::max(mom.n(k), 1e-300) / static_cast<double>(n);
    if (live[static_cast<std::size_t>(k)]) p.means.col(k) = mom.s.col(k) / mom.n(k);
  }
  // Centred second moments per block, merged in block order.
  struct Scatter {
    std::vector<MatrixXd> full;
    MatrixXd diag;
  };
  Scatter zero;
  if (type == CovarianceType::full)
    zero.full.assign(static_cast<std::size_t>(K), MatrixXd::Zero(d, d));
  else
    zero.diag = MatrixXd::Zero(d, K);
  const std::size_t block = scatter_block(n);
  const Scatter sc = core::parallel_reduce_blocks(
      static_cast<std::size_t>(n), block, zero,
      [&](Scatter& acc, std::size_t begin, std::size_t end) {
        const auto b = static_cast<Index>(end - begin), j0 = static_cast<Index>(begin);
        MatrixXd r(d, b);
        for (Index k = 0; k < K; ++k) {
          if (!live[static_cast<std::size_t>(k)]) continue;
          r = x.middleCols(j0, b).colwise() - p.means.col(k);
          if (type == CovarianceType::full) {
            const MatrixXd rw = r.array().rowwise() * gamma.row(k).segment(j0, b).array().sqrt();
            acc.full[static_cast<std::size_t>(k)].selfadjointView<Eigen::Lower>().rankUpdate(rw);
          } else {
            acc.diag.col(k) = r.array().square().matrix() * gamma.row(k).segment(j0, b).transpose();
          }
        }
      },
      [&](Scatter& acc, const Scatter& part) {
        if (type == CovarianceType::full)
          for (Index k = 0; k < K; ++k) acc.full[static_cast<std::size_t>(k)] += part.full[static_cast<std::size_t>(k)];
        else
          acc.diag += part.diag;
      });
  for (Index k = 0; k < K; ++k) {
    if (!live[static_cast<std::size_t>(k)]) continue;
    switch (type) {
      case CovarianceType::full: {
        MatrixXd s = sc.full[static_cast<std::size_t>(k)].selfadjointView<Eigen::Lower>();
        s /= mom.n(k);
        const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(s);
        const VectorXd lam = eig.eigenvalues().cwiseMax(floor);
        MatrixXd c = eig.eigenvectors() * lam.asDiagonal() * eig.eigenvectors().transpose();
        p.cov[static_cast<std::size_t>(k)] = 0.5 * (c + c.transpose());
        break;
      }
      case CovarianceType::diagonal:
        p.var.col(k) = (sc.diag.col(k) / mom.n(k)).cwiseMax(floor);
        break;
      case CovarianceType::isotropic:
        p.var(0, k) = std::max(sc.diag.col(k).sum() / (mom.n(k) * static_cast<double>(d)), floor);
        break;
    }
  }
  return p;
}

double squared_distance(const MatrixXd& x, Index i, const VectorXd& c) { return (x.col(i) - c).squaredNorm(); }

}  // namespace

EmResult fit_gaussian_mixture(const MatrixXd& data, const EmOptions& o) {
  const char* f = "fit_gaussian_mixture";
  if (data.rows() < 1 || data.cols() < 1)
    throw_error<ParameterError>(f, ": the data set is empty (", data.rows(), "x", data.cols(), ")");
  for (Index j = 0; j < data.cols(); ++j)
    if (!data.col(j).allFinite()) throw_error<ParameterError>(f, ": data point ", j, " is not finite");
  if (o.components < 1) throw_error<ParameterError>(f, ": components = ", o.components, ", expected >= 1");
  if (o.max_iterations < 0) throw_error<ParameterError>(f, ": max_iterations = ", o.max_iterations, ", expected >= 0");
  if (!(o.tolerance >= 0.0) || !std::isfinite(o.tolerance))
    throw_error<ParameterError>(f, ": tolerance = ", o.tolerance, ", expected finite and >= 0");
  if (!(o.covariance_floor > 0.0) || !std::isfinite(o.covariance_floor))
    throw_error<ParameterError>(f, ": covariance_floor = ", o.covariance_floor, ", expected finite and > 0");
  if (!(o.heldout_fraction >= 0.0 && o.heldout_fraction < 1.0))
    throw_error<ParameterError>(f, ": heldout_fraction = ", o.heldout_fraction, ", expected in [0, 1)");

  const Index N = data.cols(), d = data.rows(), K = o.components;
  const random::NormalStream stream(o.seed, random::Purpose::fit);

  // Held-out split: the points with the smallest of N seeded uniform keys (path 0) are held out.
  const Index n_ho = heldout_count(N, o.heldout_fraction);
  std::vector<double> key(static_cast<std::size_t>(N));
  stream.fill_uniform(0, 0, key.size(), key.data());
  std::vector<Index> order(static_cast<std::size_t>(N));
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(), [&](Index a, Index b) {
    return key[static_cast<std::size_t>(a)] < key[static_cast<std::size_t>(b)] ||
           (key[static_cast<std::size_t>(a)] == key[static_cast<std::size_t>(b)] && a < b);
  });
  std::vector<Index> ho(order.begin(), order.begin() + n_ho), tr(order.begin() + n_ho, order.end());
  std::sort(ho.begin(), ho.end());
  std::sort(tr.begin(), tr.end());
  const Index n = static_cast<Index>(tr.size());
  if (n < K)
    throw_error<ParameterError>(f, ": ", n, " training points for ", K, " components (held out ", n_ho, " of ", N, ")");
  MatrixXd x(d, n), xho(d, n_ho);
  for (Index i = 0; i < n; ++i) x.col(i) = data.col(tr[static_cast<std::size_t>(i)]);
  for (Index i = 0; i < n_ho; ++i) xho.col(i) = data.col(ho[static_cast<std::size_t>(i)]);

  // k-means++ seeding (path 1: uniform c picks centre c, by inverse CDF of the squared distances D²).
  MatrixXd centres(d, K);
  VectorXd dist2(n);
  std::vector<int> label(static_cast<std::size_t>(n), 0);
  {
    const Index first = std::min<Index>(static_cast<Index>(stream.uniform(1, 0) * static_cast<double>(n)), n - 1);
    centres.col(0) = x.col(first);
    core::parallel_blocks(static_cast<std::size_t>(n), 4096, [&](std::size_t, std::size_t b, std::size_t e) {
      for (auto i = static_cast<Index>(b); i < static_cast<Index>(e); ++i)
        dist2(i) = squared_distance(x, i, centres.col(0));
    });
    for (Index c = 1; c < K; ++c) {
      const double total = dist2.sum();
      if (!(total > 0.0))
        throw_error<ParameterError>(f, ": the training data have fewer than ", K, " distinct points (", c,
                                    " found); lower components");
      const double u = stream.uniform(1, static_cast<std::uint64_t>(c)) * total;
      double acc = 0.0;
      Index pick = -1;
      for (Index i = 0; i < n; ++i) {
        acc += dist2(i);
        if (acc > u && dist2(i) > 0.0) {
          pick = i;
          break;
        }
      }
      if (pick < 0)  // u landed in the round-off at the very end: the last point with D² > 0
        for (Index i = n - 1; i >= 0 && pick < 0; --i)
          if (dist2(i) > 0.0) pick = i;
      centres.col(c) = x.col(pick);
      core::parallel_blocks(static_cast<std::size_t>(n), 4096, [&](std::size_t, std::size_t b, std::size_t e) {
        for (auto i = static_cast<Index>(b); i < static_cast<Index>(e); ++i) {
          const double d2 = squared_distance(x, i, centres.col(c));
          if (d2 < dist2(i)) {
            dist2(i) = d2;
            label[static_cast<std::size_t>(i)] = static_cast<int>(c);
          }
        }
      });
    }
  }

  // Initial parameters: one M-step from the hard assignment to the nearest centre (every cluster holds at
  // least its own centre, a distinct point).
  MatrixXd gamma = MatrixXd::Zero(K, n);
  for (Index i = 0; i < n; ++i) gamma(label[static_cast<std::size_t>(i)], i) = 1.0;
  Parameters p;
  p.w = VectorXd::Constant(K, 1.0 / static_cast<double>(K));
  p.means = centres;
  if (o.covariance == CovarianceType::full)
    p.cov.assign(static_cast<std::size_t>(K), MatrixXd::Identity(d, d));
  else
    p.var = MatrixXd::Ones(o.covariance == CovarianceType::diagonal ? d : 1, K);
  {
    Moments mom;
    mom.n = gamma.rowwise().sum();
    mom.s = x * gamma.transpose();
    p = m_step(x, gamma, mom, p, o.covariance, o.covariance_floor);
  }

  EmResult res;
  res.train_points = static_cast<int>(n);
  res.heldout_points = static_cast<int>(n_ho);
  GaussianMixture g = build(p, o.covariance);
  for (int it = 0;; ++it) {
    const Moments mom = e_step(g, x, gamma);
    const double ll = mom.log_likelihood / static_cast<double>(n);
    if (!std::isfinite(ll))
      throw_error<NumericalError>(f, ": the training log-likelihood is not finite at iteration ", it);
    res.train_log_likelihood.push_back(ll);
    if (n_ho > 0) res.heldout_log_likelihood.push_back(mean_log_likelihood(g, xho));
    if (o.on_iteration)
      o.on_iteration(it, ll, n_ho > 0 ? res.heldout_log_likelihood.back() : std::numeric_limits<double>::quiet_NaN());
    res.iterations = it;
    if (it > 0 && ll - res.train_log_likelihood[static_cast<std::size_t>(it - 1)] < o.tolerance) {
      res.converged = true;
      break;
    }
    if (it == o.max_iterations) break;
    p = m_step(x, gamma, mom, p, o.covariance, o.covariance_floor);
    g = build(p, o.covariance);
  }
  res.mixture = std::move(g);
  return res;
}

Index heldout_count(Index points, double heldout_fraction) {
  return static_cast<Index>(std::floor(heldout_fraction * static_cast<double>(points) + 0.5));
}

// Measured peak resident memory above the process's baseline, digits (d = 64, N = 1442), full covariances:
// 32 MB for K = 50 (this estimate: 29 MB), 112 MB for K = 200 (108 MB).
double fit_memory_bytes(Index dim, Index points, const EmOptions& o) {
  const double d = static_cast<double>(dim), N = static_cast<double>(points), K = o.components;
  const double n = N - static_cast<double>(heldout_count(points, o.heldout_fraction));
  const double per_component = o.covariance == CovarianceType::full       ? d * d
                               : o.covariance == CovarianceType::diagonal ? d
                                                                          : 1.0;
  const auto blocks = [](double items, double block) { return std::max(1.0, std::ceil(items / block)); };
  const double scatter_partials =
      std::min(blocks(n, static_cast<double>(scatter_block(static_cast<Index>(n)))), 65536.0);
  const double e_partials = std::min(blocks(n, static_cast<double>(kBlock)), 65536.0);
  const double doubles = 2.0 * d * N                   // the data and its train/held-out copies
                         + 2.0 * K * n                 // responsibilities (and one block's log-joints)
                         + e_partials * (d + 1.0) * K  // E-step partial sums
                         + (scatter_partials + 10.0) * K * per_component  // M-step partials, parameters, mixture
                         + 5.0 * N;                                       // split keys, order, distances, labels
  return 8.0 * doubles;
}

}  // namespace ito::priors
