#pragma once
// The pathwise exact solution of a model agrees with its stated exact moments: X_T = exact(T, x0, W_T) sampled
// with W_T ~ N(0, T·I) has the model's exact_mean and exact_variance, each within 4.5 standard errors. Together
// with the Itô-formula check (model_checks.hpp) and the strong-order tests (a scheme converges to exact() at
// its order on the same path) this ties every exact solution and exact moment to its SDE. Shared by the
// per-model statistical tests of tests/sde.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "ito/core/statistics.hpp"
#include "ito/random/normal.hpp"

namespace ito::sde::testing {

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

}  // namespace ito::sde::testing
