#!/usr/bin/env bash
# Patch throughput of the mixture's exact denoiser (issue 10's speed check): ito_bench_patch_denoiser's last line
# (GaussianMixture::denoise on 4096 patches, one thread) against patch_score_numpy.py (the same formula, NumPy,
# one BLAS thread) with each BLAS NumPy can load on Debian: the reference BLAS (libblas3, python3-numpy's default)
# and OpenBLAS (libopenblas0-serial, if installed), chosen by LD_LIBRARY_PATH. Rounds alternate the three; the
# best of each side over the rounds counts.  Usage: bash validation/bench/run_patch.sh [build-dir] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
rounds=${2:-3}
cmake --build "$build" --target ito_bench_patch_denoiser -j2 >/dev/null
lib=/usr/lib/x86_64-linux-gnu
declare -A dirs=([reference]=$lib/blas [openblas]=$lib/openblas-serial)
declare -A best=()
better() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }
for _ in $(seq "$rounds"); do
  r=$("$build/bin/ito_bench_patch_denoiser" data/patch_gmm.h5 64 64 2 | awk '/GaussianMixture::denoise/{print $(NF-1)}')
  best[ito]=$(better "${best[ito]:-0}" "$r")
  for blas in reference openblas; do
    if [ ! -e "${dirs[$blas]}/libblas.so.3" ]; then continue; fi
    line=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE LD_LIBRARY_PATH="${dirs[$blas]}" OPENBLAS_NUM_THREADS=1 \
           OMP_NUM_THREADS=1 /usr/bin/python3 validation/bench/patch_score_numpy.py data/patch_gmm.h5 4096 2)
    echo "  $blas: $line"
    best[$blas]=$(better "${best[$blas]:-0}" "$(echo "$line" | awk '{for (i = 1; i <= NF; ++i) if ($i == "patches/s") print $(i-1)}')")
  done
done
echo "ito, 1 thread: ${best[ito]} patches/s"
for blas in reference openblas; do
  if [ -z "${best[$blas]:-}" ]; then
    echo "numpy with $blas BLAS: not installed (${dirs[$blas]}/libblas.so.3; apt-get install libopenblas0-serial)"
  else
    /usr/bin/python3 -c "import sys; i, n = map(float, sys.argv[2:]); print(f'numpy with {sys.argv[1]} BLAS: {n:.0f} patches/s; ito / numpy = {i / n:.2f}')" \
      "$blas" "${best[ito]}" "${best[$blas]}"
  fi
done
