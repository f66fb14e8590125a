#include "ito/feynman_kac/exact_solutions.hpp"

#include <cmath>

#include "ito/core/error.hpp"

namespace ito::feynman_kac {

double heat_gaussian_solution(double x, double t, double diffusivity, double initial_width) {
  ITO_REQUIRE(t >= 0 && diffusivity > 0 && initial_width > 0,
              "expected t >= 0, D > 0, s > 0, got t=" << t << " D=" << diffusivity << " s=" << initial_width);
  const double w2 = initial_width * initial_width + 2.0 * diffusivity * t;
  return initial_width / std::sqrt(w2) * std::exp(-x * x / (2.0 * w2));
}

OrnsteinUhlenbeckLaw ou_transition(double x0, double theta, double mu, double sigma, double horizon) {
  ITO_REQUIRE(theta > 0 && sigma >= 0 && horizon >= 0,
              "expected theta > 0, sigma >= 0, T >= 0, got theta=" << theta << " sigma=" << sigma << " T=" << horizon);
  const double decay = std::exp(-theta * horizon);
  return {mu + (x0 - mu) * decay, sigma * sigma * -std::expm1(-2.0 * theta * horizon) / (2.0 * theta)};
}

double ou_mean(double x0, double theta, double mu, double sigma, double horizon) {
  return ou_transition(x0, theta, mu, sigma, horizon).mean;
}

double ou_second_moment(double x0, double theta, double mu, double sigma, double horizon) {
  const auto law = ou_transition(x0, theta, mu, sigma, horizon);
  return law.mean * law.mean + law.variance;
}

double ou_cosine_moment(double x0, double theta, double mu, double sigma, double horizon, double k) {
  const auto law = ou_transition(x0, theta, mu, sigma, horizon);
  return std::cos(k * law.mean) * std::exp(-0.5 * k * k * law.variance);
}

double ou_integral_mean(double x0, double theta, double mu, double sigma, double horizon) {
  (void)ou_transition(x0, theta, mu, sigma, horizon);  // validates the parameters
  return mu * horizon + (x0 - mu) * -std::expm1(-theta * horizon) / theta;
}

double vasicek_bond_price(double r0, double theta, double mu, double sigma, double horizon) {
  (void)ou_transition(r0, theta, mu, sigma, horizon);
  const double b = -std::expm1(-theta * horizon) / theta;
  const double s2 = sigma * sigma;
  return std::exp((mu - s2 / (2.0 * theta * theta)) * (b - horizon) - s2 * b * b / (4.0 * theta) - b * r0);
}

double brownian_mean_exit_time(double x, double length, double diffusivity) {
  ITO_REQUIRE(length > 0 && diffusivity > 0 && x >= 0 && x <= length,
              "expected L > 0, D > 0, 0 <= x <= L, got x=" << x << " L=" << length << " D=" << diffusivity);
  return x * (length - x) / (2.0 * diffusivity);
}

}  // namespace ito::feynman_kac
