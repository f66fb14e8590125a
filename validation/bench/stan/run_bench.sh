#!/bin/sh
# ito mcmc vs Stan NUTS (rstan, this machine, same session) on posteriordb eight_schools_noncentered and
# sblrc-blr: min bulk-ESS per second of sampling and per gradient evaluation, 4 chains x 1000 warmup +
# 1000 draws, one thread (chains in sequence on one core for both, so ESS/s is per-core throughput).
# Needs: r-cran-rstan (Debian) with /usr/lib/R/site-library/BH/include/boost -> /usr/include/boost, and an
# ito build (ITO=path/to/ito). Run from the project root:
#   ITO=build/bin/ito validation/bench/stan/run_bench.sh
set -eu
ITO=${ITO:-build/bin/ito}
OUT=${OUT:-/tmp/ito_mcmc_bench}
SEEDS=${SEEDS:-"1 2 3"}
mkdir -p "$OUT"
echo "== Stan NUTS (rstan $(Rscript -e 'cat(as.character(packageVersion("rstan")))'))"
Rscript validation/bench/stan/run_stan.R ../shared/data/posteriordb
for problem in eight_schools blr; do
  for sampler in pmala mala kinetic; do
    for seed in $SEEDS; do
      printf '== ito %s %s seed %s: ' "$problem" "$sampler" "$seed"
      "$ITO" mcmc "problems/mcmc_$problem.toml" --threads 1 --seed "$seed" --out "$OUT/${problem}_$sampler.h5" \
        --set sampler.kind="$sampler"
    done
  done
done
