#include "ito/mcmc/chain.hpp"

#include <algorithm>
#include <cstring>
#include <exception>

#include "ito/core/parallel.hpp"

namespace ito::mcmc {

namespace {

constexpr std::size_t kPageDoubles = 4096 / sizeof(double);

/// Chain c's part of an array laid out chains × n × width from `data`.
template <class T>
T* part(T* data, std::size_t c, std::size_t n, std::size_t width) {
  return data + c * n * width;
}

/// Grows `a`, laid out chains × old_n × width, to chains × new_n × width within its own memory (its capacity
/// suffices): each chain's values move up to their new place, last chain first (a chain's new place may overlap the
/// old places of the chains after it, which have moved by then), and the new places are set to 0. The memory beyond
/// the old end is touched first, by all threads (core::parallel_blocks, a page at a time), so that its page faults
/// are shared as they were when every chain's part was copied by a task of its own.
void grow_within(DrawArray& a, std::size_t chains, std::size_t old_n, std::size_t new_n, std::size_t width) {
  const std::size_t old_size = chains * old_n * width, new_size = chains * new_n * width;
  a.resize(new_size);  // within the capacity: no reallocation, the new elements unset
  double* const fresh = a.data() + old_size;
  core::parallel_blocks(new_size - old_size, 64 * kPageDoubles, [&](std::size_t, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; i += kPageDoubles) fresh[i] = 0.0;
  });
  for (std::size_t c = chains; c-- > 0;) {
    double* const to = part(a.data(), c, new_n, width);
    if (c > 0) std::memmove(to, part(a.data(), c, old_n, width), old_n * width * sizeof(double));
    std::fill(to + old_n * width, to + new_n * width, 0.0);
  }
}

}  // namespace

void RunState::grow_capacity(std::int64_t new_capacity, std::int64_t most) {
  if (new_capacity <= capacity) return;
  const auto m = static_cast<std::size_t>(chains), p = static_cast<std::size_t>(parameters),
             old_n = static_cast<std::size_t>(capacity), new_n = static_cast<std::size_t>(new_capacity);
  // Room for the most the run may hold, reserved once: address space only (memory is used as the places are
  // written); when the system will not reserve that much, each growth copies into new arrays instead.
  const std::size_t per_draw = std::max<std::size_t>(1, m * p);
  const std::size_t most_n =
      std::min(static_cast<std::size_t>(std::max(most, new_capacity)), draws.max_size() / per_draw);
  bool within = true;
  try {
    draws.reserve(m * most_n * p);
    accept_stat.reserve(m * most_n);
    log_density.reserve(m * most_n);
  } catch (const std::exception&) {  // std::bad_alloc, or std::length_error beyond vector's max_size
    within = draws.capacity() >= m * new_n * p && accept_stat.capacity() >= m * new_n &&
             log_density.capacity() >= m * new_n;
  }
  if (within) {
    grow_within(draws, m, old_n, new_n, p);
    grow_within(accept_stat, m, old_n, new_n, 1);
    grow_within(log_density, m, old_n, new_n, 1);
    capacity = new_capacity;
    return;
  }
  DrawArray grown_draws, grown_accept, grown_log_density;
  grown_draws.resize(m * new_n * p);  // not set here: by the tasks below
  grown_accept.resize(m * new_n);
  grown_log_density.resize(m * new_n);
  // Chain c's part: its old_n·width values, then (new_n − old_n)·width zeros.
  auto relayout = [&](std::size_t c, const DrawArray& from, DrawArray& to, std::size_t width) {
    const double* const old_part = part(from.data(), c, old_n, width);
    double* const new_part = part(to.data(), c, new_n, width);
    std::copy_n(old_part, old_n * width, new_part);
    std::fill(new_part + old_n * width, new_part + new_n * width, 0.0);
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
