#include "ito/mcmc/chain.hpp"

#include <algorithm>

#include "ito/core/parallel.hpp"

namespace ito::mcmc {

void RunState::grow_capacity(std::int64_t new_capacity) {
  if (new_capacity <= capacity) return;
  const auto m = static_cast<std::size_t>(chains), p = static_cast<std::size_t>(parameters),
             old_n = static_cast<std::size_t>(capacity), new_n = static_cast<std::size_t>(new_capacity);
  DrawArray grown_draws, grown_accept, grown_log_density;
  grown_draws.resize(m * new_n * p);  // not set here: by the tasks below
  grown_accept.resize(m * new_n);
  grown_log_density.resize(m * new_n);
  // Chain c's part: its old_n·width values, then (new_n − old_n)·width zeros.
  auto relayout = [&](std::size_t c, const DrawArray& from, DrawArray& to, std::size_t width) {
    const auto old_part = from.begin() + static_cast<std::ptrdiff_t>(c * old_n * width);
    const auto part = to.begin() + static_cast<std::ptrdiff_t>(c * new_n * width);
    std::copy_n(old_part, old_n * width, part);
    std::fill(part + static_cast<std::ptrdiff_t>(old_n * width), part + static_cast<std::ptrdiff_t>(new_n * width), 0.0);
  };
  core::parallel_tasks(m, [&](std::size_t c) {
    relayout(c, draws, grown_draws, p);
    relayout(c, accept_stat, grown_accept, 1);
    relayout(c, log_density, grown_log_density, 1);
  });
  draws.swap(grown_draws);
  accept_stat.swap(grown_accept);
  log_density.swap(grown_log_density);
  capacity = new_capacity;
}

}  // namespace ito::mcmc
