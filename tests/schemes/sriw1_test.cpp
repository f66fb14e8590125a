// SRIW1: its one-step formula (reductions to Ralston's method and to the pure-noise step, and the strong
// Itô–Taylor 1.5 expansion up to O(h²)), its refusals, its orders as data, the local RMS error O(h²) against the
// exact solution (strong order 1.5), and the local weak errors behind its weak order 1.5 (local_error.hpp):
// on the sinh problem dX = (√(1+X²) + X/2)dt + √(1+X²)dW from x = 0.3, O(h³) for φ(x) = x but O(h^{5/2}) for
// the nonlinear weak functional h(asinh x) — global weak order 1.5 here, not the 2 often quoted.
#include "ito/schemes/sriw1.hpp"

#include <gtest/gtest.h>

#include "ito/sde/cubic.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/linear_system_2d.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"
#include "ito/sde/sinh_weak.hpp"
#include "local_error.hpp"

namespace ito::schemes {
namespace {

static_assert(!supports<Sriw1, sde::LinearSystem2d>, "SRIW1 on commutative non-diagonal noise must be refused");
static_assert(!supports<Sriw1, sde::StratonovichGeometricBrownianMotion>);
static_assert(supports<Sriw1, sde::CubicSde> && supports<Sriw1, sde::OrnsteinUhlenbeck>);

TEST(Sriw1, OrdersPerNoiseClass) {
  EXPECT_EQ((order_on<Sriw1, sde::CubicSde>().strong), 1.5);
  EXPECT_EQ((order_on<Sriw1, sde::CubicSde>().weak), 1.5);
  EXPECT_EQ((order_on<Sriw1, sde::SinhWeakSde>().weak), 1.5);
  EXPECT_NO_THROW(require_supported<Sriw1>(NoiseClass::diagonal, Interpretation::ito, 3));
  EXPECT_THROW(require_supported<Sriw1>(NoiseClass::commutative, Interpretation::ito, 2), ParameterError);
}

TEST(Sriw1, OneStepReducesToKnownFormulas) {
  const double x0 = 2.0, h = 0.25, dw = 0.3, dz = 0.02, al = 1.01, be = 0.87;
  // g = 0: the deterministic part is Ralston's 2-stage RK: Y(1 + λh + λ²h²/2) for a = λY.
  const sde::GeometricBrownianMotion no_noise{al, 0.0};
  double y;
  Sriw1{}.step(no_noise, 0.0, h, &x0, {&dw, &dz}, &y);
  EXPECT_NEAR(y, x0 * (1 + al * h + 0.5 * al * al * h * h), 1e-14);
  // a = 0, g constant: Y + σ ΔW because Σβ1 = 1 and Σβ2 = Σβ3 = Σβ4 = 0.
  const sde::OrnsteinUhlenbeck pure_noise{0.0, 0.0, 0.7};
  Sriw1{}.step(pure_noise, 0.0, h, &x0, {&dw, &dz}, &y);
  EXPECT_NEAR(y, x0 + 0.7 * dw, 1e-14);
  // Scalar GBM: matches the strong Itô–Taylor 1.5 expansion up to terms of order h² (Kloeden–Platen (10.4.1))
  // for a = αx, g = βx:  Y + aΔ + gΔW + ½gg'(ΔW² − h) + a'g ΔZ + (a a' + ½g²a'')½h² + (a g' + ½g²g'')(hΔW − ΔZ)
  //                        + ½g(gg')'(ΔW³/3 − hΔW)
  const auto taylor = [&](double hh, double w, double z) {
    return x0 + al * x0 * hh + be * x0 * w + 0.5 * be * be * x0 * (w * w - hh) + al * be * x0 * z +
           0.5 * al * al * x0 * hh * hh + al * be * x0 * (hh * w - z) +
           0.5 * be * be * be * x0 * (w * w * w / 3 - hh * w);
  };
  Sriw1{}.step(sde::GeometricBrownianMotion{}, 0.0, h, &x0, {&dw, &dz}, &y);
  const double h_small = 1e-4, dw_small = 0.3 * std::sqrt(h_small / h), dz_small = dz * std::pow(h_small / h, 1.5);
  double y_small;
  Sriw1{}.step(sde::GeometricBrownianMotion{}, 0.0, h_small, &x0, {&dw_small, &dz_small}, &y_small);
  // Remainder is O(h²): shrinking h by 2500 shrinks the gap by ~2500² (allow 2500^1.9).
  EXPECT_LT(std::abs(y_small - taylor(h_small, dw_small, dz_small)),
            std::abs(y - taylor(h, dw, dz)) / std::pow(2500.0, 1.9));
}

TEST(Sriw1, LocalRmsErrorIsOrderTwo) {
  const sde::GeometricBrownianMotion gbm;
  EXPECT_NEAR(test::local_slope(1.0 / 64, [&](double h) { return test::local_rms_error(Sriw1{}, gbm, 0.5, h); }),
              2.0, 0.05);
}

TEST(Sriw1, LocalWeakErrorIsOrderThreeForTheMeanAndTwoAndAHalfForTheWeakFunctional) {
  const sde::SinhWeakSde sinh;
  const auto slope = [&](auto phi) {
    const double h = 0.0125, x0 = 0.3;
    return std::log2(std::abs(test::local_weak_error(Sriw1{}, sinh, x0, h, phi) /
                              test::local_weak_error(Sriw1{}, sinh, x0, h / 2, phi)));
  };
  EXPECT_NEAR(slope([](double x) { return x; }), 3.0, 0.05) << "local weak error of E X";
  EXPECT_NEAR(slope([](double x) { return sde::SinhWeakSde::functional(x); }), 2.5, 0.05)
      << "local weak error of E h(asinh X)";
}

}  // namespace
}  // namespace ito::schemes
