#!/usr/bin/env bash
# MPI against OpenMP on the same two cores, in one run: 1 rank × 2 threads (`ito … --threads 2`) vs 2 ranks
# × 1 thread (`mpirun -np 2 ito … --threads 1`), on the Feynman–Kac European call (Monte Carlo, divided over
# the ranks) and on an MCMC run (its chains divided over the ranks, states and draws gathered at every
# synchronisation point: mcmc/share.hpp). Best of 3 per
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

fk=(feynman-kac problems/fk_european_call.toml --set mc.paths=100000000 --quiet)
mcmc=(mcmc problems/mcmc_gaussian100.toml --quiet)

wall() {  # wall seconds of a command, then the run's own wall_time_s
  local out=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" --out "$out" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
  t1=$(date +%s.%N)
  echo "$t0 $t1 $(h5dump -a /wall_time_s "$out" | awk '/\(0\)/{print $2}')"
}

bench() {
  local name=$1; shift
  local a=() b=()
  for round in 1 2 3; do
    a+=("$(wall "$tmp/a.h5" "$ito" "$@" --threads 2)")
    b+=("$(wall "$tmp/b.h5" "${mpirun[@]}" -np 2 "$ito" "$@" --threads 1)")
  done
  /usr/bin/python3 - "$name" "${a[@]}" "${b[@]}" <<'PY'
import sys
name, runs = sys.argv[1], [list(map(float, r.split())) for r in sys.argv[2:]]
a, b = runs[:3], runs[3:]
wa, ra = min(r[1] - r[0] for r in a), min(r[2] for r in a)
wb, rb = min(r[1] - r[0] for r in b), min(r[2] for r in b)
print(f"{name:14s} 1 rank x 2 threads: {wa:7.3f} s (run {ra:7.3f} s)   2 ranks x 1 thread: {wb:7.3f} s "
      f"(run {rb:7.3f} s)   efficiency {wa / wb:.2f} (run {ra / rb:.2f})")
PY
  # Communication: one more 2-rank run with the report on.
  ITO_MPI_REPORT=1 "${mpirun[@]}" -np 2 "$ito" "$@" --threads 1 --out "$tmp/c.h5" 2>&1 >/dev/null |
    grep 'bytes sent' | sed "s/^/  $name: /"
}

bench fk_european "${fk[@]}"
bench mcmc_gauss100 "${mcmc[@]}"
