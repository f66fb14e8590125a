// The knock-out functional: a grid point outside the barriers knocks the path out, otherwise the survival
// probability is multiplied by the bridge's probability of not crossing; and the coarse step through the
// bridge midpoint keeps the coarse law — E[(1 − p_first)(1 − p_second) | y0, y1] = 1 − p_whole for a single
// barrier, checked by quadrature over the midpoint's law N(½(y0 + y1), b²H/4).
#include "ito/feynman_kac/barrier.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "ito/sde/geometric_brownian_motion.hpp"

namespace ito::feynman_kac {
namespace {

using Gbm = sde::GeometricBrownianMotion;
const auto call = [](const double* x) { return x[0] > 100.0 ? x[0] - 100.0 : 0.0; };
using Barrier = BarrierFunctional<Gbm, decltype(call)>;

Barrier down_and_out(const Gbm& gbm, double level) {
  Barrier f{{&gbm, BridgeCoordinates::logarithmic}, call};
  f.lower = level;
  f.discount = 0.95;
  return f;
}

TEST(BarrierFunctional, KnockOutAndSurvival) {
  const Gbm gbm{0.05, 0.2};
  const Barrier f = down_and_out(gbm, 90.0);
  const double x0 = 100.0, below = 89.0, x1 = 105.0, h = 0.01;
  auto s = f.start(0.0, &x0);
  EXPECT_EQ(s.survival, 1.0);
  EXPECT_TRUE(f.step(s, 0.0, h, &x0, &x1, nullptr));
  const double p = bridge_crossing_probability_below(std::log(x0), std::log(x1), 0.2, h, std::log(90.0));
  EXPECT_DOUBLE_EQ(s.survival, 1.0 - p);
  EXPECT_DOUBLE_EQ(f.value(s, 1.0, &x1), 0.95 * (1.0 - p) * 5.0);
  EXPECT_FALSE(f.step(s, 0.01, h, &x1, &below, nullptr));
  EXPECT_EQ(f.value(s, 1.0, &below), 0.0);
  EXPECT_EQ(f.start(0.0, &below).survival, 0.0);
}

TEST(BarrierFunctional, CoarseStepThroughTheMidpointKeepsTheCoarseLaw) {
  const Gbm gbm{0.05, 0.2};
  const Barrier f = down_and_out(gbm, 95.0);
  const double x0 = 100.0, x1 = 98.0, H = 0.05, b = 0.2;
  const double whole = 1.0 - bridge_crossing_probability_below(std::log(x0), std::log(x1), b, H, std::log(95.0));
  ASSERT_LT(whole, 0.95) << "the case should cross with a fair probability";
  // E over d = ΔW2 − ΔW1 ~ N(0, H) (only the difference enters the midpoint) by composite Simpson on
  // [−12√H, 12√H], split where the midpoint reaches the barrier (the survival has a kink there).
  const auto survival = [&](double d) {
    const double dw1 = -0.5 * d, dw2 = 0.5 * d;
    auto s = f.start(0.0, &x0);
    f.coarse_step(s, 0.0, H, &x0, &x1, &dw1, &dw2, nullptr, nullptr);
    return s.survival * std::exp(-0.5 * d * d / H) / std::sqrt(2.0 * M_PI * H);
  };
  const auto simpson = [&](double a, double c) {
    const int n = 4000;
    const double step = (c - a) / n;
    double sum = survival(a) + survival(c);
    for (int k = 1; k < n; ++k) sum += (k % 2 ? 4.0 : 2.0) * survival(a + k * step);
    return sum * step / 3.0;
  };
  const double mid = 0.5 * (std::log(x0) + std::log(x1));
  const double kink = 2.0 * (mid - std::log(95.0)) / b;  // ym = mid − ½ b d reaches the barrier
  const double lo = -12.0 * std::sqrt(H), hi = 12.0 * std::sqrt(H);
  EXPECT_NEAR(simpson(lo, kink) + simpson(kink, hi), whole, 1e-10);
}

}  // namespace
}  // namespace ito::feynman_kac
