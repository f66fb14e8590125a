#!/usr/bin/env bash
# MLMC complexity on the European call: cost against eps in {0.1, 0.05, 0.02, 0.01, 0.005} for MLMC-Milstein
# and standard MC-Euler, with the fitted cost exponents (theory: -2 and -3). Prints the table.
# Usage: validation/mlmc_complexity.sh [build-dir] [extra ito options, e.g. --threads 2]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
shift || true
out="$(mktemp -d)/mlmc_complexity.h5"
"$build/bin/ito" feynman-kac problems/fk_mlmc_complexity.toml --out "$out" "$@"
echo "results: $out"
