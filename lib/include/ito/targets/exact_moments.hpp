#pragma once
// Exact posterior moments E[θ] and E[θ²] of the reported quantities, for the targets where they are known
// in closed form or reduce to a one-dimensional integral: the exact answers the samplers are tested against.
//
//  - Gaussian, banana, funnel, mixture: closed form (gaussian.hpp, banana.hpp, funnel.hpp, mixture.hpp).
//  - Linear regression (and so arK and sblrc-blr): given σ the model is conjugate,
//      β | σ, y ~ N(m, Λ⁻¹),  Λ = XᵀX/σ² + I/s_β²,  m = Λ⁻¹ Xᵀy/σ²,
//    and, by the matrix determinant lemma and the Woodbury identity,
//      log p(y | σ) = −N log σ − ½ log det Λ − ½ (‖y − Xm‖²/σ² + ‖m‖²/s_β²) + const,
//    so every moment is a 1-D integral over u = log σ with weight p_σ(e^u) e^u p(y | e^u).
//  - eight_schools_noncentered: given τ, θ_j | μ ~ N(μ, τ²) and y_j | μ ~ N(μ, σ_j² + τ²); μ | τ, y ~ N(m_μ, 1/P)
//    with P = 1/25 + Σ 1/(σ_j² + τ²), m_μ = Σ (y_j/(σ_j² + τ²)) / P, and θ_j | μ, τ, y ~ N(v_j (y_j/σ_j² + μ/τ²), v_j),
//    v_j = 1/(1/σ_j² + 1/τ²); p(y | τ) = Π N(y_j; 0, ·) integrated over μ in closed form. Moments are 1-D
//    integrals over u = log τ with weight p_τ(e^u) e^u p(y | e^u).
// The 1-D integrals use composite Simpson on the region where the log weight is within 60 of its maximum
// (located on a coarse grid), with enough nodes that the quadrature error is far below 1e-8 relative.
#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "ito/targets/eight_schools.hpp"
#include "ito/targets/regression.hpp"
#include "ito/targets/target.hpp"

namespace ito::targets {

struct ExactMoments {
  std::vector<std::string> names;  ///< the target's parameter_names()
  Eigen::VectorXd mean;            ///< E[θ_i]
  Eigen::VectorXd mean_square;     ///< E[θ_i²]
};

ExactMoments exact_moments(const LinearRegressionTarget& target);
ExactMoments exact_moments(const EightSchoolsNoncenteredTarget& target);

/// Exact moments of any catalogue target that has them (all but logistic regression); nullopt otherwise.
std::optional<ExactMoments> exact_moments(const AnyTarget& target);

}  // namespace ito::targets
