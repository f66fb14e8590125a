#pragma once
// Neal's funnel with its exact normalised log density and moments: the hard geometry of hierarchical models.
#include <Eigen/Core>
#include <cmath>
#include <string>
#include <vector>

#include "ito/targets/target.hpp"

namespace ito::targets {

/// Neal's funnel (Neal 2003, "Slice sampling", Ann. Stat. 31:705): v ~ N(0, σ_v²) and, given v, the
/// d − 1 coordinates x_i ~ N(0, e^v) independently (variance e^v). With n = d − 1,
///   log π(v, x) = −v²/(2σ_v²) − ½ log(2π σ_v²) − n v/2 − ½ e^{−v} Σ x_i² − (n/2) log 2π,
///   ∂_v = −v/σ_v² − n/2 + ½ e^{−v} Σ x_i²,   ∂_{x_i} = −e^{−v} x_i.
/// Exact: E v = 0, Var v = σ_v², E x_i = 0, Var x_i = E e^v = e^{σ_v²/2}. Neal's setting: σ_v = 3, d = 10.
/// Unconstrained layout and reported quantities: (v, x[1], ..., x[n]).
class FunnelTarget {
 public:
  FunnelTarget(int dim, double v_scale);

  int dim() const { return dim_; }
  double log_density(const Eigen::VectorXd& x) const {
    const double v = x(0), n = dim_ - 1.0;
    const double sum_sq = x.tail(dim_ - 1).squaredNorm();
    return -0.5 * v * v / v_var_ - 0.5 * n * v - 0.5 * std::exp(-v) * sum_sq + log_normalizer_;
  }
  double log_density_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& grad) const {
    grad.resize(dim_);
    const double v = x(0), n = dim_ - 1.0, precision = std::exp(-v);
    const double sum_sq = x.tail(dim_ - 1).squaredNorm();
    grad(0) = -v / v_var_ - 0.5 * n + 0.5 * precision * sum_sq;
    grad.tail(dim_ - 1) = -precision * x.tail(dim_ - 1);
    return -0.5 * v * v / v_var_ - 0.5 * n * v - 0.5 * precision * sum_sq + log_normalizer_;
  }
  std::vector<std::string> parameter_names() const;
  void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const { out = x; }

  double v_scale() const { return std::sqrt(v_var_); }

 private:
  int dim_;
  double v_var_, log_normalizer_;
};

}  // namespace ito::targets
