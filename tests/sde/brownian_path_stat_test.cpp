// Statistical checks of the Brownian companions: covariances of (ΔW, ΔZ) and (ΔW, J) of a coarse step built
// by coarsening four fine steps, each within 4.5 standard errors (fixed seeds).
#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/statistics.hpp"
#include "ito/core/time_grid.hpp"
#include "ito/sde/brownian_path.hpp"

namespace ito::sde {
namespace {

// Second moments of one step, estimated over paths; each compared with 4.5 standard errors of the
// estimator of E[uv] (SE from the sample variance of the products).
void expect_second_moment(const std::vector<double>& u, const std::vector<double>& v, double exact,
                          const char* what) {
  core::RunningStats s;
  for (std::size_t k = 0; k < u.size(); ++k) s.add(u[k] * v[k]);
  EXPECT_LT(std::abs(core::z_score(s.mean(), exact, s.std_error())), 4.5)
      << what << ": estimate " << s.mean() << " exact " << exact << " SE " << s.std_error();
}

TEST(BrownianPath, TimeIntegralCovariances) {
  const double h = 0.5;  // one coarse step made of 4 fine steps: tests the coupling in law too
  std::vector<double> w, z;
  for (std::uint64_t p = 0; p < 20000; ++p) {
    const auto c = brownian_path(3, p, core::TimeGrid(0.0, h, 4), 1, Companion::time_integral).coarsen(4);
    w.push_back(c.dW[0]);
    z.push_back(c.companions[0]);
  }
  expect_second_moment(w, w, h, "Var dW");
  expect_second_moment(z, z, h * h * h / 3.0, "Var dZ");
  expect_second_moment(w, z, h * h / 2.0, "Cov(dW, dZ)");
}

TEST(BrownianPath, OuConvolutionCovariances) {
  const double h = 0.5, theta = 1.7;
  std::vector<double> w, j;
  for (std::uint64_t p = 0; p < 20000; ++p) {
    const auto c = brownian_path(4, p, core::TimeGrid(0.0, h, 4), 1, Companion::ou_convolution, theta).coarsen(4);
    w.push_back(c.dW[0]);
    j.push_back(c.companions[0]);
  }
  const auto q = ou_convolution_coefficients(theta, h);
  EXPECT_NEAR(q.variance, (1 - std::exp(-2 * theta * h)) / (2 * theta), 1e-15);
  EXPECT_NEAR(q.covariance, (1 - std::exp(-theta * h)) / theta, 1e-15);
  expect_second_moment(w, w, h, "Var dW");
  expect_second_moment(j, j, q.variance, "Var J");
  expect_second_moment(w, j, q.covariance, "Cov(dW, J)");
}

}  // namespace
}  // namespace ito::sde
