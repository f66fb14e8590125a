#pragma once
// Gaussian-mixture priors with every diffused quantity in closed form.
//
// p(x₀) = Σ_k w_k N(x₀; m_k, Σ_k). Under x_t = α x₀ + σ ε, ε ~ N(0, I), the diffused law is again a mixture,
//   p_{α,σ}(x) = Σ_k w_k N(x; α m_k, C_k),   C_k = α² Σ_k + σ² I = Q_k diag(c_k) Q_kᵀ,   c_k = α² λ_k + σ²,
// with Σ_k = Q_k diag(λ_k) Q_kᵀ precomputed once per component (one decomposition for all when the Σ_k are
// equal). With r_k = x − α m_k, z_k = Q_kᵀ r_k and responsibilities γ_k(x) ∝ w_k N(x; α m_k, C_k):
//   score        ∇ log p = Σ_k γ_k g_k,                g_k = −C_k⁻¹ r_k = −Q_k (z_k / c_k);
//   denoiser     D(x) = E[x₀ | x_t = x] = Σ_k γ_k D_k, D_k = m_k + α Σ_k C_k⁻¹ r_k = m_k + α Q_k (λ_k z_k / c_k)
//                (the form without division by α, so α → 0 is harmless; it equals Tweedie's (x + σ² ∇log p)/α);
//   Jacobian     ∂D/∂x = Σ_k γ_k α Σ_k C_k⁻¹ + Σ_k γ_k (D_k − D)(g_k − ḡ)ᵀ = (α/σ²) Cov[x₀ | x_t],
//                applied to V as JV = Σ_k γ_k α Q_k(λ_k/c_k ⊙ Q_kᵀ v) + Σ_k a_k D_k with a_k = γ_k (g_k − ḡ)·v
//                (Σ_k a_k = 0): no 1/σ² appears, so it stays finite at σ → 0 for non-singular Σ_k;
//   covariance   Cov[x₀ | x_t] = Σ_k γ_k Q_k diag(λ_k σ²/c_k) Q_kᵀ + Σ_k γ_k (D_k − D)(D_k − D)ᵀ
//                (λσ²/(α²λ + σ²) instead of λ − α²λ²/c: no cancellation near t = 0).
// Requires α² λ_min(Σ_k) + σ² > 0 for every k (the diffused law has a density), checked at every call.
//
// Batches: a batch of B states is a d × B matrix, one column per state. Isotropic, diagonal and
// shared-covariance mixtures run entirely through K × d × B matrix products (the squared distances expanded
// as ‖x‖²_c − 2α m_kᵀx/c + α²‖m_k‖²_c; an entry whose expansion could lose more than ~1e-8 of a logit to
// cancellation — states very close to a mean at tiny σ — is recomputed directly). A shared full covariance
// rotates the batch once into the common eigenbasis (Qᵀ X: O(d² B)) and is then a diagonal mixture; when
// all but r ≤ d/4 of its eigenvalues coincide (within 64·d·ε·λ_max, the eigensolver's own accuracy; they are
// then set equal), Σ = λ₀ I + U diag(λ_s − λ₀) Uᵀ and every step costs O((K + r) d B) instead.
// Distinct full covariances cost O(K d² B). Columns are processed in chunks of a few hundred; a column's
// result is a deterministic function of the batch (Eigen's product blocking depends on the chunk's shape, so
// the same state in a batch of another size may differ in the last bits).
//
// Thread safety: a GaussianMixture is immutable after construction; every const method may be called from
// many threads at once on the same object. Scratch memory is thread_local (grown on demand and reused), so
// steady-state calls allocate nothing besides resizing the outputs when their shape changes. Nothing here
// starts OpenMP threads or parallel Eigen products: callers parallelise over blocks of columns.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ito::priors {

enum class CovarianceType { full, diagonal, isotropic };

/// "full" | "diagonal" | "isotropic".
std::string to_string(CovarianceType type);
/// Inverse of to_string; throws ito::ParameterError naming the accepted values.
CovarianceType covariance_type_from_string(const std::string& name);

struct GaussianMixtureTestAccess;  // tests: forces the general (per-component) path

