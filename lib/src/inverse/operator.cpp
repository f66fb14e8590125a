#include "ito/inverse/operator.hpp"

#include <Eigen/SVD>
#include <algorithm>
#include <mutex>

#include "ito/core/error.hpp"

namespace ito::inverse {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using ito::detail::throw_error;
using RowMajorMap = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
using ConstRowMajorMap = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

struct LinearOperator::SvdCache {
  std::once_flag once;
  Svd svd;
};

LinearOperator::LinearOperator() : svd_(std::make_shared<SvdCache>()) {}

LinearOperator LinearOperator::identity(int d) {
  if (d < 1) throw_error<ParameterError>("identity operator: dimension ", d, ", expected >= 1");
  LinearOperator a;
  a.kind_ = Kind::identity;
  a.d_ = a.d_y_ = d;
  a.observed_.resize(static_cast<std::size_t>(d));
  for (int i = 0; i < d; ++i) a.observed_[static_cast<std::size_t>(i)] = i;
  return a;
}

LinearOperator LinearOperator::mask(int d, std::vector<int> observed) {
  if (d < 1) throw_error<ParameterError>("mask operator: dimension ", d, ", expected >= 1");
  if (observed.empty()) throw ParameterError("mask operator: no observed index");
  std::vector<char> seen(static_cast<std::size_t>(d), 0);
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const int o = observed[i];
    if (o < 0 || o >= d)
      throw_error<ParameterError>("mask operator: observed index ", o, " (entry ", i, ") outside 0 .. ", d - 1);
    if (seen[static_cast<std::size_t>(o)]) throw_error<ParameterError>("mask operator: index ", o, " observed twice");
    seen[static_cast<std::size_t>(o)] = 1;
  }
  LinearOperator a;
  a.kind_ = Kind::mask;
  a.d_ = d;
  a.d_y_ = static_cast<int>(observed.size());
  a.observed_ = std::move(observed);
  return a;
}

LinearOperator LinearOperator::dense(MatrixXd m) {
  if (m.rows() < 1 || m.cols() < 1)
    throw_error<ParameterError>("dense operator: the matrix is ", m.rows(), "x", m.cols(), ", expected non-empty");
  if (!m.allFinite()) throw ParameterError("dense operator: the matrix has a non-finite entry");
  LinearOperator a;
  a.kind_ = Kind::dense;
  a.d_ = static_cast<int>(m.cols());
  a.d_y_ = static_cast<int>(m.rows());
  a.dense_ = std::move(m);
  return a;
}

LinearOperator LinearOperator::convolution_1d(VectorXd kernel, int n) {
  if (n < 1) throw_error<ParameterError>("convolution_1d operator: signal length ", n, ", expected >= 1");
  if (kernel.size() < 1 || !kernel.allFinite())
    throw ParameterError("convolution_1d operator: the kernel must be non-empty and finite");
  LinearOperator a;
  a.kind_ = Kind::convolution_1d;
  a.d_ = a.d_y_ = n;
  a.rows_ = n;
  a.cols_ = 1;
  a.kernel_ = std::move(kernel);
  return a;
}

LinearOperator LinearOperator::convolution_2d(MatrixXd kernel, int rows, int cols) {
  if (rows < 1 || cols < 1)
    throw_error<ParameterError>("convolution_2d operator: image shape ", rows, "x", cols, ", expected >= 1x1");
  if (kernel.size() < 1 || !kernel.allFinite())
    throw ParameterError("convolution_2d operator: the kernel must be non-empty and finite");
  LinearOperator a;
  a.kind_ = Kind::convolution_2d;
  a.d_ = a.d_y_ = rows * cols;
  a.rows_ = rows;
  a.cols_ = cols;
  a.kernel_ = std::move(kernel);
  return a;
}

std::string LinearOperator::kind() const {
  switch (kind_) {
    case Kind::identity:
      return "identity";
    case Kind::mask:
      return "mask";
    case Kind::dense:
      return "dense";
    case Kind::convolution_1d:
      return "convolution_1d";
    case Kind::convolution_2d:
      return "convolution_2d";
  }
  return "?";
}

