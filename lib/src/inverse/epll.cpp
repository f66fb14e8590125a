#include "ito/inverse/epll.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <sstream>

#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"

// ParameterError with the streamed message when cond is false.
#define ITO_EPLL_REQUIRE(cond, msg)           \
  do {                                        \
    if (!(cond)) {                            \
      std::ostringstream os_;                 \
      os_ << msg;                             \
      throw ::ito::ParameterError(os_.str()); \
    }                                         \
  } while (0)

namespace ito::inverse {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

Eigen::VectorXd epll(const priors::GaussianMixture& prior, int p, int rows, int cols, const LinearOperator& A,
                     const VectorXd& y, double sigma_y, const EpllOptions& o) {
  const Index d = static_cast<Index>(rows) * cols, q = static_cast<Index>(p) * p;
  ITO_EPLL_REQUIRE(prior.dim() == q, "epll: the patch prior has dimension " << prior.dim() << ", a " << p << " x " << p
                                                                            << " patch has " << q);
  ITO_EPLL_REQUIRE(rows >= p && cols >= p, "epll: the " << rows << " x " << cols << " image is smaller than a patch");
  ITO_EPLL_REQUIRE(A.input_dim() == d &&
                       (A.kind_enum() == LinearOperator::Kind::identity || A.kind_enum() == LinearOperator::Kind::mask),
                   "epll: needs the identity or a mask on the " << d << " pixels (got " << A.kind() << ")");
  ITO_EPLL_REQUIRE(y.size() == A.output_dim(), "epll: y has " << y.size() << " entries, A gives " << A.output_dim());
  ITO_EPLL_REQUIRE(sigma_y > 0.0 && !o.beta_factors.empty() && o.iterations >= 1,
                   "epll: needs sigma_y > 0, beta factors and iterations >= 1");
  const double sigma_e = o.sigma > 0.0 ? o.sigma : sigma_y;
  const double lambda = static_cast<double>(q) / (sigma_y * sigma_y);

  // Aᵀy and diag(AᵀA) (0/1), and the start
  VectorXd aty = VectorXd::Zero(d), ata = VectorXd::Zero(d);
  const auto& obs = A.observed();
  for (std::size_t i = 0; i < obs.size(); ++i) {
    aty(obs[i]) = y(static_cast<Index>(i));
    ata(obs[i]) = 1.0;
  }
  VectorXd x = aty;
  if (A.kind_enum() == LinearOperator::Kind::mask) {
    const double mean = y.mean();
    for (Index i = 0; i < d; ++i)
      if (ata(i) == 0.0) x(i) = mean;
  }
  // eigendecompositions of the Σ_k (the Wiener filters Σ(Σ + β⁻¹I)⁻¹ = Q diag(λ/(λ + β⁻¹)) Qᵀ)
  const int K = prior.components();
  std::vector<MatrixXd> Q(static_cast<std::size_t>(K));
  MatrixXd lam(q, K);
  for (int k = 0; k < K; ++k) {
    Eigen::SelfAdjointEigenSolver<MatrixXd> es(prior.covariance(k));
    Q[static_cast<std::size_t>(k)] = es.eigenvectors();
    lam.col(k) = es.eigenvalues().cwiseMax(0.0);
  }
  const MatrixXd& means = prior.means();
  const Index nr = rows - p + 1, nc = cols - p + 1, total = nr * nc;
  VectorXd count = VectorXd::Zero(d);
  for (Index r = 0; r < nr; ++r)
    for (Index c = 0; c < nc; ++c)
      for (int a = 0; a < p; ++a) count.segment((r + a) * cols + c, p).array() += 1.0;

  constexpr Index kBlock = 256;
  constexpr std::size_t kRound = 64;
  const std::size_t blocks = core::block_count(static_cast<std::size_t>(total), kBlock);
  std::vector<MatrixXd> Z(kRound);
  VectorXd acc(d);
  for (double factor : o.beta_factors) {
    const double beta = factor / (sigma_e * sigma_e), noise = 1.0 / std::sqrt(beta);
    for (int it = 0; it < o.iterations; ++it) {
      acc.setZero();
      for (std::size_t first = 0; first < blocks; first += kRound) {
        const std::size_t nb = std::min(kRound, blocks - first);
        const Index g_begin = static_cast<Index>(first) * kBlock;
        const Index g_end = std::min(total, g_begin + static_cast<Index>(nb) * kBlock);
        core::parallel_blocks(static_cast<std::size_t>(g_end - g_begin), kBlock,
                              [&](std::size_t b, std::size_t begin, std::size_t end) {
                                const Index g0 = g_begin + static_cast<Index>(begin);
                                const Index n = static_cast<Index>(end - begin);
                                MatrixXd P(q, n), L;
                                for (Index g = 0; g < n; ++g) {
                                  const Index r = (g0 + g) / nc, c = (g0 + g) % nc;
                                  for (int a = 0; a < p; ++a)
                                    P.col(g).segment(static_cast<Index>(a) * p, p) = x.segment((r + a) * cols + c, p);
                                }
                                prior.log_joint(1.0, noise, P, L);
                                MatrixXd& out = Z[b];
                                out.resize(q, n);
                                for (Index g = 0; g < n; ++g) {
                                  Index k;
                                  L.col(g).maxCoeff(&k);
                                  const auto& Qk = Q[static_cast<std::size_t>(k)];
                                  const VectorXd w = (lam.col(k).array() / (lam.col(k).array() + noise * noise))
                                                         .matrix()
                                                         .cwiseProduct(Qk.transpose() * (P.col(g) - means.col(k)));
                                  out.col(g) = means.col(k) + Qk * w;
                                }
                              });
        for (std::size_t b = 0; b < nb; ++b) {
          const Index g0 = g_begin + static_cast<Index>(b) * kBlock;
          for (Index g = 0; g < Z[b].cols(); ++g) {
            const Index r = (g0 + g) / nc, c = (g0 + g) % nc;
            for (int a = 0; a < p; ++a)
              acc.segment((r + a) * cols + c, p) += Z[b].col(g).segment(static_cast<Index>(a) * p, p);
          }
        }
      }
      x = (lambda * aty + beta * acc).cwiseQuotient(lambda * ata + beta * count);
      if (!x.allFinite()) throw NumericalError("epll: the estimate is not finite at beta = " + std::to_string(beta));
    }
  }
  return x;
}

}  // namespace ito::inverse
