#!/usr/bin/env bash
# Coverage of the convergence-order confidence intervals: runs each shipped problems/converge_*.toml with
# seeds 1..K (everything else as shipped) and reports, per scheme, how often the 95% interval contains the
# theoretical order, the mean and spread of the fitted order over the seeds, and the mean half-width.
# A calibrated interval covers theory in about 95% of seeds; the shipped study uses seed 1 only.
# Usage: bash validation/coverage.sh [build-dir] [out-dir] [seeds] [problem names...]
#   e.g. bash validation/coverage.sh build out 20 converge_gbm converge_2d
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-out}/coverage
seeds=${3:-20}
shift $(( $# < 3 ? $# : 3 ))
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for p in problems/converge_*.toml; do names+=("$(basename "$p" .toml)"); done
fi
mkdir -p "$out"
files=()
for name in "${names[@]}"; do
  for s in $(seq 1 "$seeds"); do
    f="$out/${name}__seed$s.h5"
    "$build/bin/ito" converge "problems/$name.toml" --set "seed=$s" --out "$f" --quiet > /dev/null
    files+=("$f")
  done
  echo "coverage: $name, $seeds seeds done" >&2
done
/usr/bin/python3 validation/coverage.py "${files[@]}" | tee "$out/coverage_table.md"
