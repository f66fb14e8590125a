// Linear operators: the adjoint identity ⟨A x, y⟩ = ⟨x, Aᵀ y⟩, matrix() against apply, the SVD reconstructs A
// (exact for identity and mask), convolutions against the full convolution from its definition and against
// numpy.convolve / scipy.signal.convolve2d "same" values, bad input.
#include "ito/inverse/operator.hpp"

#include <gtest/gtest.h>

#include "ito/core/error.hpp"
#include "priors/mixture_fixtures.hpp"

namespace ito::inverse {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using priors::test::normal_matrix;

std::vector<std::pair<std::string, LinearOperator>> catalogue() {
  std::vector<std::pair<std::string, LinearOperator>> ops;
  ops.emplace_back("identity", LinearOperator::identity(7));
  ops.emplace_back("mask", LinearOperator::mask(7, {5, 0, 3}));
  ops.emplace_back("dense_wide", LinearOperator::dense(normal_matrix(3, 7, 1)));
  ops.emplace_back("dense_tall", LinearOperator::dense(normal_matrix(9, 7, 2)));
  ops.emplace_back("conv1d_odd", LinearOperator::convolution_1d(normal_matrix(3, 1, 3), 7));
  ops.emplace_back("conv1d_even", LinearOperator::convolution_1d(normal_matrix(4, 1, 4), 7));
  ops.emplace_back("conv1d_long", LinearOperator::convolution_1d(normal_matrix(11, 1, 5), 7));
  ops.emplace_back("conv2d", LinearOperator::convolution_2d(normal_matrix(3, 3, 6), 4, 5));
  ops.emplace_back("conv2d_even", LinearOperator::convolution_2d(normal_matrix(2, 4, 7), 5, 3));
  return ops;
}

TEST(LinearOperator, AdjointIdentityAndDenseMatrix) {
  for (const auto& [name, a] : catalogue()) {
    const MatrixXd x = normal_matrix(a.input_dim(), 4, 10), y = normal_matrix(a.output_dim(), 4, 11);
    MatrixXd ax, aty;
    a.apply(x, ax);
    a.adjoint(y, aty);
    ASSERT_EQ(ax.rows(), a.output_dim()) << name;
    ASSERT_EQ(aty.rows(), a.input_dim()) << name;
    for (int j = 0; j < 4; ++j) {
      const double lhs = ax.col(j).dot(y.col(j)), rhs = x.col(j).dot(aty.col(j));
      EXPECT_NEAR(lhs, rhs, 1e-13 * (1.0 + std::abs(lhs))) << name;
    }
    const MatrixXd m = a.matrix();
    EXPECT_LT((m * x - ax).cwiseAbs().maxCoeff(), 1e-13) << name;
    EXPECT_LT((m.transpose() * y - aty).cwiseAbs().maxCoeff(), 1e-13) << name;
    // In place: X = A X.
    MatrixXd z = x;
    a.apply(z, z);
    EXPECT_EQ(z, ax) << name;
  }
}

TEST(LinearOperator, SvdReconstructsTheOperator) {
  for (const auto& [name, a] : catalogue()) {
    const auto& s = a.svd();
    const int r = std::min(a.input_dim(), a.output_dim());
    ASSERT_EQ(s.s.size(), r) << name;
    ASSERT_EQ(s.U.rows(), a.output_dim()) << name;
    ASSERT_EQ(s.U.cols(), r) << name;
    ASSERT_EQ(s.V.rows(), a.input_dim()) << name;
    ASSERT_EQ(s.V.cols(), a.input_dim()) << name;
    const MatrixXd recon = s.U * s.s.asDiagonal() * s.V.leftCols(r).transpose();
    EXPECT_LT((recon - a.matrix()).cwiseAbs().maxCoeff(), 1e-12) << name;
    EXPECT_LT((s.V.transpose() * s.V - MatrixXd::Identity(a.input_dim(), a.input_dim())).cwiseAbs().maxCoeff(), 1e-12)
        << name;
    EXPECT_LT((s.U.transpose() * s.U - MatrixXd::Identity(r, r)).cwiseAbs().maxCoeff(), 1e-12) << name;
    for (int i = 1; i < r; ++i) EXPECT_GE(s.s(i - 1), s.s(i)) << name;
    EXPECT_GE(s.s.minCoeff(), 0.0) << name;
    if (a.kind() == "identity" || a.kind() == "mask") {
      EXPECT_EQ(recon, a.matrix()) << name;  // built exactly, without arithmetic
    }
    // Cached: the same object on the second call, shared by copies.
    const LinearOperator copy = a;
    EXPECT_EQ(&copy.svd(), &a.svd()) << name;
  }
}

// Full convolution from its definition, full_n = Σ_j k_j x_{n−j}, then the centred "same" slice starting at
// ⌊(len − 1)/2⌋ (numpy.convolve / scipy.signal.convolve2d convention).
TEST(LinearOperator, ConvolutionsMatchTheDefinition) {
  for (int len : {1, 2, 3, 4, 5, 9}) {
    const int n = 6;
    const VectorXd k = normal_matrix(len, 1, 20 + len);
    const VectorXd x = normal_matrix(n, 1, 40);
    VectorXd full = VectorXd::Zero(n + len - 1);
    for (int i = 0; i < n + len - 1; ++i)
      for (int j = 0; j < len; ++j)
        if (i - j >= 0 && i - j < n) full(i) += k(j) * x(i - j);
    MatrixXd y;
    LinearOperator::convolution_1d(k, n).apply(x, y);
    EXPECT_LT((y.col(0) - full.segment((len - 1) / 2, n)).cwiseAbs().maxCoeff(), 1e-14) << "len " << len;
  }
  for (int kr : {1, 2, 3}) {
    for (int kc : {2, 3, 5}) {
      const int rows = 5, cols = 6;
      const MatrixXd k = normal_matrix(kr, kc, 50 + 10 * kr + kc);
      const MatrixXd img = normal_matrix(rows, cols, 60);
      MatrixXd full = MatrixXd::Zero(rows + kr - 1, cols + kc - 1);
      for (int p = 0; p < full.rows(); ++p)
        for (int q = 0; q < full.cols(); ++q)
          for (int a = 0; a < kr; ++a)
            for (int b = 0; b < kc; ++b)
              if (p - a >= 0 && p - a < rows && q - b >= 0 && q - b < cols) full(p, q) += k(a, b) * img(p - a, q - b);
      VectorXd x(rows * cols);  // row-major
      for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) x(r * cols + c) = img(r, c);
      MatrixXd y;
      LinearOperator::convolution_2d(k, rows, cols).apply(x, y);
      for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
          EXPECT_NEAR(y(r * cols + c, 0), full(r + (kr - 1) / 2, c + (kc - 1) / 2), 1e-14) << kr << "x" << kc;
    }
  }
}

