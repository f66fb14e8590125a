#pragma once
// The denoiser of a whole image (d = rows·cols, row-major) assembled from the exact denoisers of a Gaussian-
// mixture prior on p × p patches (EPLL's model family, Zoran & Weiss 2011; the patch mixture's diffused
// quantities are exact, priors/gaussian_mixture.hpp).
//
// Patch set. At a noise level (α, σ) the image is covered by the p × p patches whose top-left corners are at
// rows R = {o_r + s i : 0 ≤ o_r + s i ≤ rows − p} ∪ {0, rows − p} and columns C likewise (stride s, offset o):
//   s = 1           every overlapping patch (o = 0): the deterministic "all patches" average;
//   s = p, o random the random shifts of a patch tiling of PaDIS (Hu et al. 2024), a fresh shift at every noise
//                   level and for every state: (o_r, o_c) are uniforms of NormalStream(seed, Purpose::patch_shift)
//                   on a path that is a hash of the bits of (α, σ) and of the state x — a pure function of
//                   (seed, step, x), so the same for any thread count and batch, and for the denoiser and its
//                   JVP at one point, while the samples of one level each see their own shift (a shift shared
//                   by all samples of a level left its tiling's seams in their average).
// The two edge patches (rows 0 and rows − p) keep every pixel covered whatever the offset.
//
// Assembly. With n_i the number of patches P ∋ i and D_P the patch mixture's denoiser,
//   D_i(x) = (1/n_i) Σ_{P ∋ i} [D_P(x_P)]_i,    JV_i = (1/n_i) Σ_{P ∋ i} [(∂D_P/∂x_P) v_P]_i.
// By Tweedie's formula for each patch, the assembled score (α D − x)/σ² is then
//   s_i(x) = (1/n_i) ∂/∂x_i Σ_P log p_{α,σ}(x_P),
// the gradient of the summed patch log-densities (the EPLL energy at noise level σ/α) with each pixel's
// component divided by its patch count (tested against finite differences of summed_log_density). It is not
// the score of a normalised image density; in the interior (n_i = p² for s = 1, 1 or 2 for s = p) JV is the
// symmetric patch Jacobians' average, at the edges a row scaling of a symmetric matrix.
//
// Cost and reproducibility. Patches of all columns of X are evaluated in fixed blocks of kPatchBlock patches
// through the mixture's batched matrix products, OpenMP over blocks (core::parallel_blocks; nested inside a
// sampler's parallel region it runs serially), rounds of kBlocksPerRound blocks scattered back in block order:
// results are bitwise the same for any thread count, and the scratch memory is bounded (O(round · p²)).
// Cost per call ∝ K p⁴ · |R|·|C|: s = p evaluates ≈ d/p² patches, s = 1 ≈ d.
//
// Starting states. sample_diffused draws x₀ as a tiling of independent patches from the patch mixture (tiles
// at rows 0, p, 2p, …, the last one at rows − p overwriting the overlap) and adds σ ε: the law of independent
// tiles, not of the assembled denoiser's implicit prior — an approximation at the start time T of a path
// where α_T is small (vp_linear: α_T = 0.0067), where x_T is nearly pure noise either way.
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <vector>

#include "ito/diffusion/denoiser.hpp"
#include "ito/priors/gaussian_mixture.hpp"

namespace ito::diffusion {

struct PatchLayout {
  std::vector<int> rows, cols;  ///< top-left corners of the patches (sorted, distinct)
};

class PatchDenoiser final : public Denoiser {
 public:
  /// patch_prior: a mixture of dimension p² on row-major p × p patches. stride in [1, p]; random_shift draws
  /// the offset per noise level from `seed` (otherwise 0). Throws ParameterError when the prior's dimension
  /// is not p² or the image is smaller than a patch.
  PatchDenoiser(priors::GaussianMixture patch_prior, int patch, int rows, int cols, int stride, bool random_shift,
                std::uint32_t seed);

  static constexpr Eigen::Index kPatchBlock = 256;
  static constexpr std::size_t kBlocksPerRound = 64;

  int dim() const override { return rows_ * cols_; }
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  int patch() const { return p_; }
  int stride() const { return stride_; }
  const priors::GaussianMixture& patch_prior() const { return *prior_; }

  void denoise(double alpha, double sigma, const Eigen::MatrixXd& X, Eigen::MatrixXd& D) const override;
  void denoise_jvp(double alpha, double sigma, const Eigen::MatrixXd& X, const Eigen::MatrixXd& V, Eigen::MatrixXd& D,
                   Eigen::MatrixXd& JV) const override;
  void sample_diffused(double alpha, double sigma, std::uint32_t seed, std::uint64_t first, Eigen::Index n,
                       Eigen::MatrixXd& out) const override;
  double marginal_variance() const override { return marginal_variance_; }

  /// The patch set used at (α, σ) for the state x (d values; unused, and may be null, without a shift).
  PatchLayout layout(double alpha, double sigma, const double* x) const;
  /// n_i of a patch set (d entries).
  Eigen::VectorXd coverage(const PatchLayout& L) const;
  /// Σ_P log p_{α,σ}(x_P) per column x of X, over the patch set `fixed` or else over x's own patch set.
  Eigen::VectorXd summed_log_density(double alpha, double sigma, const Eigen::MatrixXd& X,
                                     const PatchLayout* fixed = nullptr) const;
  /// Whether the patch set is shifted (random_shift and stride > 1), hence depends on the state.
  bool shifts() const;

 private:
  void evaluate(double alpha, double sigma, const Eigen::MatrixXd& X, const Eigen::MatrixXd* V, Eigen::MatrixXd& D,
                Eigen::MatrixXd* JV) const;
  std::shared_ptr<const priors::GaussianMixture> prior_;
  int p_ = 8, rows_ = 0, cols_ = 0, stride_ = 8;
  bool random_shift_ = true;
  std::uint32_t seed_ = 0;
  double marginal_variance_ = 0.0;
};

}  // namespace ito::diffusion
