#include "ito/feynman_kac/black_scholes.hpp"

#include <cmath>

#include "ito/core/error.hpp"

namespace ito::feynman_kac {
namespace {

void check_market(const BlackScholesMarket& m, const char* function) {
  if (!(m.spot > 0 && m.strike > 0 && m.volatility > 0 && m.maturity > 0 && std::isfinite(m.rate)))
    detail::throw_error<Error>(function, ": expected spot, strike, volatility, maturity > 0 and a finite rate, got S0=",
                               m.spot, " K=", m.strike, " sigma=", m.volatility, " T=", m.maturity, " r=", m.rate);
}

double d1_of(const BlackScholesMarket& m, double strike) {
  const double s = m.volatility * std::sqrt(m.maturity);
  return (std::log(m.spot / strike) + (m.rate + 0.5 * m.volatility * m.volatility) * m.maturity) / s;
}

}  // namespace

double standard_normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double black_scholes_call(const BlackScholesMarket& m) {
  check_market(m, "black_scholes_call");
  const double d1 = d1_of(m, m.strike), d2 = d1 - m.volatility * std::sqrt(m.maturity);
  return m.spot * standard_normal_cdf(d1) - m.strike * std::exp(-m.rate * m.maturity) * standard_normal_cdf(d2);
}

double black_scholes_digital_call(const BlackScholesMarket& m) {
  check_market(m, "black_scholes_digital_call");
  const double d2 = d1_of(m, m.strike) - m.volatility * std::sqrt(m.maturity);
  return m.strike * std::exp(-m.rate * m.maturity) * standard_normal_cdf(d2);
}

double black_scholes_lookback_floating_call(const BlackScholesMarket& m) {
  check_market(m, "black_scholes_lookback_floating_call");
  ITO_REQUIRE(m.rate > 0, "the closed form needs a rate r > 0, got " << m.rate);
  const double sqrt_t = std::sqrt(m.maturity), sig2 = m.volatility * m.volatility;
  const double a1 = d1_of(m, m.spot), a2 = a1 - m.volatility * sqrt_t;
  const double a3 = a1 - 2.0 * m.rate * sqrt_t / m.volatility;
  const double ratio = sig2 / (2.0 * m.rate);
  return m.spot * standard_normal_cdf(a1) - m.spot * ratio * standard_normal_cdf(-a1) -
         m.spot * std::exp(-m.rate * m.maturity) * (standard_normal_cdf(a2) - ratio * standard_normal_cdf(-a3));
}

double black_scholes_lookback_floating_put(const BlackScholesMarket& m) {
  check_market(m, "black_scholes_lookback_floating_put");
  ITO_REQUIRE(m.rate > 0, "the closed form needs a rate r > 0, got " << m.rate);
  const double sqrt_t = std::sqrt(m.maturity), sig2 = m.volatility * m.volatility;
  const double b1 = (-m.rate + 0.5 * sig2) * sqrt_t / m.volatility, b2 = b1 - m.volatility * sqrt_t;
  const double b3 = (m.rate - 0.5 * sig2) * sqrt_t / m.volatility;
  const double ratio = sig2 / (2.0 * m.rate);
  return m.spot * std::exp(-m.rate * m.maturity) * (standard_normal_cdf(b1) - ratio * standard_normal_cdf(-b3)) +
         m.spot * ratio * standard_normal_cdf(-b2) - m.spot * standard_normal_cdf(b2);
}

double black_scholes_down_and_out_call(const BlackScholesMarket& m, double barrier) {
  check_market(m, "black_scholes_down_and_out_call");
  ITO_REQUIRE(barrier > 0 && barrier <= m.spot && barrier <= m.strike,
              "expected 0 < barrier <= min(spot, strike), got barrier=" << barrier);
  const double sqrt_t = std::sqrt(m.maturity), sig2 = m.volatility * m.volatility;
  const double lambda = (m.rate + 0.5 * sig2) / sig2;
  const double y = std::log(barrier * barrier / (m.spot * m.strike)) / (m.volatility * sqrt_t) +
                   lambda * m.volatility * sqrt_t;
  const double h = barrier / m.spot;
  const double down_and_in = m.spot * std::pow(h, 2.0 * lambda) * standard_normal_cdf(y) -
                             m.strike * std::exp(-m.rate * m.maturity) * std::pow(h, 2.0 * lambda - 2.0) *
                                 standard_normal_cdf(y - m.volatility * sqrt_t);
  return black_scholes_call(m) - down_and_in;
}

}  // namespace ito::feynman_kac
