// Milstein's strong order 1 on Brownian paths (strong_order.hpp): scalar Itô and Stratonovich GBM, the wave and
// sinh models, diagonal and commutative 2-D noise.
#include <gtest/gtest.h>

#include "ito/schemes/milstein.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/linear_system_2d.hpp"
#include "ito/sde/sinh_weak.hpp"
#include "ito/sde/wave.hpp"
#include "strong_order.hpp"

namespace ito::schemes {
namespace {

using test::expect_strong_order;

TEST(StrongOrder, MilsteinOnDiagonalNoise) {
  expect_strong_order(test::DiagonalGbm{}, Milstein{}, {0.5, 1.0}, 10, 5, 1000, 113);
}
TEST(StrongOrder, MilsteinOnStratonovichGbm) {
  expect_strong_order(sde::StratonovichGeometricBrownianMotion{}, Milstein{}, {0.5}, 10, 5, 1000, 114);
}
TEST(StrongOrder, MilsteinOnGbm) {
  expect_strong_order(sde::GeometricBrownianMotion{}, Milstein{}, {0.5}, 10, 5, 2000, 102);
}
TEST(StrongOrder, MilsteinOnWave) { expect_strong_order(sde::WaveSde{}, Milstein{}, {0.5}, 8, 5, 2000, 104); }
TEST(StrongOrder, MilsteinOnCommutative2d) {
  expect_strong_order(sde::LinearSystem2d{}, Milstein{}, {1.0, 0.5}, 10, 5, 1000, 106);
}
TEST(StrongOrder, MilsteinOnSinh) { expect_strong_order(sde::SinhWeakSde{}, Milstein{}, {0.0}, 10, 5, 1000, 111); }

}  // namespace
}  // namespace ito::schemes
