// Expression systems: coefficients as written, Milstein products by central differences against the analytic
// ones, a given Jacobian used instead and checked against the central differences, the noise class inferred (and
// a declared one checked) at sample points, the exact solution's variables, shape and name errors.
#include "ito/sde/expression_system.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

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

// A 2-D flow with one noise, g = (s (1 − x²), −s x y) (x = tanh(s W + atanh x0)), its Jacobian given.
ExpressionSystemSpec tanh_flow() {
  ExpressionSystemSpec s;
  s.state = {"x", "y"};
  s.drift = {"a*s*(1 - x^2)", "-a*s*x*y"};
  s.diffusion = {{"s*(1 - x^2)"}, {"-s*x*y"}};
  s.diffusion_derivative = {{{"-2*s*x", "0"}}, {{"-s*y", "-s*x"}}};
  s.parameters = {{"a", 0.5}, {"s", 1.3}};
  return s;
}

TEST(ExpressionSystem, GivenJacobianReplacesTheCentralDifferences) {
  const ExpressionSystem sys(tanh_flow());
  EXPECT_TRUE(sys.has_diffusion_derivative());
  const double x[2] = {0.4, -0.9}, s = 1.3;
  double given[4], fd[4], error[4];
  sys.diffusion_jacobian(0.0, x, given);
  sys.central_difference_jacobian(0.0, x, fd, error);
  const double analytic[4] = {-2 * s * x[0], 0.0, -s * x[1], -s * x[0]};  // [i][j=0][l]
  for (int e = 0; e < 4; ++e) {
    EXPECT_DOUBLE_EQ(given[e], analytic[e]) << e;  // the expressions themselves (no differencing)
    // The error estimate E covers the central difference's actual error.
    EXPECT_LE(std::abs(fd[e] - analytic[e]), error[e]) << e;
  }
  // Milstein's products from the given Jacobian: L g = Σ_l g_l ∂g/∂x_l.
  const double g[2] = {s * (1 - x[0] * x[0]), -s * x[0] * x[1]};
  double l[2];
  sys.diffusion_derivative_products(0.0, x, l, 1);
  EXPECT_DOUBLE_EQ(l[0], g[0] * analytic[0] + g[1] * analytic[1]);
  EXPECT_DOUBLE_EQ(l[1], g[0] * analytic[2] + g[1] * analytic[3]);
  // Without the expressions the same system differentiates numerically, and infers the same noise class.
  auto plain = tanh_flow();
  plain.diffusion_derivative.clear();
  const ExpressionSystem numeric(plain);
  EXPECT_FALSE(numeric.has_diffusion_derivative());
  double jac[4];
  numeric.diffusion_jacobian(0.0, x, jac);
  for (int e = 0; e < 4; ++e) EXPECT_EQ(jac[e], fd[e]) << e;
  const std::vector<double> x0{0.2, 1.0};
  EXPECT_EQ(sys.infer_noise_class(x0, 1.0), numeric.infer_noise_class(x0, 1.0));
  EXPECT_FALSE(sys.check_diffusion_derivative(x0, 1.0));
  EXPECT_FALSE(numeric.check_diffusion_derivative(x0, 1.0));
}

TEST(ExpressionSystem, WrongJacobianEntryIsRefusedNamingItAndThePoint) {
  const std::vector<double> x0{0.2, 1.0};
  // A sign error, a missing factor, and a term as small as 1e-6 relative: each refused at its entry.
  for (const auto& [i, l, wrong] : {std::tuple{0, 0, "2*s*x"}, std::tuple{1, 1, "-x"}, std::tuple{1, 0, "-s*y*(1 + 1e-6)"}}) {
    auto spec = tanh_flow();
    spec.diffusion_derivative[i][0][l] = wrong;
    const auto bad = ExpressionSystem(spec).check_diffusion_derivative(x0, 1.0);
    ASSERT_TRUE(bad) << wrong;
    EXPECT_EQ(bad->i, static_cast<std::size_t>(i));
    EXPECT_EQ(bad->j, 0u);
    EXPECT_EQ(bad->l, static_cast<std::size_t>(l));
    EXPECT_NE(bad->message.find(std::string("\"") + wrong + "\""), std::string::npos) << bad->message;
    EXPECT_NE(bad->message.find("at t = 0, x = 0.2, y = 0.39"), std::string::npos) << bad->message;
    EXPECT_NE(bad->message.find("central differences of g[" + std::to_string(i) + "][0]"), std::string::npos)
        << bad->message;
  }
  // A Jacobian that is right except away from x0 is found at the sample point where it is wrong (the fourth:
  // t = T, x0 moved by (1.13, 0.83)).
  auto spec = tanh_flow();
  spec.diffusion_derivative[0][0][1] = "x > 1 ? 1 : 0";
  const auto bad = ExpressionSystem(spec).check_diffusion_derivative(x0, 1.0);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->l, 1u);
  EXPECT_NE(bad->message.find("at t = 1, x = 1.33, y = 1.83"), std::string::npos) << bad->message;
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
  bad = tanh_flow();
  bad.diffusion_derivative.pop_back();
  test::expect_error<ParameterError>([&] { ExpressionSystem{bad}; }, {"diffusion derivative has 1 blocks, expected 2"});
  bad = tanh_flow();
  bad.diffusion_derivative[1][0].pop_back();
  test::expect_error<ParameterError>([&] { ExpressionSystem{bad}; }, {"needs 2 entries (one per state component), got 1"});
  bad = tanh_flow();
  bad.diffusion_derivative[1][0][1] = "-s*z";
  test::expect_error<ParameterError>([&] { ExpressionSystem{bad}; },
                                     {"diffusion_derivative[1][0][1] expression '-s*z'", "unknown name 'z'"});
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
