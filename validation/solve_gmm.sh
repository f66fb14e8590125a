#!/usr/bin/env bash
# The Gaussian-mixture benchmark protocol (issue 12): every sampler of problems/solve_gmm_d{D}_dy{1,2,4}.toml
# on SEEDS seeds at 20 and 100 steps (mala and smc_mala, which use no time grid, once per seed), then the
# table (validation/solve_gmm_table.py: mean ± 1.96 SE of the sliced Wasserstein distance and of its ratio to
# the floor, how many seeds reach SW ≤ 2 × floor, 90% coverage, time). Usage: validation/solve_gmm.sh [OUTDIR=out/gmm] [SEEDS=20] [DIMS="8 80"]
# [ito solve options ...], e.g. --set 'sampling.grid="edm"' --set 'sampling.integrator="ddim"' (the edm grid).
# SMC_MALA=0 in the environment leaves smc_mala out (at d = 800 its d × d preconditioner makes it the
# slowest sampler by far).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/gmm}
seeds=${2:-20}
dims=${3:-8 80}
ito=${ITO:-build/bin/ito}
mkdir -p "$out"
for d in $dims; do
  for dy in 1 2 4; do
    for steps in 20 100; do
      for seed in $(seq 1 "$seeds"); do
        f="$out/d${d}_dy${dy}_s${steps}_seed${seed}.h5"
        [ -f "$f" ] && continue
        # MALA does not use the time grid: it runs once per seed, with the 100-step set.
        samplers='["exact_guidance", "smc", "mala", "dps", "pigdm", "ddrm"]'
        [ "$steps" = 20 ] && samplers='["exact_guidance", "smc", "dps", "pigdm", "ddrm"]'
        "$ito" solve "problems/solve_gmm_d${d}_dy${dy}.toml" --seed "$seed" --set "sampling.steps=$steps" \
          --set "samplers=$samplers" --set output.samples=0 "${@:4}" --out "$f" --quiet > /dev/null
      done
      echo "d=$d d_y=$dy steps=$steps: $seeds seeds done" >&2
    done
    # MALA inside tempered SMC (no time grid either): once per seed, in a file of its own beside the 100-step
    # run (the same seed draws the same problem, observation and exact samples).
    [ "${SMC_MALA:-1}" = 0 ] && continue
    for seed in $(seq 1 "$seeds"); do
      f="$out/d${d}_dy${dy}_s100_seed${seed}.smc_mala.h5"
      [ -f "$f" ] && continue
      "$ito" solve "problems/solve_gmm_d${d}_dy${dy}.toml" --seed "$seed" --set 'samplers=["smc_mala"]' \
        --set output.samples=0 --out "$f" --quiet > /dev/null
    done
    echo "d=$d d_y=$dy smc_mala: $seeds seeds done" >&2
  done
done
/usr/bin/python3 validation/solve_gmm_table.py "$out" | tee "$out/solve_gmm_table.md"