class GaussianMixture {
 public:
  /// Empty mixture (0 components), to be assigned; every other method requires a constructed mixture.
  GaussianMixture() = default;

  // Factories. Weights w (K, finite and > 0) are normalised to sum 1; means are d × K (finite).
  // Covariances must be symmetric positive semidefinite: an eigenvalue below −1e-10·λ_max (or an asymmetry
  // above 1e-10 of the largest entry, or a non-finite entry) throws ito::ParameterError naming the factory,
  // the component and the offending value; smaller negative eigenvalues are round-off and are set to 0.
  // Singular covariances are allowed (exact posteriors, empirical priors) as long as σ > 0 when diffused.
  static GaussianMixture full(Eigen::VectorXd w, Eigen::MatrixXd means, std::vector<Eigen::MatrixXd> cov);
  /// Full, one covariance shared by every component (stored and decomposed once; what `full` detects when
  /// all K covariances are equal, without building K copies).
  static GaussianMixture full_shared(Eigen::VectorXd w, Eigen::MatrixXd means, Eigen::MatrixXd cov);
  static GaussianMixture diagonal(Eigen::VectorXd w, Eigen::MatrixXd means, Eigen::MatrixXd variances /*d×K*/);
  static GaussianMixture isotropic(Eigen::VectorXd w, Eigen::MatrixXd means, Eigen::VectorXd variances /*K*/);
  /// One Gaussian N(mean, cov) (K = 1, full).
  static GaussianMixture gaussian(Eigen::VectorXd mean, Eigen::MatrixXd cov);
  /// The empirical distribution of the columns of data (d × N): N equal weights, isotropic variance 0. Its
  /// diffused score is the exact score of the noised data set (the memorising "ideal denoiser").
  static GaussianMixture empirical(Eigen::MatrixXd data);

  int dim() const { return d_; }
  int components() const { return k_; }
  CovarianceType covariance_type() const { return type_; }
  const Eigen::VectorXd& weights() const { return w_; }
  const Eigen::MatrixXd& means() const { return means_; }
  /// Σ_k as a dense d × d matrix.
  Eigen::MatrixXd covariance(int k) const;
  /// Isotropic: the K variances; diagonal: the d × K variances; full: the d × K eigenvalues of the Σ_k
  /// (ascending per column; one column repeated when shared).
  const Eigen::MatrixXd& variances() const { return lambda_; }
  /// All Σ_k equal (bitwise, after symmetrisation): one eigendecomposition serves every component.
  bool shared_covariance() const { return shared_; }
  /// Mean Σ_k w_k m_k and covariance Σ_k w_k (Σ_k + (m_k − m)(m_k − m)ᵀ) of the mixture itself.
  Eigen::VectorXd mean() const;
  Eigen::MatrixXd covariance() const;

