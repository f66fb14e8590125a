// Ensemble integration: path p of an ensemble equals the single-path integrator on brownian_path(seed, p),
// results do not depend on the thread count, blow-ups are reported with path and step.
#include "ito/schemes/ensemble.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "ito/schemes/euler_maruyama.hpp"
#include "ito/schemes/exact_ornstein_uhlenbeck.hpp"
#include "ito/schemes/platen_weak2.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/linear_system_2d.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::schemes {
namespace {

template <class M, class S>
void expect_ensemble_matches_single_paths(const M& model, const S& scheme, std::vector<double> x0, int steps,
                                          double theta = 0.0) {
  const double T = 1.0;
  EnsembleOptions opt;
  opt.block = 64;
  opt.observe_steps = {0, steps / 2, steps};
  const auto e = simulate_ensemble(model, scheme, x0, T, steps, 200, 9, opt);
  for (std::size_t p : {std::size_t{0}, std::size_t{63}, std::size_t{64}, std::size_t{199}}) {
    const auto noise = sde::brownian_path(9, p, T, steps, M::noise_dim, S::companion, theta);
    const auto states = integrate_path_states(model, scheme, x0, noise);
    for (int i = 0; i < M::dim; ++i) {
      const double y = states[steps * M::dim + i];
      EXPECT_NEAR(e.terminal_state(p, i), y, 1e-12 * (1 + std::abs(y))) << "path " << p;
      EXPECT_NEAR(e.observed_state(1, p, i), states[(steps / 2) * M::dim + i], 1e-12 * (1 + std::abs(y)));
      EXPECT_EQ(e.observed_state(0, p, i), x0[i]);
      EXPECT_EQ(e.observed_state(2, p, i), e.terminal_state(p, i));
    }
  }
}

// dX = A X dt + B₁ X dW₁ + B₂ X dW₂ with non-commuting B₁, B₂ (general noise), for the scheme that draws signs.
struct NonCommutingLinear {
  static constexpr int dim = 2, noise_dim = 2;
  static constexpr sde::NoiseClass noise_class = sde::NoiseClass::general;
  static constexpr sde::Interpretation interpretation = sde::Interpretation::ito;
  void drift(double, const double* x, double* a) const {
    a[0] = -0.5 * x[0] + 0.3 * x[1];
    a[1] = 0.2 * x[0] - 0.4 * x[1];
  }
  void diffusion(double, const double* x, double* g) const {
    g[0] = 0.3 * x[0] + 0.2 * x[1];  // B₁ x
    g[2] = 0.1 * x[1];
    g[1] = 0.1 * x[0];  // B₂ x
    g[3] = 0.4 * x[0] + 0.2 * x[1];
  }
};

TEST(Ensemble, PathsEqualTheSinglePathIntegrator) {
  expect_ensemble_matches_single_paths(NonCommutingLinear{}, PlatenWeak2General{}, {1.0, -0.6}, 21);
  expect_ensemble_matches_single_paths(sde::OrnsteinUhlenbeck{2.0, 0.5, 0.3}, EulerMaruyama{}, {1.0}, 37);
  expect_ensemble_matches_single_paths(sde::GeometricBrownianMotion{}, EulerMaruyama{}, {0.5}, 16);
  expect_ensemble_matches_single_paths(sde::LinearSystem2d{}, EulerMaruyama{}, {1.0, 0.5}, 15);
  expect_ensemble_matches_single_paths(sde::OrnsteinUhlenbeck{2.0, 0.5, 0.3}, ExactOrnsteinUhlenbeck{}, {1.0}, 9,
                                       2.0);
}

TEST(Ensemble, BitwiseIndependentOfThreadCount) {
  const sde::LinearSystem2d model;
  const double x0[2] = {1.0, 0.5};
  EnsembleOptions opt;
  opt.block = 100;
  std::vector<std::vector<double>> results;
  const int saved = omp_get_max_threads();
  for (int threads : {1, 2, 4}) {
    omp_set_num_threads(threads);
    results.push_back(simulate_ensemble(model, EulerMaruyama{}, x0, 1.0, 20, 1000, 5, opt).terminal);
  }
  omp_set_num_threads(saved);
  EXPECT_EQ(results[0], results[1]);
  EXPECT_EQ(results[0], results[2]);
}

TEST(Ensemble, BlowUpNamesPathAndStep) {
  // GBM with rate 1e100 and h = 1: |Y_n| ≈ 1e100^n overflows at step 4 (1e400); the error names the
  // scheme, the path and that step.
  const sde::GeometricBrownianMotion model{1e100, 0.1};
  try {
    simulate_terminal(model, EulerMaruyama{}, 1.0, 10.0, 10, 4, 1);
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& err) {
    const std::string what = err.what();
    EXPECT_NE(what.find("path 0"), std::string::npos) << what;
    EXPECT_NE(what.find("non-finite at step 4 "), std::string::npos) << what;
    EXPECT_NE(what.find("euler_maruyama"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace ito::schemes
