#pragma once
// Linear forward operators y = A x, x ∈ R^d, y ∈ R^{d_y}, applied to batches (d × B → d_y × B).
//
// Kinds: identity, mask (y = x[observed], observed indices distinct, in the given order), dense matrix,
// 1-D convolution and 2-D convolution of a row-major rows × cols image, both 'same' size with zero padding:
//   1-D  y_i = Σ_j k_j x_{i + c − j},            c = ⌊(len − 1)/2⌋      (numpy.convolve(x, k, "same"))
//   2-D  y_{r,s} = Σ_{a,b} K_{a,b} x_{r + c_r − a, s + c_s − b},  c_r = ⌊(rows_K − 1)/2⌋, c_s likewise,
// with x outside the signal taken as 0. The adjoint is the correlation with the same kernel.
//
// The SVD A = U diag(s) V[:, :r]ᵀ (r = min(d, d_y), s descending, V a full d × d orthogonal matrix whose
// last d − r columns span the null space) is computed once on first use and shared by copies (thread-safe):
// exactly, without arithmetic, for identity and mask; by Eigen's BDCSVD of the dense matrix otherwise.
// A LinearOperator is immutable; all const methods may be called from many threads at once.
#include <Eigen/Core>
#include <memory>
#include <string>
#include <vector>

namespace ito::inverse {

class LinearOperator {
 public:
  enum class Kind { identity, mask, dense, convolution_1d, convolution_2d };

  /// Identity on R^0 (to be assigned).
  LinearOperator();
  static LinearOperator identity(int d);
  static LinearOperator mask(int d, std::vector<int> observed);
  static LinearOperator dense(Eigen::MatrixXd A);
  static LinearOperator convolution_1d(Eigen::VectorXd kernel, int n);
  static LinearOperator convolution_2d(Eigen::MatrixXd kernel, int rows, int cols);

  /// "identity" | "mask" | "dense" | "convolution_1d" | "convolution_2d".
  std::string kind() const;
  Kind kind_enum() const { return kind_; }
  int input_dim() const { return d_; }
  int output_dim() const { return d_y_; }
  /// Y = A X (Y is d_y × B).
  void apply(const Eigen::MatrixXd& X, Eigen::MatrixXd& Y) const;
  /// X = Aᵀ Y (X is d × B).
  void adjoint(const Eigen::MatrixXd& Y, Eigen::MatrixXd& X) const;
  /// A as a dense d_y × d matrix; throws ito::ParameterError above 10⁸ entries.
  Eigen::MatrixXd matrix() const;

  struct Svd {
    Eigen::MatrixXd U;  // d_y × r
    Eigen::VectorXd s;  // r, descending
    Eigen::MatrixXd V;  // d × d
  };
  const Svd& svd() const;
  /// Observed indices (mask), 0 … d−1 (identity); empty for the other kinds.
  const std::vector<int>& observed() const { return observed_; }
  /// Convolution kernel (1-D: a column; 2-D: the matrix); empty for the other kinds.
  const Eigen::MatrixXd& kernel() const { return kernel_; }
  /// Image shape of convolution_2d (rows, cols); (d, 1) for convolution_1d.
  int image_rows() const { return rows_; }
  int image_cols() const { return cols_; }

 private:
  struct SvdCache;
  Kind kind_ = Kind::identity;
  int d_ = 0, d_y_ = 0, rows_ = 0, cols_ = 0;
  std::vector<int> observed_;
  Eigen::MatrixXd dense_, kernel_;
  std::shared_ptr<SvdCache> svd_;
};

}  // namespace ito::inverse
