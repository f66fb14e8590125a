// The named running functionals: declarations parse or are refused with the expected form; on a hand-made
// path the averages, geometric averages, integrals and extrema are the trapezoidal sums, the grid sums and the
// bridge extrema they are documented to be; the payoff sees them by name; the geometric-Asian closed forms
// (Kemna & Vorst 1990) have the limits they must have.
#include "ito/feynman_kac/running_functionals.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ito/core/error.hpp"
#include "ito/feynman_kac/black_scholes.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"

namespace ito::feynman_kac {
namespace {

using Gbm = sde::GeometricBrownianMotion;

TEST(RunningFunctionals, DeclarationsParse) {
  const auto a = parse_running_functional("A", " average( x^2 + t ) ");
  EXPECT_EQ(a.kind, RunningKind::average);
  EXPECT_EQ(a.argument, "x^2 + t");
  EXPECT_EQ(parse_running_functional("G", "geometric_average(x)").kind, RunningKind::geometric_average);
  EXPECT_EQ(parse_running_functional("I", "integral(sin(t)*x)").argument, "sin(t)*x");
  EXPECT_EQ(parse_running_functional("M", "maximum(x)").kind, RunningKind::maximum);
  EXPECT_EQ(parse_running_functional("m", "minimum( x )").kind, RunningKind::minimum);
}

TEST(RunningFunctionals, BadDeclarationsSayWhatIsExpected) {
  for (const char* text : {"mean(x)", "average", "average()", "average(x"}) {
    try {
      parse_running_functional("A", text);
      ADD_FAILURE() << text << " was accepted";
    } catch (const ParameterError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("functional A = \"" + std::string(text) + "\""), std::string::npos) << what;
    }
  }
}

TEST(RunningFunctionals, ExtremaOfExpressionsAreRefusedUnderContinuousMonitoringOnly) {
  const std::vector<std::string> scalar{"x"}, system{"S1", "S2"};
  const auto square = parse_running_functional("M", "maximum(x^2)");
  EXPECT_NE(running_functional_refusal(square, scalar, Monitoring::continuous).find("maximum(x)"), std::string::npos);
  EXPECT_EQ(running_functional_refusal(square, scalar, Monitoring::discrete), "");
  const auto spread = parse_running_functional("m", "minimum(S1 - S2)");
  const std::string why = running_functional_refusal(spread, system, Monitoring::continuous);
  EXPECT_NE(why.find("minimum(S1), minimum(S2)"), std::string::npos) << why;
  EXPECT_NE(why.find("monitoring = \"discrete\""), std::string::npos) << why;
  EXPECT_EQ(running_functional_refusal(spread, system, Monitoring::discrete), "");
  EXPECT_EQ(running_functional_refusal(parse_running_functional("M", "maximum(S2)"), system, Monitoring::continuous), "");
  EXPECT_EQ(running_functional_refusal(parse_running_functional("A", "average(S1*S2)"), system, Monitoring::continuous),
            "");
}

// X: 100 → 103 → 98 over two steps of h = 0.1; functionals of every kind, continuous then discrete.
struct HandPath {
  Gbm gbm{0.05, 0.2};
  core::Expression square{"x^2", {"x", "t"}}, payoff{"A + 10*G + 100*I + 1000*M + 10000*m", {"x", "t", "A", "G", "I", "M", "m"}};
  RunningFunctionals<Gbm> f;
  double x[3] = {100.0, 103.0, 98.0}, h = 0.1, u0[2] = {0.3, 0.7}, u1[2] = {0.8, 0.2};
  HandPath(Monitoring monitoring) {
    f.bridge = {&gbm, BridgeCoordinates::logarithmic};
    f.monitoring = monitoring;
    f.count = 5;
    f.slots[0] = {RunningKind::average, nullptr};
    f.slots[1] = {RunningKind::geometric_average, nullptr};
    f.slots[2] = {RunningKind::integral, &square};
    f.slots[3] = {RunningKind::maximum, nullptr};
    f.slots[4] = {RunningKind::minimum, nullptr};
    f.payoff = &payoff;
    f.steps = 2;
  }
  RunningFunctionals<Gbm>::State run() const {
    auto s = f.start(0.0, x);
    f.step(s, 0.0, h, x, x + 1, u0);
    f.step(s, h, h, x + 1, x + 2, u1);
    return s;
  }
};

TEST(RunningFunctionals, ContinuousMonitoringIsTrapezoidalWithBridgeExtrema) {
  const HandPath p(Monitoring::continuous);
  const auto s = p.run();
  double v[5];
  p.f.functional_values(s, 0.2, v);
  const double* x = p.x;
  EXPECT_NEAR(v[0], (0.5 * x[0] + x[1] + 0.5 * x[2]) * 0.1 / 0.2, 1e-12);
  EXPECT_NEAR(v[1], std::exp((0.5 * std::log(x[0]) + std::log(x[1]) + 0.5 * std::log(x[2])) * 0.1 / 0.2), 1e-10);
  EXPECT_NEAR(v[2], 0.1 * (0.5 * x[0] * x[0] + x[1] * x[1] + 0.5 * x[2] * x[2]), 1e-9);
  const double y0 = std::log(x[0]), y1 = std::log(x[1]), y2 = std::log(x[2]);
  const double max = std::max({y0, bridge_maximum(y0, y1, 0.2, 0.1, 0.3), bridge_maximum(y1, y2, 0.2, 0.1, 0.8)});
  const double min = std::min({y0, bridge_minimum(y0, y1, 0.2, 0.1, 0.7), bridge_minimum(y1, y2, 0.2, 0.1, 0.2)});
  EXPECT_DOUBLE_EQ(v[3], std::exp(max));
  EXPECT_DOUBLE_EQ(v[4], std::exp(min));
  EXPECT_GT(v[3], x[1]);
  EXPECT_LT(v[4], x[2]);
  EXPECT_NEAR(p.f.value(s, 0.2, x + 2), v[0] + 10 * v[1] + 100 * v[2] + 1000 * v[3] + 10000 * v[4], 1e-7);
}

TEST(RunningFunctionals, DiscreteMonitoringUsesTheGridPoints) {
  const HandPath p(Monitoring::discrete);
  const auto s = p.run();
  double v[5];
  p.f.functional_values(s, 0.2, v);
  const double* x = p.x;
  EXPECT_NEAR(v[0], (x[1] + x[2]) / 2, 1e-12);                      // dates t_1, t_2
  EXPECT_NEAR(v[1], std::sqrt(x[1] * x[2]), 1e-10);
  EXPECT_NEAR(v[2], 0.1 * (0.5 * x[0] * x[0] + x[1] * x[1] + 0.5 * x[2] * x[2]), 1e-9);  // always trapezoidal
  EXPECT_EQ(v[3], 103.0);                                            // t_0, t_1, t_2
  EXPECT_EQ(v[4], 98.0);
}

TEST(RunningFunctionals, RateDiscountsThePayoffAsTheFeynmanKacFunctional) {
  const Gbm gbm{0.05, 0.2};
  const core::Expression payoff{"A", {"x", "t", "A"}}, rate{"0.05", {"x", "t"}};
  RunningFunctionals<Gbm> f;
  f.bridge = {&gbm, BridgeCoordinates::logarithmic};
  f.count = 1;
  f.payoff = &payoff;
  f.rate = &rate;
  const double x[2] = {100.0, 110.0}, u[2] = {0.5, 0.5};
  auto s = f.start(0.0, x);
  f.step(s, 0.0, 1.0, x, x + 1, u);
  EXPECT_NEAR(f.value(s, 1.0, x + 1), std::exp(-0.05) * 105.0, 1e-12);
}

TEST(RunningFunctionals, CoarseStepsTakeTheExtremaOfBothBridgeHalves) {
  const Gbm gbm{0.05, 0.2};
  const core::Expression payoff{"M", {"x", "t", "M"}};
  RunningFunctionals<Gbm> f;
  f.bridge = {&gbm, BridgeCoordinates::logarithmic};
  f.count = 1;
  f.slots[0] = {RunningKind::maximum, nullptr};
  f.payoff = &payoff;
  const double x0 = 100.0, x1 = 96.0, H = 0.2, b = 0.2, dw1 = 0.03, dw2 = -0.2;
  const double u1[2] = {0.4, 0.9}, u2[2] = {0.6, 0.1};
  auto s = f.start(0.0, &x0);
  f.coarse_step(s, 0.0, H, &x0, &x1, &dw1, &dw2, u1, u2);
  const double y0 = std::log(x0), y1 = std::log(x1);
  const double ym = BridgeView<Gbm>::midpoint(y0, y1, b, dw1, dw2);
  const double expected =
      std::max({y0, bridge_maximum(y0, ym, b, 0.5 * H, u1[0]), bridge_maximum(ym, y1, b, 0.5 * H, u2[0])});
  EXPECT_NEAR(f.value(s, H, &x1), std::exp(expected), 1e-12);
}

// Two correlated GBMs with two noises, dS_i = … + S_i Σ_j c_ij dW_j: the bridge of S2 (log coordinates) has
// coefficients (c_10, c_11) and b = (c_10² + c_11²)^{1/2}; component c reads the uniforms u[2c] (maximum) and
// u[2c + 1] (minimum).
struct TwoGbms {
  static constexpr int dim = 2, noise_dim = 2;
  double c[2][2] = {{0.2, 0.0}, {0.15, 0.25}};
  void diffusion(double, const double* x, double* g) const {
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) g[i * 2 + j] = c[i][j] * x[i];
  }
};

