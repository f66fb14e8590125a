#include "ito/inverse/exact_posterior.hpp"

#include <Eigen/Cholesky>
#include <cmath>

#include "ito/core/error.hpp"
#include "ito/core/log_sum_exp.hpp"

namespace ito::inverse {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using ito::detail::throw_error;
using priors::CovarianceType;
using priors::GaussianMixture;

namespace {

constexpr double kLogTwoPi = 1.8378770664093454836;

// Keeps the components whose normalised weight is representable (> 0 after exponentiation).
struct Kept {
  VectorXd w;
  std::vector<Index> index;
};
Kept normalise_log_weights(const VectorXd& logw) {
  VectorXd w(logw.size());
  core::softmax(logw.data(), static_cast<int>(logw.size()), w.data());
  if (!w.allFinite()) throw NumericalError("exact_posterior: the posterior weights are not finite");
  Kept k;
  for (Index i = 0; i < w.size(); ++i)
    if (w(i) > 0.0) k.index.push_back(i);
  k.w.resize(static_cast<Index>(k.index.size()));
  for (std::size_t i = 0; i < k.index.size(); ++i) k.w(static_cast<Index>(i)) = w(k.index[i]);
  return k;
}

MatrixXd columns(const MatrixXd& m, const std::vector<Index>& idx) {
  MatrixXd out(m.rows(), static_cast<Index>(idx.size()));
  for (std::size_t i = 0; i < idx.size(); ++i) out.col(static_cast<Index>(i)) = m.col(idx[i]);
  return out;
}

// Isotropic or diagonal prior, identity or mask operator: every coordinate is its own 1-D problem.
//   observed i:  variance λσ²/(λ + σ²), mean (σ² m + λ y)/(λ + σ²), log weight += log N(y; m, λ + σ²).
GaussianMixture coordinatewise(const GaussianMixture& prior, const LinearOperator& A, double sigma_y,
                               const VectorXd& y) {
  const Index d = prior.dim(), K = prior.components();
  const double s2 = sigma_y * sigma_y;
  const bool iso = prior.covariance_type() == CovarianceType::isotropic;
  MatrixXd mean = prior.means();
  MatrixXd var(d, K);
  for (Index k = 0; k < K; ++k)
    var.col(k) = iso ? VectorXd::Constant(d, prior.variances()(0, k)) : VectorXd(prior.variances().col(k));
  VectorXd logw = prior.weights().array().log();
  const auto& obs = A.observed();
  for (Index k = 0; k < K; ++k)
    for (std::size_t r = 0; r < obs.size(); ++r) {
      const Index i = obs[r];
      const double lam = var(i, k), m = mean(i, k), c = lam + s2, res = y(static_cast<Index>(r)) - m;
      logw(k) += -0.5 * (res * res / c + std::log(c) + kLogTwoPi);
      mean(i, k) = (s2 * m + lam * y(static_cast<Index>(r))) / c;
      var(i, k) = lam * s2 / c;
    }
  const Kept kept = normalise_log_weights(logw);
  const MatrixXd m = columns(mean, kept.index), v = columns(var, kept.index);
  if (iso && A.kind_enum() == LinearOperator::Kind::identity)
    return GaussianMixture::isotropic(kept.w, m, v.row(0).transpose());
  return GaussianMixture::diagonal(kept.w, m, v);
}

// One component's (or the shared) Kalman quantities for covariance Σ:
//   G = A Σ (d_y × d), S = A Σ Aᵀ + σ² I = L Lᵀ, W = L⁻¹ G, Σ_post = Σ − Wᵀ W.
struct Gain {
  Eigen::LLT<MatrixXd> llt;
  MatrixXd W, post;
  double half_logdet = 0.0;  // ½ log det S
};
Gain kalman(const MatrixXd& sigma, const LinearOperator& A, double s2) {
  Gain g;
  MatrixXd G;
  A.apply(sigma, G);  // Σ symmetric: A Σ
  MatrixXd S;
  A.apply(G.transpose(), S);  // A (A Σ)ᵀ = A Σ Aᵀ
  S = 0.5 * (S + S.transpose()).eval();
  S.diagonal().array() += s2;
  g.llt.compute(S);
  if (g.llt.info() != Eigen::Success) throw NumericalError("exact_posterior: A Σ Aᵀ + σ_y² I is not positive definite");
  g.W = g.llt.matrixL().solve(G);
  g.post = sigma;
  g.post.noalias() -= g.W.transpose() * g.W;
  g.post = 0.5 * (g.post + g.post.transpose()).eval();
  g.half_logdet = MatrixXd(g.llt.matrixL()).diagonal().array().log().sum();
  return g;
}

}  // namespace

GaussianMixture exact_posterior(const GaussianMixture& prior, const LinearOperator& A, double sigma_y,
                                const VectorXd& y) {
  if (prior.components() == 0) throw ParameterError("exact_posterior: the prior is empty");
  if (A.input_dim() != prior.dim())
    throw_error<ParameterError>("exact_posterior: the ", A.kind(), " operator acts on dimension ", A.input_dim(),
                                ", the prior has dimension ", prior.dim());
  if (y.size() != A.output_dim())
    throw_error<ParameterError>("exact_posterior: the observation has ", y.size(), " entries, the ", A.kind(),
                                " operator produces ", A.output_dim());
  if (!std::isfinite(sigma_y) || sigma_y <= 0.0)
    throw_error<ParameterError>("exact_posterior: sigma_y = ", sigma_y, ", expected finite and > 0");
  if (!y.allFinite()) throw ParameterError("exact_posterior: the observation has a non-finite entry");

  const bool structured_prior = prior.covariance_type() != CovarianceType::full;
  const bool structured_op =
      A.kind_enum() == LinearOperator::Kind::identity || A.kind_enum() == LinearOperator::Kind::mask;
  if (structured_prior && structured_op) return coordinatewise(prior, A, sigma_y, y);

  const Index K = prior.components(), d_y = A.output_dim();
  const double s2 = sigma_y * sigma_y;
  // Residuals of every component at once: R = y − A M (d_y × K).
  MatrixXd am;
  A.apply(prior.means(), am);
  const MatrixXd R = (-am).colwise() + y;
  VectorXd logw = prior.weights().array().log();
  MatrixXd mean = prior.means();
  if (prior.shared_covariance()) {
    const Gain g = kalman(prior.covariance(0), A, s2);
    const MatrixXd Z = g.llt.matrixL().solve(R);  // L⁻¹ (y − A m_k)
    mean.noalias() += g.W.transpose() * Z;        // m + Σ Aᵀ S⁻¹ r = m + Wᵀ L⁻¹ r
    for (Index k = 0; k < K; ++k)
      logw(k) += -0.5 * Z.col(k).squaredNorm() - g.half_logdet - 0.5 * static_cast<double>(d_y) * kLogTwoPi;
    const Kept kept = normalise_log_weights(logw);
    return GaussianMixture::full_shared(kept.w, columns(mean, kept.index), g.post);
  }
  std::vector<MatrixXd> post;
  post.reserve(static_cast<std::size_t>(K));
  for (Index k = 0; k < K; ++k) {
    const Gain g = kalman(prior.covariance(static_cast<int>(k)), A, s2);
    const VectorXd z = g.llt.matrixL().solve(R.col(k));
    mean.col(k).noalias() += g.W.transpose() * z;
    logw(k) += -0.5 * z.squaredNorm() - g.half_logdet - 0.5 * static_cast<double>(d_y) * kLogTwoPi;
    post.push_back(g.post);
  }
  const Kept kept = normalise_log_weights(logw);
  std::vector<MatrixXd> kept_post;
  for (Index i : kept.index) kept_post.push_back(std::move(post[static_cast<std::size_t>(i)]));
  return GaussianMixture::full(kept.w, columns(mean, kept.index), std::move(kept_post));
}

}  // namespace ito::inverse
