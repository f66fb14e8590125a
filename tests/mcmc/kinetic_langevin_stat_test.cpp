// BAOAB samples the configurational marginal of a Gaussian exactly for every stable step (Leimkuhler &
// Matthews 2013, AMRX, harmonic-oscillator analysis): Var x = s² for h < 2s (the momentum variance is the
// biased one, 1 − h²/(4s²) at unit mass). A splitting with a biased configurational marginal, such as OBABO
// (Var x = s²/(1 − h²/(4s²)) = 1.19 s² here), fails this test by many standard errors.
#include <gtest/gtest.h>

#include <cmath>

#include "gaussian_test_target.hpp"
#include "ito/diagnostics/summary.hpp"
#include "ito/mcmc/runner.hpp"

namespace ito::mcmc {
namespace {

TEST(KineticLangevinStatistical, BaoabConfigurationalVarianceIsExactForGaussians) {
  const double s = 2.0, h = 1.6;  // h/s = 0.8: a large step
  const auto target = test::diagonal_gaussian({0.0, 0.0}, {s, s});
  RunSettings run;
  run.sampler.kind = SamplerKind::kinetic_langevin;
  run.sampler.adapt_step_size = false;
  run.sampler.adapt_metric = false;
  run.sampler.step_size = h;
  run.sampler.friction = 1.0;
  run.chains = 4;
  run.warmup = 200;
  run.draws = 40000;
  run.seed = 5;
  const auto r = run_chains(target, run);
  for (int q = 0; q < 2; ++q) {
    const auto second_moment = diagnostics::summarize(test::derived_draws(r.state, [q](const double* x) { return x[q] * x[q]; }));
    const double z = (second_moment.mean - s * s) / second_moment.mcse_mean;
    std::printf("BAOAB h=%.2f gamma=1: E x%d^2 = %.5f ± %.5f, exact %.5f (z = %.2f)\n", h, q + 1,
                second_moment.mean, second_moment.mcse_mean, s * s, z);
    EXPECT_LT(std::abs(z), 4.5);
  }
}

}  // namespace
}  // namespace ito::mcmc
