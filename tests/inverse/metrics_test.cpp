// Metrics: sliced Wasserstein (0 for identical sets and for a set against itself repeated, linear under
// dilation, the exact value |θ·δ| averaged over the directions for a shifted copy, δ in 1-D, a hand-computed
// value for unequal sizes, bitwise independent of threads), PSNR and SSIM on known cases, interval coverage.
#include "ito/inverse/metrics.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/random/normal.hpp"
#include "priors/mixture_fixtures.hpp"

namespace ito::inverse {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using priors::test::normal_matrix;

TEST(SlicedWasserstein, ZeroForIdenticalDistributions) {
  const MatrixXd a = normal_matrix(5, 300, 1);
  EXPECT_EQ(sliced_wasserstein(a, a, 50, 3), 0.0);
  MatrixXd twice(5, 600);
  twice << a, a;  // the same empirical distribution with another sample size
  EXPECT_NEAR(sliced_wasserstein(a, twice, 50, 3), 0.0, 1e-15);
}

TEST(SlicedWasserstein, LinearUnderDilation) {
  const MatrixXd a = normal_matrix(4, 200, 1), b = normal_matrix(4, 150, 2) * 1.3;
  const double base = sliced_wasserstein(a, b, 64, 9);
  EXPECT_GT(base, 0.0);
  for (double c : {0.5, 3.0, 1e3}) EXPECT_NEAR(sliced_wasserstein(c * a, c * b, 64, 9), c * base, 1e-12 * c * base);
}

// B = A + δ: along every direction θ the projections are shifted by θ·δ, so W₁ = |θ·δ| exactly; the
// directions are re-drawn here from their documented stream (normals 0 … d−1 of path l, normalised).
TEST(SlicedWasserstein, ShiftedCopyGivesTheMeanProjectedShift) {
  const int d = 3, slices = 40;
  const MatrixXd a = normal_matrix(d, 500, 1);
  const VectorXd delta = Eigen::Vector3d(0.7, -0.2, 1.1);
  const double sw = sliced_wasserstein(a, a.colwise() + delta, slices, 17);
  const random::NormalStream stream(17, random::Purpose::slices);
  double ref = 0.0;
  for (int l = 0; l < slices; ++l) {
    VectorXd theta(d);
    stream.fill(static_cast<std::uint64_t>(l), 0, d, theta.data());
    ref += std::abs(theta.normalized().dot(delta));
  }
  EXPECT_NEAR(sw, ref / slices, 1e-12);
  // In 1-D every direction is ±1: the Wasserstein-1 distance of two Gaussians differing by a shift δ is δ,
  // and so is that of the shifted empirical samples.
  const MatrixXd g = normal_matrix(1, 1000, 5);
  EXPECT_NEAR(sliced_wasserstein(g, g.array() + 0.37, 7, 1), 0.37, 1e-12);
}

TEST(SlicedWasserstein, UnequalSizesByQuantileCoupling) {
  // {0, 1} against {0, 0.5, 1}: the quantile functions differ by 0.5 on (1/3, 2/3): W₁ = 1/6.
  MatrixXd a(1, 2), b(1, 3);
  a << 1.0, 0.0;
  b << 0.5, 1.0, 0.0;
  EXPECT_NEAR(sliced_wasserstein(a, b, 3, 2), 1.0 / 6.0, 1e-15);
}

TEST(SlicedWasserstein, BitwiseIndependentOfThreadCount) {
  const MatrixXd a = normal_matrix(6, 400, 1), b = normal_matrix(6, 300, 2);
  omp_set_num_threads(1);
  const double one = sliced_wasserstein(a, b, 100, 4);
  omp_set_num_threads(2);
  EXPECT_EQ(sliced_wasserstein(a, b, 100, 4), one);
  EXPECT_NE(sliced_wasserstein(a, b, 100, 5), one);
}

TEST(Psnr, KnownValues) {
  const VectorXd t = VectorXd::LinSpaced(64, 0, 1);
  EXPECT_NEAR(psnr(t.array() + 0.1, t, 1.0), 20.0, 1e-12);  // MSE 0.01
  EXPECT_NEAR(psnr(t.array() - 0.01, t, 2.0), 10 * std::log10(4.0 / 1e-4), 1e-10);
  EXPECT_EQ(psnr(t, t, 1.0), std::numeric_limits<double>::infinity());
  EXPECT_THROW(psnr(t, VectorXd::Zero(3), 1.0), ParameterError);
  EXPECT_THROW(psnr(t, t, 0.0), ParameterError);
}

// Brute-force SSIM: the Gaussian window applied as a 2-D sum at every valid position (no separability).
double ssim_reference(const VectorXd& x, const VectorXd& y, int rows, int cols, double peak) {
  const int w = std::min(rows, cols) >= 11 ? 11 : 7, h = (w - 1) / 2;
  MatrixXd g(w, w);
  for (int a = 0; a < w; ++a)
    for (int b = 0; b < w; ++b) g(a, b) = std::exp(-((a - h) * (a - h) + (b - h) * (b - h)) / (2 * 1.5 * 1.5));
  g /= g.sum();
  const double c1 = std::pow(0.01 * peak, 2), c2 = std::pow(0.03 * peak, 2);
  double total = 0.0;
  int count = 0;
  for (int r = 0; r + w <= rows; ++r)
    for (int c = 0; c + w <= cols; ++c) {
      double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
      for (int a = 0; a < w; ++a)
        for (int b = 0; b < w; ++b) {
          const double u = x((r + a) * cols + c + b), v = y((r + a) * cols + c + b), gw = g(a, b);
          mx += gw * u;
          my += gw * v;
          xx += gw * u * u;
          yy += gw * v * v;
          xy += gw * u * v;
        }
      const double sx = xx - mx * mx, sy = yy - my * my, sxy = xy - mx * my;
      total += (2 * mx * my + c1) * (2 * sxy + c2) / ((mx * mx + my * my + c1) * (sx + sy + c2));
      ++count;
    }
  return total / count;
}

TEST(Ssim, KnownCasesAndBruteForceReference) {
  const VectorXd img = (normal_matrix(64, 1, 3).array() * 0.2 + 0.5).matrix();  // 8 × 8
  EXPECT_EQ(ssim(img, img, 8, 8, 1.0), 1.0);
  // Constant images a and b: σ = 0, SSIM = (2ab + C1) / (a² + b² + C1).
  const double a = 0.3, b = 0.6, c1 = 1e-4;
  EXPECT_NEAR(ssim(VectorXd::Constant(64, a), VectorXd::Constant(64, b), 8, 8, 1.0),
              (2 * a * b + c1) / (a * a + b * b + c1), 1e-12);
  // A constant shift keeps the structure term at 1: only the luminance term (2μ(μ+s) + C1)/(μ² + (μ+s)² + C1)
  // remains, averaged over windows (checked by the brute-force reference), and it is below 1.
  const double shifted = ssim(img.array() + 0.1, img, 8, 8, 1.0);
  EXPECT_LT(shifted, 1.0);
  EXPECT_NEAR(shifted, ssim_reference(img.array() + 0.1, img, 8, 8, 1.0), 1e-12);
  // Random pairs, 7 × 7 window (8 × 8, 10 × 12) and 11 × 11 window (16 × 20).
  for (auto [r, c] : {std::pair{8, 8}, std::pair{10, 12}, std::pair{16, 20}}) {
    const VectorXd x = normal_matrix(r * c, 1, 4), y = x + 0.5 * normal_matrix(r * c, 1, 5);
    EXPECT_NEAR(ssim(x, y, r, c, 4.0), ssim_reference(x, y, r, c, 4.0), 1e-12) << r << "x" << c;
    EXPECT_NEAR(ssim(x, y, r, c, 4.0), ssim(y, x, r, c, 4.0), 1e-14);
  }
  EXPECT_THROW(ssim(VectorXd::Zero(36), VectorXd::Zero(36), 6, 6, 1.0), ParameterError);
  EXPECT_THROW(ssim(img, VectorXd::Zero(63), 8, 8, 1.0), ParameterError);
}

TEST(IntervalCoverage, CountsCoordinatesInsideTheCentralInterval) {
  // Every coordinate has the samples 0, 1, …, 100: the central 90% interval is [5, 95].
  MatrixXd s(5, 101);
  for (int j = 0; j <= 100; ++j) s.col(j).setConstant(100 - j);
  VectorXd truth(5);
  truth << 5.0, 95.0, 50.0, 4.99, 95.01;
  EXPECT_DOUBLE_EQ(interval_coverage(s, truth, 0.9), 3.0 / 5.0);
  // Linear interpolation between order statistics: 11 samples 0 … 10, level 0.5 → [2.5, 7.5].
  MatrixXd t(2, 11);
  for (int j = 0; j <= 10; ++j) t.col(j).setConstant(j);
  EXPECT_DOUBLE_EQ(interval_coverage(t, Eigen::Vector2d(2.5, 2.49), 0.5), 0.5);
  EXPECT_THROW(interval_coverage(s, truth, 1.0), ParameterError);
  EXPECT_THROW(interval_coverage(s, VectorXd::Zero(4), 0.9), ParameterError);
}

TEST(RangeCoverage, CountsCoordinatesBetweenTheExtremesAndIsCalibratedForExchangeableDraws) {
  MatrixXd s(4, 3);
  s << 0, 1, 2, 0, 1, 2, 0, 1, 2, 5, 5, 5;
  EXPECT_DOUBLE_EQ(range_coverage(s, Eigen::Vector4d(0.0, 2.0, 2.01, 5.0)), 3.0 / 4.0);
  EXPECT_THROW(range_coverage(s, VectorXd::Zero(3)), ParameterError);
  EXPECT_THROW(range_coverage(MatrixXd::Zero(4, 1), VectorXd::Zero(4)), ParameterError);
  // n draws and the truth from one law, coordinates independent: the count is binomial with success
  // probability (n − 1)/(n + 1) exactly; 4.5 standard errors.
  for (int n : {2, 8, 16}) {
    const int d = 20000;
    const MatrixXd draws = normal_matrix(d, n + 1, 11u + static_cast<unsigned>(n));
    const double p = calibrated_range_coverage(n);
    const double c = range_coverage(draws.leftCols(n), draws.col(n));
    EXPECT_NEAR(c, p, 4.5 * std::sqrt(p * (1 - p) / d)) << "n = " << n;
    // the empirical 90% interval of n = 8 draws covers well below 90% although the draws are exact
    if (n == 8) {
      EXPECT_LT(interval_coverage(draws.leftCols(n), draws.col(n), 0.9), 0.8);
    }
  }
}

}  // namespace
}  // namespace ito::inverse
