#!/usr/bin/env bash
# OU Euler–Maruyama ensemble (10^4 paths × 10^3 steps): ito (1 and 2 threads) vs NumPy's vectorised loop,
# in one run. Prints the throughputs and the ratios. Usage: bash validation/bench/run_ou_em.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
cmake --build "$build" --target ito_bench_ou_em -j2 >/dev/null
paths=10000 steps=1000
# OPENBLAS_* only slow numpy's BLAS paths, unused here; unset them for the peer as the env notes advise.
# Four rounds, each NumPy (best of 5) then ito (best of 5 per thread count, 1- and 2-thread repeats
# interleaved); the best of each over the rounds counts. A slow spell of this shared machine then has to
# last through all four rounds to lower either side, and it lowers both alike.
numpy=0 ito1=0 ito2=0
for round in 1 2 3 4; do
  n=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 validation/bench/ou_em_numpy.py $paths $steps 5)
  out=$("$build/bin/ito_bench_ou_em" $paths $steps 5)
  echo "round $round: numpy path_steps_per_s=$n; ito $(echo "$out" | tr '\n' ' ')"
  i1=$(echo "$out" | awk -F'[= ]' '/threads=1/{print $4}')
  i2=$(echo "$out" | awk -F'[= ]' '/threads=2/{print $4}')
  read -r numpy ito1 ito2 < <(/usr/bin/python3 -c "import sys; a=list(map(float,sys.argv[1:])); print(max(a[0],a[3]), max(a[1],a[4]), max(a[2],a[5]))" "$numpy" "$ito1" "$ito2" "$n" "$i1" "$i2")
done
/usr/bin/python3 - "$numpy" "$ito1" "$ito2" <<'PY'
import sys
numpy, ito1, ito2 = map(float, sys.argv[1:])
print(f"numpy   {numpy/1e6:8.1f} M path-steps/s (1 core)")
print(f"ito x1  {ito1/1e6:8.1f} M path-steps/s  ratio vs numpy {ito1/numpy:5.2f}")
print(f"ito x2  {ito2/1e6:8.1f} M path-steps/s  ratio vs numpy {ito2/numpy:5.2f}  scaling 2 vs 1 thread {ito2/ito1:4.2f}")
PY
