#!/usr/bin/env bash
# The digits problems (problems/solve_digits_*.toml) on the first N test digits (truth_index 0 … N−1), then a
# table per problem and sampler: mean PSNR and SSIM of the posterior mean, SW / floor, 90% coverage, time
# (validation/solve_digits_table.py), and pictures of the first digit (validation/plot_solve.py).
# Usage: validation/solve_digits.sh [OUTDIR=out/digits] [N=10] [ito solve options ...]
#   e.g. validation/solve_digits.sh out/digits_edm 10 --set 'sampling.grid="edm"' --set 'sampling.integrator="ddim"'
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/digits}
n=${2:-10}
ito=${ITO:-build/bin/ito}
mkdir -p "$out"
for p in denoise_010 denoise_020 inpaint_random inpaint_left; do
  for i in $(seq 0 $((n - 1))); do
    f="$out/${p}_digit${i}.h5"
    [ -f "$f" ] && continue
    "$ito" solve "problems/solve_digits_${p}.toml" --set "observation.truth_index=$i" --seed $((i + 1)) \
      "${@:3}" --out "$f" --quiet > /dev/null
  done
  /usr/bin/python3 validation/plot_solve.py "$out/${p}_digit0.h5" > /dev/null
done
/usr/bin/python3 validation/solve_digits_table.py "$out" | tee "$out/solve_digits_table.md"
