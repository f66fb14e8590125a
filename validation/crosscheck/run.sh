#!/usr/bin/env bash
# Prints the three-way cross-check table (case | exact | forward FP | backward | MC ± SE | agreement).
# Uses the standalone program when the build has it (top-level add_subdirectory(validation/crosscheck)),
# otherwise the statistical test, which prints the same rows.
# Usage: validation/crosscheck/run.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
if [ -x "$build/validation/crosscheck/ito_crosscheck" ]; then
  "$build/validation/crosscheck/ito_crosscheck"
else
  cmake --build "$build" --target ito_stattest_crosscheck -j1 >/dev/null
  "$build/tests/ito_stattest_crosscheck" | grep -v '^\[' | grep -v '^Note:\|^Running main'
fi
