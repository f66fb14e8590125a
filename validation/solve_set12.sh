#!/usr/bin/env bash
# The natural-image problems (problems/solve_image_*.toml) on Set12 (../shared/data/set12/NN.png, passed as
# --set observation.image=...; the box of solve_image_inpaint_box is centred in each image), one results file and
# one picture (truth | observation | mean | std per sampler) per image and problem, then PSNR / SSIM tables per
# image and on average, coverage and timings (validation/solve_set12_table.py -> OUTDIR/solve_set12_table.md).
# Runs already present in OUTDIR are kept (delete them to rerun).
# Usage: validation/solve_set12.sh [OUTDIR=out/set12] [PROBLEMS="denoise_15 denoise_25 denoise_50 inpaint_50
#        inpaint_80 inpaint_box"] [IMAGES="01 02 … 12"]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/set12}
problems=${2:-denoise_15 denoise_25 denoise_50 inpaint_50 inpaint_80 inpaint_box}
images=${3:-01 02 03 04 05 06 07 08 09 10 11 12}
ito=${ITO:-build/bin/ito}
set12=../shared/data/set12
if [ ! -d "$set12" ]; then
  echo "solve_set12.sh: $set12 is absent (Set12 is reference data, not shipped); nothing to do" >&2
  exit 0
fi
mkdir -p "$out"
for p in $problems; do
  for i in $images; do
    f="$out/${p}_${i}.h5"
    [ -f "$f" ] && continue
    extra=()
    if [ "$p" = inpaint_box ]; then
      size=$(/usr/bin/python3 -c "from PIL import Image; print(Image.open('$set12/$i.png').size[1])")
      extra=(--set "observation.box=[$((size / 2 - 16)), $((size / 2 - 16)), 32, 32]")
    fi
    "$ito" solve "problems/solve_image_${p}.toml" --set "observation.image=\"$set12/$i.png\"" "${extra[@]}" \
      --out "$f" --quiet > /dev/null
    echo "$p $i: $(/usr/bin/python3 -c "import h5py; a = h5py.File('$f')['summary'].attrs; print(' '.join(f'{k[:-5]} {a[k]:.2f}' for k in a if k.endswith('.psnr')))")"
  done
done
/usr/bin/python3 validation/solve_set12_table.py "$out" | tee "$out/solve_set12_table.md"
