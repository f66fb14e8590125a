#pragma once
// log Σ exp(v_i) and the softmax, computed with the largest entry m factored out:
//   log Σ_i e^{v_i} = m + log Σ_i e^{v_i − m},   softmax_i = e^{v_i − m} / Σ_j e^{v_j − m},
// so no term overflows and at least one term is exactly 1 (the sum lies in [1, n]). Edge cases, as in
// Stan Math's log_sum_exp: all entries −∞ (or n = 0) give −∞; a +∞ entry gives +∞; a NaN entry gives NaN.
// The softmax of a vector whose log-sum-exp is not finite is NaN in every entry (there is no distribution
// to return). Mixture responsibilities, log densities and EM's E-step all go through these functions.
#include <Eigen/Core>
#include <cmath>
#include <limits>

namespace ito::core {

namespace detail {
/// Largest entry; NaN as soon as one entry is NaN (std::max would drop it depending on the order).
inline double max_with_nan(const double* v, int n) {
  double m = -std::numeric_limits<double>::infinity();
  for (int i = 0; i < n; ++i) {
    if (std::isnan(v[i])) return v[i];
    if (v[i] > m) m = v[i];
  }
  return m;
}

/// e^x for x ≤ 0, bitwise std::exp(x): below −746 the exact value is under half the smallest subnormal
/// (2⁻¹⁰⁷⁵ = e^−745.13…), so it rounds to +0, which is returned without calling exp. glibc's exp takes a slow
/// underflow path for those arguments; mixture responsibilities of far components hit it constantly.
inline double exp_nonpositive(double x) { return x < -746.0 ? 0.0 : std::exp(x); }
}  // namespace detail

/// log Σ_{i<n} exp(v[i]), max-shifted. −∞ for n = 0 or all entries −∞; +∞ if an entry is +∞; NaN if one is NaN.
inline double log_sum_exp(const double* v, int n) {
  const double m = detail::max_with_nan(v, n);
  if (!std::isfinite(m)) return m;  // −∞ (empty or all −∞), +∞, or NaN
  double s = 0.0;
  for (int i = 0; i < n; ++i) s += detail::exp_nonpositive(v[i] - m);
  return m + std::log(s);
}

/// out[i] = exp(v[i]) / Σ_j exp(v[j]) (out may alias v). NaN everywhere when log_sum_exp(v) is not finite.
inline void softmax(const double* v, int n, double* out) {
  const double m = detail::max_with_nan(v, n);
  if (!std::isfinite(m)) {
    for (int i = 0; i < n; ++i) out[i] = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  double s = 0.0;
  for (int i = 0; i < n; ++i) s += (out[i] = detail::exp_nonpositive(v[i] - m));
  const double inv = 1.0 / s;
  for (int i = 0; i < n; ++i) out[i] *= inv;
}

/// Per column of L (rows are the terms): log Σ_i exp(L(i, j)), as log_sum_exp.
inline Eigen::RowVectorXd log_sum_exp_columns(const Eigen::Ref<const Eigen::MatrixXd>& L) {
  Eigen::RowVectorXd out(L.cols());
  for (Eigen::Index j = 0; j < L.cols(); ++j) out(j) = log_sum_exp(L.col(j).data(), static_cast<int>(L.rows()));
  return out;
}

/// In place, per column: L(:, j) ← softmax(L(:, j)); log_norm(j) ← log_sum_exp(L(:, j)) of the input (the
/// log-normaliser: for mixture log-joints L(k, j) = log w_k + log N_k(x_j) it is log p(x_j)). One pass of
/// exp per entry.
inline void softmax_columns(Eigen::Ref<Eigen::MatrixXd> L, Eigen::Ref<Eigen::RowVectorXd> log_norm) {
  const int n = static_cast<int>(L.rows());
  for (Eigen::Index j = 0; j < L.cols(); ++j) {
    double* v = L.col(j).data();
    const double m = detail::max_with_nan(v, n);
    if (!std::isfinite(m)) {
      log_norm(j) = m;
      for (int i = 0; i < n; ++i) v[i] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    double s = 0.0;
    for (int i = 0; i < n; ++i) s += (v[i] = detail::exp_nonpositive(v[i] - m));
    log_norm(j) = m + std::log(s);
    const double inv = 1.0 / s;
    for (int i = 0; i < n; ++i) v[i] *= inv;
  }
}

/// In place, per column: L(:, j) ← softmax(L(:, j)).
inline void softmax_columns(Eigen::Ref<Eigen::MatrixXd> L) {
  Eigen::RowVectorXd log_norm(L.cols());
  softmax_columns(L, log_norm);
}

}  // namespace ito::core
