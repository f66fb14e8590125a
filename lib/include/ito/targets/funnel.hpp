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
/// Reported quantities: (v, x[1], ..., x[n]).
///
/// Two parameterisations of the same law (the choice Stan's users make for every hierarchical model):
///  - centred: the sampler moves (v, x) itself. The log density's curvature in x is e^{−v}, so the neck
///    (v ≪ 0) needs steps e^{v/2} times those of the mouth; no single step size serves both, and a
///    gradient sampler with one step size cannot converge (the diagnostics show it).
///  - non-centred: the sampler moves (v, z) with z_i = e^{−v/2} x_i, whose law is N(0, σ_v²) × N(0, I)
///    (the map (v, z) ↦ (v, e^{v/2} z) pushes it forward to the funnel); constrain() returns (v, x). The
///    log density −v²/(2σ_v²) − ½|z|² + const is that of a Gaussian: one step size serves everywhere.
enum class FunnelParameterization { centered, noncentered };

class FunnelTarget {
 public:
  FunnelTarget(int dim, double v_scale, FunnelParameterization parameterization = FunnelParameterization::centered);

  int dim() const { return dim_; }
  double log_density(const Eigen::VectorXd& x) const {
    const double v = x(0), n = dim_ - 1.0;
    const double sum_sq = x.tail(dim_ - 1).squaredNorm();
    if (noncentered_) return -0.5 * v * v / v_var_ - 0.5 * sum_sq + log_normalizer_;
    return -0.5 * v * v / v_var_ - 0.5 * n * v - 0.5 * std::exp(-v) * sum_sq + log_normalizer_;
  }
  double log_density_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& grad) const {
    grad.resize(dim_);
    const double v = x(0), n = dim_ - 1.0;
    const double sum_sq = x.tail(dim_ - 1).squaredNorm();
    if (noncentered_) {
      grad(0) = -v / v_var_;
      grad.tail(dim_ - 1) = -x.tail(dim_ - 1);
      return -0.5 * v * v / v_var_ - 0.5 * sum_sq + log_normalizer_;
    }
    const double precision = std::exp(-v);
    grad(0) = -v / v_var_ - 0.5 * n + 0.5 * precision * sum_sq;
    grad.tail(dim_ - 1) = -precision * x.tail(dim_ - 1);
    return -0.5 * v * v / v_var_ - 0.5 * n * v - 0.5 * precision * sum_sq + log_normalizer_;
  }
  std::vector<std::string> parameter_names() const;
  void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const {
    out = x;
    if (noncentered_) out.tail(dim_ - 1) *= std::exp(0.5 * x(0));
  }

  double v_scale() const { return std::sqrt(v_var_); }
  FunnelParameterization parameterization() const {
    return noncentered_ ? FunnelParameterization::noncentered : FunnelParameterization::centered;
  }

 private:
  int dim_;
  double v_var_, log_normalizer_;
  bool noncentered_;
};

}  // namespace ito::targets
