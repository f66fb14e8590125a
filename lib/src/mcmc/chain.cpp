#include "ito/mcmc/chain.hpp"

#include <algorithm>

namespace ito::mcmc {

void RunState::grow_capacity(std::int64_t new_capacity) {
  if (new_capacity <= capacity) return;
  const auto m = static_cast<std::size_t>(chains), p = static_cast<std::size_t>(parameters),
             old_n = static_cast<std::size_t>(capacity), new_n = static_cast<std::size_t>(new_capacity);
  auto relayout = [&](std::vector<double>& v, std::size_t width) {
    std::vector<double> grown(m * new_n * width, 0.0);
    for (std::size_t c = 0; c < m; ++c)
      std::copy_n(v.begin() + static_cast<std::ptrdiff_t>(c * old_n * width), old_n * width,
                  grown.begin() + static_cast<std::ptrdiff_t>(c * new_n * width));
    v.swap(grown);
  };
  relayout(draws, p);
  relayout(accept_stat, 1);
  relayout(log_density, 1);
  capacity = new_capacity;
}

}  // namespace ito::mcmc
