#pragma once
// Distances between sample sets and image-quality measures used to judge posterior samplers.
#include <Eigen/Core>
#include <cstdint>

namespace ito::inverse {

/// Sliced Wasserstein-1 distance between the empirical distributions of the columns of A (d × n) and
/// B (d × m): the mean over `slices` directions θ_l, uniform on the unit sphere (normals 0 … d−1 of
/// NormalStream(seed, Purpose::slices) path l, normalised), of W₁ between the projected samples, computed
/// exactly by the quantile coupling ∫₀¹ |F⁻¹(u) − G⁻¹(u)| du (n and m may differ). Slices run in parallel
/// over fixed blocks and are summed in order: bitwise the same for any thread count.
double sliced_wasserstein(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, int slices, std::uint32_t seed);

/// 10 log₁₀(peak² / MSE); +∞ when the two are equal.
double psnr(const Eigen::VectorXd& estimate, const Eigen::VectorXd& truth, double peak);

/// Mean structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004) of two rows × cols images stored
/// row-major: local means, variances and covariance under a Gaussian window of standard deviation 1.5,
/// 11 × 11 when both sides are ≥ 11 and 7 × 7 otherwise (the 8 × 8 digits), normalised to sum 1, at every
/// position where the window fits inside the image ("valid", as Wang et al.'s reference code), with
/// C₁ = (0.01·peak)², C₂ = (0.03·peak)². Images smaller than 7 × 7 are rejected (ParameterError).
double ssim(const Eigen::VectorXd& image, const Eigen::VectorXd& truth, int rows, int cols, double peak);

/// Fraction of coordinates i whose central `level` interval of the samples (d × n; empirical quantiles at
/// (1 − level)/2 and (1 + level)/2, linear interpolation between order statistics) contains truth(i).
double interval_coverage(const Eigen::MatrixXd& samples, const Eigen::VectorXd& truth, double level);

/// Fraction of coordinates i with min_j samples(i, j) ≤ truth(i) ≤ max_j samples(i, j). When the n samples and
/// the truth are exchangeable (a sampler of the exact posterior, the truth a draw of it; continuous laws) the
/// truth's rank among the n + 1 values is uniform, so the expectation is (n − 1)/(n + 1) whatever the law:
/// a calibration check with an exact reference at any n, where the empirical `level` interval of
/// interval_coverage covers less than `level` for small n even for an exact sampler (about 0.72 at n = 8 for
/// level 0.9).
double range_coverage(const Eigen::MatrixXd& samples, const Eigen::VectorXd& truth);
/// (n − 1)/(n + 1): range_coverage's expectation for a calibrated sampler of n samples.
inline double calibrated_range_coverage(Eigen::Index n) {
  return static_cast<double>(n - 1) / static_cast<double>(n + 1);
}

}  // namespace ito::inverse
