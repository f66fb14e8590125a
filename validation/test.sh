#!/usr/bin/env bash
# Builds ito (Release, warnings on) in build/ and runs every test (labels unit and statistical).
set -euo pipefail
cd "$(dirname "$0")/.."
bash validation/install-deps.sh
# Paths below the repository are hashed relative to it, so a clone elsewhere reuses a warm ccache.
export CCACHE_BASEDIR="$PWD"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > build-configure.log 2>&1 || { cat build-configure.log; exit 1; }
cmake --build build -j"$(nproc)"
cd build && ctest --output-on-failure -j"$(nproc)" -L 'unit|statistical'
