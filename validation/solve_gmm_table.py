#!/usr/bin/env python3
"""Table of the Gaussian-mixture benchmark runs written by validation/solve_gmm.sh.

For each (d, d_y, steps, sampler): mean ± 1.96 SE over seeds of the sliced Wasserstein distance SW to exact
posterior samples and of SW / floor (floor: SW between two independent exact sample sets), the number of
seeds with SW ≤ 2 × floor, the mean 90% coverage (fraction of coordinates whose central 90% interval
covers the truth, averaged over seeds = repeated observations) and the mean wall time per run.
Usage: /usr/bin/python3 validation/solve_gmm_table.py OUTDIR
"""
import glob
import math
import os
import re
import sys
from collections import defaultdict

import h5py


def mean_ci(v):
    n = len(v)
    m = sum(v) / n
    if n < 2:
        return m, float("nan")
    s = math.sqrt(sum((x - m) ** 2 for x in v) / (n - 1))
    return m, 1.96 * s / math.sqrt(n)


def main(out):
    rows = defaultdict(lambda: defaultdict(list))
    order = []
    for f in sorted(glob.glob(os.path.join(out, "d*_dy*_s*_seed*.h5"))):
        m = re.search(r"d(\d+)_dy(\d+)_s(\d+)_seed(\d+)(\.\w+)?\.h5$", f)
        d, dy, steps, _ = map(int, m.groups()[:4])
        extra = m.group(5) is not None  # a sampler run in a file of its own (same seed, same problem)
        with h5py.File(f, "r") as h:
            a = h["summary"].attrs
            floor = float(a["sw_floor"])
            names = [k[:-3] for k in a.keys() if k.endswith(".sw")]
            if steps == 100 and not extra:  # the exact posterior's own samples: their coverage is the reference
                key = (d, dy, steps, "exact")
                if key not in rows:
                    order.append(key)
                rows[key]["cov"].append(float(a["exact.coverage_90"]))
            for s in names:
                key = (d, dy, steps, s)
                if key not in rows:
                    order.append(key)
                r = rows[key]
                sw = float(a[s + ".sw"])
                r["sw"].append(sw)
                r["ratio"].append(sw / floor)
                r["ok"].append(1 if sw <= 2 * floor else 0)
                r["cov"].append(float(a[s + ".coverage_90"]))
                r["time"].append(float(a[s + ".wall_time_s"]))
                r["floor"].append(floor)
    print("| d | d_y | steps | sampler | seeds | SW (± 1.96 SE) | SW / floor | SW ≤ 2·floor | 90% coverage | time (s) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for key in sorted(order, key=lambda k: (k[0], k[1], k[3] != "exact", k[2], k[3])):
        d, dy, steps, s = key
        r = rows[key]
        if s == "exact":
            print(f"| {d} | {dy} | — | exact posterior samples | {len(r['cov'])} | — | — | — | {mean_ci(r['cov'])[0]:.3f} | — |")
            continue
        sw, swe = mean_ci(r["sw"])
        ra, rae = mean_ci(r["ratio"])
        cv, _ = mean_ci(r["cov"])
        tm, _ = mean_ci(r["time"])
        print(f"| {d} | {dy} | {steps} | {s} | {len(r['sw'])} | {sw:.3f} ± {swe:.3f} | {ra:.2f} ± {rae:.2f} | "
              f"{sum(r['ok'])}/{len(r['ok'])} | {cv:.3f} | {tm:.2f} |")
    floors = [f for k in order for f in rows[k].get("floor", [])]
    if floors:
        print(f"\nFloor (SW between two independent exact sets of the same size): mean {sum(floors)/len(floors):.3f}.")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out/gmm")
