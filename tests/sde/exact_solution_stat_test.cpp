// The pathwise exact solutions agree with the stated exact moments: X_T = exact(T, x0, W_T) sampled with
// W_T ~ N(0, T·I) has the model's exact mean and variance (and, for the sinh problem, E h(asinh X_T) =
// T³ − 3T² + 2T), each within 4.5 standard errors. Together with the strong-order tests (a scheme converges
// to exact() at its order on the same path) this checks every exact solution against its SDE.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "ito/core/statistics.hpp"
#include "ito/random/normal.hpp"
#include "ito/sde.hpp"

namespace ito::sde {
namespace {

template <class M>
void expect_exact_moments(const M& model, std::vector<double> x0, double T, int samples, std::uint32_t seed) {
  constexpr int d = M::dim, m = M::noise_dim;
  const random::NormalStream stream(seed, random::Purpose::test);
  std::vector<double> mean(d), var(d);
  model.exact_mean(T, x0.data(), mean.data());
  model.exact_variance(T, x0.data(), var.data());
  std::vector<core::RunningStats> first(d), second(d);
  std::vector<double> w(m), x(d);
  for (int s = 0; s < samples; ++s) {
    stream.fill(s, 0, m, w.data());
    for (double& v : w) v *= std::sqrt(T);
    model.exact(T, x0.data(), w.data(), x.data());
    for (int i = 0; i < d; ++i) {
      first[i].add(x[i]);
      second[i].add((x[i] - mean[i]) * (x[i] - mean[i]));
    }
  }
  for (int i = 0; i < d; ++i) {
    std::printf("  component %d: z(mean) = %+.2f, z(variance) = %+.2f\n", i,
                core::z_score(first[i].mean(), mean[i], first[i].std_error()),
                core::z_score(second[i].mean(), var[i], second[i].std_error()));
    EXPECT_LT(std::abs(core::z_score(first[i].mean(), mean[i], first[i].std_error())), 4.5)
        << "component " << i << ": mean " << first[i].mean() << " vs exact " << mean[i];
    EXPECT_LT(std::abs(core::z_score(second[i].mean(), var[i], second[i].std_error())), 4.5)
        << "component " << i << ": variance " << second[i].mean() << " vs exact " << var[i];
  }
}

TEST(ExactSolutionStat, MomentsOfThePathwiseSolutions) {
  expect_exact_moments(GeometricBrownianMotion{}, {0.5}, 1.0, 400000, 1);
  expect_exact_moments(StratonovichGeometricBrownianMotion{}, {0.5}, 0.5, 400000, 2);
  expect_exact_moments(AdditiveDecay{}, {1.0}, 1.5, 200000, 3);
  expect_exact_moments(AdditiveDecay{0.1, 0.05}, {1.0}, 1.0, 200000, 4);
  expect_exact_moments(LinearSystem2d{}, {1.0, 0.5}, 0.5, 400000, 5);
}

TEST(ExactSolutionStat, SinhWeakFunctional) {
  const random::NormalStream stream(6, random::Purpose::test);
  const SinhWeakSde model;
  for (double T : {0.5, 1.0, 1.5}) {
    core::RunningStats s;
    const double x0 = 0.0;
    for (int k = 0; k < 200000; ++k) {
      const double w = std::sqrt(T) * stream.normal(k, static_cast<std::uint64_t>(T * 4));
      double x;
      model.exact(T, &x0, &w, &x);
      s.add(SinhWeakSde::functional(x));
    }
    const double exact = T * T * T - 3 * T * T + 2 * T;
    EXPECT_NEAR(SinhWeakSde::functional_mean(T, 0.0), exact, 1e-14);
    std::printf("  sinh functional, T = %.1f: z = %+.2f\n", T, core::z_score(s.mean(), exact, s.std_error()));
    EXPECT_LT(std::abs(core::z_score(s.mean(), exact, s.std_error())), 4.5) << "T = " << T;
  }
}

}  // namespace
}  // namespace ito::sde
