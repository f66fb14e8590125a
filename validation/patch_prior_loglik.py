#!/usr/bin/python3
"""Held-out log-likelihood of the 8x8 patch prior data/patch_gmm.h5 (data/README.md).

Log-likelihood per patch (nats; pixels on the [0, 1] scale) of the 64-d mixture, on
  - the patches of the held-out photograph (skimage chelsea.png, /heldout of data/make_patches.py's file, if
    given: build/patch_prior/patches.h5), and
  - every 8x8 patch at stride 4 of each Set12 image (../shared/data/set12/01..12.png; skipped when absent),
beside the same for a single Gaussian fitted to the training patches' mean and covariance (the K = 1 baseline,
from the same patches file) so the numbers have a scale. The standard error is that of the mean over patches
(patches overlap at stride 4, so the Set12 standard errors are optimistic).
Usage: /usr/bin/python3 validation/patch_prior_loglik.py [data/patch_gmm.h5] [build/patch_prior/patches.h5]
"""
import os
import sys

import h5py
import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
import make_patches  # noqa: E402


def mixture_logpdf(X, w, means, covs):
    d = X.shape[1]
    out = np.empty((len(w), X.shape[0]))
    for k in range(len(w)):
        L = np.linalg.cholesky(covs[k])
        Z = np.linalg.solve(L, (X - means[k]).T)
        out[k] = (np.log(w[k]) - 0.5 * (Z * Z).sum(0) - np.log(np.diag(L)).sum() - 0.5 * d * np.log(2 * np.pi))
    m = out.max(0)
    return m + np.log(np.exp(out - m).sum(0))


def set12_patches(folder, stride=4):
    P = make_patches.P
    for i in range(1, 13):
        path = os.path.join(folder, f"{i:02d}.png")
        img = np.asarray(Image.open(path)).astype(np.float64) / 255.0
        rows = range(0, img.shape[0] - P + 1, stride)
        cols = range(0, img.shape[1] - P + 1, stride)
        yield f"{i:02d}", np.array([img[r:r + P, c:c + P].reshape(-1) for r in rows for c in cols])


def report(name, ll, base):
    se = ll.std(ddof=1) / np.sqrt(len(ll))
    line = f"| {name} | {len(ll)} | {ll.mean():.2f} ± {se:.2f} |"
    if base is not None:
        line += f" {base.mean():.2f} |"
    print(line)
    return ll


def main():
    prior = sys.argv[1] if len(sys.argv) > 1 else "data/patch_gmm.h5"
    patches = sys.argv[2] if len(sys.argv) > 2 else "build/patch_prior/patches.h5"
    with h5py.File(prior, "r") as f:
        w, means, covs = f["weights"][...], f["means"][...], f["covariances"][...]
    gauss = None
    K = make_patches.dct_basis()
    held = None
    if os.path.exists(patches):
        with h5py.File(patches, "r") as f:
            train = np.concatenate([f["/train/dc"][...][:, None], f["/train/ac"][...]], 1) @ K
            held = np.concatenate([f["/heldout/dc"][...][:, None], f["/heldout/ac"][...]], 1) @ K
        gauss = (np.ones(1), train.mean(0)[None], np.cov(train.T)[None])
    print(f"Log-likelihood per 8x8 patch (nats, [0, 1] scale) of {prior} ({len(w)} components)\n")
    print("| patches | count | mixture (mean ± s.e.) | single Gaussian |")
    print("|---|---|---|---|")
    if held is not None:
        report("chelsea.png (held-out photograph)", mixture_logpdf(held, w, means, covs),
               mixture_logpdf(held, *gauss))
    set12 = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "set12")
    if not os.path.isdir(set12):
        print(f"\n(Set12 skipped: {set12} is absent)")
        return
    all_ll, all_base = [], []
    for name, X in set12_patches(set12):
        ll = mixture_logpdf(X, w, means, covs)
        base = mixture_logpdf(X, *gauss) if gauss else None
        report(f"Set12 {name} (stride 4)", ll, base)
        all_ll.append(ll)
        if base is not None:
            all_base.append(base)
    report("Set12, all", np.concatenate(all_ll), np.concatenate(all_base) if all_base else None)


if __name__ == "__main__":
    main()
