#!/usr/bin/python3
"""Tables of `ito solve` on Set12 (validation/solve_set12.sh): PSNR / SSIM of every sampler per image and on
average, the 90% interval coverage of the truth (from the samples' empirical 5-95% quantiles, which cover less
than 90% for few samples even when the sampler is exact), the coverage of the samples' range (min..max) beside
its exact calibrated value (n-1)/(n+1), and the wall time per image, one table per problem.
Usage: /usr/bin/python3 validation/solve_set12_table.py DIR [--average-only]   (DIR holds <problem>_<N>.h5;
--average-only leaves out the rows per image, for BSD68's 68 images: validation/solve_bsd68.sh)
"""
import glob
import os
import re
import sys

import h5py
import numpy as np


def main(folder, average_only=False):
    runs = {}
    for f in sorted(glob.glob(os.path.join(folder, "*.h5"))):
        m = re.match(r"(.+)_(\d+)\.h5$", os.path.basename(f))
        if not m:
            continue
        with h5py.File(f, "r") as h:
            a = dict(h["summary"].attrs)
            shape = tuple(int(v) for v in a["image_shape"])
        runs.setdefault(m.group(1), {})[m.group(2)] = (a, shape)
    for problem, images in runs.items():
        first = next(iter(images.values()))[0]
        samplers = [k[:-5] for k in first if k.endswith(".psnr") and k not in ("observation.psnr",)]
        print(f"\n#### {problem}\n")
        head = "| image | size |" + ("" if "observation.psnr" not in first else " noisy |")
        head += "".join(f" {s} PSNR / SSIM |" for s in samplers)
        print(head)
        print("|---" * (head.count("|") - 1) + "|")
        acc = {s: [] for s in samplers}
        noisy = []
        for name, (a, shape) in sorted(images.items()):
            row = f"| {name} | {shape[0]}×{shape[1]} |"
            if "observation.psnr" in a:
                row += f" {a['observation.psnr']:.2f} |"
                noisy.append(a["observation.psnr"])
            for s in samplers:
                row += f" {a[s + '.psnr']:.2f} / {a[s + '.ssim']:.3f} |"
                acc[s].append((a[s + ".psnr"], a[s + ".ssim"], a.get(s + ".coverage_90", np.nan),
                               a[s + ".wall_time_s"], a.get(s + ".coverage_range", np.nan),
                               a.get("coverage_range_calibrated", np.nan)))
            if not average_only:
                print(row)
        row = f"| **average ({len(images)})** | |" + (f" {np.mean(noisy):.2f} |" if noisy else "")
        for s in samplers:
            v = np.array(acc[s])
            row += f" **{v[:, 0].mean():.2f} / {v[:, 1].mean():.3f}** |"
        print(row)
        print()
        for s in samplers:
            v = np.array(acc[s])
            cov = v[:, 2]
            cov_text = f"90% coverage {np.nanmean(cov):.3f}, " if np.isfinite(cov).any() else ""
            if np.isfinite(v[:, 4]).any():
                cov_text += (f"range coverage {np.nanmean(v[:, 4]):.3f} (calibrated {np.nanmean(v[:, 5]):.3f}, "
                             f"{int(a['samples'])} samples), ")
            print(f"- {s}: {cov_text}wall time per image {v[:, 3].mean():.1f} s (min {v[:, 3].min():.1f}, "
                  f"max {v[:, 3].max():.1f})")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--average-only"]
    main(args[0] if args else "build/set12", "--average-only" in sys.argv[1:])
