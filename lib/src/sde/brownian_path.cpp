#include "ito/sde/brownian_path.hpp"

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/random/normal.hpp"

namespace ito::sde {

OuConvolutionCoefficients ou_convolution_coefficients(double theta, double h) {
  ITO_REQUIRE(theta > 0.0 && h > 0.0, "OU kernel rate theta (" << theta << ") and step h (" << h << ") must be > 0");
  const double v = -std::expm1(-2.0 * theta * h) / (2.0 * theta);
  const double c = -std::expm1(-theta * h) / theta;
  const double residual = v - c * c / h;  // ≈ θ²h³/12 for small θh; never negative in exact arithmetic
  return {c / h, std::sqrt(residual > 0.0 ? residual : 0.0), v, c};
}

std::vector<double> BrownianIncrements::W(int n) const {
  std::vector<double> w(noise_dim, 0.0);
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < noise_dim; ++j) w[j] += dW[static_cast<std::size_t>(k) * noise_dim + j];
  return w;
}

BrownianIncrements brownian_path(std::uint32_t seed, std::uint64_t path, double T, int steps, int noise_dim,
                                 Companion companion, double theta, double t0) {
  ITO_REQUIRE(T > 0.0 && steps >= 1 && noise_dim >= 1,
              "need T > 0, steps >= 1, noise_dim >= 1 (got " << T << ", " << steps << ", " << noise_dim << ")");
  BrownianIncrements b;
  b.t0 = t0;
  b.h = T / steps;
  b.steps = steps;
  b.noise_dim = noise_dim;
  b.companion = companion;
  b.theta = theta;
  const std::size_t n = static_cast<std::size_t>(steps) * noise_dim;
  const random::NormalStream stream(seed, random::Purpose::brownian);
  b.dW.resize(n);
  stream.fill(path, 0, n, b.dW.data());
  const double sqrt_h = std::sqrt(b.h);
  if (companion == Companion::none) {
    for (double& w : b.dW) w *= sqrt_h;
    return b;
  }
  b.companions.resize(n);
  stream.fill(path, companion_index_offset, n, b.companions.data());
  if (companion == Companion::time_integral) {
    const double s = sqrt_h / std::sqrt(3.0);
    for (std::size_t k = 0; k < n; ++k) {
      b.dW[k] *= sqrt_h;
      b.companions[k] = 0.5 * b.h * (b.dW[k] + s * b.companions[k]);
    }
  } else if (companion == Companion::signs) {
    for (std::size_t k = 0; k < n; ++k) {
      b.dW[k] *= sqrt_h;
      b.companions[k] = b.companions[k] >= 0.0 ? 1.0 : -1.0;
    }
  } else {
    const OuConvolutionCoefficients q = ou_convolution_coefficients(theta, b.h);
    for (std::size_t k = 0; k < n; ++k) {
      b.dW[k] *= sqrt_h;
      b.companions[k] = q.on_dW * b.dW[k] + q.on_normal * b.companions[k];
    }
  }
  return b;
}

BrownianIncrements BrownianIncrements::coarsen(int factor) const {
  ITO_REQUIRE(factor >= 1 && steps % factor == 0,
              "coarsening factor " << factor << " must divide the number of steps " << steps);
  BrownianIncrements c;
  c.t0 = t0;
  c.h = h * factor;
  c.steps = steps / factor;
  c.noise_dim = noise_dim;
  c.companion = companion;
  c.theta = theta;
  const int m = noise_dim;
  c.dW.assign(static_cast<std::size_t>(c.steps) * m, 0.0);
  if (companion != Companion::none) c.companions.assign(c.dW.size(), 0.0);
  const double decay = companion == Companion::ou_convolution ? std::exp(-theta * h) : 0.0;
  for (int n = 0; n < c.steps; ++n) {
    for (int j = 0; j < m; ++j) {
      double w = 0.0, comp = companion == Companion::signs ? 1.0 : 0.0;
      for (int i = 0; i < factor; ++i) {
        const std::size_t k = static_cast<std::size_t>(n * factor + i) * m + j;
        if (companion == Companion::time_integral) comp += companions[k] + h * w;  // w = W_{t_i} − W_{t_0}
        if (companion == Companion::ou_convolution) comp = decay * comp + companions[k];
        if (companion == Companion::signs) comp *= companions[k];
        w += dW[k];
      }
      c.dW[static_cast<std::size_t>(n) * m + j] = w;
      if (companion != Companion::none) c.companions[static_cast<std::size_t>(n) * m + j] = comp;
    }
  }
  return c;
}

}  // namespace ito::sde
