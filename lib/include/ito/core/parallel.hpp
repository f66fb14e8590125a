#pragma once
// Parallel helpers. Work is cut into fixed blocks whose boundaries do not depend on the thread count,
// and partial results are combined in block order, so every reduction is bitwise independent of
// OMP_NUM_THREADS and of the schedule (DESIGN.md §4).
#include <omp.h>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <vector>

namespace ito::core {

/// Number of blocks of size `block` covering n items.
inline std::size_t block_count(std::size_t n, std::size_t block) { return (n + block - 1) / block; }

/// Calls f(block_index, begin, end) for every block of [0, n), in parallel, dynamic schedule.
/// An exception thrown by f must not leave the OpenMP region (that would terminate the program): each block's
/// exception is kept, the other blocks run to completion, and the first one in block order is rethrown after
/// the region — so the error reported (e.g. a NumericalError naming path and step) does not depend on the
/// thread count either.
template <class F>
void parallel_blocks(std::size_t n, std::size_t block, F&& f) {
  const auto nb = static_cast<long long>(block_count(n, block));
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(nb));
#pragma omp parallel for schedule(dynamic, 1)
  for (long long b = 0; b < nb; ++b) {
    const std::size_t begin = static_cast<std::size_t>(b) * block;
    const std::size_t end = begin + block < n ? begin + block : n;
    try {
      f(static_cast<std::size_t>(b), begin, end);
    } catch (...) {
      errors[static_cast<std::size_t>(b)] = std::current_exception();
    }
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

/// Deterministic parallel reduction: each block produces a partial T (starting from `zero`),
/// partials are merged in block order with merge(acc, partial).
template <class T, class F, class Merge>
T parallel_reduce_blocks(std::size_t n, std::size_t block, const T& zero, F&& f, Merge&& merge) {
  std::vector<T> partial(block_count(n, block), zero);
  parallel_blocks(n, block, [&](std::size_t b, std::size_t begin, std::size_t end) { f(partial[b], begin, end); });
  T acc = zero;
  for (const T& p : partial) merge(acc, p);
  return acc;
}

/// The most threads a run may ask for: 4 × the processors available to this process. More threads than that
/// only wait on each other, and OpenMP itself fails to start tens of thousands (libgomp aborts or crashes).
inline int thread_limit() { return 4 * std::max(1, omp_get_num_procs()); }

/// Sets the OpenMP thread count when n > 0; returns the count in force.
inline int set_threads(int n) {
  if (n > 0) omp_set_num_threads(n);
  return omp_get_max_threads();
}

}  // namespace ito::core
