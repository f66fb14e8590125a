#include "ito/feynman_kac/black_scholes.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"

namespace ito::feynman_kac {
namespace {

// S0 = K = 100, r = 0.05, sigma = 0.2, T = 1 (the defaults); reference values to 6 decimals from the
// literature (Hull's examples; Giles' MLMC test suite uses the same market).
const BlackScholesMarket kMarket{};

TEST(BlackScholes, ReferenceValuesToSixDecimals) {
  EXPECT_NEAR(black_scholes_call(kMarket), 10.450584, 5e-7);
  EXPECT_NEAR(black_scholes_digital_call(kMarket), 53.232482, 5e-7);
  EXPECT_NEAR(black_scholes_lookback_floating_call(kMarket), 17.216802, 5e-7);
  EXPECT_NEAR(black_scholes_down_and_out_call(kMarket, 85.0), 9.949270, 5e-7);
  // Lookback put, same market (Goldman–Sosin–Gatto evaluated independently with Python's math.erfc).
  EXPECT_NEAR(black_scholes_lookback_floating_put(kMarket), 14.290568, 5e-7);
}

TEST(BlackScholes, LookbackPairSatisfiesTheMaxMinusMinIdentity) {
  // call + put = e^{-rT} E[max S − min S] > 0, and with σ → small both tend to their deterministic limits:
  // S grows as S0 e^{rt}, so min = S0, max = S_T: call → S0 − S0 e^{-rT}, put → 0.
  BlackScholesMarket quiet = kMarket;
  quiet.volatility = 1e-4;
  EXPECT_NEAR(black_scholes_lookback_floating_call(quiet), 100.0 * (1 - std::exp(-0.05)), 1e-3);
  EXPECT_NEAR(black_scholes_lookback_floating_put(quiet), 0.0, 1e-3);
}

TEST(BlackScholes, PutCallParityAndLimits) {
  // Digital + asset-or-nothing = call: S Phi(d1) - call = K e^{-rT} Phi(d2) = digital.
  const double d1 = (std::log(kMarket.spot / kMarket.strike) + (kMarket.rate + 0.02) * kMarket.maturity) / 0.2;
  EXPECT_NEAR(kMarket.spot * standard_normal_cdf(d1) - black_scholes_call(kMarket), black_scholes_digital_call(kMarket),
              1e-12);
  // A barrier far below the spot never knocks out.
  EXPECT_NEAR(black_scholes_down_and_out_call(kMarket, 1e-3), black_scholes_call(kMarket), 1e-10);
  // Knock-out can only lower the price, the lookback is worth more than the at-the-money call.
  EXPECT_LT(black_scholes_down_and_out_call(kMarket, 95.0), black_scholes_down_and_out_call(kMarket, 85.0));
  EXPECT_GT(black_scholes_lookback_floating_call(kMarket), black_scholes_call(kMarket));
  EXPECT_NEAR(standard_normal_cdf(0.0), 0.5, 1e-16);
}

TEST(BlackScholes, RejectsInvalidMarket) {
  BlackScholesMarket bad = kMarket;
  bad.volatility = 0.0;
  EXPECT_THROW(black_scholes_call(bad), Error);
  EXPECT_THROW(black_scholes_down_and_out_call(kMarket, 120.0), Error);
  BlackScholesMarket zero_rate = kMarket;
  zero_rate.rate = 0.0;
  EXPECT_THROW(black_scholes_lookback_floating_call(zero_rate), Error);
}

}  // namespace
}  // namespace ito::feynman_kac
