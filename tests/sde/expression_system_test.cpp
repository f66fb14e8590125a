// Expression systems: coefficients as written, Milstein products by central differences against the analytic
// ones, the noise class inferred (and a declared one checked) at sample points, the exact solution's variables,
// shape and name errors.
#include "ito/sde/expression_system.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/schemes.hpp"
#include "test_support.hpp"

namespace ito::sde {
namespace {

ExpressionSystemSpec rotation() {
  ExpressionSystemSpec s;
  s.state = {"x", "y"};
  s.drift = {"-a*x", "-a*y"};
  s.diffusion = {{"-s*y"}, {"s*x"}};
  s.exact = {"exp(-a*t)*(x_0*cos(s*W) - y_0*sin(s*W))", "exp(-a*t)*(x_0*sin(s*W1) + y_0*cos(s*W1))"};
  s.parameters = {{"a", 0.5}, {"s", 1.5}};
  return s;
}

ExpressionSystemSpec two_noises(std::vector<std::vector<std::string>> g) {
  ExpressionSystemSpec s;
  s.drift = {"0", "-x2"};
  s.diffusion = std::move(g);
  return s;
}

TEST(ExpressionSystem, EvaluatesDriftDiffusionAndExact) {
  const ExpressionSystem sys(rotation());
  EXPECT_EQ(sys.dim(), 2);
  EXPECT_EQ(sys.noise_dim(), 1);
  const double x[2] = {0.3, -0.7};
  double a[2], g[2];
  sys.drift(0.2, x, a);
  sys.diffusion(0.2, x, g, 1);
  EXPECT_DOUBLE_EQ(a[0], -0.15);
  EXPECT_DOUBLE_EQ(a[1], 0.35);
  EXPECT_DOUBLE_EQ(g[0], 1.05);
  EXPECT_DOUBLE_EQ(g[1], 0.45);
  const double x0[2] = {1.0, 0.0}, w = 0.4;
  double xt[2];
  sys.exact(1.0, x0, &w, xt);
  EXPECT_DOUBLE_EQ(xt[0], std::exp(-0.5) * std::cos(0.6));
  EXPECT_DOUBLE_EQ(xt[1], std::exp(-0.5) * std::sin(0.6));
}

TEST(ExpressionSystem, MilsteinProductsByCentralDifferencesMatchTheAnalyticOnes) {
  // g1 = (x y, sin x), g2 = (y², x): ∂g/∂x analytic, L^j g_k = Σ_l g_lj ∂g_k/∂x_l.
  ExpressionSystemSpec s;
  s.drift = {"0", "0"};
  s.diffusion = {{"x1*x2", "x2^2"}, {"sin(x1)", "x1"}};
  const ExpressionSystem sys(s);
  const double x[2] = {0.8, -1.3};
  double l[2 * 2 * 2];
  sys.diffusion_derivative_products(0.0, x, l, 2);
  const double g[2][2] = {{x[0] * x[1], x[1] * x[1]}, {std::sin(x[0]), x[0]}};  // g[i][j]
  // jac[i][k][q] = ∂g_ik/∂x_q
  const double jac[2][2][2] = {{{x[1], x[0]}, {0.0, 2 * x[1]}}, {{std::cos(x[0]), 0.0}, {1.0, 0.0}}};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 2; ++k) {
        double expected = 0.0;
        for (int q = 0; q < 2; ++q) expected += g[q][j] * jac[i][k][q];
        EXPECT_NEAR(l[(i * 2 + j) * 2 + k], expected, 1e-9 * (1 + std::abs(expected))) << i << j << k;
      }
}

TEST(ExpressionSystem, InfersTheNoiseClass) {
  const std::vector<double> x0{0.5, 1.0};
  EXPECT_EQ(ExpressionSystem(rotation()).infer_noise_class(x0, 1.0), NoiseClass::scalar);
  EXPECT_EQ(ExpressionSystem(two_noises({{"1", "t"}, {"0.5", "2"}})).infer_noise_class(x0, 1.0), NoiseClass::additive);
  EXPECT_EQ(ExpressionSystem(two_noises({{"x1", "0"}, {"0", "sin(x2)"}})).infer_noise_class(x0, 1.0),
            NoiseClass::diagonal);
  // B1 X dW1 + B2 X dW2 with commuting B1 = I, B2 = [[0, 1], [1, 0]]: commutative, not diagonal.
  EXPECT_EQ(ExpressionSystem(two_noises({{"x1", "x2"}, {"x2", "x1"}})).infer_noise_class(x0, 1.0),
            NoiseClass::commutative);
  // g1 = (1, 0), g2 = (0, x1): L^1 g2 = (0, 1) ≠ L^2 g1 = 0.
  const ExpressionSystem general(two_noises({{"1", "0"}, {"0", "x1"}}));
  EXPECT_EQ(general.infer_noise_class(x0, 1.0), NoiseClass::general);
  EXPECT_NE(general.check_noise_class(NoiseClass::commutative, x0, 1.0).find("columns 1 and 2 do not commute"),
            std::string::npos);
  EXPECT_NE(general.check_noise_class(NoiseClass::diagonal, x0, 1.0).find("g[1][1] = \"x1\" depends on x1"),
            std::string::npos);
  EXPECT_EQ(general.check_noise_class(NoiseClass::general, x0, 1.0), "");
}

TEST(ExpressionSystem, ShapeAndNameErrorsSayWhich) {
  auto bad = rotation();
  bad.diffusion = {{"-s*y"}};
  test::expect_error<ParameterError>([&] { ExpressionSystem{bad}; }, {"diffusion has 1 rows, expected 2"});
  bad = rotation();
  bad.diffusion[1] = {"s*x", "1"};
  test::expect_error<ParameterError>([&] { ExpressionSystem{bad}; }, {"same number of noises"});
  bad = rotation();
  bad.drift[1] = "-a*z";
  test::expect_error<ParameterError>([&] { ExpressionSystem{bad}; }, {"drift[1] expression '-a*z'", "unknown name 'z'"});
  bad = rotation();
  bad.exact[0] = "x0";
  test::expect_error<ParameterError>([&] { ExpressionSystem{bad}; }, {"exact[0] expression", "unknown name 'x0'"});
}

// The padded compile-time model: components beyond d stay 0 under a scheme's step.
TEST(ExpressionSystem, PaddedModelStepsOnlyItsComponents) {
  using M = ExpressionSystemT<NoiseClass::scalar, Interpretation::stratonovich, 1>;
  const M model(std::make_shared<const ExpressionSystem>(rotation()));
  double x[kMaxExpressionDim] = {1.0, 0.0, 0.0, 0.0}, y[kMaxExpressionDim];
  const double dw = 0.1;
  schemes::Milstein{}.step(model, 0.0, 0.01, x, StepNoise{&dw}, y);
  for (int i = 2; i < kMaxExpressionDim; ++i) EXPECT_EQ(y[i], 0.0);
  // Stratonovich Milstein on dX = −aX dt + s J X ∘dW: X + (−aX h + s J X ΔW + ½ s² J² X ΔW²)
  EXPECT_NEAR(y[0], 1.0 - 0.5 * 0.01 - 0.5 * 1.5 * 1.5 * 0.01, 1e-9);
  EXPECT_NEAR(y[1], 1.5 * 0.1, 1e-12);
}

}  // namespace
}  // namespace ito::sde