TEST(LinearOperator, ConvolutionsMatchNumpyAndScipyValues) {
  // numpy.convolve([1..6], k, "same")
  const VectorXd x = VectorXd::LinSpaced(6, 1, 6);
  MatrixXd y;
  LinearOperator::convolution_1d(Eigen::Vector3d(1, 0, -1), 6).apply(x, y);
  EXPECT_EQ(VectorXd(y.col(0)), (VectorXd(6) << 2, 2, 2, 2, 2, -5).finished());
  LinearOperator::convolution_1d(Eigen::Vector4d(1, 2, 3, 4), 6).apply(x, y);
  EXPECT_EQ(VectorXd(y.col(0)), (VectorXd(6) << 4, 10, 20, 30, 40, 43).finished());
  // scipy.signal.convolve2d(arange(20).reshape(4, 5), [[1, 2], [3, 4]], "same")
  const VectorXd img = VectorXd::LinSpaced(20, 0, 19);
  MatrixXd k(2, 2);
  k << 1, 2, 3, 4;
  LinearOperator::convolution_2d(k, 4, 5).apply(img, y);
  VectorXd expected(20);
  expected << 0, 1, 4, 7, 10, 5, 19, 29, 39, 49, 25, 69, 79, 89, 99, 45, 119, 129, 139, 149;
  EXPECT_EQ(VectorXd(y.col(0)), expected);
}

TEST(LinearOperator, MaskSelectsInTheGivenOrder) {
  const auto a = LinearOperator::mask(5, {4, 1});
  MatrixXd y, back;
  a.apply(VectorXd::LinSpaced(5, 10, 14), y);
  EXPECT_EQ(VectorXd(y.col(0)), Eigen::Vector2d(14, 11));
  a.adjoint(Eigen::Vector2d(1, 2), back);
  EXPECT_EQ(VectorXd(back.col(0)), (VectorXd(5) << 0, 2, 0, 0, 1).finished());
  EXPECT_EQ(a.observed(), (std::vector<int>{4, 1}));
  EXPECT_EQ(a.kind(), "mask");
}

TEST(LinearOperator, RejectsBadInput) {
  EXPECT_THROW(LinearOperator::mask(5, {5}), ParameterError);
  EXPECT_THROW(LinearOperator::mask(5, {-1}), ParameterError);
  EXPECT_THROW(LinearOperator::mask(5, {1, 1}), ParameterError);
  EXPECT_THROW(LinearOperator::mask(5, {}), ParameterError);
  EXPECT_THROW(LinearOperator::identity(0), ParameterError);
  EXPECT_THROW(LinearOperator::dense(MatrixXd(0, 3)), ParameterError);
  MatrixXd nan = MatrixXd::Ones(2, 2);
  nan(0, 1) = NAN;
  EXPECT_THROW(LinearOperator::dense(nan), ParameterError);
  EXPECT_THROW(LinearOperator::convolution_1d(VectorXd(0), 5), ParameterError);
  EXPECT_THROW(LinearOperator::convolution_2d(MatrixXd::Ones(3, 3), 0, 4), ParameterError);
  MatrixXd y;
  EXPECT_THROW(LinearOperator::identity(4).apply(MatrixXd::Ones(3, 2), y), ParameterError);
  EXPECT_THROW(LinearOperator::mask(4, {1}).adjoint(MatrixXd::Ones(2, 2), y), ParameterError);
}

}  // namespace
}  // namespace ito::inverse
