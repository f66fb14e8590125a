#!/usr/bin/env bash
# Builds ito with AddressSanitizer + UndefinedBehaviorSanitizer (GCC, -O1, frame pointers kept) in its own
# build directory and runs the unit tests there (label `unit`; the statistical tests take too long
# instrumented). Any sanitizer report fails the test that triggered it (halt_on_error, abort_on_error).
# Usage: bash validation/sanitize.sh [build dir (default build-asan)] [ctest -R regex]
# Time: the instrumented build takes ~25 min of 2 cores from scratch; the unit tests ~10 min.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-asan}
filter=${2:-}
flags="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="$flags" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" -j2
cd "$build"
# detect_leaks=0: LeakSanitizer needs ptrace, which containers often forbid; memory errors are still caught.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --output-on-failure -j2 -L unit ${filter:+-R "$filter"}