struct SystemPath {
  TwoGbms model;
  core::Expression product{"S1*S2", {"S1", "S2", "t"}},
      payoff{"A + M + 10*m + 100*D", {"S1", "S2", "t", "A", "M", "m", "D"}},
      spread{"S1 - S2", {"S1", "S2", "t"}};
  RunningFunctionals<TwoGbms> f;
  // (S1, S2): (100, 95) → (104, 93) → (99, 97) over two steps of h = 0.1
  double x[3][2] = {{100.0, 95.0}, {104.0, 93.0}, {99.0, 97.0}}, h = 0.1;
  double u0[4] = {0.3, 0.7, 0.4, 0.6}, u1[4] = {0.8, 0.2, 0.9, 0.1};
  explicit SystemPath(Monitoring monitoring) {
    f.bridge = {&model, BridgeCoordinates::logarithmic};
    f.monitoring = monitoring;
    f.components = 2;
    f.count = 4;
    f.slots[0] = {RunningKind::average, &product};
    f.slots[1] = {RunningKind::maximum, nullptr, 1};
    f.slots[2] = {RunningKind::minimum, nullptr, 0};
    f.slots[3] = {RunningKind::maximum, monitoring == Monitoring::discrete ? &spread : nullptr, 0};
    f.payoff = &payoff;
    f.steps = 2;
  }
  RunningFunctionals<TwoGbms>::State run() const {
    auto s = f.start(0.0, x[0]);
    f.step(s, 0.0, h, x[0], x[1], u0);
    f.step(s, h, h, x[1], x[2], u1);
    return s;
  }
};

