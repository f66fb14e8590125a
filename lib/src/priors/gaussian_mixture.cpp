#include "ito/priors/gaussian_mixture.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

#include "ito/core/error.hpp"
#include "ito/core/log_sum_exp.hpp"
#include "ito/random/normal.hpp"

namespace ito::priors {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using ito::detail::throw_error;

namespace {

constexpr double kLogTwoPi = 1.8378770664093454836;  // log 2π
constexpr Index kChunk = 256;                        // columns per chunk
// A squared Mahalanobis distance expanded as ‖x‖² − 2α mᵀx + α²‖m‖² (all /c) loses about ε·(‖x‖² + α²‖m‖²)/c
// to cancellation; above this magnitude (an absolute error near 1e-9 in a log-density) the entry is recomputed
// directly from x − α m.
constexpr double kExpansionLimit = 0x1p23;

// Scratch memory: thread_local, grown on demand, never shrunk. Each slot is one temporary matrix of a call. The
// slots are aligned as Eigen aligns its own matrices: Eigen's vectorised reductions and products start at the
// first aligned element of a Map, so with a malloc'd buffer (aligned to 16 bytes, sometimes to 64) the order of
// their sums, and so their last bits, would depend on the heap's history (seen as ulp differences between MPI
// ranks and one process).
struct Scratch {
  std::array<std::vector<double, Eigen::aligned_allocator<double>>, 20> slots;
  Eigen::Map<MatrixXd> matrix(int slot, Index rows, Index cols) {
    auto& v = slots[static_cast<std::size_t>(slot)];
    const auto n = static_cast<std::size_t>(rows * cols);
    if (v.size() < n) v.resize(n);
    return Eigen::Map<MatrixXd>(v.data(), rows, cols);
  }
};
thread_local Scratch scratch;

enum Slot { kX, kV, kL, kP, kPV, kA, kT1, kT2, kT3, kZ, kU, kRow1, kRow2, kConst, kC, kInvC, kRx, kMC, kMR };

void require_finite_positive_weights(const VectorXd& w, const char* factory) {
  if (w.size() < 1) throw_error<ParameterError>("GaussianMixture::", factory, ": at least one component is required");
  for (Index k = 0; k < w.size(); ++k)
    if (!std::isfinite(w(k)) || w(k) <= 0.0)
      throw_error<ParameterError>("GaussianMixture::", factory, ": weight ", k, " is ", w(k),
                                  "; weights must be finite and > 0");
}

}  // namespace

std::string to_string(CovarianceType type) {
  switch (type) {
    case CovarianceType::full:
      return "full";
    case CovarianceType::diagonal:
      return "diagonal";
    case CovarianceType::isotropic:
      return "isotropic";
  }
  return "?";
}

CovarianceType covariance_type_from_string(const std::string& name) {
  if (name == "full") return CovarianceType::full;
  if (name == "diagonal") return CovarianceType::diagonal;
  if (name == "isotropic") return CovarianceType::isotropic;
  throw_error<ParameterError>("unknown covariance type '", name, "' (expected full, diagonal or isotropic)");
}

struct GaussianMixture::Request {
  VectorXd* log_density = nullptr;
  MatrixXd* log_joint = nullptr;
  MatrixXd* score = nullptr;
  MatrixXd* denoised = nullptr;
  MatrixXd* jvp = nullptr;
  const Guide* guide = nullptr;  // jvp's V = guide(denoised), chunk by chunk (isotropic and diagonal engines)
};

// ---------------------------------------------------------------------------------------------------------
// Construction

GaussianMixture GaussianMixture::full_shared(VectorXd w, MatrixXd means, MatrixXd cov) {
  if (w.size() < 1) throw ParameterError("GaussianMixture::full_shared: at least one component is required");
  // Validated as a one-component `full` list, then marked shared for all K components.
  std::vector<MatrixXd> one;
  one.push_back(std::move(cov));
  return full(std::move(w), std::move(means), std::move(one), true);
}

GaussianMixture GaussianMixture::full(VectorXd w, MatrixXd means, std::vector<MatrixXd> cov) {
  return full(std::move(w), std::move(means), std::move(cov), false);
}

GaussianMixture GaussianMixture::full(VectorXd w, MatrixXd means, std::vector<MatrixXd> cov, bool one_for_all) {
  GaussianMixture g;
  g.type_ = CovarianceType::full;
  g.w_ = std::move(w);
  g.means_ = std::move(means);
  const char* factory = one_for_all ? "full_shared" : "full";
  require_finite_positive_weights(g.w_, factory);
  if (!one_for_all && static_cast<Index>(cov.size()) != g.w_.size())
    throw_error<ParameterError>("GaussianMixture::full: ", cov.size(), " covariances for ", g.w_.size(), " weights");
  const Index d = g.means_.rows();
  for (std::size_t k = 0; k < cov.size(); ++k) {
    MatrixXd& s = cov[k];
    if (s.rows() != d || s.cols() != d)
      throw_error<ParameterError>("GaussianMixture::", factory, ": covariance ", k, " is ", s.rows(), "x", s.cols(),
                                  ", expected ", d, "x", d, " to match the means");
    if (!s.allFinite()) throw_error<ParameterError>("GaussianMixture::", factory, ": covariance ", k, " is not finite");
    const double scale = s.cwiseAbs().maxCoeff();
    const double asym = (s - s.transpose()).cwiseAbs().maxCoeff();
    if (asym > 1e-10 * scale)
      throw_error<ParameterError>("GaussianMixture::", factory, ": covariance ", k,
                                  " is not symmetric (|Σ − Σᵀ| = ", asym, ", largest entry ", scale, ")");
    s = (0.5 * (s + s.transpose())).eval();
  }
  g.cov_ = std::move(cov);
  g.shared_ = one_for_all;
  g.finish_construction(factory);
  return g;
}

GaussianMixture GaussianMixture::diagonal(VectorXd w, MatrixXd means, MatrixXd variances) {
  GaussianMixture g;
  g.type_ = CovarianceType::diagonal;
  g.w_ = std::move(w);
  g.means_ = std::move(means);
  require_finite_positive_weights(g.w_, "diagonal");
  if (variances.rows() != g.means_.rows() || variances.cols() != g.w_.size())
    throw_error<ParameterError>("GaussianMixture::diagonal: variances are ", variances.rows(), "x", variances.cols(),
                                ", expected ", g.means_.rows(), "x", g.w_.size(), " (d x K)");
  g.lambda_ = std::move(variances);
  g.finish_construction("diagonal");
  return g;
}

GaussianMixture GaussianMixture::isotropic(VectorXd w, MatrixXd means, VectorXd variances) {
  GaussianMixture g;
  g.type_ = CovarianceType::isotropic;
  g.w_ = std::move(w);
  g.means_ = std::move(means);
  require_finite_positive_weights(g.w_, "isotropic");
  if (variances.size() != g.w_.size())
    throw_error<ParameterError>("GaussianMixture::isotropic: ", variances.size(), " variances for ", g.w_.size(),
                                " weights");
  g.lambda_ = variances.transpose();
  g.finish_construction("isotropic");
  return g;
}

GaussianMixture GaussianMixture::gaussian(VectorXd mean, MatrixXd cov) {
  MatrixXd m = std::move(mean);
  return full(VectorXd::Ones(1), std::move(m), std::vector<MatrixXd>{std::move(cov)});
}

GaussianMixture GaussianMixture::empirical(MatrixXd data) {
  if (data.cols() < 1) throw ParameterError("GaussianMixture::empirical: the data set is empty");
  const Index n = data.cols();
  return isotropic(VectorXd::Constant(n, 1.0 / static_cast<double>(n)), std::move(data), VectorXd::Zero(n));
}

void GaussianMixture::finish_construction(const char* factory) {
  k_ = static_cast<int>(w_.size());
  d_ = static_cast<int>(means_.rows());
  if (d_ < 1) throw_error<ParameterError>("GaussianMixture::", factory, ": the dimension must be >= 1");
  if (means_.cols() != k_)
    throw_error<ParameterError>("GaussianMixture::", factory, ": means are ", means_.rows(), "x", means_.cols(),
                                ", expected d x K with K = ", k_, " (one column per weight)");
  for (Index k = 0; k < k_; ++k)
    if (!means_.col(k).allFinite())
      throw_error<ParameterError>("GaussianMixture::", factory, ": mean ", k, " is not finite");
  w_ /= w_.sum();
  log_w_ = w_.array().log();
  cumulative_w_.resize(k_);
  std::partial_sum(w_.begin(), w_.end(), cumulative_w_.begin());
  lambda_min_.resize(k_);

  if (type_ == CovarianceType::full) {
    if (!shared_) shared_ = std::all_of(cov_.begin(), cov_.end(), [&](const MatrixXd& s) { return s == cov_[0]; });
    if (shared_) cov_.resize(1);
    lambda_.resize(d_, k_);
    rotated_means_.resize(d_, k_);
    q_.clear();
    for (std::size_t u = 0; u < cov_.size(); ++u) {
      Eigen::SelfAdjointEigenSolver<MatrixXd> eig(cov_[u]);
      if (eig.info() != Eigen::Success)
        throw_error<ParameterError>("GaussianMixture::", factory, ": eigendecomposition of covariance ", u, " failed");
      VectorXd lam = eig.eigenvalues();
      const double top = lam.maxCoeff();
      if (lam.minCoeff() < -1e-10 * std::max(top, 0.0) || (top <= 0.0 && lam.minCoeff() < 0.0))
        throw_error<ParameterError>("GaussianMixture::", factory, ": covariance ", u,
                                    " is not positive semidefinite (smallest eigenvalue ", lam.minCoeff(), ", largest ",
                                    top, ")");
      lam = lam.cwiseMax(0.0);
      q_.push_back(eig.eigenvectors());
      if (shared_) {
        lambda_.colwise() = lam;
      } else {
        lambda_.col(static_cast<Index>(u)) = lam;
      }
    }
    for (Index k = 0; k < k_; ++k) {
      const MatrixXd& q = q_[shared_ ? 0 : static_cast<std::size_t>(k)];
      rotated_means_.col(k).noalias() = q.transpose() * means_.col(k);
      lambda_min_(k) = lambda_.col(k).minCoeff();
    }
    path_ = shared_ ? Path::shared_full : Path::full;
    if (shared_) detect_spikes();
    return;
  }
  for (Index k = 0; k < k_; ++k)
    for (Index i = 0; i < lambda_.rows(); ++i)
      if (!std::isfinite(lambda_(i, k)) || lambda_(i, k) < 0.0)
        throw_error<ParameterError>("GaussianMixture::", factory, ": variance ", lambda_(i, k), " of component ", k,
                                    type_ == CovarianceType::diagonal ? " (coordinate " + std::to_string(i) + ")" : "",
                                    " must be finite and >= 0");
  for (Index k = 0; k < k_; ++k) lambda_min_(k) = lambda_.col(k).minCoeff();
  shared_ = true;
  for (Index k = 1; k < k_ && shared_; ++k) shared_ = lambda_.col(k) == lambda_.col(0);
  if (type_ == CovarianceType::isotropic)
    path_ = Path::isotropic;
  else
    path_ = shared_ ? Path::shared_diagonal : Path::diagonal;
}

// A shared covariance whose eigenvalues are all equal but r ≤ d/4 of them: the longest run of (ascending)
// eigenvalues within 64·d·ε·λ_max of each other is the bulk λ₀ (its members set to their mean, a change of
// the order of the eigensolver's own error); the others are the spikes.
void GaussianMixture::detect_spikes() {
  const Index d = d_;
  const VectorXd lam = lambda_.col(0);
  const double tol = 64.0 * static_cast<double>(d) * std::numeric_limits<double>::epsilon() * lam.maxCoeff();
  Index best_begin = 0, best_len = 0;
  for (Index i = 0, j = 0; i < d; ++i) {
    if (j < i) j = i;
    while (j < d && lam(j) - lam(i) <= tol) ++j;
    if (j - i > best_len) {
      best_len = j - i;
      best_begin = i;
    }
  }
  const Index r = d - best_len;
  if (best_len < 2 || 4 * r > d) return;
  bulk_lambda_ = lam.segment(best_begin, best_len).mean();
  lambda_.middleRows(best_begin, best_len).setConstant(bulk_lambda_);
  spike_u_.resize(d, r);
  spike_lambda_.resize(r);
  Index s = 0;
  for (Index i = 0; i < d; ++i) {
    if (i >= best_begin && i < best_begin + best_len) continue;
    spike_u_.col(s) = q_[0].col(i);
    spike_lambda_(s++) = lam(i);
  }
  spike_um_ = spike_u_.transpose() * means_;
  lambda_min_.setConstant(lambda_.col(0).minCoeff());
  path_ = Path::shared_spiked;
}

// ---------------------------------------------------------------------------------------------------------
// Plain accessors

MatrixXd GaussianMixture::covariance(int k) const {
  ITO_REQUIRE(k >= 0 && k < k_, "component " << k << " out of range (K = " << k_ << ")");
  switch (type_) {
    case CovarianceType::full:
      return cov_[shared_ ? 0 : static_cast<std::size_t>(k)];
    case CovarianceType::diagonal:
      return lambda_.col(k).asDiagonal();
    case CovarianceType::isotropic:
      return lambda_(0, k) * MatrixXd::Identity(d_, d_);
  }
  return {};
}

VectorXd GaussianMixture::mean() const { return means_ * w_; }

MatrixXd GaussianMixture::covariance() const {
  const VectorXd m = mean();
  MatrixXd c = MatrixXd::Zero(d_, d_);
  for (int k = 0; k < k_; ++k) {
    const VectorXd r = means_.col(k) - m;
    c.noalias() += w_(k) * (covariance(k) + r * r.transpose());
  }
  return c;
}

void GaussianMixture::check_diffusion(double alpha, double sigma, const char* method) const {
  if (k_ == 0) throw_error<Error>("GaussianMixture::", method, ": the mixture is empty (default-constructed)");
  if (!std::isfinite(alpha) || !std::isfinite(sigma) || sigma < 0.0)
    throw_error<ParameterError>("GaussianMixture::", method, ": (alpha, sigma) = (", alpha, ", ", sigma,
                                ") must be finite with sigma >= 0");
  const double s2 = sigma * sigma, a2 = alpha * alpha;
  for (int k = 0; k < k_; ++k)
    if (!(a2 * lambda_min_(k) + s2 > 0.0))
      throw_error<ParameterError>("GaussianMixture::", method, ": the diffused law at (alpha, sigma) = (", alpha, ", ",
                                  sigma, ") has no density: component ", k,
                                  " has a singular covariance (smallest eigenvalue ", lambda_min_(k),
                                  ") and alpha^2 lambda_min + sigma^2 = 0; use sigma > 0");
}

// ---------------------------------------------------------------------------------------------------------
// Batched evaluation

void GaussianMixture::log_density(double alpha, double sigma, const MatrixXd& X, VectorXd& out) const {
  Request r;
  r.log_density = &out;
  evaluate(alpha, sigma, X, nullptr, r);
}

void GaussianMixture::log_joint(double alpha, double sigma, const MatrixXd& X, MatrixXd& L) const {
  Request r;
  r.log_joint = &L;
  evaluate(alpha, sigma, X, nullptr, r);
}

void GaussianMixture::score(double alpha, double sigma, const MatrixXd& X, MatrixXd& S) const {
  Request r;
  r.score = &S;
  evaluate(alpha, sigma, X, nullptr, r);
}

void GaussianMixture::denoise(double alpha, double sigma, const MatrixXd& X, MatrixXd& D) const {
  Request r;
  r.denoised = &D;
  evaluate(alpha, sigma, X, nullptr, r);
}

void GaussianMixture::denoise_jvp(double alpha, double sigma, const MatrixXd& X, const MatrixXd& V, MatrixXd& D,
                                  MatrixXd& JV) const {
  ITO_REQUIRE(&D != &JV, "D and JV must be different matrices");
  Request r;
  r.denoised = &D;
  r.jvp = &JV;
  evaluate(alpha, sigma, X, &V, r);
}

void GaussianMixture::denoise_guided_jvp(double alpha, double sigma, const MatrixXd& X, const Guide& guide,
                                         MatrixXd& D, MatrixXd& JV) const {
  ITO_REQUIRE(&D != &JV, "D and JV must be different matrices");
  if (path_ == Path::isotropic || path_ == Path::diagonal) {
    Request r;
    r.denoised = &D;
    r.jvp = &JV;
    r.guide = &guide;
    evaluate(alpha, sigma, X, nullptr, r);
    return;
  }
  MatrixXd D0, V;  // D0 apart: D may alias X, which denoise_jvp still reads
  denoise(alpha, sigma, X, D0);
  guide(D0, V);
  denoise_jvp(alpha, sigma, X, V, D, JV);
}

void GaussianMixture::evaluate(double alpha, double sigma, const MatrixXd& X, const MatrixXd* V,
                               const Request& want) const {
  const char* method = want.jvp         ? "denoise_jvp"
                       : want.denoised  ? "denoise"
                       : want.score     ? "score"
                       : want.log_joint ? "log_joint"
                                        : "log_density";
  check_diffusion(alpha, sigma, method);
  if (X.rows() != d_)
    throw_error<ParameterError>("GaussianMixture::", method, ": states have ", X.rows(),
                                " rows, the mixture has dimension ", d_);
  if (V && (V->rows() != X.rows() || V->cols() != X.cols()))
    throw_error<ParameterError>("GaussianMixture::", method, ": V is ", V->rows(), "x", V->cols(), ", X is ", X.rows(),
                                "x", X.cols());
  const Index B = X.cols(), d = d_, K = k_;
  if (want.log_density) want.log_density->resize(B);
  if (want.log_joint) want.log_joint->resize(K, B);
  if (want.score) want.score->resize(d, B);
  if (want.denoised) want.denoised->resize(d, B);
  if (want.jvp) want.jvp->resize(d, B);
  if (B == 0) return;
  if (path_ == Path::shared_spiked) {
    evaluate_spiked(alpha, sigma, X, V, want);
    return;
  }
  const bool need_gamma = want.score || want.denoised || want.jvp;
  const bool need_v = want.jvp != nullptr;
  const bool need_d = want.denoised || want.jvp;
  const bool guided = want.guide != nullptr;  // V comes from the chunk's D (denoise_guided_jvp)
  ITO_REQUIRE(!guided || ((path_ == Path::isotropic || path_ == Path::diagonal) && want.denoised && want.jvp && !V &&
                          !want.score),
              "a guided JVP needs an isotropic or diagonal mixture and exactly the denoiser and JVP");
  const double a2 = alpha * alpha, s2 = sigma * sigma;

  // Per-call constants, O(d K). c = α² λ + σ² per coordinate and component: 1 × K (isotropic), d × K
  // (diagonal, general full), d × 1 (shared). Mm are the means in the engine's frame (rotated for full).
  const bool rotated = path_ == Path::shared_full;
  const bool general_full = path_ == Path::full;
  const MatrixXd& Mm = rotated || general_full ? rotated_means_ : means_;
  const Index crows = path_ == Path::isotropic ? 1 : d;
  const Index ccols = (path_ == Path::shared_diagonal || rotated) ? 1 : K;
  auto C = scratch.matrix(kC, crows, ccols);
  C = (a2 * lambda_.topLeftCorner(crows, ccols).array() + s2).matrix();
  auto invC = scratch.matrix(kInvC, crows, ccols);
  invC = C.cwiseInverse();
  auto Rx = scratch.matrix(kRx, crows, ccols);  // α λ / c: the weight of x in D_k
  Rx = (alpha * lambda_.topLeftCorner(crows, ccols).array() * invC.array()).matrix();
  auto constk = scratch.matrix(kConst, K, 2);  // col 0: logit constant without the means' term; col 1: α²‖m‖²_c
  for (Index k = 0; k < K; ++k) {
    const Index ck = ccols == 1 ? 0 : k;
    double logdet, mm;
    if (path_ == Path::isotropic) {
      logdet = static_cast<double>(d) * std::log(C(0, k));
      mm = means_.col(k).squaredNorm() * invC(0, k);
    } else {
      logdet = C.col(ck).array().log().sum();
      mm = (Mm.col(k).array().square() * invC.col(ck).array()).sum();
    }
    constk(k, 0) = log_w_(k) - 0.5 * logdet - 0.5 * static_cast<double>(d) * kLogTwoPi;
    constk(k, 1) = a2 * mm;
  }
  // Diagonal engines: MC = m ⊘ c (the score's and logits' means), MR = m ⊙ σ²/c (the denoiser's).
  auto MC = scratch.matrix(kMC, general_full ? 0 : d, K);
  auto MR = scratch.matrix(kMR, general_full ? 0 : d, K);
  if (path_ == Path::isotropic) {
    MC = (means_.array().rowwise() * invC.row(0).array()).matrix();
    MR = (means_.array().rowwise() * (s2 * invC.row(0).array())).matrix();
  } else if (path_ == Path::diagonal) {
    MC = (means_.array() * invC.array()).matrix();
    MR = (means_.array() * (s2 * invC.array())).matrix();
  } else if (!general_full) {
    MC = (Mm.array().colwise() * invC.col(0).array()).matrix();
    MR = (Mm.array().colwise() * (s2 * invC.col(0).array())).matrix();
  }

  const Index chunk = [&] {
    if (!general_full) return kChunk;
    const Index per_column = K * d * (need_v ? 2 : 1);
    return std::clamp<Index>(Index{2} * 1024 * 1024 / std::max<Index>(per_column, 1), 8, kChunk);
  }();

  for (Index j0 = 0; j0 < B; j0 += chunk) {
    const Index b = std::min(chunk, B - j0);
    // Copies of the chunk's inputs: outputs may alias X or V.
    auto Xc = scratch.matrix(kX, d, b);
    Xc = X.middleCols(j0, b);
    auto Vc = scratch.matrix(kV, d, need_v ? b : 0);
    if (need_v && !guided) Vc = V->middleCols(j0, b);
    auto L = scratch.matrix(kL, K, b);
    auto lognorm = scratch.matrix(kRow1, 1, b);
    auto A = scratch.matrix(kA, K, need_v ? b : 0);  // a_k = γ_k (g_k·v − ḡ·v)
    auto gbar = scratch.matrix(kRow2, 1, b);

    if (general_full) {
      // Per component: Z_k = Q_kᵀ Xc − α Q_kᵀ m_k (direct, no expansion), U_k = Q_kᵀ Vc.
      auto Z = scratch.matrix(kZ, d, K * b);
      auto U = scratch.matrix(kU, d, need_v ? K * b : 0);
      for (Index k = 0; k < K; ++k) {
        const MatrixXd& q = q_[static_cast<std::size_t>(k)];
        auto Zk = Z.middleCols(k * b, b);
        Zk.noalias() = q.transpose() * Xc;
        Zk.colwise() -= alpha * rotated_means_.col(k);
        if (need_v) U.middleCols(k * b, b).noalias() = q.transpose() * Vc;
        L.row(k) =
            (constk(k, 0) - 0.5 * (Zk.array().square().colwise() * invC.col(k).array()).colwise().sum()).matrix();
      }
      if (want.log_joint) want.log_joint->middleCols(j0, b) = L;
      if (!need_gamma && !want.log_density) continue;
      core::softmax_columns(L, lognorm);
      if (want.log_density) want.log_density->segment(j0, b) = lognorm.transpose();
      if (!need_gamma) continue;
      const auto& G = L;  // responsibilities γ (K × b)
      auto W = scratch.matrix(kT1, d, 2 * b);
      if (need_v) {
        // g_k·v = −Σ_i z_ki u_ki / c_ki.
        for (Index k = 0; k < K; ++k)
          A.row(k) =
              -((Z.middleCols(k * b, b).array() * U.middleCols(k * b, b).array()).colwise() * invC.col(k).array())
                   .colwise()
                   .sum()
                   .matrix();
        gbar = (G.array() * A.array()).colwise().sum().matrix();
        A = (G.array() * (A.array().rowwise() - gbar.row(0).array())).matrix();
      }
      if (want.score) {
        // S = −Σ_k Q_k (γ_k ⊙ Z_k / c_k)
        auto S = want.score->middleCols(j0, b);
        S.setZero();
        for (Index k = 0; k < K; ++k) {
          if (G.row(k).maxCoeff() == 0.0) continue;  // contributes exactly 0
          auto Wk = W.leftCols(b);
          Wk = ((Z.middleCols(k * b, b).array().colwise() * invC.col(k).array()).rowwise() * G.row(k).array()).matrix();
          S.noalias() -= q_[static_cast<std::size_t>(k)] * Wk;
        }
      }
      if (need_d) {
        // D = M Γ + Σ_k Q_k [α λ_k/c_k ⊙ Z_k ⊙ γ_k];  JV = M a + Σ_k Q_k [α λ_k/c_k ⊙ (γ_k U_k + a_k Z_k)].
        auto DJ = scratch.matrix(kT2, d, need_v ? 2 * b : b);
        DJ.leftCols(b).noalias() = means_ * G;
        if (need_v) DJ.rightCols(b).noalias() = means_ * A;
        for (Index k = 0; k < K; ++k) {
          if (G.row(k).maxCoeff() == 0.0) continue;  // then a_k = 0 too: contributes exactly 0
          auto Zk = Z.middleCols(k * b, b);
          W.leftCols(b) = ((Zk.array().colwise() * Rx.col(k).array()).rowwise() * G.row(k).array()).matrix();
          if (need_v) {
            auto Uk = U.middleCols(k * b, b);
            W.rightCols(b) =
                ((Uk.array().rowwise() * G.row(k).array() + Zk.array().rowwise() * A.row(k).array()).colwise() *
                 Rx.col(k).array())
                    .matrix();
            DJ.noalias() += q_[static_cast<std::size_t>(k)] * W;
          } else {
            DJ.noalias() += q_[static_cast<std::size_t>(k)] * W.leftCols(b);
          }
        }
        if (want.denoised) want.denoised->middleCols(j0, b) = DJ.leftCols(b);
        if (want.jvp) want.jvp->middleCols(j0, b) = DJ.rightCols(b);
      }
      continue;
    }

    // Diagonal engines. A shared full covariance rotates the chunk into the common eigenbasis first.
    auto Y = scratch.matrix(kT1, d, rotated ? b : 0);
    auto Yv = scratch.matrix(kT2, d, rotated && need_v ? b : 0);
    if (rotated) {
      Y.noalias() = q_[0].transpose() * Xc;
      if (need_v) Yv.noalias() = q_[0].transpose() * Vc;
    }
    const Eigen::Map<MatrixXd>& Xe = rotated ? Y : Xc;
    const Eigen::Map<MatrixXd>& Ve = rotated ? Yv : Vc;

    // Logits: const_k − ½ maha, maha = ‖x‖²_c − 2α (m/c)ᵀx + α²‖m‖²_c, recomputed directly from x − α m when
    // the expansion's magnitude exceeds kExpansionLimit.
    auto P = scratch.matrix(kP, K, b);
    auto Q2 = scratch.matrix(kPV, path_ == Path::diagonal ? K : 1, b);  // ‖x‖²_c per component (or shared)
    P.noalias() = MC.transpose() * Xe;
    if (path_ == Path::isotropic) {
      Q2 = Xe.colwise().squaredNorm();
    } else if (path_ == Path::diagonal) {
      auto X2 = scratch.matrix(kT3, d, b);
      X2 = Xe.array().square().matrix();
      Q2.noalias() = invC.transpose() * X2;
    } else {
      Q2 = (Xe.array().square().colwise() * invC.col(0).array()).colwise().sum().matrix();
    }
    for (Index j = 0; j < b; ++j)
      for (Index k = 0; k < K; ++k) {
        const double xx = path_ == Path::isotropic ? Q2(0, j) * invC(0, k) : Q2(path_ == Path::diagonal ? k : 0, j);
        double maha = xx - 2.0 * alpha * P(k, j) + constk(k, 1);
        if (xx + constk(k, 1) > kExpansionLimit) {
          const Index ck = ccols == 1 ? 0 : k;
          if (path_ == Path::isotropic)
            maha = (Xe.col(j) - alpha * Mm.col(k)).squaredNorm() * invC(0, k);
          else
            maha = ((Xe.col(j) - alpha * Mm.col(k)).array().square() * invC.col(ck).array()).sum();
        }
        L(k, j) = constk(k, 0) - 0.5 * maha;
      }
    if (want.log_joint) want.log_joint->middleCols(j0, b) = L;
    if (!need_gamma && !want.log_density) continue;
    core::softmax_columns(L, lognorm);
    if (want.log_density) want.log_density->segment(j0, b) = lognorm.transpose();
    if (!need_gamma) continue;
    const auto& G = L;

    // a_k = γ_k (g_k·v − ḡ·v), with g_k·v = −Σ_i (x_i − α m_ki) v_i / c_ki = α (m/c)_kᵀ v − Σ_i x_i v_i / c_ki.
    auto compute_a = [&] {
      A.noalias() = alpha * (MC.transpose() * Ve);
      auto XV = scratch.matrix(kT3, d, b);
      XV = (Xe.array() * Ve.array()).matrix();
      if (path_ == Path::isotropic) {
        gbar = XV.colwise().sum();
        A.noalias() -= invC.transpose() * gbar;  // outer product K × b
      } else if (path_ == Path::diagonal) {
        A.noalias() -= invC.transpose() * XV;
      } else {
        gbar = (XV.array().colwise() * invC.col(0).array()).colwise().sum().matrix();
        A.rowwise() -= gbar.row(0);
      }
      gbar = (G.array() * A.array()).colwise().sum().matrix();
      A = (G.array() * (A.array().rowwise() - gbar.row(0).array())).matrix();
    };
    if (need_v && !guided) compute_a();

    if (path_ == Path::isotropic || path_ == Path::diagonal) {
      // S = α MC Γ − x ⊙ (c⁻¹ Γ);  D = x ⊙ (Rx Γ) + MR Γ;  JV = v ⊙ (Rx Γ) + x ⊙ (Rx a) + MR a.
      // (isotropic: c⁻¹ Γ and Rx Γ are row vectors, the per-column sums Σ_k γ_k/c_k and Σ_k γ_k Rx_k.)
      auto T = scratch.matrix(kT1, crows, b);
      if (want.score) {
        auto S = want.score->middleCols(j0, b);
        S.noalias() = alpha * (MC * G);
        T.noalias() = invC * G;
        if (crows == 1)
          S -= (Xe.array().rowwise() * T.row(0).array()).matrix();
        else
          S -= (Xe.array() * T.array()).matrix();
      }
      if (need_d) {
        T.noalias() = Rx * G;
        auto denoised = [&] {
          auto D = want.denoised->middleCols(j0, b);
          D.noalias() = MR * G;
          if (crows == 1)
            D += (Xe.array().rowwise() * T.row(0).array()).matrix();
          else
            D += (Xe.array() * T.array()).matrix();
        };
        if (guided) {
          // The chunk's D first, then its guidance vector, then a_k from it (the responsibilities are reused).
          denoised();
          const MatrixXd Dm = want.denoised->middleCols(j0, b);
          MatrixXd Vm;
          (*want.guide)(Dm, Vm);
          if (Vm.rows() != d || Vm.cols() != b)
            throw_error<ParameterError>("GaussianMixture::denoise_guided_jvp: the guide returned ", Vm.rows(), "x",
                                        Vm.cols(), " for ", d, "x", b, " denoised states");
          Vc = Vm;
          compute_a();
        }
        if (want.jvp) {
          auto J = want.jvp->middleCols(j0, b);
          auto T2 = scratch.matrix(kT2, crows, b);
          J.noalias() = MR * A;
          T2.noalias() = Rx * A;
          if (crows == 1)
            J += (Ve.array().rowwise() * T.row(0).array() + Xe.array().rowwise() * T2.row(0).array()).matrix();
          else
            J += (Ve.array() * T.array() + Xe.array() * T2.array()).matrix();
        }
        if (want.denoised && !guided) denoised();
      }
      continue;
    }

    // Shared diagonal (Σ_k γ_k = 1 and Σ_k a_k = 0 remove the sums over x's coefficients):
    //   S = α MC Γ − x / c,   D = Rx ⊙ x + MR Γ,   JV = Rx ⊙ v + MR a   (then rotated back by Q if full).
    auto out = scratch.matrix(kT3, d, b);
    auto finish = [&](auto target) {
      if (rotated)
        target.noalias() = q_[0] * out;
      else
        target = out;
    };
    if (want.score) {
      out.noalias() = alpha * (MC * G);
      out -= (Xe.array().colwise() * invC.col(0).array()).matrix();
      finish(want.score->middleCols(j0, b));
    }
    if (want.jvp) {
      out.noalias() = MR * A;
      out += (Ve.array().colwise() * Rx.col(0).array()).matrix();
      finish(want.jvp->middleCols(j0, b));
    }
    if (want.denoised) {
      out.noalias() = MR * G;
      out += (Xe.array().colwise() * Rx.col(0).array()).matrix();
      finish(want.denoised->middleCols(j0, b));
    }
  }
}

// Shared spiked covariance Σ = λ₀ I + U diag(λ_s − λ₀) Uᵀ. With c₀ = α²λ₀ + σ², c_s = α²λ_s + σ²:
//   C⁻¹   = I/c₀ + U diag(δ) Uᵀ,            δ_s = 1/c_s − 1/c₀ = α²(λ₀ − λ_s)/(c_s c₀)
//   ΣC⁻¹  = (λ₀/c₀) I + U diag(ρ) Uᵀ,       ρ_s = λ_s/c_s − λ₀/c₀ = σ²(λ_s − λ₀)/(c_s c₀)
// (both differences in cancellation-free form), and
//   logit_k = log w_k − ½ log det C − (d/2) log 2π − ½ (x − αm_k)ᵀ C⁻¹ (x − αm_k)
//   S  = C⁻¹ (α M Γ − x),   D = α ΣC⁻¹ x + σ² C⁻¹ M Γ,   JV = α ΣC⁻¹ v + σ² C⁻¹ M a,
//   g_k·v = α m_kᵀ C⁻¹ v − xᵀ C⁻¹ v.
// Every product is K × d × b or r × d × b.
void GaussianMixture::evaluate_spiked(double alpha, double sigma, const MatrixXd& X, const MatrixXd* V,
                                      const Request& want) const {
  const Index B = X.cols(), d = d_, K = k_, r = spike_u_.cols();
  const bool need_gamma = want.score || want.denoised || want.jvp;
  const bool need_v = want.jvp != nullptr;
  const double a2 = alpha * alpha, s2 = sigma * sigma;
  const double c0 = a2 * bulk_lambda_ + s2, ic0 = 1.0 / c0;
  auto delta = scratch.matrix(kC, r, 1), rho = scratch.matrix(kInvC, r, 1);
  double logdet = static_cast<double>(d - r) * std::log(c0), icmax = ic0;
  for (Index i = 0; i < r; ++i) {
    const double cs = a2 * spike_lambda_(i) + s2;
    delta(i, 0) = a2 * (bulk_lambda_ - spike_lambda_(i)) / (cs * c0);
    rho(i, 0) = s2 * (spike_lambda_(i) - bulk_lambda_) / (cs * c0);
    logdet += std::log(cs);
    icmax = std::max(icmax, 1.0 / cs);
  }
  auto constk = scratch.matrix(kConst, K, 3);  // logit constant; α² m_kᵀC⁻¹m_k; ‖m_k‖²
  auto DUM = scratch.matrix(kMC, r, K);        // diag(δ) Uᵀ M
  DUM = (spike_um_.array().colwise() * delta.col(0).array()).matrix();
  for (Index k = 0; k < K; ++k) {
    const double mm = means_.col(k).squaredNorm();
    constk(k, 0) = log_w_(k) - 0.5 * logdet - 0.5 * static_cast<double>(d) * kLogTwoPi;
    constk(k, 1) = a2 * (mm * ic0 + spike_um_.col(k).dot(DUM.col(k)));
    constk(k, 2) = mm;
  }
  // C⁻¹ Y and ΣC⁻¹ Y for a d × b block Y, through its spike coordinates UY = Uᵀ Y (r × b).
  auto thin = scratch.matrix(kT3, r, kChunk);
  auto apply_cinv = [&](const auto& Y, auto&& out, double scale) {  // out = scale · C⁻¹ Y
    auto t = thin.leftCols(Y.cols());
    t.noalias() = spike_u_.transpose() * Y;
    t = (t.array().colwise() * delta.col(0).array()).matrix();
    out = (scale * ic0) * Y;
    out.noalias() += scale * (spike_u_ * t);
  };

  for (Index j0 = 0; j0 < B; j0 += kChunk) {
    const Index b = std::min(kChunk, B - j0);
    auto Xc = scratch.matrix(kX, d, b);
    Xc = X.middleCols(j0, b);
    auto Vc = scratch.matrix(kV, d, need_v ? b : 0);
    if (need_v) Vc = V->middleCols(j0, b);
    auto L = scratch.matrix(kL, K, b);
    auto lognorm = scratch.matrix(kRow1, 1, b);
    auto xx = scratch.matrix(kRow2, 1, b);
    auto UX = scratch.matrix(kT1, r, b);
    UX.noalias() = spike_u_.transpose() * Xc;
    auto P = scratch.matrix(kP, K, b);
    P.noalias() = ic0 * (means_.transpose() * Xc);
    P.noalias() += DUM.transpose() * UX;  // m_kᵀ C⁻¹ x
    auto x2 = scratch.matrix(kMR, 1, b);  // ‖x‖²
    x2 = Xc.colwise().squaredNorm();
    xx = (ic0 * x2.array() + (UX.array().square().colwise() * delta.col(0).array()).colwise().sum()).matrix();
    for (Index j = 0; j < b; ++j)
      for (Index k = 0; k < K; ++k) {
        double maha = xx(0, j) - 2.0 * alpha * P(k, j) + constk(k, 1);
        if ((x2(0, j) + a2 * constk(k, 2)) * icmax > kExpansionLimit) {
          const VectorXd res = Xc.col(j) - alpha * means_.col(k);
          const VectorXd ur = spike_u_.transpose() * res;
          maha = res.squaredNorm() * ic0 + (ur.array().square() * delta.col(0).array()).sum();
        }
        L(k, j) = constk(k, 0) - 0.5 * maha;
      }
    if (want.log_joint) want.log_joint->middleCols(j0, b) = L;
    if (!need_gamma && !want.log_density) continue;
    core::softmax_columns(L, lognorm);
    if (want.log_density) want.log_density->segment(j0, b) = lognorm.transpose();
    if (!need_gamma) continue;
    const auto& G = L;
    auto T = scratch.matrix(kT2, d, b);
    if (want.score) {
      T.noalias() = alpha * (means_ * G);
      T -= Xc;
      apply_cinv(T, want.score->middleCols(j0, b), 1.0);
    }
    auto W = scratch.matrix(kZ, d, b);
    if (want.jvp) {
      // a_k = γ_k (g_k·v − ḡ·v), g_k·v = α m_kᵀ C⁻¹ v − xᵀ C⁻¹ v.
      auto A = scratch.matrix(kA, K, b);
      apply_cinv(Vc, W, 1.0);
      A.noalias() = alpha * (means_.transpose() * W);
      xx = (Xc.array() * W.array()).colwise().sum().matrix();
      A.rowwise() -= xx.row(0);
      xx = (G.array() * A.array()).colwise().sum().matrix();
      A = (G.array() * (A.array().rowwise() - xx.row(0).array())).matrix();
      // JV = α ΣC⁻¹ v + σ² C⁻¹ M a
      T.noalias() = means_ * A;
      auto J = want.jvp->middleCols(j0, b);
      apply_cinv(T, J, s2);
      auto t = thin.leftCols(b);
      t.noalias() = spike_u_.transpose() * Vc;
      t = (t.array().colwise() * (alpha * rho.col(0).array())).matrix();
      J += (alpha * bulk_lambda_ * ic0) * Vc;
      J.noalias() += spike_u_ * t;
    }
    if (want.denoised) {
      // D = α ΣC⁻¹ x + σ² C⁻¹ M Γ
      T.noalias() = means_ * G;
      auto Dn = want.denoised->middleCols(j0, b);
      apply_cinv(T, Dn, s2);
      auto t = thin.leftCols(b);
      t = (UX.array().colwise() * (alpha * rho.col(0).array())).matrix();
      Dn += (alpha * bulk_lambda_ * ic0) * Xc;
      Dn.noalias() += spike_u_ * t;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reference posterior covariance (one state, directly from the per-component formulas)

MatrixXd GaussianMixture::posterior_covariance(double alpha, double sigma, const VectorXd& x) const {
  check_diffusion(alpha, sigma, "posterior_covariance");
  ITO_REQUIRE(x.size() == d_, "x has " << x.size() << " entries, the mixture has dimension " << d_);
  const double a2 = alpha * alpha, s2 = sigma * sigma;
  VectorXd logit(k_);
  std::vector<VectorXd> dk(static_cast<std::size_t>(k_));
  std::vector<MatrixXd> pk(static_cast<std::size_t>(k_));
  for (int k = 0; k < k_; ++k) {
    MatrixXd q;
    VectorXd lam;
    if (type_ == CovarianceType::full) {
      q = q_[shared_ ? 0 : static_cast<std::size_t>(k)];
      lam = lambda_.col(k);
    } else {
      q = MatrixXd::Identity(d_, d_);
      lam = type_ == CovarianceType::diagonal ? VectorXd(lambda_.col(k)) : VectorXd::Constant(d_, lambda_(0, k));
    }
    const VectorXd c = (a2 * lam.array() + s2).matrix();
    const VectorXd z = q.transpose() * (x - alpha * means_.col(k));
    logit(k) = log_w_(k) - 0.5 * c.array().log().sum() - 0.5 * (z.array().square() / c.array()).sum();
    dk[static_cast<std::size_t>(k)] = means_.col(k) + alpha * q * (lam.array() * z.array() / c.array()).matrix();
    pk[static_cast<std::size_t>(k)] = q * (lam.array() * s2 / c.array()).matrix().asDiagonal() * q.transpose();
  }
  VectorXd gamma(k_);
  core::softmax(logit.data(), k_, gamma.data());
  VectorXd dbar = VectorXd::Zero(d_);
  for (int k = 0; k < k_; ++k) dbar += gamma(k) * dk[static_cast<std::size_t>(k)];
  MatrixXd cov = MatrixXd::Zero(d_, d_);
  for (int k = 0; k < k_; ++k) {
    const VectorXd r = dk[static_cast<std::size_t>(k)] - dbar;
    cov.noalias() += gamma(k) * (pk[static_cast<std::size_t>(k)] + r * r.transpose());
  }
  return cov;
}

// ---------------------------------------------------------------------------------------------------------
// Exact sampling

void GaussianMixture::sample(std::uint32_t seed, std::uint64_t first, std::size_t n, MatrixXd& out) const {
  if (k_ == 0) throw Error("GaussianMixture::sample: the mixture is empty (default-constructed)");
  const random::NormalStream stream(seed, random::Purpose::prior_sample);
  out.resize(d_, static_cast<Index>(n));
  if (n == 0) return;
  auto draw = [&](std::uint64_t index, double* z) -> int {
    const double u = stream.uniform(index, 0);
    const auto it = std::upper_bound(cumulative_w_.begin(), cumulative_w_.end(), u);
    stream.fill(index, 0, static_cast<std::size_t>(d_), z);
    return std::min(static_cast<int>(it - cumulative_w_.begin()), k_ - 1);
  };
  if (type_ != CovarianceType::full) {  // element-wise: each sample on its own
    for (std::size_t j = 0; j < n; ++j) {
      auto x = out.col(static_cast<Index>(j));
      const int k = draw(first + j, x.data());
      if (type_ == CovarianceType::isotropic)
        x = means_.col(k) + std::sqrt(lambda_(0, k)) * x;
      else
        x = (means_.col(k).array() + lambda_.col(k).array().sqrt() * x.array()).matrix();
    }
    return;
  }
  // Full covariances go through matrix products, whose rounding depends on their shape. So that sample i is a
  // pure function of (seed, i) whatever range is requested, samples are computed in aligned blocks of
  // kBlock global indices (edge blocks computed whole, the extra columns discarded), one product per
  // component present in a block.
  constexpr std::uint64_t kBlock = 64;
  MatrixXd z(d_, static_cast<Index>(kBlock)), zk, xk;
  std::vector<int> comp(kBlock);
  std::vector<Index> cols;
  const std::uint64_t last = first + n;  // one past
  for (std::uint64_t b0 = first / kBlock * kBlock; b0 < last; b0 += kBlock) {
    for (std::uint64_t i = 0; i < kBlock; ++i) comp[i] = draw(b0 + i, z.col(static_cast<Index>(i)).data());
    for (int k = 0; k < k_; ++k) {
      cols.clear();
      for (std::uint64_t i = 0; i < kBlock; ++i)
        if (comp[i] == k) cols.push_back(static_cast<Index>(i));
      if (cols.empty()) continue;
      const Index m = static_cast<Index>(cols.size());
      zk.resize(d_, m);
      for (Index i = 0; i < m; ++i)
        zk.col(i) = lambda_.col(k).cwiseSqrt().cwiseProduct(z.col(cols[static_cast<std::size_t>(i)]));
      xk.noalias() = q_[shared_ ? 0 : static_cast<std::size_t>(k)] * zk;
      for (Index i = 0; i < m; ++i) {
        const std::uint64_t global = b0 + static_cast<std::uint64_t>(cols[static_cast<std::size_t>(i)]);
        if (global >= first && global < last) out.col(static_cast<Index>(global - first)) = means_.col(k) + xk.col(i);
      }
    }
  }
}

}  // namespace ito::priors
