#include "ito/core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#endif

namespace ito::core {

namespace {

// The binding place_threads planned: OpenMP thread k (and helper k of the pool) runs on planned_cpus[k]; empty when
// placement is left to the system or to the user. Every place_threads call starts a new generation; each thread
// binds itself once per generation: the calling thread in place_threads, a helper before each job
// (bind_planned_thread; a helper created under a plan is moved to its processor by its creator, grow).
std::vector<int> planned_cpus;
std::atomic<unsigned> planned_generation{0};
std::atomic<bool> binding_failed{false};
ThreadPlacement last_placement = ThreadPlacement::left_to_system;
thread_local unsigned bound_generation = 0;
thread_local int helper_index = 0;  // k on helper k of the pool, 0 on every other thread

ThreadPlacement plan(std::vector<int> cpus, ThreadPlacement placement) {
  planned_cpus = std::move(cpus);
  binding_failed.store(false);
  last_placement = placement;
  planned_generation.fetch_add(1, std::memory_order_acq_rel);
  return placement;
}

#if defined(__linux__)
/// The mask of processor `cpu` alone.
cpu_set_t only(int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return one;
}
#endif

/// Binds the calling thread, helper k of the pool (0: the thread that called place_threads), to the processor
/// place_threads planned for it, once per place_threads call; does nothing when there is no plan.
void bind_planned_thread(int k) {
  const unsigned generation = planned_generation.load(std::memory_order_acquire);
  if (bound_generation == generation) return;
  bound_generation = generation;
#if defined(__linux__)
  if (k < 0 || static_cast<std::size_t>(k) >= planned_cpus.size()) return;
  const cpu_set_t one = only(planned_cpus[static_cast<std::size_t>(k)]);
  if (sched_setaffinity(0, sizeof one, &one) != 0) binding_failed.store(true);
#endif
}

/// The helper threads of run_with_helpers. Never destroyed (helpers asleep at exit end with the process).
class HelperPool {
 public:
  static HelperPool& instance() {
    static HelperPool* const pool = new HelperPool;
    return *pool;
  }

  void run(int helpers, const std::function<void()>& work) {
    // Inside an OpenMP region the region's threads and the helpers would share worker indices (worker_index).
    if (helpers <= 0 || omp_in_parallel() || !claim()) return work();
    grow_if_possible(helpers);
    {
      const std::lock_guard<std::mutex> lock(m_);
      job_ = &work;
      open_ = helpers;  // helpers 1..helpers may join; more may exist (an earlier call asked for more)
      ++generation_;
    }
    wake_.notify_all();
    work();
    std::unique_lock<std::mutex> lock(m_);
    job_ = nullptr;  // helpers not yet inside stay out
    open_ = 0;
    left_.wait(lock, [&] { return inside_ == 0; });
    active_ = false;
  }

  /// Starts helpers up to `helpers` without giving them work (on their planned processors, grow): the first
  /// parallel call then wakes them instead of creating them.
  void start(int helpers) {
    if (helpers <= 0 || !claim()) return;
    grow_if_possible(helpers);
    const std::lock_guard<std::mutex> lock(m_);
    active_ = false;
  }

 private:
  HelperPool() = default;

  /// One job at a time: a call made while another runs (from inside a task, or from another thread) runs on its
  /// calling thread alone.
  bool claim() {
    const std::lock_guard<std::mutex> lock(m_);
    if (active_) return false;
    active_ = true;
    return true;
  }

  /// grow, keeping the helpers there are when the system will start no more threads.
  void grow_if_possible(int helpers) {
    try {
      grow(static_cast<std::size_t>(helpers));
    } catch (const std::system_error&) {
    }
  }

