#!/usr/bin/env bash
# Builds and runs the QuantLib comparison (not part of the main CMake build, which must not need QuantLib):
# European call by Monte Carlo, QuantLib's MCEuropeanEngine against ito's Feynman–Kac estimator, both taking
# the exact log-normal step on the same grid, one core each, with the same variance reduction on both sides
# (plain, then antithetic). The last line reads
#   RESULT ratio ito/QuantLib per core at equal SE: plain X, antithetic Y (load average L)
# (see fk_quantlib_bench.cpp for what is measured and how).
# Needs: apt-get install -y libquantlib0-dev, and an ito build directory with the static libraries
# (cmake --build <build> --target ito_feynman_kac).
# Usage: validation/bench/quantlib/build_and_run.sh [build-dir=build] [steps=64] [paths=100000]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
exe="$build/fk_quantlib_bench"
g++ -std=c++20 -O3 -march=native -fopenmp -DNDEBUG -I"$root/lib/include" "$here/fk_quantlib_bench.cpp" -o "$exe" \
  -L"$build/lib" -lito_feynman_kac -lito_sde -lito_random -lQuantLib -lmuparser
"$exe" "${2:-64}" "${3:-100000}"
