// SRIW1's strong order 1.5 on Brownian paths with their time integrals ΔZ (strong_order.hpp): diagonal noise,
// GBM, the cubic model.
#include <gtest/gtest.h>

#include "ito/schemes/sriw1.hpp"
#include "ito/sde/cubic.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "strong_order.hpp"

namespace ito::schemes {
namespace {

using test::expect_strong_order;

TEST(StrongOrder, Sriw1OnDiagonalNoise) {
  expect_strong_order(test::DiagonalGbm{}, Sriw1{}, {0.5, 1.0}, 10, 5, 1000, 112);
}
TEST(StrongOrder, Sriw1OnGbm) { expect_strong_order(sde::GeometricBrownianMotion{}, Sriw1{}, {0.5}, 10, 5, 2000, 107); }
TEST(StrongOrder, Sriw1OnCubic) { expect_strong_order(sde::CubicSde{}, Sriw1{}, {0.5}, 8, 5, 2000, 108); }

}  // namespace
}  // namespace ito::schemes
