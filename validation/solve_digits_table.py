#!/usr/bin/env python3
"""Table of the digits runs of validation/solve_digits.sh: per problem and sampler, the mean over test digits
of the posterior mean's PSNR and SSIM, of SW / floor, of the 90% coverage, and the time per run; the exact
posterior's PSNR and coverage first. Usage: /usr/bin/python3 validation/solve_digits_table.py OUTDIR"""
import glob
import os
import re
import sys
from collections import defaultdict

import h5py


def main(out):
    rows = defaultdict(lambda: defaultdict(list))
    for f in sorted(glob.glob(os.path.join(out, "*_digit*.h5"))):
        problem = re.sub(r"_digit\d+\.h5$", "", os.path.basename(f))
        with h5py.File(f, "r") as h:
            a = h["summary"].attrs
            rows[(problem, "exact")]["psnr"].append(float(a["exact.psnr"]))
            rows[(problem, "exact")]["cov"].append(float(a["exact.coverage_90"]))
            for s in [k[:-3] for k in a.keys() if k.endswith(".sw")]:
                r = rows[(problem, s)]
                r["psnr"].append(float(a[s + ".psnr"]))
                r["ssim"].append(float(a[s + ".ssim"]))
                r["ratio"].append(float(a[s + ".sw"]) / float(a["sw_floor"]))
                r["cov"].append(float(a[s + ".coverage_90"]))
                r["time"].append(float(a[s + ".wall_time_s"]))
    mean = lambda v: sum(v) / len(v) if v else float("nan")
    print("| problem | sampler | digits | PSNR (dB) | SSIM | SW / floor | 90% coverage | time (s) |")
    print("|---|---|---|---|---|---|---|---|")
    for (problem, s) in sorted(rows, key=lambda k: (k[0], k[1] != "exact", k[1])):
        r = rows[(problem, s)]
        fmt = lambda v, p: "—" if not v else f"{mean(v):.{p}f}"
        print(f"| {problem} | {s} | {len(r['psnr'])} | {fmt(r['psnr'], 2)} | {fmt(r['ssim'], 3)} | "
              f"{fmt(r['ratio'], 2)} | {fmt(r['cov'], 3)} | {fmt(r['time'], 2)} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out/digits")
