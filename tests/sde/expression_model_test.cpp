// The expression model gives the same numbers as the built-in models, reports parse errors with the
// expression and position, refuses Milstein without a derivative, and is safe under OpenMP.
#include "ito/sde/expression_model.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/monte_carlo/ensemble.hpp"
#include "ito/schemes.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::sde {
namespace {

ExpressionSpec gbm_spec() {
  ExpressionSpec s;
  s.drift = "alpha*x";
  s.diffusion = "beta*x";
  s.diffusion_derivative = "beta";
  s.exact = "x0*exp((alpha - beta^2/2)*t + beta*W)";
  s.parameters = {{"alpha", 1.01}, {"beta", 0.87}};
  return s;
}

TEST(ExpressionModel, CoefficientsMatchTheBuiltInModels) {
  const ExpressionModel gbm(gbm_spec());
  const GeometricBrownianMotion ref;
  for (double x : {-1.5, 0.0, 0.5, 3.0})
    for (double t : {0.0, 0.7}) {
      double a, b, g, h, l, m;
      gbm.drift(t, &x, &a), ref.drift(t, &x, &b);
      gbm.diffusion(t, &x, &g), ref.diffusion(t, &x, &h);
      gbm.diffusion_derivative_products(t, &x, &l), ref.diffusion_derivative_products(t, &x, &m);
      EXPECT_DOUBLE_EQ(a, b);
      EXPECT_DOUBLE_EQ(g, h);
      EXPECT_DOUBLE_EQ(l, m);
      const double w = 0.3 * x;
      gbm.exact(t, &x, &w, &a), ref.exact(t, &x, &w, &b);
      EXPECT_NEAR(a, b, 1e-14 * (1 + std::abs(b)));
    }
}

TEST(ExpressionModel, EnsembleEqualsTheBuiltInOrnsteinUhlenbeck) {
  ExpressionSpec s;
  s.drift = "theta*(mu - x)";
  s.diffusion = "sigma";
  s.diffusion_derivative = "0";
  s.parameters = {{"theta", 2.0}, {"mu", 0.5}, {"sigma", 0.3}};
  const ExpressionModel expr(s);
  const OrnsteinUhlenbeck ou{2.0, 0.5, 0.3};
  const core::TimeGrid grid(0.0, 1.0, 50);
  const auto a = monte_carlo::simulate_terminal(expr, schemes::Milstein{}, 1.0, grid, 300, 3);
  const auto b = monte_carlo::simulate_terminal(ou, schemes::Milstein{}, 1.0, grid, 300, 3);
  for (std::size_t p = 0; p < a.size(); ++p) EXPECT_NEAR(a[p], b[p], 1e-13) << p;
}

TEST(ExpressionModel, StratonovichModelEqualsTheBuiltInOne) {
  ExpressionSpec s = gbm_spec();
  s.exact = "x0*exp(alpha*t + beta*W)";
  const StratonovichExpressionModel expr(s);
  const StratonovichGeometricBrownianMotion ref;
  const core::TimeGrid grid(0.0, 1.0, 40);
  const auto a = monte_carlo::simulate_terminal(expr, schemes::EulerHeun{}, 0.5, grid, 300, 4);
  const auto b = monte_carlo::simulate_terminal(ref, schemes::EulerHeun{}, 0.5, grid, 300, 4);
  for (std::size_t p = 0; p < a.size(); ++p) EXPECT_NEAR(a[p], b[p], 1e-12 * (1 + std::abs(b[p]))) << p;
  const double x0 = 0.5, w = 0.4;
  double x, y;
  expr.exact(0.7, &x0, &w, &x);
  ref.exact(0.7, &x0, &w, &y);
  EXPECT_NEAR(x, y, 1e-14);
}

TEST(ExpressionModel, ThreadCountDoesNotChangeTheResult) {
  const ExpressionModel gbm(gbm_spec());
  const core::TimeGrid grid(0.0, 1.0, 32);
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = monte_carlo::simulate_terminal(gbm, schemes::Sriw1{}, 0.5, grid, 2000, 8);
  omp_set_num_threads(4);
  const auto four = monte_carlo::simulate_terminal(gbm, schemes::Sriw1{}, 0.5, grid, 2000, 8);
  omp_set_num_threads(saved);
  EXPECT_EQ(one, four);
}

TEST(ExpressionModel, ParseErrorNamesExpressionAndPosition) {
  ExpressionSpec s = gbm_spec();
  s.drift = "alpha*x +* 2";
  try {
    ExpressionModel m(s);
    FAIL() << "parse error not reported";
  } catch (const ParameterError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("drift expression 'alpha*x +* 2'"), std::string::npos) << what;
    EXPECT_NE(what.find("position"), std::string::npos) << what;
  }
  s = gbm_spec();
  s.diffusion = "gamma*x";  // unknown name
  try {
    ExpressionModel m(s);
    FAIL() << "unknown name not reported";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("gamma"), std::string::npos) << e.what();
  }
  s = gbm_spec();
  s.exact = "x0*exp(x)";  // x is not a variable of the exact solution
  EXPECT_THROW(ExpressionModel{s}, ParameterError);
}

TEST(ExpressionModel, MilsteinRefusedWithoutDerivative) {
  ExpressionSpec s = gbm_spec();
  s.diffusion_derivative.clear();
  s.exact.clear();
  const ExpressionModel m(s);
  EXPECT_FALSE(m.has_diffusion_derivative());
  EXPECT_FALSE(has_pathwise_exact(m));
  const core::TimeGrid grid(0.0, 1.0, 4);
  EXPECT_THROW(monte_carlo::simulate_terminal(m, schemes::Milstein{}, 0.5, grid, 4, 1), ParameterError);
  EXPECT_NO_THROW(monte_carlo::simulate_terminal(m, schemes::RungeKuttaMilstein{}, 0.5, grid, 4, 1));
  EXPECT_TRUE(has_pathwise_exact(ExpressionModel(gbm_spec())));
}

}  // namespace
}  // namespace ito::sde
