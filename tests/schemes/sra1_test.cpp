// SRA1: its one-step formula, its refusal of multiplicative noise, its orders as data, and its local errors
// against the exact solution of Rößler's additive problem from t = 0 (whose X_h depends on the path through
// W_h only; local_error.hpp): local RMS error at least O(h²) (strong order at least 1.5; the drift is linear
// in x, where SRA1 does better) and local weak errors O(h³) for E X and E X² (weak order 2).
#include "ito/schemes/sra1.hpp"

#include <gtest/gtest.h>

#include "ito/sde/additive_decay.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"
#include "local_error.hpp"

namespace ito::schemes {
namespace {

static_assert(!supports<Sra1, sde::GeometricBrownianMotion>, "SRA1 on multiplicative noise must be refused");
static_assert(supports<Sra1, sde::AdditiveDecay> && supports<Sra1, sde::OrnsteinUhlenbeck>);

TEST(Sra1, OrdersPerNoiseClass) {
  EXPECT_EQ((order_on<Sra1, sde::AdditiveDecay>().strong), 1.5);
  EXPECT_EQ((order_on<Sra1, sde::AdditiveDecay>().weak), 2.0);
  EXPECT_THROW(require_supported<Sra1>(NoiseClass::scalar, Interpretation::ito, 1), ParameterError);
  EXPECT_NO_THROW(require_supported<Sra1>(NoiseClass::additive, Interpretation::ito, 3));
}

TEST(Sra1, OneStepFormula) {
  const double x0 = 2.0, h = 0.25, dw = 0.3, dz = 0.02;
  const sde::AdditiveDecay model{0.5, 2.0};
  double y;
  Sra1{}.step(model, 0.5, h, &x0, {&dw, &dz}, &y);
  auto a = [&](double t, double x) { return 2.0 / std::sqrt(1 + t) - x / (2 * (1 + t)); };
  auto g = [&](double t) { return 1.0 / std::sqrt(1 + t); };
  const double stage = x0 + 0.75 * h * a(0.5, x0) + 1.5 * g(0.5 + h) * dz / h;
  EXPECT_NEAR(y,
              x0 + h * (a(0.5, x0) / 3 + 2 * a(0.5 + 0.75 * h, stage) / 3) + g(0.5 + h) * (dw - dz / h) +
                  g(0.5) * dz / h,
              1e-14);
}

TEST(Sra1, LocalErrorsAgainstTheExactSolution) {
  const sde::AdditiveDecay model;
  const auto rms = [&](double h) { return test::local_rms_error(Sra1{}, model, 1.0, h); };
  EXPECT_GT(test::local_slope(1.0 / 64, rms), 2.0 - 0.05) << "local RMS error: strong order at least 1.5";
  for (const auto& [name, phi] : std::vector<std::pair<const char*, double (*)(double)>>{
           {"E X", [](double x) { return x; }}, {"E X^2", [](double x) { return x * x; }}}) {
    const auto weak = [&](double h) { return test::local_weak_error(Sra1{}, model, 1.0, h, phi); };
    EXPECT_NEAR(test::local_slope(1.0 / 64, weak), 3.0, 0.1) << name << ": weak order 2";
  }
}

}  // namespace
}  // namespace ito::schemes
