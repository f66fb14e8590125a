#!/usr/bin/env python3
"""Pictures of `ito solve` results on images: one PNG per results file, next to it (<file>.png).

Rows: the exact posterior and every sampler. Columns: truth, observation (missing pixels mid-grey 0.5, a
missing box or half outlined in red), posterior mean, posterior std (each std map on the colour scale
[0, max over all rows], stated in the title), then three posterior samples. For non-image results (the
Gaussian-mixture benchmark) it draws the first two coordinates of the samples of every sampler over the
exact ones instead.
Results of patch-mixture priors (natural images) have no exact row; `ito solve` itself writes their
truth | observation | mean | std picture as <out>.png, which this script replaces by the larger one (with samples).
Usage: /usr/bin/python3 validation/plot_solve.py RESULTS.h5 [...]
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def samplers_of(h):
    return [k for k in h.keys() if isinstance(h[k], h5py.Group) and "posterior_mean" in h[k] and k != "exact"]


def plot_image(path, h):
    rows, cols = (int(v) for v in h["summary"].attrs["image_shape"])
    peak = 1.0
    truth = h["truth"][:].reshape(rows, cols)
    obs = np.full(rows * cols, np.nan)
    if "mask" in h:
        m = h["mask"][:].astype(bool)
        obs[m] = h["observation"][:]
    elif h["observation"].shape[0] == rows * cols:
        obs = h["observation"][:]
    obs = obs.reshape(rows, cols)
    # patch-prior results have no exact posterior, and EPLL (a MAP estimate) no spread
    names = (["exact"] if "exact" in h else []) + samplers_of(h)
    std_max = max([float(np.max(h[n]["posterior_std"][:])) for n in names if "posterior_std" in h[n]] + [1e-12])
    ncol = 7
    fig, axes = plt.subplots(len(names), ncol, figsize=(1.6 * ncol, 1.7 * len(names)), squeeze=False)
    attrs = h["summary"].attrs
    for i, n in enumerate(names):
        g = h[n]
        mean = g["posterior_mean"][:].reshape(rows, cols)
        std = g["posterior_std"][:].reshape(rows, cols) if "posterior_std" in g else np.full((rows, cols), np.nan)
        samples = g["samples"][:] if "samples" in g else np.zeros((0, rows * cols))
        panels = [(truth, "truth"), (obs, "observation"), (mean, "mean"), (std, f"std (0–{std_max:.2f})")]
        for k in range(3):
            panels.append((samples[k].reshape(rows, cols) if k < len(samples) else np.full((rows, cols), np.nan),
                           f"sample {k + 1}"))
        for j, (img, title) in enumerate(panels):
            ax = axes[i][j]
            if np.isnan(img).all():  # EPLL: a MAP estimate, no spread and no samples
                ax.axis("off")
                if i == 0:
                    ax.set_title(title, fontsize=8)
                continue
            vmax = std_max if title.startswith("std") else peak
            cmap = "magma" if title.startswith("std") else "gray"
            shown = np.where(np.isnan(img), 0.5, img)
            ax.imshow(shown, cmap=cmap, vmin=0, vmax=vmax, interpolation="nearest")
            if title == "observation" and np.isnan(img).any():
                # outline a missing box (or half); random missing pixels are left as mid-grey only, where an
                # outline of every pixel would cover the picture
                hole = np.isnan(img)
                r, c = np.nonzero(hole)
                if hole[r.min():r.max() + 1, c.min():c.max() + 1].all():
                    ax.contour(hole.astype(float), levels=[0.5], colors="red", linewidths=0.6)
            ax.set_xticks([])
            ax.set_yticks([])
            if i == 0:
                ax.set_title(title, fontsize=8)
        label = n
        if n == "exact" and "exact.psnr" in attrs:
            label += f"\nPSNR {attrs['exact.psnr']:.1f}"
        elif f"{n}.psnr" in attrs:
            label += f"\nPSNR {attrs[n + '.psnr']:.1f}"
            if f"{n}.sw" in attrs:
                label += f"\nSW {attrs[n + '.sw']:.2f}"
        axes[i][0].set_ylabel(label, fontsize=7)
    floor = f"; SW floor {attrs['sw_floor']:.2f}" if "sw_floor" in attrs else ""
    fig.suptitle(f"{attrs['prior']}; {attrs['operator']}, sigma_y = {attrs['sigma_y']:.3g}{floor}", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_points(path, h):
    names = samplers_of(h)
    fig, axes = plt.subplots(1, len(names), figsize=(2.6 * len(names), 2.8), squeeze=False)
    ex = h["exact/samples"][:]
    for j, n in enumerate(names):
        ax = axes[0][j]
        ax.scatter(ex[:, 0], ex[:, 1], s=2, c="0.6", label="exact")
        s = h[n]["samples"][:]
        ax.scatter(s[:, 0], s[:, 1], s=2, c="C3", label=n)
        ax.set_title(f"{n}\nSW {h['summary'].attrs[n + '.sw']:.2f}", fontsize=8)
        ax.tick_params(labelsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(files):
    for f in files:
        with h5py.File(f, "r") as h:
            out = f[:-3] + ".png" if f.endswith(".h5") else f + ".png"
            if "image_shape" in h["summary"].attrs:
                plot_image(out, h)
            elif "exact/samples" in h and h["exact/samples"].shape[0] > 0:
                plot_points(out, h)
            else:
                continue
            print(out)


if __name__ == "__main__":
    main(sys.argv[1:])