TEST(RunningFunctionals, ComponentsOfASystemHaveTheirOwnBridgeAndUniforms) {
  const SystemPath p(Monitoring::continuous);
  const auto s = p.run();
  double v[4];
  p.f.functional_values(s, 0.2, v);
  const auto& x = p.x;
  EXPECT_NEAR(v[0], (0.5 * x[0][0] * x[0][1] + x[1][0] * x[1][1] + 0.5 * x[2][0] * x[2][1]) * 0.1 / 0.2, 1e-9);
  const double b2 = std::sqrt(0.15 * 0.15 + 0.25 * 0.25), b1 = 0.2;
  const auto y = [&](int k, int c) { return std::log(x[k][c]); };
  const double max2 = std::max({y(0, 1), bridge_maximum(y(0, 1), y(1, 1), b2, 0.1, p.u0[2]),
                                bridge_maximum(y(1, 1), y(2, 1), b2, 0.1, p.u1[2])});
  const double min1 = std::min({y(0, 0), bridge_minimum(y(0, 0), y(1, 0), b1, 0.1, p.u0[1]),
                                bridge_minimum(y(1, 0), y(2, 0), b1, 0.1, p.u1[1])});
  const double max1 = std::max({y(0, 0), bridge_maximum(y(0, 0), y(1, 0), b1, 0.1, p.u0[0]),
                                bridge_maximum(y(1, 0), y(2, 0), b1, 0.1, p.u1[0])});
  EXPECT_NEAR(v[1], std::exp(max2), 1e-10);
  EXPECT_NEAR(v[2], std::exp(min1), 1e-10);
  EXPECT_NEAR(v[3], std::exp(max1), 1e-10);
  EXPECT_GT(v[1], 97.0);
  EXPECT_LT(v[2], 99.0);
  EXPECT_NEAR(p.f.value(s, 0.2, x[2]), v[0] + v[1] + 10 * v[2] + 100 * v[3], 1e-7);
}

