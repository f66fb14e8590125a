#include "ito/diffusion/patch_denoiser.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <set>

#include "ito/core/error.hpp"
#include "ito/random/normal.hpp"
#include "test_support.hpp"

namespace ito::diffusion {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

MatrixXd normals(int rows, int cols, std::uint64_t path) {
  MatrixXd m(rows, cols);
  random::NormalStream(5, random::Purpose::test).fill(path, 0, static_cast<std::size_t>(rows * cols), m.data());
  return m;
}

/// A K-component full-covariance mixture on p × p patches (random means and covariances A Aᵀ/q + 0.05 I).
priors::GaussianMixture patch_mixture(int p, int K) {
  const int q = p * p;
  std::vector<MatrixXd> cov;
  for (int k = 0; k < K; ++k) {
    const MatrixXd A = normals(q, q, 100 + k);
    cov.push_back(A * A.transpose() / q + 0.05 * MatrixXd::Identity(q, q));
  }
  VectorXd w = normals(K, 1, 99).col(0).array().abs() + 0.2;
  return priors::GaussianMixture::full(w, 0.5 * normals(q, K, 98), cov);
}

// The assembled score (αD − x)/σ², times each pixel's patch count, is the gradient of the summed patch
// log-densities (central differences, h = 1e-5: truncation ~h² · third derivative, round-off ~1e-16/h).
TEST(PatchDenoiser, ScoreIsCountScaledGradientOfSummedPatchLogDensities) {
  for (int stride : {1, 3}) {
    const PatchDenoiser den(patch_mixture(3, 4), 3, 7, 8, stride, true, 17);
    const double alpha = 0.8, sigma = 0.6;
    const MatrixXd X = normals(den.dim(), 2, 7);
    MatrixXd D;
    den.denoise(alpha, sigma, X, D);
    const MatrixXd S = (alpha * D - X) / (sigma * sigma);
    const double h = 1e-5;
    for (int j = 0; j < 2; ++j) {
      // the patch set the denoiser used for this state, held fixed while the state moves
      const PatchLayout L = den.layout(alpha, sigma, X.col(j).data());
      const VectorXd n = den.coverage(L);
      EXPECT_GE(n.minCoeff(), 1.0);
      for (int i = 0; i < den.dim(); ++i) {
        MatrixXd Xp = X.col(j), Xm = X.col(j);
        Xp(i, 0) += h;
        Xm(i, 0) -= h;
        const double fd =
            (den.summed_log_density(alpha, sigma, Xp, &L)(0) - den.summed_log_density(alpha, sigma, Xm, &L)(0)) /
            (2 * h);
        EXPECT_NEAR(S(i, j) * n(i), fd, 1e-6 * (1.0 + std::abs(fd))) << "stride " << stride << " pixel " << i;
      }
    }
  }
}

TEST(PatchDenoiser, JvpMatchesFiniteDifferencesOfTheDenoiser) {
  const PatchDenoiser den(patch_mixture(3, 4), 3, 7, 8, 1, false, 17);
  const double alpha = 0.9, sigma = 0.4, h = 1e-6;
  const MatrixXd X = normals(den.dim(), 3, 8), V = normals(den.dim(), 3, 9);
  MatrixXd D, JV, Dp, Dm, D2;
  den.denoise_jvp(alpha, sigma, X, V, D, JV);
  den.denoise(alpha, sigma, X, D2);
  EXPECT_LT((D - D2).cwiseAbs().maxCoeff(), 1e-12);  // the mixture's two passes round differently
  den.denoise(alpha, sigma, X + h * V, Dp);
  den.denoise(alpha, sigma, X - h * V, Dm);
  const MatrixXd fd = (Dp - Dm) / (2 * h);
  EXPECT_LT((fd - JV).cwiseAbs().maxCoeff(), 1e-6 * (1.0 + JV.cwiseAbs().maxCoeff()));
}

// A tiling without shift on an image made of whole tiles: each pixel lies in one patch, so the assembled
// denoiser is the patch mixture's denoiser tile by tile.
TEST(PatchDenoiser, TilingWithoutShiftIsThePatchDenoiserPerTile) {
  const auto mix = patch_mixture(2, 3);
  const PatchDenoiser den(mix, 2, 4, 6, 2, false, 1);
  const MatrixXd X = normals(24, 1, 3);
  MatrixXd D;
  den.denoise(0.7, 0.5, X, D);
  for (int r = 0; r < 4; r += 2)
    for (int c = 0; c < 6; c += 2) {
      MatrixXd P(4, 1), Dp;
      P << X(r * 6 + c, 0), X(r * 6 + c + 1, 0), X((r + 1) * 6 + c, 0), X((r + 1) * 6 + c + 1, 0);
      mix.denoise(0.7, 0.5, P, Dp);
      EXPECT_DOUBLE_EQ(D(r * 6 + c, 0), Dp(0, 0));
      EXPECT_DOUBLE_EQ(D(r * 6 + c + 1, 0), Dp(1, 0));
      EXPECT_DOUBLE_EQ(D((r + 1) * 6 + c, 0), Dp(2, 0));
      EXPECT_DOUBLE_EQ(D((r + 1) * 6 + c + 1, 0), Dp(3, 0));
    }
}

// The shift is a pure function of (seed, α, σ, x): the same for one state at one level, different across
// levels, states and seeds; the states of one batch each get their own, the one they get alone.
TEST(PatchDenoiser, ShiftIsAFunctionOfSeedNoiseLevelAndState) {
  const PatchDenoiser a(patch_mixture(2, 2), 2, 20, 20, 2, true, 3), b(patch_mixture(2, 2), 2, 20, 20, 2, true, 4);
  const MatrixXd X = normals(a.dim(), 40, 21);
  std::set<std::pair<int, int>> levels, states;
  int differ = 0;
  for (int k = 1; k <= 40; ++k) {
    const double s = 0.02 * k, al = std::sqrt(1 - s * s);
    const auto L1 = a.layout(al, s, X.col(0).data()), L2 = a.layout(al, s, X.col(0).data()),
               L3 = b.layout(al, s, X.col(0).data()), L4 = a.layout(0.6, 0.8, X.col(k - 1).data());
    EXPECT_EQ(L1.rows, L2.rows);
    EXPECT_EQ(L1.cols, L2.cols);
    levels.insert({L1.rows[1], L1.cols[1]});
    states.insert({L4.rows[1], L4.cols[1]});
    differ += L1.rows != L3.rows || L1.cols != L3.cols;
  }
  EXPECT_EQ(levels.size(), 4u);  // all four offsets of stride 2 occur in 40 levels
  EXPECT_EQ(states.size(), 4u);  // and in 40 states at one level
  EXPECT_GT(differ, 0);
  // a batch: column j is denoised as it is alone
  MatrixXd D, Dj;
  a.denoise(0.6, 0.8, X.leftCols(6), D);
  for (int j = 0; j < 6; ++j) {
    a.denoise(0.6, 0.8, X.col(j), Dj);
    EXPECT_EQ(D.col(j), Dj.col(0)) << "column " << j;
  }
  EXPECT_THROW(a.layout(0.6, 0.8, nullptr), ParameterError);
}

TEST(PatchDenoiser, BitwiseTheSameForAnyThreadCount) {
  // every patch (28·29 = 812 per image), and a shifted stride-2 set whose columns differ in their patch counts
  for (const auto& [stride, shift] : {std::pair{1, false}, std::pair{2, true}}) {
    const PatchDenoiser den(patch_mixture(3, 3), 3, 30, 31, stride, shift, 2);
    const MatrixXd X = normals(den.dim(), 5, 11), V = normals(den.dim(), 5, 12);
    MatrixXd D1, J1, D2, J2;
    const int before = omp_get_max_threads();
    omp_set_num_threads(1);
    den.denoise_jvp(0.6, 0.8, X, V, D1, J1);
    omp_set_num_threads(3);
    den.denoise_jvp(0.6, 0.8, X, V, D2, J2);
    omp_set_num_threads(before);
    EXPECT_EQ(D1, D2) << "stride " << stride;
    EXPECT_EQ(J1, J2) << "stride " << stride;
  }
}

TEST(PatchDenoiser, DiffusedStartsAreTilesOfPriorSamples) {
  const auto mix = patch_mixture(2, 2);
  const PatchDenoiser den(mix, 2, 4, 4, 2, true, 1);
  MatrixXd S, T;
  den.sample_diffused(1.0, 0.0, 9, 5, 2, S);
  mix.sample(9, kStartPaths + 5 * 4, 4, T);
  EXPECT_EQ(S(0, 0), T(0, 0));
  EXPECT_EQ(S(5, 0), T(3, 0));
  EXPECT_EQ(S(15, 0), T(3, 3));
}

TEST(PatchDenoiser, RefusesAPriorOfTheWrongDimensionOrASmallImage) {
  test::expect_error<ParameterError>([] { PatchDenoiser(patch_mixture(2, 2), 3, 8, 8, 1, false, 1); },
                                     {"dimension 4", "3 x 3 patch has 9"});
  test::expect_error<ParameterError>([] { PatchDenoiser(patch_mixture(2, 2), 2, 1, 8, 1, false, 1); },
                                     {"smaller than one 2 x 2 patch"});
  test::expect_error<ParameterError>([] { PatchDenoiser(patch_mixture(2, 2), 2, 4, 4, 3, false, 1); }, {"stride 3"});
}

}  // namespace
}  // namespace ito::diffusion
