#include "ito/sde/brownian_path.hpp"

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/random/normal.hpp"

namespace ito::sde {

std::vector<double> BrownianIncrements::W(std::int64_t n) const {
  std::vector<double> w(noise_dim, 0.0);
  for (std::int64_t k = 0; k < n; ++k)
    for (int j = 0; j < noise_dim; ++j) w[j] += dW[static_cast<std::size_t>(k) * noise_dim + j];
  return w;
}

BrownianIncrements brownian_path(std::uint32_t seed, std::uint64_t path, const core::TimeGrid& grid, int noise_dim,
                                 Companion companion, double theta) {
  ITO_REQUIRE(noise_dim >= 1, "need noise_dim >= 1, got " << noise_dim);
  BrownianIncrements b{grid, noise_dim, companion, theta, {}, {}};
  const std::size_t n = static_cast<std::size_t>(grid.steps()) * noise_dim;
  const random::NormalStream stream(seed, random::Purpose::brownian);
  b.dW.resize(n);
  stream.fill(path, 0, n, b.dW.data());
  const double sqrt_h = std::sqrt(grid.step_size());
  for (double& w : b.dW) w *= sqrt_h;
  if (companion == Companion::none) return b;
  b.companions.resize(n);
  stream.fill(path, companion_index_offset, n, b.companions.data());
  with_companion(companion, [&]<Companion C>(std::integral_constant<Companion, C>) {
    const CompanionRule<C> rule(grid.step_size(), theta);
    for (std::size_t k = 0; k < n; ++k) b.companions[k] = rule.build(b.dW[k], b.companions[k]);
  });
  return b;
}

BrownianIncrements BrownianIncrements::coarsen(int factor) const {
  BrownianIncrements c{grid.coarsened(factor), noise_dim, companion, theta, {}, {}};
  const int m = noise_dim;
  const std::int64_t steps = c.grid.steps();
  c.dW.assign(static_cast<std::size_t>(steps) * m, 0.0);
  if (companion != Companion::none) c.companions.assign(c.dW.size(), 0.0);
  with_companion(companion, [&]<Companion C>(std::integral_constant<Companion, C>) {
    const CompanionRule<C> rule(grid.step_size(), theta);
    for (std::int64_t n = 0; n < steps; ++n)
      for (int j = 0; j < m; ++j) {
        typename CompanionRule<C>::Sum sum;
        for (int i = 0; i < factor; ++i) {
          const std::size_t k = static_cast<std::size_t>(n * factor + i) * m + j;
          rule.add(sum, dW[k], C == Companion::none ? 0.0 : companions[k]);
        }
        c.dW[static_cast<std::size_t>(n) * m + j] = sum.dW;
        if constexpr (C != Companion::none) c.companions[static_cast<std::size_t>(n) * m + j] = sum.companion;
      }
  });
  return c;
}

}  // namespace ito::sde
