#!/bin/sh
# Writes data/patch_gmm.h5, the 8x8 patch prior of natural images (data/README.md), and data/chelsea_crop.png, the
# image the problems/solve_image_*.toml files use by default:
#   1. data/make_patches.py patches: 204,000 random 8x8 patches of 34 photographs of the data folders of
#      python3-skimage (never camera.png) and opencv-doc (apt-get install python3-skimage opencv-doc), gray on
#      [0, 1], split into 63 AC coordinates (orthonormal DCT) and the DC coordinate;
#   2. ito fit-prior data/fit_patch_ac.toml: 100 full-covariance components on the AC coordinates (EM from
#      k-means++, covariance floor 5e-6, 10% of the patches held out);
#   3. data/make_patches.py assemble: the 64-d mixture = AC mixture x Gaussian on the DC coordinate.
# The intermediate files go to build/patch_prior/. Run from the project root after building (about 10 min on two
# shared cores; the mixture is bitwise the same for any --threads):
#   sh data/make_patch_gmm.sh [--threads N]
set -eu
cd "$(dirname "$0")/.."
work=build/patch_prior
mkdir -p "$work"
/usr/bin/python3 data/make_patches.py patches "$work/patches.h5"
build/bin/ito fit-prior data/fit_patch_ac.toml --set data.file="$work/patches.h5" \
  --out "$work/ac_gmm.h5" "$@"
/usr/bin/python3 data/make_patches.py assemble "$work/ac_gmm.h5" "$work/patches.h5" data/patch_gmm.h5
/usr/bin/python3 data/make_patches.py image data/chelsea_crop.png
