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

namespace ito::feynman_kac {
namespace {
// e^{−rT} E[(G − K)⁺] for ln G ~ N(mean, variance).
double lognormal_call(double mean, double variance, double strike, double discount) {
  const double sd = std::sqrt(variance);
  const double d2 = (mean - std::log(strike)) / sd, d1 = d2 + sd;
  return discount * (std::exp(mean + 0.5 * variance) * standard_normal_cdf(d1) - strike * standard_normal_cdf(d2));
}
}  // namespace

double black_scholes_geometric_asian_call(const BlackScholesMarket& m) {
  check_market(m, "black_scholes_geometric_asian_call");
  const double sig2 = m.volatility * m.volatility;
  const double mean = std::log(m.spot) + (m.rate - 0.5 * sig2) * 0.5 * m.maturity;
  return lognormal_call(mean, sig2 * m.maturity / 3.0, m.strike, std::exp(-m.rate * m.maturity));
}

double black_scholes_geometric_asian_call_discrete(const BlackScholesMarket& m, std::int64_t monitoring_dates) {
  check_market(m, "black_scholes_geometric_asian_call_discrete");
  ITO_REQUIRE(monitoring_dates >= 1, "need at least one monitoring date, got " << monitoring_dates);
  const double n = static_cast<double>(monitoring_dates), sig2 = m.volatility * m.volatility;
  const double mean = std::log(m.spot) + (m.rate - 0.5 * sig2) * m.maturity * (n + 1.0) / (2.0 * n);
  const double variance = sig2 * m.maturity * (n + 1.0) * (2.0 * n + 1.0) / (6.0 * n * n);
  return lognormal_call(mean, variance, m.strike, std::exp(-m.rate * m.maturity));
}

}  // namespace ito::feynman_kac
