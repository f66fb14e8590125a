#include "ito/inverse/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "ito/random/normal.hpp"

namespace ito::inverse {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using ito::detail::throw_error;

namespace {

// W₁ between the empirical distributions of sorted a (n) and sorted b (m): ∫₀¹ |F⁻¹(u) − G⁻¹(u)| du, the
// quantile functions piecewise constant with breakpoints i/n and j/m (compared exactly in integers).
double w1_sorted(const double* a, std::int64_t n, const double* b, std::int64_t m) {
  std::int64_t i = 0, j = 0, at = 0;  // at = current u · n · m
  double sum = 0.0;
  while (i < n && j < m) {
    const std::int64_t next_a = (i + 1) * m, next_b = (j + 1) * n;
    const std::int64_t next = std::min(next_a, next_b);
    sum += static_cast<double>(next - at) * std::abs(a[i] - b[j]);
    at = next;
    if (next_a == next) ++i;
    if (next_b == next) ++j;
  }
  return sum / (static_cast<double>(n) * static_cast<double>(m));
}

}  // namespace

double sliced_wasserstein(const MatrixXd& A, const MatrixXd& B, int slices, std::uint32_t seed) {
  if (A.rows() != B.rows() || A.rows() < 1)
    throw_error<ParameterError>("sliced_wasserstein: sample sets of dimension ", A.rows(), " and ", B.rows());
  if (A.cols() < 1 || B.cols() < 1) throw ParameterError("sliced_wasserstein: an empty sample set");
  if (slices < 1) throw_error<ParameterError>("sliced_wasserstein: slices = ", slices, ", expected >= 1");
  const Index d = A.rows();
  const random::NormalStream stream(seed, random::Purpose::slices);
  constexpr std::size_t kBlock = 16;  // slices per block: one product Θᵀ A per block, fixed shape
  std::vector<double> per_slice(static_cast<std::size_t>(slices));
  core::parallel_blocks(static_cast<std::size_t>(slices), kBlock, [&](std::size_t, std::size_t begin, std::size_t end) {
    const auto bs = static_cast<Index>(end - begin);
    MatrixXd theta(d, bs);
    for (Index l = 0; l < bs; ++l) {
      stream.fill(begin + static_cast<std::size_t>(l), 0, static_cast<std::size_t>(d), theta.col(l).data());
      theta.col(l).normalize();
    }
    // Row-major projections: slice l's projected samples contiguous.
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> pa = theta.transpose() * A;
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> pb = theta.transpose() * B;
    for (Index l = 0; l < bs; ++l) {
      double* a = pa.row(l).data();
      double* b = pb.row(l).data();
      std::sort(a, a + pa.cols());
      std::sort(b, b + pb.cols());
      per_slice[begin + static_cast<std::size_t>(l)] = w1_sorted(a, pa.cols(), b, pb.cols());
    }
  });
  double sum = 0.0;
  for (double v : per_slice) sum += v;
  return sum / slices;
}

double psnr(const VectorXd& estimate, const VectorXd& truth, double peak) {
  if (estimate.size() != truth.size() || truth.size() < 1)
    throw_error<ParameterError>("psnr: sizes ", estimate.size(), " and ", truth.size());
  if (!(peak > 0.0)) throw_error<ParameterError>("psnr: peak = ", peak, ", expected > 0");
  const double mse = (estimate - truth).squaredNorm() / static_cast<double>(truth.size());
  if (mse == 0.0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(peak * peak / mse);
}

namespace {

using RowImage = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// 'valid' separable filtering of a rows × cols image with the normalised 1-D window g (size w).
RowImage filter_valid(const RowImage& img, const VectorXd& g) {
  const Index w = g.size(), r = img.rows() - w + 1, c = img.cols() - w + 1;
  RowImage h = RowImage::Zero(img.rows(), c);
  for (Index t = 0; t < w; ++t) h += g(t) * img.middleCols(t, c);
  RowImage out = RowImage::Zero(r, c);
  for (Index t = 0; t < w; ++t) out += g(t) * h.middleRows(t, r);
  return out;
}

}  // namespace

double ssim(const VectorXd& image, const VectorXd& truth, int rows, int cols, double peak) {
  if (rows < 1 || cols < 1 || image.size() != static_cast<Index>(rows) * cols || truth.size() != image.size())
    throw_error<ParameterError>("ssim: images of ", image.size(), " and ", truth.size(), " pixels for shape ", rows,
                                "x", cols);
  if (std::min(rows, cols) < 7)
    throw_error<ParameterError>("ssim: image ", rows, "x", cols, " is smaller than the 7x7 window");
  if (!(peak > 0.0)) throw_error<ParameterError>("ssim: peak = ", peak, ", expected > 0");
  const Index w = std::min(rows, cols) >= 11 ? 11 : 7;
  VectorXd g(w);
  for (Index t = 0; t < w; ++t) {
    const double u = static_cast<double>(t - (w - 1) / 2);
    g(t) = std::exp(-u * u / (2.0 * 1.5 * 1.5));
  }
  g /= g.sum();
  const RowImage x = Eigen::Map<const RowImage>(image.data(), rows, cols);
  const RowImage y = Eigen::Map<const RowImage>(truth.data(), rows, cols);
  const RowImage mx = filter_valid(x, g), my = filter_valid(y, g);
  const RowImage sxx = filter_valid(x.cwiseProduct(x), g) - mx.cwiseProduct(mx);
  const RowImage syy = filter_valid(y.cwiseProduct(y), g) - my.cwiseProduct(my);
  const RowImage sxy = filter_valid(x.cwiseProduct(y), g) - mx.cwiseProduct(my);
  const double c1 = (0.01 * peak) * (0.01 * peak), c2 = (0.03 * peak) * (0.03 * peak);
  const RowImage map = ((2.0 * mx.array() * my.array() + c1) * (2.0 * sxy.array() + c2)) /
                       ((mx.array().square() + my.array().square() + c1) * (sxx.array() + syy.array() + c2));
  return map.mean();
}

double interval_coverage(const MatrixXd& samples, const VectorXd& truth, double level) {
  if (samples.rows() != truth.size() || truth.size() < 1)
    throw_error<ParameterError>("interval_coverage: samples of dimension ", samples.rows(), ", truth of ",
                                truth.size());
  if (samples.cols() < 2) throw ParameterError("interval_coverage: at least 2 samples are required");
  if (!(level > 0.0 && level < 1.0))
    throw_error<ParameterError>("interval_coverage: level = ", level, ", expected in (0, 1)");
  const Index n = samples.cols();
  auto quantile = [n](const std::vector<double>& s, double p) {  // linear interpolation (Hyndman–Fan type 7)
    const double h = static_cast<double>(n - 1) * p;
    const auto lo = static_cast<Index>(std::floor(h));
    const Index hi = std::min(lo + 1, n - 1);
    return s[static_cast<std::size_t>(lo)] +
           (h - static_cast<double>(lo)) * (s[static_cast<std::size_t>(hi)] - s[static_cast<std::size_t>(lo)]);
  };
  Index covered = 0;
  std::vector<double> row(static_cast<std::size_t>(n));
  for (Index i = 0; i < samples.rows(); ++i) {
    for (Index j = 0; j < n; ++j) row[static_cast<std::size_t>(j)] = samples(i, j);
    std::sort(row.begin(), row.end());
    const double lo = quantile(row, 0.5 * (1.0 - level)), hi = quantile(row, 0.5 * (1.0 + level));
    if (lo <= truth(i) && truth(i) <= hi) ++covered;
  }
  return static_cast<double>(covered) / static_cast<double>(samples.rows());
}

double range_coverage(const MatrixXd& samples, const VectorXd& truth) {
  if (samples.rows() != truth.size() || truth.size() < 1)
    throw_error<ParameterError>("range_coverage: samples of dimension ", samples.rows(), ", truth of ", truth.size());
  if (samples.cols() < 2) throw ParameterError("range_coverage: at least 2 samples are required");
  const auto inside = (samples.rowwise().minCoeff().array() <= truth.array()) &&
                      (truth.array() <= samples.rowwise().maxCoeff().array());
  return static_cast<double>(inside.count()) / static_cast<double>(truth.size());
}

}  // namespace ito::inverse
