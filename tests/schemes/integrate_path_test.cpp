// The one-path driver: the states of a path are the scheme's steps on the path's increments at the grid's
// times, the terminal state is the last of them, and inconsistent arguments are refused.
#include "ito/schemes/integrate_path.hpp"

#include <gtest/gtest.h>

#include "ito/core/error.hpp"
#include "ito/schemes/euler_maruyama.hpp"
#include "ito/schemes/sra1.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::schemes {
namespace {

// dX = t dt + X dW, so the drift reads the step's time.
struct TimeDrift {
  static constexpr int dim = 1, noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::scalar;
  static constexpr Interpretation interpretation = Interpretation::ito;
  void drift(double t, const double*, double* a) const { a[0] = t; }
  void diffusion(double, const double* x, double* g) const { g[0] = x[0]; }
};

TEST(IntegratePath, StatesAreTheStepsAtTheGridTimes) {
  const core::TimeGrid grid(0.5, 1.5, 5);
  const auto path = sde::brownian_path(3, 1, grid, 1);
  const double x0[1] = {1.0};
  const auto states = integrate_path_states(TimeDrift{}, EulerMaruyama{}, x0, path);
  ASSERT_EQ(states.size(), 6u);
  double y = 1.0;
  EXPECT_EQ(states[0], y);
  for (int n = 0; n < 5; ++n) {
    y = y + grid.time(n) * grid.step_size() + y * path.dW[n];
    EXPECT_DOUBLE_EQ(states[n + 1], y) << n;
  }
  EXPECT_EQ(integrate_path(TimeDrift{}, EulerMaruyama{}, x0, path)[0], states[5]);
}

TEST(IntegratePath, RefusesInconsistentArguments) {
  const sde::OrnsteinUhlenbeck ou{1.0, 0.0, 1.0};
  const core::TimeGrid grid(0.0, 1.0, 4);
  const double two[2] = {1.0, 2.0}, one[1] = {1.0};
  EXPECT_THROW(integrate_path(ou, EulerMaruyama{}, two, sde::brownian_path(1, 0, grid, 1)), Error);
  EXPECT_THROW(integrate_path(ou, EulerMaruyama{}, one, sde::brownian_path(1, 0, grid, 2)), Error);
  // SRA1 needs ΔZ: increments drawn without it are refused.
  EXPECT_THROW(integrate_path(ou, Sra1{}, one, sde::brownian_path(1, 0, grid, 1)), Error);
  EXPECT_NO_THROW(integrate_path(ou, Sra1{}, one, sde::brownian_path(1, 0, grid, 1, Companion::time_integral)));
}

}  // namespace
}  // namespace ito::schemes
