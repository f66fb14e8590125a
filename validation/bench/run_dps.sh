#!/usr/bin/env bash
# DPS with the exact mixture denoiser (issue 12's speed check): ito at 1 and 2 threads vs a vectorised NumPy
# implementation of the same algorithm on one core, d = 80 (2000 samples) and d = 800 (1000 samples), 100
# steps, best of 3 on both sides, in one run. Usage: bash validation/bench/run_dps.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
cmake --build "$build" --target ito_bench_dps -j2 >/dev/null
for case in "80 2000" "800 1000"; do
  set -- $case
  # NumPy on one core: its BLAS threads pinned to 1 (the per-core comparison the issue asks for).
  numpy=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
          /usr/bin/python3 validation/bench/dps_numpy.py "$1" "$2" 3)
  out=$("$build/bin/ito_bench_dps" "$1" "$2" 3)
  i1=$(echo "$out" | awk -F'[= ]' '/threads=1/{print $4}')
  i2=$(echo "$out" | awk -F'[= ]' '/threads=2/{print $4}')
  /usr/bin/python3 - "$1" "$2" "$numpy" "$i1" "$i2" <<'PY'
import sys
d, n = sys.argv[1], sys.argv[2]
numpy, i1, i2 = map(float, sys.argv[3:])
print(f"d={d} samples={n}: numpy {n and int(n)*100/numpy:6.2f} s ({numpy/1e3:8.1f} k sample-steps/s, 1 core); "
      f"ito x1 {int(n)*100/i1:6.2f} s, ratio {i1/numpy:5.1f}; ito x2 {int(n)*100/i2:6.2f} s, ratio {i2/numpy:5.1f}, "
      f"2-vs-1 thread {i2/i1:4.2f}")
PY
done
