// The pathwise exact step: by the flow property, N steps on the increments of a path land where the closed
// form X_T = F(T, x0, W_T) does, at every step size; models without a closed form are refused.
#include "ito/schemes/pathwise_exact.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/schemes/integrate_path.hpp"
#include "ito/sde/brownian_path.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::schemes {
namespace {

static_assert(supports<PathwiseExact, sde::GeometricBrownianMotion>);
static_assert(!supports<PathwiseExact, sde::OrnsteinUhlenbeck>, "OU has no closed form in W_t alone");

TEST(PathwiseExact, StepsComposeToTheClosedForm) {
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const double x0[1] = {100.0};
  EXPECT_TRUE(std::isinf((order_on<PathwiseExact, sde::GeometricBrownianMotion>().weak)));
  for (int steps : {1, 7, 64}) {
    const auto path = sde::brownian_path(4, 2, core::TimeGrid(0.0, 1.0, steps), 1);
    const double y = integrate_path(gbm, PathwiseExact{}, x0, path)[0];
    double exact;
    gbm.exact(1.0, x0, path.W(steps).data(), &exact);
    EXPECT_NEAR(y, exact, 1e-12 * exact) << steps;
  }
}

}  // namespace
}  // namespace ito::schemes
