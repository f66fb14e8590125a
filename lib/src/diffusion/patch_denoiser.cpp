#include "ito/diffusion/patch_denoiser.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "ito/random/normal.hpp"
#include "require.hpp"

namespace ito::diffusion {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

std::vector<int> starts(int size, int p, int stride, int offset) {
  std::vector<int> s;
  for (int r = offset; r <= size - p; r += stride) s.push_back(r);
  s.push_back(0);
  s.push_back(size - p);
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  return s;
}

}  // namespace

PatchDenoiser::PatchDenoiser(priors::GaussianMixture patch_prior, int patch, int rows, int cols, int stride,
                             bool random_shift, std::uint32_t seed)
    : p_(patch), rows_(rows), cols_(cols), stride_(stride), random_shift_(random_shift), seed_(seed) {
  if (patch < 1 || patch_prior.dim() != patch * patch)
    detail::throw_error<ParameterError>("patch denoiser: the patch prior has dimension ", patch_prior.dim(), ", a ",
                                        patch, " x ", patch, " patch has ", patch * patch, " pixels");
  if (rows < patch || cols < patch)
    detail::throw_error<ParameterError>("patch denoiser: the ", rows, " x ", cols, " image is smaller than one ", patch,
                                        " x ", patch, " patch");
  if (stride < 1 || stride > patch)
    detail::throw_error<ParameterError>("patch denoiser: stride ", stride, " outside 1 .. ", patch);
  marginal_variance_ = patch_prior.covariance().trace() / patch_prior.dim();
  prior_ = std::make_shared<const priors::GaussianMixture>(std::move(patch_prior));
}

bool PatchDenoiser::shifts() const { return random_shift_ && stride_ > 1; }

PatchLayout PatchDenoiser::layout(double alpha, double sigma, const double* x) const {
  int orow = 0, ocol = 0;
  if (shifts()) {
    ITO_REQUIRE_PARAMETER(x != nullptr, "patch denoiser: a shifted patch set needs the state it is drawn for");
    // a path index of the shift stream from the bits of (α, σ) and of the state
    std::uint64_t h = random::splitmix64(std::bit_cast<std::uint64_t>(sigma));
    h = random::splitmix64(std::bit_cast<std::uint64_t>(alpha) ^ h);
    for (int i = 0; i < dim(); ++i) h = random::splitmix64(std::bit_cast<std::uint64_t>(x[i]) ^ h);
    double u[2];
    random::NormalStream(seed_, random::Purpose::patch_shift).fill_uniform(h, 0, 2, u);
    orow = std::min(stride_ - 1, static_cast<int>(u[0] * stride_));
    ocol = std::min(stride_ - 1, static_cast<int>(u[1] * stride_));
  }
  return {starts(rows_, p_, stride_, orow), starts(cols_, p_, stride_, ocol)};
}

VectorXd PatchDenoiser::coverage(const PatchLayout& L) const {
  VectorXd n = VectorXd::Zero(dim());
  for (int r : L.rows)
    for (int c : L.cols)
      for (int a = 0; a < p_; ++a)
        for (int b = 0; b < p_; ++b) n[static_cast<Index>(r + a) * cols_ + c + b] += 1.0;
  return n;
}