  // The diffused law p_{α,σ} = Σ_k w_k N(α m_k, α² Σ_k + σ² I), batched over the columns of X (d × B).
  // (α, σ) = (1, 0) is the prior itself (then every Σ_k must be non-singular).
  /// out(j) = log p_{α,σ}(X(:, j)).
  void log_density(double alpha, double sigma, const Eigen::MatrixXd& X, Eigen::VectorXd& out) const;
  /// S(:, j) = ∇ log p_{α,σ}(X(:, j)).
  void score(double alpha, double sigma, const Eigen::MatrixXd& X, Eigen::MatrixXd& S) const;
  /// D(:, j) = E[x₀ | α x₀ + σ ε = X(:, j)] (Tweedie's denoiser).
  void denoise(double alpha, double sigma, const Eigen::MatrixXd& X, Eigen::MatrixXd& D) const;
  /// The denoiser and its Jacobian applied column by column: JV(:, j) = (∂D/∂x)(X(:, j)) V(:, j), where
  /// ∂D/∂x = (α/σ²) Cov[x₀ | x_t] is symmetric (so JV is also the vector–Jacobian product). One pass.
  void denoise_jvp(double alpha, double sigma, const Eigen::MatrixXd& X, const Eigen::MatrixXd& V, Eigen::MatrixXd& D,
                   Eigen::MatrixXd& JV) const;
  /// A guidance vector computed from the denoised states, column by column: guide(D, V) sets V (d × B) with
  /// V(:, j) a function of D(:, j) alone (DPS's normalised Aᵀ(y − A D), ΠGDM's likelihood gradient).
  using Guide = std::function<void(const Eigen::MatrixXd& D, Eigen::MatrixXd& V)>;
  /// D = denoise(X) and JV = denoise_jvp(X, V) with V = guide(D). For isotropic and diagonal mixtures the
  /// responsibilities are computed once for both, in one pass over the columns (guide is called per chunk of
  /// at most 256 columns); other covariance types make the three calls in turn. The results are those of the
  /// three calls (bitwise when X has at most 256 columns).
  void denoise_guided_jvp(double alpha, double sigma, const Eigen::MatrixXd& X, const Guide& guide,
                          Eigen::MatrixXd& D, Eigen::MatrixXd& JV) const;
  /// L(k, j) = log w_k + log N(X(:, j); α m_k, α² Σ_k + σ² I) (K × B): the log-joints whose column-wise
  /// softmax are the responsibilities and whose log-sum-exp is log p_{α,σ} (EM's E-step, SMC weights).
  void log_joint(double alpha, double sigma, const Eigen::MatrixXd& X, Eigen::MatrixXd& L) const;
  /// Cov[x₀ | x_t = x] of one state (d × d), directly from the formula above: tests and exact references.
  Eigen::MatrixXd posterior_covariance(double alpha, double sigma, const Eigen::VectorXd& x) const;

  /// Exact samples: sample j (global index first + j) uses NormalStream(seed, Purpose::prior_sample), path
  /// first + j: uniform 0 picks the component (inverse CDF of the weights), normals 0 … d−1 are z in
  /// m_k + Q_k diag(√λ_k) z. out is d × n. Samples of one component go through one matrix product.
  void sample(std::uint32_t seed, std::uint64_t first, std::size_t n, Eigen::MatrixXd& out) const;

 private:
  friend struct GaussianMixtureTestAccess;
  enum class Path { isotropic, diagonal, shared_diagonal, shared_full, shared_spiked, full };
  struct Request;  // which outputs a batched call wants (gaussian_mixture.cpp)
  static GaussianMixture full(Eigen::VectorXd w, Eigen::MatrixXd means, std::vector<Eigen::MatrixXd> cov,
                              bool one_for_all);
  void finish_construction(const char* factory);
  void detect_spikes();
  void evaluate(double alpha, double sigma, const Eigen::MatrixXd& X, const Eigen::MatrixXd* V,
                const Request& want) const;
  void evaluate_spiked(double alpha, double sigma, const Eigen::MatrixXd& X, const Eigen::MatrixXd* V,
                       const Request& want) const;
  void check_diffusion(double alpha, double sigma, const char* method) const;

  CovarianceType type_ = CovarianceType::isotropic;
  Path path_ = Path::isotropic;
  int d_ = 0, k_ = 0;
  bool shared_ = false;
  Eigen::VectorXd w_, log_w_, cumulative_w_;
  Eigen::MatrixXd means_;             // d × K
  Eigen::MatrixXd lambda_;            // 1 × K (isotropic), d × K (diagonal; eigenvalues when full)
  std::vector<Eigen::MatrixXd> cov_;  // full: K covariances (1 when shared)
  std::vector<Eigen::MatrixXd> q_;    // full: K eigenvector bases (1 when shared)
  Eigen::MatrixXd rotated_means_;     // full: Q_kᵀ m_k (d × K)
  Eigen::VectorXd lambda_min_;        // K: smallest eigenvalue (variance) of each Σ_k
  // Shared full covariance Σ = λ₀ I + U diag(λ_s − λ₀) Uᵀ with a few "spikes" (U: d × r, r ≤ d/4): the
  // exact posterior of an isotropic prior under a low-rank operator (the Gaussian-mixture benchmark).
  Eigen::MatrixXd spike_u_, spike_um_;  // U, Uᵀ M (r × K)
  Eigen::VectorXd spike_lambda_;        // λ_s
  double bulk_lambda_ = 0.0;            // λ₀
};

}  // namespace ito::priors