TEST(RunningFunctionals, DiscreteExtremaOfAnExpressionTakeTheGridValues) {
  const SystemPath p(Monitoring::discrete);
  const auto s = p.run();
  double v[4];
  p.f.functional_values(s, 0.2, v);
  EXPECT_NEAR(v[0], (104.0 * 93.0 + 99.0 * 97.0) / 2, 1e-9);
  EXPECT_EQ(v[1], 97.0);
  EXPECT_EQ(v[2], 99.0);
  EXPECT_EQ(v[3], 11.0);  // S1 − S2 at t_0, t_1, t_2: 5, 11, 2
}

TEST(RunningFunctionals, CoarseStepOfASystemComponentInterpolatesWithEveryNoise) {
  const TwoGbms model;
  const core::Expression payoff{"M", {"S1", "S2", "t", "M"}};
  RunningFunctionals<TwoGbms> f;
  f.bridge = {&model, BridgeCoordinates::logarithmic};
  f.components = 2;
  f.count = 1;
  f.slots[0] = {RunningKind::maximum, nullptr, 1};
  f.payoff = &payoff;
  const double x0[2] = {100.0, 95.0}, x1[2] = {102.0, 91.0}, H = 0.2;
  const double dw1[2] = {0.03, -0.1}, dw2[2] = {-0.2, 0.05};
  const double u1[4] = {0.4, 0.9, 0.35, 0.5}, u2[4] = {0.6, 0.1, 0.7, 0.2};
  auto s = f.start(0.0, x0);
  f.coarse_step(s, 0.0, H, x0, x1, dw1, dw2, u1, u2);
  const double y0 = std::log(x0[1]), y1 = std::log(x1[1]), b = std::sqrt(0.15 * 0.15 + 0.25 * 0.25);
  const double ym = 0.5 * (y0 + y1) - 0.5 * (0.15 * (dw2[0] - dw1[0]) + 0.25 * (dw2[1] - dw1[1]));
  const double expected =
      std::max({y0, bridge_maximum(y0, ym, b, 0.5 * H, u1[2]), bridge_maximum(ym, y1, b, 0.5 * H, u2[2])});
  EXPECT_NEAR(f.value(s, H, x1), std::exp(expected), 1e-10);
}

TEST(GeometricAsianClosedForms, DiscreteFormulaHasTheRightLimits) {
  const BlackScholesMarket m{};
  // One monitoring date: G = S_T, the European call.
  EXPECT_NEAR(black_scholes_geometric_asian_call_discrete(m, 1), black_scholes_call(m), 1e-12);
  // Many dates: the continuous Kemna–Vorst value (the discrete one differs by O(1/N)).
  const double c = black_scholes_geometric_asian_call(m);
  EXPECT_NEAR(c, 5.5468186338, 1e-9);  // evaluated independently with scipy.stats.norm
  EXPECT_NEAR(black_scholes_geometric_asian_call_discrete(m, 12), 5.9402002216, 1e-9);
  const double e1 = black_scholes_geometric_asian_call_discrete(m, 1000) - c;
  const double e2 = black_scholes_geometric_asian_call_discrete(m, 2000) - c;
  EXPECT_GT(e1, 0.0);
  EXPECT_NEAR(e1 / e2, 2.0, 0.01);
}

}  // namespace
}  // namespace ito::feynman_kac
