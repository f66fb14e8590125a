// Euler–Heun's strong order 1 on Brownian paths (strong_order.hpp): Stratonovich GBM.
#include <gtest/gtest.h>

#include "ito/schemes/euler_heun.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "strong_order.hpp"

namespace ito::schemes {
namespace {

using test::expect_strong_order;

TEST(StrongOrder, EulerHeunOnStratonovichGbm) {
  expect_strong_order(sde::StratonovichGeometricBrownianMotion{}, EulerHeun{}, {0.5}, 10, 5, 2000, 105);
}

}  // namespace
}  // namespace ito::schemes
