// OpenMP threads that wait sleep instead of spinning (see apps/CMakeLists.txt for how this runs first).
//
// libgomp lets a thread that waits — for the next parallel region, or at the barrier that ends one — spin for
// GOMP_SPINCOUNT = 3·10⁵ iterations (milliseconds) before it sleeps. When another process keeps a core busy,
// the spinning threads take time slices the working ones need. libgomp reads its policy from the environment
// once, in its own initialiser, before main; this initialiser of a small shared library that the loader runs
// before libgomp's sets OMP_WAIT_POLICY=passive unless the user has set OMP_WAIT_POLICY or GOMP_SPINCOUNT.
// Results do not depend on the policy, only the time does.
#include <stdlib.h>

__attribute__((constructor)) static void ito_passive_openmp_waiting(void) {
  if (getenv("OMP_WAIT_POLICY") != NULL || getenv("GOMP_SPINCOUNT") != NULL) return;
  setenv("OMP_WAIT_POLICY", "passive", 0);
}
