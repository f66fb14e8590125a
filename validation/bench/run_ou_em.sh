#!/usr/bin/env bash
# OU Euler–Maruyama ensemble (10^4 paths × 10^3 steps): ito (1 and 2 threads) vs NumPy's vectorised loop,
# in one run. Prints the throughputs and the ratios. Usage: bash validation/bench/run_ou_em.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
cmake --build "$build" --target ito_bench_ou_em -j2 >/dev/null
paths=10000 steps=1000
# OPENBLAS_* only slow numpy's BLAS paths, unused here; unset them for the peer as the env notes advise.
numpy=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 validation/bench/ou_em_numpy.py $paths $steps 10)
out=$("$build/bin/ito_bench_ou_em" $paths $steps 10)
echo "$out"
ito1=$(echo "$out" | awk -F'[= ]' '/threads=1/{print $4}')
ito2=$(echo "$out" | awk -F'[= ]' '/threads=2/{print $4}')
/usr/bin/python3 - "$numpy" "$ito1" "$ito2" <<'PY'
import sys
numpy, ito1, ito2 = map(float, sys.argv[1:])
print(f"numpy   {numpy/1e6:8.1f} M path-steps/s (1 core)")
print(f"ito x1  {ito1/1e6:8.1f} M path-steps/s  ratio vs numpy {ito1/numpy:5.2f}")
print(f"ito x2  {ito2/1e6:8.1f} M path-steps/s  ratio vs numpy {ito2/numpy:5.2f}  scaling 2 vs 1 thread {ito2/ito1:4.2f}")
PY
