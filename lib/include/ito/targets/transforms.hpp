#pragma once
// Constraining transforms: a constrained parameter θ is sampled as an unconstrained u ∈ R with θ = c(u),
// and the density of u is p_u(u) = p_θ(c(u)) |c'(u)|, so log p_u = log p_θ(c(u)) + log|c'(u)|.
// Each transform gives c(u), log|c'(u)| ("log_jacobian"), its derivative in u (for gradients), and c'(u)
// (for the chain rule of log p_θ). The formulas are those of the Stan reference manual, "Constraint
// transforms" (lower bound: exp; interval: scaled logistic).
#include <cmath>

namespace ito::targets {

namespace detail {
/// log(1 + e^x) without overflow or loss of precision.
inline double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
/// 1 / (1 + e^{−x}) without overflow.
inline double logistic(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}
}  // namespace detail

/// θ = a + e^u ∈ (a, ∞):  log c'(u) = u, d/du log c'(u) = 1.
struct LowerBoundTransform {
  double lower = 0.0;
  double constrain(double u) const { return lower + std::exp(u); }
  double unconstrain(double theta) const { return std::log(theta - lower); }
  double derivative(double u) const { return std::exp(u); }
  double log_jacobian(double u) const { return u; }
  double log_jacobian_derivative(double /*u*/) const { return 1.0; }
};

/// θ = e^u ∈ (0, ∞), the positive reals.
struct PositiveTransform : LowerBoundTransform {};

/// θ = a + (b − a) σ(u) ∈ (a, b), σ(u) = 1/(1 + e^{−u}):
///   log c'(u) = log(b − a) + log σ(u) + log σ(−u) = log(b − a) − softplus(−u) − softplus(u),
///   d/du log c'(u) = σ(−u) − σ(u) = 1 − 2σ(u).
struct IntervalTransform {
  double lower = 0.0, upper = 1.0;
  double constrain(double u) const { return lower + (upper - lower) * detail::logistic(u); }
  double unconstrain(double theta) const {
    const double p = (theta - lower) / (upper - lower);
    return std::log(p) - std::log1p(-p);
  }
  double derivative(double u) const { return (upper - lower) * detail::logistic(u) * detail::logistic(-u); }
  double log_jacobian(double u) const {
    return std::log(upper - lower) - detail::softplus(-u) - detail::softplus(u);
  }
  double log_jacobian_derivative(double u) const { return 1.0 - 2.0 * detail::logistic(u); }
};

}  // namespace ito::targets
