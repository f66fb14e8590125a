// The derivative-free Runge–Kutta–Milstein scheme's strong order 1 on Brownian paths (strong_order.hpp):
// Stratonovich GBM, commutative 2-D noise, the cubic model.
#include <gtest/gtest.h>

#include "ito/schemes/runge_kutta_milstein.hpp"
#include "ito/sde/cubic.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/linear_system_2d.hpp"
#include "strong_order.hpp"

namespace ito::schemes {
namespace {

using test::expect_strong_order;

TEST(StrongOrder, RungeKuttaMilsteinOnStratonovichGbm) {
  expect_strong_order(sde::StratonovichGeometricBrownianMotion{}, RungeKuttaMilstein{}, {0.5}, 10, 5, 1000, 115);
}
TEST(StrongOrder, RungeKuttaMilsteinOnCommutative2d) {
  expect_strong_order(sde::LinearSystem2d{}, RungeKuttaMilstein{}, {1.0, 0.5}, 10, 5, 1000, 116);
}
TEST(StrongOrder, RungeKuttaMilsteinOnCubic) {
  expect_strong_order(sde::CubicSde{}, RungeKuttaMilstein{}, {0.5}, 9, 5, 2000, 103);
}

}  // namespace
}  // namespace ito::schemes
