#!/usr/bin/env bash
# The issue's quality anchor: denoising at sigma = 25 (problems/solve_image_denoise_25.toml) on every PNG of a
# folder — BSD68, whose published averages are EPLL 28.68 dB, BM3D 28.57, DnCNN 29.23 — one results file and
# picture per image, then the average-only table (validation/solve_set12_table.py --average-only). BSD68 is
# not shipped and never committed: fetch its 68 gray PNGs (e.g. testsets/BSD68 of the DnCNN repository) into a
# folder of your own. Runs already present in OUTDIR are kept.
# Usage: validation/solve_bsd68.sh IMAGEDIR [OUTDIR=out/bsd68] [PROBLEM=denoise_25]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: validation/solve_bsd68.sh IMAGEDIR [OUTDIR] [PROBLEM]}
out=${2:-out/bsd68}
problem=${3:-denoise_25}
ito=${ITO:-build/bin/ito}
mkdir -p "$out"
n=0
for img in "$dir"/*.png; do
  n=$((n + 1))
  f="$out/${problem}_$(printf %03d "$n").h5"
  [ -f "$f" ] && continue
  "$ito" solve "problems/solve_image_${problem}.toml" --set "observation.image=\"$img\"" --out "$f" --quiet > /dev/null
  echo "$(basename "$img"): $(/usr/bin/python3 -c "import h5py; a = h5py.File('$f')['summary'].attrs; print(' '.join(f'{k[:-5]} {a[k]:.2f}' for k in a if k.endswith('.psnr')))")"
done
/usr/bin/python3 validation/solve_set12_table.py "$out" --average-only | tee "$out/solve_bsd68_table.md"