void PatchDenoiser::evaluate(double alpha, double sigma, const MatrixXd& X, const MatrixXd* V, MatrixXd& D,
                             MatrixXd* JV) const {
  ITO_REQUIRE_PARAMETER(X.rows() == dim(),
                        "patch denoiser: states have " << X.rows() << " entries, the image has " << dim() << " pixels");
  const Index B = X.cols(), q = static_cast<Index>(p_) * p_;
  // each column's patch set (one set for all when there is no shift) and its first patch g
  std::vector<PatchLayout> L;
  std::vector<Index> first_patch{0};
  MatrixXd count(dim(), shifts() ? B : 1);
  for (Index j = 0; j < (shifts() ? B : 1); ++j) {
    L.push_back(layout(alpha, sigma, shifts() ? X.col(j).data() : nullptr));
    count.col(j) = coverage(L.back());
  }
  auto layout_of = [&](Index j) -> const PatchLayout& { return L[shifts() ? static_cast<std::size_t>(j) : 0]; };
  for (Index j = 0; j < B; ++j) {
    const auto& Lj = layout_of(j);
    first_patch.push_back(first_patch.back() + static_cast<Index>(Lj.rows.size() * Lj.cols.size()));
  }
  const Index total = first_patch.back();
  D.setZero(dim(), B);
  if (JV) JV->setZero(dim(), B);

  // patch g of column j (first_patch[j] <= g < first_patch[j + 1]) and its corner
  auto corner = [&](Index g, Index& j, int& r, int& c) {
    j = static_cast<Index>(std::upper_bound(first_patch.begin(), first_patch.end(), g) - first_patch.begin()) - 1;
    const auto& Lj = layout_of(j);
    const Index k = g - first_patch[static_cast<std::size_t>(j)], nc = static_cast<Index>(Lj.cols.size());
    r = Lj.rows[static_cast<std::size_t>(k / nc)];
    c = Lj.cols[static_cast<std::size_t>(k % nc)];
  };
  auto gather = [&](const MatrixXd& S, Index g0, Index g1, MatrixXd& P) {
    P.resize(q, g1 - g0);
    for (Index g = g0; g < g1; ++g) {
      Index j;
      int r, c;
      corner(g, j, r, c);
      for (int a = 0; a < p_; ++a)
        P.col(g - g0).segment(static_cast<Index>(a) * p_, p_) =
            S.col(j).segment(static_cast<Index>(r + a) * cols_ + c, p_);
    }
  };
  auto scatter = [&](const MatrixXd& P, Index g0, MatrixXd& S) {
    for (Index g = g0; g < g0 + P.cols(); ++g) {
      Index j;
      int r, c;
      corner(g, j, r, c);
      for (int a = 0; a < p_; ++a)
        S.col(j).segment(static_cast<Index>(r + a) * cols_ + c, p_) +=
            P.col(g - g0).segment(static_cast<Index>(a) * p_, p_);
    }
  };

  const std::size_t blocks = core::block_count(static_cast<std::size_t>(total), kPatchBlock);
  std::vector<MatrixXd> outD(kBlocksPerRound), outJ(JV ? kBlocksPerRound : 0);
  for (std::size_t first = 0; first < blocks; first += kBlocksPerRound) {
    const std::size_t nb = std::min(kBlocksPerRound, blocks - first);
    const Index g_begin = static_cast<Index>(first) * kPatchBlock;
    const Index g_end = std::min(total, g_begin + static_cast<Index>(nb) * kPatchBlock);
    core::parallel_blocks(
        static_cast<std::size_t>(g_end - g_begin), kPatchBlock, [&](std::size_t b, std::size_t begin, std::size_t end) {
          const Index g0 = g_begin + static_cast<Index>(begin), g1 = g_begin + static_cast<Index>(end);
          thread_local MatrixXd P, W;
          gather(X, g0, g1, P);
          if (JV) {
            gather(*V, g0, g1, W);
            prior_->denoise_jvp(alpha, sigma, P, W, outD[b], outJ[b]);
          } else {
            prior_->denoise(alpha, sigma, P, outD[b]);
          }
        });
    for (std::size_t b = 0; b < nb; ++b) {
      const Index g0 = g_begin + static_cast<Index>(b) * kPatchBlock;
      scatter(outD[b], g0, D);
      if (JV) scatter(outJ[b], g0, *JV);
    }
  }
  if (!shifts()) {
    D.array().colwise() /= count.col(0).array();
    if (JV) JV->array().colwise() /= count.col(0).array();
  } else {
    D.array() /= count.array();
    if (JV) JV->array() /= count.array();
  }
}

void PatchDenoiser::denoise(double alpha, double sigma, const MatrixXd& X, MatrixXd& D) const {
  evaluate(alpha, sigma, X, nullptr, D, nullptr);
}

void PatchDenoiser::denoise_jvp(double alpha, double sigma, const MatrixXd& X, const MatrixXd& V, MatrixXd& D,
                                MatrixXd& JV) const {
  ITO_REQUIRE_PARAMETER(V.rows() == X.rows() && V.cols() == X.cols(), "patch denoiser: V is "
                                                                          << V.rows() << " x " << V.cols() << ", X is "
                                                                          << X.rows() << " x " << X.cols());
  evaluate(alpha, sigma, X, &V, D, &JV);
}

VectorXd PatchDenoiser::summed_log_density(double alpha, double sigma, const MatrixXd& X,
                                           const PatchLayout* fixed) const {
  VectorXd out = VectorXd::Zero(X.cols());
  MatrixXd P;
  VectorXd lp;
  for (Index j = 0; j < X.cols(); ++j) {
    const PatchLayout L = fixed ? *fixed : layout(alpha, sigma, X.col(j).data());
    P.resize(static_cast<Index>(p_) * p_, static_cast<Index>(L.rows.size() * L.cols.size()));
    Index k = 0;
    for (int r : L.rows)
      for (int c : L.cols) {
        for (int a = 0; a < p_; ++a)
          P.col(k).segment(static_cast<Index>(a) * p_, p_) =
              X.col(j).segment(static_cast<Index>(r + a) * cols_ + c, p_);
        ++k;
      }
    prior_->log_density(alpha, sigma, P, lp);
    out(j) = lp.sum();
  }
  return out;
}

void PatchDenoiser::sample_diffused(double alpha, double sigma, std::uint32_t seed, std::uint64_t first, Index n,
                                    MatrixXd& out) const {
  const auto R = starts(rows_, p_, p_, 0), C = starts(cols_, p_, p_, 0);
  const std::uint64_t tiles = R.size() * C.size();
  out.resize(dim(), n);
  MatrixXd T;
  const random::NormalStream noise(seed, random::Purpose::diffusion);
  VectorXd eps(dim());
  for (Index j = 0; j < n; ++j) {
    prior_->sample(seed, kStartPaths + (first + static_cast<std::uint64_t>(j)) * tiles, tiles, T);
    Index k = 0;
    for (int r : R)
      for (int c : C) {
        for (int a = 0; a < p_; ++a)
          out.col(j).segment(static_cast<Index>(r + a) * cols_ + c, p_) =
              T.col(k).segment(static_cast<Index>(a) * p_, p_);
        ++k;
      }
    out.col(j) *= alpha;
    if (sigma > 0.0) {
      noise.fill(first + static_cast<std::uint64_t>(j), kStartIndex, static_cast<std::size_t>(eps.size()), eps.data());
      out.col(j) += sigma * eps;
    }
  }
}

}  // namespace ito::diffusion
