#!/usr/bin/env bash
# Builds and runs the QuantLib comparison (not part of the main CMake build, which must not need QuantLib):
# European call by Monte Carlo, QuantLib's MCEuropeanEngine against ito's Feynman–Kac estimator, both taking
# the exact log-normal step on the same grid, one core each, with the same variance reduction on both sides
# (plain, then antithetic). The last line reads
#   RESULT ratio ito/QuantLib per core at equal SE: plain X, antithetic Y (load average L)
# (see fk_quantlib_bench.cpp for what is measured and how).
# Needs: apt-get install -y libquantlib0-dev, and an ito build directory with the static libraries
# (cmake --build <build>: the feynman_kac, monte_carlo, schemes, sde, random and core libraries).
# Usage: validation/bench/quantlib/build_and_run.sh [build-dir=build] [steps=64] [paths=100000]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
exe="$build/fk_quantlib_bench"
# libito_core's MPI layer needs libmpi when the build was configured with ITO_MPI=ON (the default when found).
mpi_libs=""
if grep -q "^ITO_MPI:BOOL=ON" "$build/CMakeCache.txt" 2>/dev/null; then mpi_libs=$(pkg-config --libs ompi 2>/dev/null || echo -lmpi); fi
g++ -std=c++20 -O3 -march=native -fopenmp -DNDEBUG -I"$root/lib/include" -I/usr/include/eigen3 "$here/fk_quantlib_bench.cpp" -o "$exe" \
  -L"$build/lib" -lito_feynman_kac -lito_monte_carlo -lito_schemes -lito_sde -lito_random -lito_core -lQuantLib -lmuparser $mpi_libs
"$exe" "${2:-64}" "${3:-100000}"
