// R-hat flags chains that have not mixed: one of four stationary AR(1) chains shifted by half a standard
// deviation.
#include <gtest/gtest.h>

#include <cstdio>

#include "ito/diagnostics/summary.hpp"
#include "test_chains.hpp"

namespace ito::diagnostics {
namespace {

TEST(RhatStatistical, FlagsChainsThatHaveNotMixed) {
  // One of 4 AR(1) chains (φ = 0.5, ESS ≈ 167 per split chain) shifted by 0.5 sd: the 8 split-chain means
  // have variance 0.054 from the shift against ≈ 0.006 from noise, so R-hat ≈ sqrt(1 + 0.054) ≈ 1.026 with
  // a spread of about ±0.003: R-hat < 1.01 would need the between-chain variance to fall by 5 of its
  // standard deviations. The stationary case is printed for information (its exceedance rate of 1.01 has
  // no closed form).
  const random::NormalStream stream(7, random::Purpose::test);
  int stationary_above = 0, shifted_below = 0;
  const int replications = 200;
  for (int r = 0; r < replications; ++r) {
    Eigen::MatrixXd x = test::ar1_chains(stream, static_cast<std::uint64_t>(r * 4), 4, 1000, 0.5);
    stationary_above += summarize(x).rhat > 1.01;
    x.row(0).array() += 0.5;
    shifted_below += summarize(x).rhat < 1.01;
  }
  std::printf("stationary R-hat > 1.01: %d/%d, shifted R-hat < 1.01: %d/%d\n", stationary_above, replications,
              shifted_below, replications);
  EXPECT_EQ(shifted_below, 0);
}

}  // namespace
}  // namespace ito::diagnostics
