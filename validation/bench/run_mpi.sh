#!/usr/bin/env bash
# MPI against OpenMP on the same two cores, in one run: 1 rank × 2 threads (`ito … --threads 2`) vs 2 ranks
# × 1 thread (`mpirun -np 2 ito … --threads 1`), on the Feynman–Kac European call (Monte Carlo, divided over
# the ranks) and on an MCMC run (not divided yet: every rank runs the whole job). Best of 3 per
# configuration, the configurations interleaved. "efficiency" = time(1 × 2) / time(2 × 1): 1 means MPI
# costs nothing over threads. Times are wall clock of the whole command (mpirun's start-up included) and
# the run's own wall_time_s (MPI_Init excluded). The communication volume comes from ITO_MPI_REPORT=1
# (bytes each rank sent, collective operations). Usage: bash validation/bench/run_mpi.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
ito="$build/bin/ito"
mpirun=(mpirun --oversubscribe --allow-run-as-root --bind-to none)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fk=(feynman-kac problems/fk_european_call.toml --set mc.paths=40000000 --quiet)
mcmc=(mcmc problems/mcmc_eight_schools.toml --quiet)

wall() {  # wall seconds of a command, then the run's own wall_time_s
  local out=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" --out "$out" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
  t1=$(date +%s.%N)
  echo "$(echo "$t1 - $t0" | bc -l) $(h5dump -a /wall_time_s "$out" | awk '/\(0\)/{print $2}')"
}

bench() {
  local name=$1; shift
  local best12=1e9 best21=1e9 run12=1e9 run21=1e9
  for round in 1 2 3; do
    read -r w r < <(wall "$tmp/a.h5" "$ito" "$@" --threads 2)
    best12=$(echo "if ($w < $best12) $w else $best12" | bc -l); run12=$(echo "if ($r < $run12) $r else $run12" | bc -l)
    read -r w r < <(wall "$tmp/b.h5" "${mpirun[@]}" -np 2 "$ito" "$@" --threads 1)
    best21=$(echo "if ($w < $best21) $w else $best21" | bc -l); run21=$(echo "if ($r < $run21) $r else $run21" | bc -l)
  done
  printf '%-12s 1x2: %7.3f s (run %7.3f s)   2x1: %7.3f s (run %7.3f s)   efficiency %.2f (run %.2f)\n' \
    "$name" "$best12" "$run12" "$best21" "$run21" "$(echo "$best12 / $best21" | bc -l)" "$(echo "$run12 / $run21" | bc -l)"
  # Communication: one more 2-rank run with the report on.
  ITO_MPI_REPORT=1 "${mpirun[@]}" -np 2 "$ito" "$@" --threads 1 --out "$tmp/c.h5" 2>&1 >/dev/null |
    grep 'bytes sent' | sed "s/^/  $name: /"
}

bench fk_european "${fk[@]}"
bench mcmc_8schools "${mcmc[@]}"
