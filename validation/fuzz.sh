#!/usr/bin/env bash
# Fuzzes ito's readers of user input with libFuzzer (Debian's clang 14; packages clang, libclang-rt-14-dev,
# libomp-dev), under AddressSanitizer + UndefinedBehaviorSanitizer:
#   params — TOML parameter files: io::Params (toml++) and the readers of converge, fokker-planck, feynman-kac
#            and mcmc on their schemas;
#   json   — io::Json (parsing, every accessor) and the posteriordb data readers;
#   csv    — io::parse_csv / read_csv and the data readers built on it.
# A finding is a sanitizer report, a crash, a timeout (> 10 s per input), more than 4 GB of memory, or an
# exception that is not an ito::Error (the CLI would say "internal error", exit 1, instead of naming the bad
# input). The seed corpora are validation/fuzz/corpus/<reader> (committed); what the fuzzer adds goes to
# <build>/fuzz/corpus_<reader>, findings to <build>/fuzz/<reader>-crash-*.
#
# Usage: bash validation/fuzz.sh [seconds per reader (default 180)] [build dir (default build-fuzz)]
# Time: the sanitized clang build takes ~15 min of 2 cores from scratch; then `seconds` per reader.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-180}
build=${2:-build-fuzz}
flags="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DITO_BUILD_TESTS=OFF -DITO_FUZZ=ON -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" -j2 --target ito_fuzz_params ito_fuzz_json ito_fuzz_csv
mkdir -p "$build/fuzz"
status=0
for reader in params json csv; do
  mkdir -p "$build/fuzz/corpus_$reader"
  log="$build/fuzz/$reader.log"
  echo "== $reader: $seconds s"
  # detect_leaks=0: a refused input throws through the readers; leak checking would only time the exits.
  if ! ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$build/bin/ito_fuzz_$reader" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$build/fuzz/$reader-" "$build/fuzz/corpus_$reader" "validation/fuzz/corpus/$reader" \
      >"$log" 2>&1; then
    status=1
    echo "   FINDING: see $log and $build/fuzz/$reader-*"
    grep -m5 -E "FINDING|ERROR|runtime error" "$log" || true
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$log" | sed 's/^/   /' || true
  echo "   corpus: $(ls "$build/fuzz/corpus_$reader" | wc -l) inputs added to $(ls "validation/fuzz/corpus/$reader" | wc -l) seeds"
done
exit $status