  /// Starts helpers up to `helpers`; helper k takes the processors of OpenMP thread k (place_threads).
  void grow(std::size_t helpers) {
    if (threads_.size() >= helpers) return;
#if defined(__linux__)
    if (!planned_cpus.empty()) {  // place_threads' plan: helper k on processor k
      for (std::size_t k = threads_.size() + 1; k <= helpers; ++k) {
        threads_.emplace_back([this, k] { serve(static_cast<int>(k)); });
        // Moved before it first runs: a new thread inherits the mask of its creator, bound to processor 0, and
        // would otherwise first have to be scheduled there — beside the creator, which goes on to compute — to bind
        // itself (measured: the first parallel loop after place_threads took 1–1.5 ms longer with two threads).
        if (k < planned_cpus.size()) {
          const cpu_set_t one = only(planned_cpus[k]);
          if (pthread_setaffinity_np(threads_.back().native_handle(), sizeof one, &one) != 0) binding_failed.store(true);
        }
      }
      return;
    }
    const int team = static_cast<int>(helpers) + 1;
    std::vector<cpu_set_t> masks(static_cast<std::size_t>(team));
    std::vector<char> known(static_cast<std::size_t>(team), 0);
#pragma omp parallel num_threads(team)
    {
      const auto k = static_cast<std::size_t>(omp_get_thread_num());
      CPU_ZERO(&masks[k]);
      known[k] = sched_getaffinity(0, sizeof(cpu_set_t), &masks[k]) == 0 ? 1 : 0;
    }
#endif
    for (std::size_t k = threads_.size() + 1; k <= helpers; ++k) {
#if defined(__linux__)
      const bool bind = k < known.size() && known[k] != 0;
      const cpu_set_t mask = masks[std::min(k, masks.size() - 1)];
      threads_.emplace_back([this, bind, mask, k] {
        if (bind) sched_setaffinity(0, sizeof mask, &mask);
        serve(static_cast<int>(k));
      });
#else
      threads_.emplace_back([this, k] { serve(static_cast<int>(k)); });
#endif
    }
  }

  /// Helper k: waits for jobs; binds itself to place_threads' processor k (if planned) before each.
  void serve(int k) {
    helper_index = k;
    std::uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      wake_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      if (job_ == nullptr || k > open_) continue;
      ++inside_;
      const std::function<void()>* job = job_;
      lock.unlock();
      bind_planned_thread(k);
      try {
        (*job)();
      } catch (...) {
        std::terminate();  // work() must not throw (parallel_tasks keeps every task's exception)
      }
      lock.lock();
      if (--inside_ == 0) left_.notify_all();
    }
  }

  std::mutex m_;
  std::condition_variable wake_, left_;
  std::vector<std::thread> threads_;
  std::uint64_t generation_ = 0;
  const std::function<void()>* job_ = nullptr;
  int open_ = 0;    // the highest helper index that may join the current job
  int inside_ = 0;  // helpers inside the current job
  bool active_ = false;
};

}  // namespace

void run_with_helpers(int helpers, const std::function<void()>& work) { HelperPool::instance().run(helpers, work); }

int worker_index() { return helper_index != 0 ? helper_index : omp_get_thread_num(); }

ThreadPlacement place_threads() {
#if defined(__linux__)
  for (const char* name : {"OMP_PROC_BIND", "OMP_PLACES", "GOMP_CPU_AFFINITY"})
    if (std::getenv(name) != nullptr) return plan({}, ThreadPlacement::chosen_by_user);
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof mask, &mask) != 0) return plan({}, ThreadPlacement::left_to_system);
  const int threads = omp_get_max_threads();
  if (threads < 2 || threads != CPU_COUNT(&mask)) return plan({}, ThreadPlacement::left_to_system);
  // The processors of the mask in order, starting from the one the calling thread runs on (it stays there).
  std::vector<int> cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &mask)) cpus.push_back(cpu);
  const auto here = std::find(cpus.begin(), cpus.end(), sched_getcpu());
  if (here != cpus.end()) std::rotate(cpus.begin(), here, cpus.end());
  plan(std::move(cpus), ThreadPlacement::one_per_processor);
  bind_planned_thread(0);  // the calling thread; the helpers are created on their processors
  HelperPool::instance().start(threads - 1);
  return thread_placement();
#else
  return plan({}, ThreadPlacement::left_to_system);
#endif
}

ThreadPlacement thread_placement() {
  return last_placement == ThreadPlacement::one_per_processor && binding_failed.load()
             ? ThreadPlacement::left_to_system
             : last_placement;
}

const char* to_string(ThreadPlacement placement) {
  switch (placement) {
    case ThreadPlacement::one_per_processor:
      return "one_per_processor";
    case ThreadPlacement::chosen_by_user:
      return "chosen_by_user";
    case ThreadPlacement::left_to_system:
      break;
  }
  return "left_to_system";
}

}  // namespace ito::core
