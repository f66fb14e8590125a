#pragma once
// Parallel helpers. Work is cut into fixed blocks whose boundaries do not depend on the thread count,
// and partial results are combined in block order, so every reduction is bitwise independent of
// OMP_NUM_THREADS and of the schedule (DESIGN.md §4).
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

#include "ito/core/progress.hpp"

namespace ito::core {

/// Number of blocks of size `block` covering n items.
inline std::size_t block_count(std::size_t n, std::size_t block) { return (n + block - 1) / block; }

/// Blocks handed to the threads at a time by parallel_blocks: bookkeeping (one exception slot, one partial
/// result per block) is held for this many blocks only, so 10¹² items cost no more memory than 10⁶.
inline constexpr std::size_t kBlocksPerRound = std::size_t{1} << 16;

/// Runs work() on the calling thread and on up to `helpers` threads of a process-wide pool of helper threads, and
/// returns when every helper that has started work() has returned from it. A helper that is still asleep when the
/// calling thread's work() returns never runs this work() — so the caller does not wait for threads that the
/// system has not yet scheduled, as the barrier at the end of an OpenMP region does. Helper k runs on the
/// processors of OpenMP thread k (so place_threads' binding carries over). One call at a time: a call made from
/// inside work(), from another thread while the pool is busy, or from inside an OpenMP region runs work() on its
/// calling thread alone. work() must not throw.
void run_with_helpers(int helpers, const std::function<void()>& work);

/// The index of the calling thread among the threads that run the current parallel call: k on helper k of the pool,
/// otherwise omp_get_thread_num() (0 on the thread that made the call). Per-thread state (Expression's compiled
/// parsers) is indexed by it; it is below thread_limit() + 1.
int worker_index();

/// The exception of the first failing block (or task) in block order, whichever thread ran it and whenever it failed:
/// the one a run on one thread would have met first. (Kept as one slot under a lock instead of one slot per block:
/// a round of 65,536 blocks would otherwise zero half a megabyte before its first block.)
class FirstError {
 public:
  void keep(std::size_t index, std::exception_ptr e) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!error_ || index < index_) {
      index_ = index;
      error_ = std::move(e);
    }
  }
  /// Rethrows the kept exception, if any (called after the threads have left).
  void rethrow_if_any() {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  std::mutex mutex_;
  std::size_t index_ = 0;
  std::exception_ptr error_;
};

/// Calls f(block_index, begin, end) for every block of [0, n), in parallel, dynamic schedule, in rounds of
/// kBlocksPerRound blocks. An exception thrown by f is kept (FirstError), the other blocks of the round run to
/// completion, and the first one in block order is rethrown after the round — so the error reported (e.g. a
/// NumericalError naming path and step) does not depend on the thread count either. `after_round(first_block,
/// end_block)` runs after each round, on the calling thread. The ambient progress bar (progress.hpp), if any,
/// advances by the items of the blocks every thread finishes.
///
/// The threads are the calling thread and omp_get_max_threads() − 1 helpers of the pool (run_with_helpers): a
/// helper joins when the system schedules it and takes blocks from then on, and the call returns when the blocks
/// are done and the helpers that joined have left — it never waits for a helper that has not joined (the barrier
/// at the end of an OpenMP region would: with another process busy on one processor, a round of a few
/// milliseconds then ended up to a few milliseconds late). The threads take runs of consecutive blocks from a
/// shared counter, about 64 runs per thread per round (one block at a time when blocks are few): blocks of a
/// microsecond (a level-0 MLMC block of 256 one-step paths) taken one by one would have the threads contending
/// for the counter and the bar's total at every block. Which thread runs which block never changes a result:
/// blocks and their merge order are fixed.
template <class F, class AfterRound>
void parallel_blocks(std::size_t n, std::size_t block, F&& f, AfterRound&& after_round) {
  const std::size_t nb = block_count(n, block);
  FirstError error;
  Progress* const progress = ambient_progress().load();
  const auto threads = static_cast<std::size_t>(std::max(1, omp_get_max_threads()));
  for (std::size_t first = 0; first < nb; first += kBlocksPerRound) {
    const std::size_t count = std::min(kBlocksPerRound, nb - first);
    const std::size_t run = std::max<std::size_t>(1, count / (64 * threads));
    std::atomic<std::size_t> next{0};
    const std::function<void()> work = [&] {
      for (;;) {
        const std::size_t i0 = next.fetch_add(run, std::memory_order_relaxed);
        if (i0 >= count) return;
        const std::size_t i1 = std::min(i0 + run, count);
        std::size_t items = 0;
        for (std::size_t i = i0; i < i1; ++i) {
          const std::size_t b = first + i;
          const std::size_t begin = b * block;
          const std::size_t end = begin + block < n ? begin + block : n;
          try {
            f(b, begin, end);
            items += end - begin;
          } catch (...) {
            error.keep(b, std::current_exception());
          }
        }
        if (progress) progress->advance(items);
      }
    };
    const std::size_t runs = block_count(count, run);
    run_with_helpers(static_cast<int>(std::min(threads, runs) - 1), work);
    error.rethrow_if_any();
    after_round(first, first + count);
  }
}

template <class F>
void parallel_blocks(std::size_t n, std::size_t block, F&& f) {
  parallel_blocks(n, block, std::forward<F>(f), [](std::size_t, std::size_t) {});
}

