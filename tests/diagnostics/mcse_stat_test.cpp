// Calibration of the Monte Carlo standard errors on chains with known autocorrelation: stationary AR(1)
// chains x_{i+1} = φ x_i + sqrt(1 − φ²) z_i have mean 0 and sd 1 exactly. If mcse_mean and mcse_sd are
// right, z = (estimate − exact)/mcse has E[z²] = 1 (up to O(relative error of the mcse)²); over R independent
// replications the mean of z² is compared with 1 within 4.5 of its own standard error.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "ito/core/statistics.hpp"
#include "ito/diagnostics/summary.hpp"
#include "test_chains.hpp"

namespace ito::diagnostics {
namespace {

TEST(McseStatistical, MeanAndSdAreCalibratedOnAr1Chains) {
  const random::NormalStream stream(20261123, random::Purpose::test);
  const int replications = 1000, chains = 4, draws = 1000;
  for (const double phi : {0.0, 0.8, -0.5}) {
    core::RunningStats z2_mean, z2_sd, ess_ratio;
    for (int r = 0; r < replications; ++r) {
      const Eigen::MatrixXd x = test::ar1_chains(stream, static_cast<std::uint64_t>(r * chains), chains, draws, phi);
      const auto s = summarize(x);
      z2_mean.add(std::pow(s.mean / s.mcse_mean, 2));
      z2_sd.add(std::pow((s.sd - 1.0) / s.mcse_sd, 2));
      ess_ratio.add(s.ess_mean / (chains * draws));
    }
    // Exact asymptotic ESS/S of the mean is (1 − φ)/(1 + φ) (capped at log10 S for antithetic chains).
    std::printf("phi %+.1f: E[z^2] mean %.4f ± %.4f, sd %.4f ± %.4f; ESS/S %.4f (asymptotic %.4f)\n", phi,
                z2_mean.mean(), z2_mean.std_error(), z2_sd.mean(), z2_sd.std_error(), ess_ratio.mean(),
                (1 - phi) / (1 + phi));
    EXPECT_LT(std::abs(core::z_score(z2_mean.mean(), 1.0, z2_mean.std_error())), 4.5) << "phi " << phi;
    EXPECT_LT(std::abs(core::z_score(z2_sd.mean(), 1.0, z2_sd.std_error())), 4.5) << "phi " << phi;
  }
}

}  // namespace
}  // namespace ito::diagnostics
