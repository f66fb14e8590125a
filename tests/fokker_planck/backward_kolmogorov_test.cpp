#include "ito/fokker_planck/backward_kolmogorov.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/fokker_planck/problems.hpp"

namespace ito::fokker_planck {
namespace {

TEST(BackwardKolmogorov, ForwardAndBackwardAreDualToRoundOffWithImplicitEuler) {
  const auto p = ou_problem(1.0, 0.5, 0.8, 0.0, 1.0, Grid1D(-4.0, 5.0, 180, Boundary::absorbing, Boundary::reflecting));
  TimeStepping s;
  s.method = TimeMethod::implicit_euler;
  s.dt = 0.01;
  const auto e = expectation(p.model, p.grid, 0.37, 1.0, [](double x) { return std::cos(x); }, s);
  EXPECT_NEAR(e.forward, e.backward, 1e-13);
}

TEST(BackwardKolmogorov, OuSecondMomentFromBothEquations) {
  // X_0 = x0: E X_T² = (μ + (x0 − μ)e^{−θT})² + σ²(1 − e^{−2θT})/(2θ).
  const double theta = 1.0, mu = 0.5, sigma = 0.8, x0 = 1.3, t = 1.0;
  const auto p = ou_problem(theta, mu, sigma, 0.0, 1.0, Grid1D(-4.0, 5.0, 900));
  TimeStepping s;
  s.dt = 1e-3;
  const auto e = expectation(p.model, p.grid, x0, t, [](double x) { return x * x; }, s);
  const double m = mu + (x0 - mu) * std::exp(-theta * t);
  const double exact = m * m + sigma * sigma * (-std::expm1(-2 * theta * t)) / (2 * theta);
  std::cout << "E X_T^2: forward " << e.forward << " backward " << e.backward << " exact " << exact << '\n';
  // O(h²) with h = 0.01: the payoff x² is sampled at the centres (bias h²/12 in the forward estimate).
  EXPECT_NEAR(e.forward, exact, 1e-3);
  EXPECT_NEAR(e.backward, exact, 1e-3);
  EXPECT_THROW(point_mass(p.grid, 7.0), ParameterError);
}

}  // namespace
}  // namespace ito::fokker_planck
