#include "ito/core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#endif

namespace ito::core {

ThreadPlacement place_threads() {
#if defined(__linux__)
  for (const char* name : {"OMP_PROC_BIND", "OMP_PLACES", "GOMP_CPU_AFFINITY"})
    if (std::getenv(name) != nullptr) return ThreadPlacement::chosen_by_user;
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof mask, &mask) != 0) return ThreadPlacement::left_to_system;
  const int threads = omp_get_max_threads();
  if (threads < 2 || threads != CPU_COUNT(&mask)) return ThreadPlacement::left_to_system;
  // The processors of the mask in order, starting from the one the calling thread runs on (it stays there).
  std::vector<int> cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &mask)) cpus.push_back(cpu);
  const auto here = std::find(cpus.begin(), cpus.end(), sched_getcpu());
  if (here != cpus.end()) std::rotate(cpus.begin(), here, cpus.end());
  std::atomic<int> failed{0};
#pragma omp parallel num_threads(threads)
  {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpus[static_cast<std::size_t>(omp_get_thread_num())], &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) failed.fetch_add(1, std::memory_order_relaxed);
  }
  if (failed.load() == 0) return ThreadPlacement::one_per_processor;
  // Undo a partial binding: every thread may run anywhere in the mask again.
#pragma omp parallel num_threads(threads)
  sched_setaffinity(0, sizeof mask, &mask);
  return ThreadPlacement::left_to_system;
#else
  return ThreadPlacement::left_to_system;
#endif
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