namespace {

// 'same' convolution with zero padding; with adjoint = true the correlation (its transpose).
//   forward: out_i += k_t in_{i + c − t};   adjoint: out_s += k_t in_{s − c + t}.
void conv_1d(const MatrixXd& kernel, const MatrixXd& in, MatrixXd& out, bool adjoint) {
  const Index n = in.rows(), len = kernel.rows(), c = (len - 1) / 2;
  out.setZero(n, in.cols());
  for (Index t = 0; t < len; ++t) {
    const Index shift = adjoint ? t - c : c - t;  // out_i += k_t in_{i + shift}
    const Index i0 = std::max<Index>(0, -shift), i1 = std::min<Index>(n, n - shift);
    if (i1 <= i0) continue;
    out.middleRows(i0, i1 - i0) += kernel(t, 0) * in.middleRows(i0 + shift, i1 - i0);
  }
}

void conv_2d(const MatrixXd& kernel, int rows, int cols, const MatrixXd& in, MatrixXd& out, bool adjoint) {
  const Index kr = kernel.rows(), kc = kernel.cols(), cr = (kr - 1) / 2, cc = (kc - 1) / 2;
  out.setZero(in.rows(), in.cols());
  for (Index j = 0; j < in.cols(); ++j) {
    ConstRowMajorMap x(in.col(j).data(), rows, cols);
    RowMajorMap y(out.col(j).data(), rows, cols);
    for (Index a = 0; a < kr; ++a)
      for (Index b = 0; b < kc; ++b) {
        const Index sr = adjoint ? a - cr : cr - a, sc = adjoint ? b - cc : cc - b;
        const Index r0 = std::max<Index>(0, -sr), r1 = std::min<Index>(rows, rows - sr);
        const Index c0 = std::max<Index>(0, -sc), c1 = std::min<Index>(cols, cols - sc);
        if (r1 <= r0 || c1 <= c0) continue;
        y.block(r0, c0, r1 - r0, c1 - c0) += kernel(a, b) * x.block(r0 + sr, c0 + sc, r1 - r0, c1 - c0);
      }
  }
}

}  // namespace

void LinearOperator::apply(const MatrixXd& X, MatrixXd& Y) const {
  if (X.rows() != d_) throw_error<ParameterError>(kind(), " operator: input has ", X.rows(), " rows, expected ", d_);
  if (&X == &Y) {
    MatrixXd tmp;
    apply(X, tmp);
    Y = std::move(tmp);
    return;
  }
  switch (kind_) {
    case Kind::identity:
      Y = X;
      return;
    case Kind::mask:
      Y.resize(d_y_, X.cols());
      for (Index j = 0; j < X.cols(); ++j)
        for (int i = 0; i < d_y_; ++i) Y(i, j) = X(observed_[static_cast<std::size_t>(i)], j);
      return;
    case Kind::dense:
      Y.noalias() = dense_ * X;
      return;
    case Kind::convolution_1d:
      conv_1d(kernel_, X, Y, false);
      return;
    case Kind::convolution_2d:
      conv_2d(kernel_, rows_, cols_, X, Y, false);
      return;
  }
}

void LinearOperator::adjoint(const MatrixXd& Y, MatrixXd& X) const {
  if (Y.rows() != d_y_)
    throw_error<ParameterError>(kind(), " operator: adjoint input has ", Y.rows(), " rows, expected ", d_y_);
  if (&X == &Y) {
    MatrixXd tmp;
    adjoint(Y, tmp);
    X = std::move(tmp);
    return;
  }
  switch (kind_) {
    case Kind::identity:
      X = Y;
      return;
    case Kind::mask:
      X.setZero(d_, Y.cols());
      for (Index j = 0; j < Y.cols(); ++j)
        for (int i = 0; i < d_y_; ++i) X(observed_[static_cast<std::size_t>(i)], j) = Y(i, j);
      return;
    case Kind::dense:
      X.noalias() = dense_.transpose() * Y;
      return;
    case Kind::convolution_1d:
      conv_1d(kernel_, Y, X, true);
      return;
    case Kind::convolution_2d:
      conv_2d(kernel_, rows_, cols_, Y, X, true);
      return;
  }
}

MatrixXd LinearOperator::matrix() const {
  if (static_cast<double>(d_) * static_cast<double>(d_y_) > 1e8)
    throw_error<ParameterError>(kind(), " operator: a dense ", d_y_, "x", d_, " matrix is too large to form");
  if (kind_ == Kind::dense) return dense_;
  MatrixXd m;
  apply(MatrixXd::Identity(d_, d_), m);
  return m;
}

const LinearOperator::Svd& LinearOperator::svd() const {
  std::call_once(svd_->once, [&] {
    Svd& s = svd_->svd;
    if (kind_ == Kind::identity || kind_ == Kind::mask) {
      // A = rows e_{observed_i}ᵀ: U = I, s = 1, V = [e_{observed_0} … e_{observed_{d_y−1}}, unobserved e_j].
      s.U = MatrixXd::Identity(d_y_, d_y_);
      s.s = VectorXd::Ones(d_y_);
      s.V = MatrixXd::Zero(d_, d_);
      std::vector<char> seen(static_cast<std::size_t>(d_), 0);
      Index col = 0;
      for (int o : observed_) {
        s.V(o, col++) = 1.0;
        seen[static_cast<std::size_t>(o)] = 1;
      }
      for (int j = 0; j < d_; ++j)
        if (!seen[static_cast<std::size_t>(j)]) s.V(j, col++) = 1.0;
      return;
    }
    const MatrixXd m = matrix();
    Eigen::BDCSVD<MatrixXd> svd(m, Eigen::ComputeThinU | Eigen::ComputeFullV);
    s.U = svd.matrixU();
    s.s = svd.singularValues();
    s.V = svd.matrixV();
  });
  return svd_->svd;
}

}  // namespace ito::inverse
