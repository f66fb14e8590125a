#!/usr/bin/env bash
# Runs every problems/converge_*.toml with `ito converge`, then plots and tabulates the fitted orders.
# Usage: bash validation/convergence.sh [build-dir] [out-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-out}
mkdir -p "$out/plots"
files=()
for p in problems/converge_*.toml; do
  name=$(basename "$p" .toml)
  "$build/bin/ito" converge "$p" --out "$out/$name.h5"
  files+=("$out/$name.h5")
done
/usr/bin/python3 validation/plot_convergence.py "$out/plots" "${files[@]}"
