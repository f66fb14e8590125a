#!/usr/bin/env bash
# Benchmark: the 2-D OU density on 200 × 200 cells to t = 20 (and t = 200), ito (sparse implicit, adaptive
# TR-BDF2) against the Python solver fplanck (matrix exponential action, scipy expm_multiply).
# Same problem, same grid (fplanck's nodes are ito's cell centres), same end time; prints wall times, the
# L1 errors of both densities against the exact Gaussian (point values at the nodes and exact cell
# averages) and the speed ratios (wall and CPU time, one thread each; CPU time is the fairer number on a
# loaded machine). fplanck's source is copied from its mirror into a temporary directory
# (never into this repository); it needs Python 3.12 only for one PEP 695 generic annotation in
# utility.py, which the copy rewrites as a plain function for Debian's Python 3.11 (no numerical change).
# Usage: validation/bench/fplanck/run.sh [build-dir] [fplanck git dir]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../../.."
build="${1:-build}"
mirror="${2:-/work/.mirror/johnaparker+fplanck/repo}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git -C "$mirror" archive HEAD src/fplanck | tar -x -C "$work"
sed -i -E 's/^def combine\[T\]\(.*\) -> .*:$/def combine(*funcs):/' "$work/src/fplanck/utility.py"

# fplanck's cost grows like t (expm_multiply takes ~‖L‖t Taylor terms): it runs at t = 20 only, unless
# FPLANCK_ALSO_T200=1. ito runs at both end times to show that its cost does not grow with t.
for t_end in 20 200; do
  echo "== t_end = $t_end"
  out="$work/ito_t$t_end.h5"
  read -r ito_wall ito_user ito_sys < <({ /usr/bin/time -f "%e %U %S" "$build/bin/ito" fokker-planck "$here/ito_ou2d.toml" \
      --out "$out" --threads 1 --set "time.snapshots=[$t_end.0]" >/dev/null; } 2>&1 | tail -1)
  ito_line=$(/usr/bin/python3 "$here/ito_errors.py" "$out" "$ito_wall" "$(echo "$ito_user + $ito_sys" | bc -l)")
  echo "$ito_line"
  if [ "$t_end" = 200 ] && [ "${FPLANCK_ALSO_T200:-0}" != 1 ]; then continue; fi
  fp_line=$(PYTHONPATH="$work/src" OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$here/fplanck_ou2d.py" "$t_end")
  echo "$fp_line"
  /usr/bin/python3 - "$ito_line" "$fp_line" <<'PY'
import sys
ito = dict(kv.split("=") for kv in sys.argv[1].split())
fp = dict(kv.split("=") for kv in sys.argv[2].split())
ratio = float(fp["total_s"]) / float(ito["total_s"])
cpu_ratio = float(fp["cpu_s"]) / float(ito["cpu_s"])
print(f"speed ratio fplanck/ito: wall {ratio:.1f}x, CPU {cpu_ratio:.1f}x; L1 vs point values ito {ito['l1_vs_point_values']} "
      f"fplanck {fp['l1_vs_point_values']}; vs cell averages ito {ito['l1_vs_cell_averages']} fplanck {fp['l1_vs_cell_averages']}")
difference = {key: (float(ito[key]) - float(fp[key])) / float(fp[key]) for key in ("l1_vs_point_values", "l1_vs_cell_averages")}
print(f"accuracy, (ito - fplanck)/fplanck of the L1 error: vs point values {difference['l1_vs_point_values']:+.1e}, "
      f"vs cell averages {difference['l1_vs_cell_averages']:+.1e} (negative: ito more accurate)")
PY
done