/// Calls f(i) for every task i of [0, n), in parallel, for a few tasks of about equal cost each (MCMC chains
/// between two meetings): the calling thread and omp_get_max_threads() − 1 helpers (run_with_helpers) take the
/// tasks in order from a shared counter. Which thread runs which task never changes a result; an exception
/// thrown by f is kept and the first in task order rethrown after all tasks have run, as in parallel_blocks.
/// (The chains of mcmc_gaussian100's sampling phase were the first work moved from an OpenMP region onto the pool:
/// traced under load, the region's closing barrier made a 1.6 ms phase take 2.7–3.3 ms whenever the thread woken
/// on the busy processor was scheduled only after the calling thread had run every chain itself.)
template <class F>
void parallel_tasks(std::size_t n, F&& f) {
  if (n == 0) return;
  FirstError error;
  Progress* const progress = ambient_progress().load();
  std::atomic<std::size_t> next{0};
  const std::function<void()> work = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) return;
      try {
        f(i);
      } catch (...) {
        error.keep(i, std::current_exception());
      }
      if (progress) progress->advance(1);
    }
  };
  const auto helpers = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(1, omp_get_max_threads()))) - 1;
  run_with_helpers(static_cast<int>(helpers), work);
  error.rethrow_if_any();
}

/// Deterministic parallel reduction: each block produces a partial T (starting from `zero`),
/// partials are merged in block order with merge(acc, partial).
///
/// The partials' storage is left uninitialised and each block's partial is set to `zero` by the thread that
/// computes it: a round of many blocks needs megabytes of partials (16,900 blocks of MLMC level sums: 1.35 MB),
/// whose first touch — page faults on fresh memory, about half a millisecond — then happens in parallel instead
/// of before the loop on one thread. (Partials that own memory — Eigen matrices — are constructed up front and
/// reset after their merge instead.)
template <class T, class F, class Merge>
T parallel_reduce_blocks(std::size_t n, std::size_t block, const T& zero, F&& f, Merge&& merge) {
  const std::size_t slots = std::min(block_count(n, block), kBlocksPerRound);
  T acc = zero;
  if constexpr (std::is_trivially_destructible_v<T>) {
    struct Storage {  // room for `slots` partials, not constructed
      std::allocator<T> allocator;
      std::size_t size;
      T* data;
      explicit Storage(std::size_t k) : size(k), data(k ? allocator.allocate(k) : nullptr) {}
      ~Storage() {
        if (data) allocator.deallocate(data, size);
      }
      Storage(const Storage&) = delete;
      Storage& operator=(const Storage&) = delete;
    } partial(slots);
    parallel_blocks(
        n, block,
        [&](std::size_t b, std::size_t begin, std::size_t end) {
          f(*std::construct_at(partial.data + b % kBlocksPerRound, zero), begin, end);
        },
        [&](std::size_t first, std::size_t end) {
          for (std::size_t b = first; b < end; ++b) merge(acc, partial.data[b - first]);
        });
  } else {
    std::vector<T> partial(slots, zero);
    parallel_blocks(
        n, block, [&](std::size_t b, std::size_t begin, std::size_t end) { f(partial[b % kBlocksPerRound], begin, end); },
        [&](std::size_t first, std::size_t end) {
          for (std::size_t b = first; b < end; ++b) {
            merge(acc, partial[b - first]);
            partial[b - first] = zero;
          }
        });
  }
  return acc;
}

/// The most threads a run may ask for: 4 × the processors available to this process. More threads than that
/// only wait on each other, and OpenMP itself fails to start tens of thousands (libgomp aborts or crashes).
inline int thread_limit() { return 4 * std::max(1, omp_get_num_procs()); }

/// Where the threads of a run execute (place_threads).
enum class ThreadPlacement {
  one_per_processor,  ///< thread k is bound to the k-th processor the process may use
  left_to_system,     ///< the operating system's scheduler places and moves the threads
  chosen_by_user,     ///< OMP_PROC_BIND, OMP_PLACES or GOMP_CPU_AFFINITY is set: libgomp follows it
};

/// Binds each thread of the run (the calling thread and the pool's helpers) to its own processor when the run uses
/// exactly as many threads (more than one) as processors it may run on (its affinity mask; the default thread
/// count), and leaves the threads to the system otherwise — fewer threads than processors leave room for other
/// processes and concurrent runs, which bound threads could pile onto the same processors — or when the user has
/// set OMP_PROC_BIND, OMP_PLACES or GOMP_CPU_AFFINITY (the helpers then take the OpenMP threads' places). Call it
/// after the thread count is set and before the first parallel call that counts (`ito`'s main: before it reads the
/// parameter file). It binds the calling thread at once and starts the helpers on their processors (each moved there
/// before it first runs); nobody waits for them (binding them in a parallel region of their own waited for every
/// thread to be scheduled once — with another process busy on a processor, milliseconds before any work started:
/// 0.8–3.6 ms measured under `strace` for fk_european_call, whose run takes 12 ms).
///
/// Why: a thread woken for a parallel region is sometimes placed by the scheduler on the processor of the thread
/// that woke it, although the other one is idle, and then shares it until the periodic load balancing moves
/// it — milliseconds later (measured on this project's 2-processor virtual machine: half of the 2-thread runs
/// of a 6 ms Monte Carlo estimate took as long as one thread). Bound threads wake where they belong. Binding
/// never changes a result, only where it is computed. Linux only; elsewhere it returns left_to_system.
ThreadPlacement place_threads();
/// The placement of the last place_threads call as it turned out: left_to_system if a helper could not be bound
/// (it then runs where the system puts it).
ThreadPlacement thread_placement();
const char* to_string(ThreadPlacement placement);

/// Sets the OpenMP thread count when n > 0; returns the count in force.
inline int set_threads(int n) {
  if (n > 0) omp_set_num_threads(n);
  return omp_get_max_threads();
}

}  // namespace ito::core
