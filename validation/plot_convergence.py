#!/usr/bin/python3
"""Log-log error plots (with reference slopes) and the table of fitted orders vs theory, from the HDF5
results of `ito converge`. Usage: plot_convergence.py OUT_DIR results1.h5 [results2.h5 ...]
Writes OUT_DIR/<name>.png per results file and prints a Markdown table (also OUT_DIR/convergence_table.md).
Judgement (pass/fail) lives in the C++ tests; this script only reports."""
import math
import os
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def fmt(x):
    return "exact" if math.isinf(x) else f"{x:g}"


def main():
    out_dir, files = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    for path in files:
        name = os.path.splitext(os.path.basename(path))[0]
        with h5py.File(path, "r") as f:
            s = f["summary"].attrs
            kind = s["kind"].decode() if isinstance(s["kind"], bytes) else s["kind"]
            dt = f["levels/dt"][:]
            schemes = [k for k in f.keys() if k not in ("levels", "summary")]
            panels = ["strong", "weak"] if kind == "both" else [kind]
            fig, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 4.5), squeeze=False)
            for ax, panel in zip(axes[0], panels):
                prefix = "weak_" if (kind == "both" and panel == "weak") else ""
                for sch in schemes:
                    err = f[f"{sch}/{prefix}error"][:]
                    se = f[f"{sch}/{prefix}error_se"][:]
                    order = s[f"{sch}.{prefix}order"]
                    ci = s[f"{sch}.{prefix}order_ci"]
                    expected = s[f"{sch}.{prefix}expected_order"]
                    if math.isinf(expected):
                        rows.append((name, sch, panel, "exact", f"max error {err.max():.1e}", "round-off"))
                        continue
                    ax.errorbar(dt, err, yerr=2 * se, marker="o", capsize=3, label=f"{sch}: {order:.2f} [{ci[0]:.2f}, {ci[1]:.2f}]")
                    ref = err[-1] * (dt / dt[-1]) ** expected
                    ax.loglog(dt, ref, "k:", lw=0.8)
                    rows.append((name, sch, panel, fmt(expected), f"{order:.3f}", f"[{ci[0]:.3f}, {ci[1]:.3f}]"))
                ax.set_xscale("log")
                ax.set_yscale("log")
                ax.set_xlabel("dt")
                ax.set_ylabel(f"{panel} error at T (±2 SE)")
                ax.set_title(f"{name} ({panel}); dotted: theory slopes")
                ax.legend(fontsize=8)
            ref_note = s["reference"].decode() if isinstance(s["reference"], bytes) else s["reference"]
            fig.suptitle(f"reference: {ref_note}", fontsize=8)
            fig.tight_layout()
            fig.savefig(os.path.join(out_dir, f"{name}.png"), dpi=110)
            plt.close(fig)
    lines = ["| problem | scheme | error | theory | fitted order | 95% CI |", "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    table = "\n".join(lines)
    with open(os.path.join(out_dir, "convergence_table.md"), "w") as fh:
        fh.write(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
