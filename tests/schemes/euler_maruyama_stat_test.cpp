// Euler–Maruyama's strong orders on Brownian paths (strong_order.hpp): ½ on GBM, 1 on additive noise.
#include <gtest/gtest.h>

#include "ito/schemes/euler_maruyama.hpp"
#include "ito/sde/additive_decay.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "strong_order.hpp"

namespace ito::schemes {
namespace {

using test::expect_strong_order;

TEST(StrongOrder, EulerMaruyamaOnGbm) {
  expect_strong_order(sde::GeometricBrownianMotion{}, EulerMaruyama{}, {0.5}, 10, 5, 2000, 101);
}
TEST(StrongOrder, EulerMaruyamaOnAdditive) {
  expect_strong_order(sde::AdditiveDecay{}, EulerMaruyama{}, {1.0}, 9, 5, 2000, 110);
}

}  // namespace
}  // namespace ito::schemes
