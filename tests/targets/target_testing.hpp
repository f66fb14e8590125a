#pragma once
// Test helpers for targets: gradients against central finite differences, and Simpson quadrature for
// normalisation and moment checks.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "ito/targets/target.hpp"

namespace ito::test {

/// Checks log_density_gradient against central differences (step h·max(1,|x_i|); error O(h²) + O(ε/h)),
/// and that it returns the same value as log_density. Tolerance relative to the gradient's scale.
template <ito::targets::Target T>
void expect_gradient_matches_finite_differences(const T& target, const Eigen::VectorXd& x, double rel_tol = 1e-6,
                                                const std::string& what = "") {
  Eigen::VectorXd grad;
  const double value = target.log_density_gradient(x, grad);
  ASSERT_EQ(grad.size(), x.size()) << what;
  EXPECT_NEAR(value, target.log_density(x), 1e-12 * (1.0 + std::abs(value))) << what;
  const double scale = 1.0 + grad.cwiseAbs().maxCoeff();
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double h = 1e-5 * std::max(1.0, std::abs(x(i)));
    Eigen::VectorXd plus = x, minus = x;
    plus(i) += h;
    minus(i) -= h;
    const double fd = (target.log_density(plus) - target.log_density(minus)) / (2.0 * h);
    EXPECT_NEAR(grad(i), fd, rel_tol * scale) << what << " component " << i;
  }
}

/// Composite Simpson rule on [a, b] with n (even) intervals; error O(h⁴) for smooth integrands.
inline double simpson(const std::function<double(double)>& f, double a, double b, int n) {
  const double h = (b - a) / n;
  double s = f(a) + f(b);
  for (int i = 1; i < n; ++i) s += (i % 2 ? 4.0 : 2.0) * f(a + i * h);
  return s * h / 3.0;
}

}  // namespace ito::test
