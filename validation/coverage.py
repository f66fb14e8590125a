#!/usr/bin/python3
"""Coverage table from `ito converge` results of the same problem run with several seeds (files named
<problem>__seed<k>.h5, as written by validation/coverage.sh). Usage: coverage.py results1.h5 [...]
Prints a Markdown table: per problem, scheme and error kind, the number of seeds whose 95% interval contains
the theoretical order, the mean and standard deviation of the fitted order over the seeds, the mean interval
half-width and the mean extrapolated order. Exact schemes (theory = inf) are left out."""
import collections
import math
import os
import sys

import h5py


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def main():
    rows = collections.OrderedDict()
    for path in sys.argv[1:]:
        problem = os.path.basename(path).split("__seed")[0]
        with h5py.File(path, "r") as f:
            s = f["summary"].attrs
            kind = text(s["kind"])
            panels = ["strong", "weak"] if kind == "both" else [kind]
            for sch in (k for k in f.keys() if k not in ("levels", "summary")):
                for panel in panels:
                    prefix = "weak_" if (kind == "both" and panel == "weak") else ""
                    theory = float(s[f"{sch}.{prefix}expected_order"])
                    if math.isinf(theory):
                        continue
                    order = float(s[f"{sch}.{prefix}order"])
                    lo, hi = (float(x) for x in s[f"{sch}.{prefix}order_ci"])
                    extrap = float(s[f"{sch}.{prefix}order_extrapolated"])
                    r = rows.setdefault((problem, sch, panel, theory), [])
                    r.append((order, lo, hi, extrap))
    print("| problem | scheme | error | theory | seeds covering theory | mean order ± sd | mean half-width | mean extrapolated |")
    print("|---|---|---|---|---|---|---|---|")
    for (problem, sch, panel, theory), r in rows.items():
        n = len(r)
        cover = sum(1 for o, lo, hi, _ in r if lo <= theory <= hi)
        mean = sum(o for o, *_ in r) / n
        sd = math.sqrt(sum((o - mean) ** 2 for o, *_ in r) / (n - 1)) if n > 1 else 0.0
        half = sum((hi - lo) / 2 for _, lo, hi, _ in r) / n
        ext = sum(e for *_, e in r) / n
        print(f"| {problem} | {sch} | {panel} | {theory:g} | {cover}/{n} | {mean:.3f} ± {sd:.3f} | {half:.3f} | {ext:.3f} |")


if __name__ == "__main__":
    main()
