#include "ito/fokker_planck/problems.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ito::fokker_planck {
namespace {

TEST(Problems, ClosedFormCovarianceSolvesTheLyapunovOde) {
  // C′ = −AC − CAᵀ + SSᵀ integrated by classical RK4 with a small step.
  Eigen::Matrix2d a, s, c;
  a << 1.0, 0.3, -0.2, 2.0;
  s << 1.0, 0.0, 0.6, 0.8;
  c = 0.25 * Eigen::Matrix2d::Identity();
  const auto rhs = [&](const Eigen::Matrix2d& x) -> Eigen::Matrix2d { return -a * x - x * a.transpose() + s * s.transpose(); };
  const int n = 2000;
  const double dt = 1.5 / n;
  for (int k = 0; k < n; ++k) {
    const Eigen::Matrix2d k1 = rhs(c), k2 = rhs(c + 0.5 * dt * k1), k3 = rhs(c + 0.5 * dt * k2), k4 = rhs(c + dt * k3);
    c += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  EXPECT_LT((ou2d_covariance(a, s, 0.25 * Eigen::Matrix2d::Identity(), 1.5) - c).cwiseAbs().maxCoeff(), 1e-12);
  // Stationary limit solves A C + C Aᵀ = SSᵀ.
  const Eigen::Matrix2d inf = ou2d_covariance(a, s, Eigen::Matrix2d::Identity(), 60.0);
  EXPECT_LT((a * inf + inf * a.transpose() - s * s.transpose()).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((ou2d_mean(a, Eigen::Vector2d(1, 2), 0.0) - Eigen::Vector2d(1, 2)).norm(), 1e-15);
}

TEST(Problems, InitialCellAveragesCarryUnitMass) {
  const auto p = gbm_problem(0.05, 0.3, 1.0, 0.1, Grid1D(0.0, 4.0, 97));
  double mass = 0;
  for (double v : p.initial) mass += v * p.grid.width();
  EXPECT_NEAR(mass, 1.0, 1e-14);
  const auto q = ou2d_problem(Eigen::Matrix2d::Identity(), Eigen::Matrix2d::Identity(), Eigen::Vector2d(0, 0),
                              Eigen::Matrix2d::Identity(), Grid2D{Grid1D(-8, 8, 64), Grid1D(-8, 8, 64)});
  double mass2 = 0;
  for (double v : q.initial) mass2 += v * q.grid.cell_area();
  EXPECT_NEAR(mass2, 1.0, 1e-12);
}

}  // namespace
}  // namespace ito::fokker_planck
