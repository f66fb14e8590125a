#!/usr/bin/python3
"""Plots of `ito fokker-planck`, `ito feynman-kac` and `ito mcmc` results (convergence studies have
plot_convergence.py). Usage: plot_results.py OUT_DIR results1.h5 [results2.h5 ...]
Writes OUT_DIR/<name>.png per results file, chosen by the file's root attribute `command`:
  fokker-planck  densities at the output times (exact cell averages dashed where a reference holds),
                 and in 1-D the survival over time; 2-D: one contour panel per output time
  feynman-kac    Monte Carlo: the estimate with its 95% interval against the exact value; multilevel Monte
                 Carlo: Giles' diagnostics per level (log2 |E Y_l| and log2 Var Y_l with the fitted alpha and
                 beta, samples N_l, cost); the complexity study: cost against epsilon
  mcmc           traces of the first parameters (every chain) and their rank plots (ranks of each chain's
                 draws among all chains: flat when the chains agree)
Judgement (pass/fail) lives in the C++ tests; this script only draws."""
import os
import sys

import h5py
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def fokker_planck(f, name):
    s = f["summary"].attrs
    times = f["snapshots/times"][:]
    density = f["snapshots/density"][:]
    exact = f["snapshots/exact_density"][:] if "snapshots/exact_density" in f else None
    reference = text(s.get("reference", ""))
    if density.ndim == 3:  # 2-D: [times, y, x]
        x, y = f["grid/x"][:], f["grid/y"][:]
        fig, axes = plt.subplots(1, len(times), figsize=(4.5 * len(times), 4), squeeze=False)
        for k, ax in enumerate(axes[0]):
            ax.contourf(x, y, density[k], levels=20, cmap="viridis")
            if exact is not None:
                ax.contour(x, y, exact[k], levels=8, colors="white", linewidths=0.6, linestyles="--")
            ax.set_title(f"t = {times[k]:g}")
            ax.set_xlabel("x")
            ax.set_ylabel("y")
        fig.suptitle(f"{name}: density (filled), exact (dashed)\nreference: {reference}", fontsize=9)
        return fig
    x = f["grid/x"][:]
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    ax = axes[0]
    for k, t in enumerate(times):
        line, = ax.plot(x, density[k], label=f"t = {t:g}")
        if exact is not None and exact.shape == density.shape:
            ax.plot(x, exact[k], "--", color=line.get_color(), linewidth=1)
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.set_title("density at the output times (exact dashed)" if exact is not None else "density (no exact reference)")
    ax.legend(fontsize=8)
    ax = axes[1]
    ax.plot(f["survival/time"][:], f["survival/survival"][:], label="mass on the grid")
    if "survival/exact_survival" in f:
        ax.plot(times, f["survival/exact_survival"][:], "o", label="exact survival")
    ax.set_xlabel("t")
    ax.set_ylabel("survival")
    ax.legend(fontsize=8)
    fig.suptitle(f"{name} ({text(s['problem'])}, {text(s['method'])})\nreference: {reference}", fontsize=9)
    return fig


def feynman_kac(f, name):
    s = f["summary"].attrs
    if "complexity" in f:
        c = f["complexity"]
        fig, ax = plt.subplots(figsize=(6, 4.5))
        eps = c["epsilon"][:]
        ax.loglog(eps, c["mlmc_cost"][:], "o-", label=f"MLMC-{text(s['scheme'])}")
        ax.loglog(eps, c["euler_mlmc_cost"][:], "s-", label="MLMC-Euler")
        ax.loglog(eps, c["mc_cost"][:], "^-", label="standard MC-Euler (predicted)")
        ax.set_xlabel("target RMS error epsilon")
        ax.set_ylabel("cost (path-steps)")
        ax.set_title(f"{name}: cost exponents MLMC {s['mlmc_cost_exponent']:.2f}, MC {s['mc_cost_exponent']:.2f}")
        ax.legend(fontsize=8)
        return fig
    if "levels" in f:
        lv = f["levels"]
        level = lv["level"][:]
        fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
        ax = axes[0]
        ax.plot(level[1:], np.log2(np.abs(lv["mean"][1:])), "o-", label="log2 |E Y_l|")
        ax.plot(level[1:], np.log2(lv["variance"][1:]), "s-", label="log2 Var Y_l")
        ax.plot(level, np.log2(lv["fine_variance"][:]), "^--", label="log2 Var P_l")
        ax.set_xlabel("level l")
        ax.set_title(f"alpha = {s['alpha']:.2f}, beta = {s['beta']:.2f}")
        ax.legend(fontsize=8)
        ax = axes[1]
        ax.semilogy(level, lv["samples"][:], "o-")
        ax.set_xlabel("level l")
        ax.set_ylabel("samples N_l")
        ax = axes[2]
        ax.semilogy(level, lv["samples"][:] * lv["cost_per_sample"][:], "o-")
        ax.set_xlabel("level l")
        ax.set_ylabel("N_l C_l (path-steps)")
        exact = f" (exact {s['exact']:.6g})" if "exact" in s else ""
        fig.suptitle(f"{name}: {s['estimate']:.6g} ± {s['std_error']:.2g}{exact}, {int(s['levels'])} levels, "
                     f"cost {s['cost']:.3g}", fontsize=10)
        return fig
    fig, ax = plt.subplots(figsize=(5, 4))
    est, se = s["estimate"], s["std_error"]
    ax.errorbar([0], [est], yerr=[1.96 * se], fmt="o", capsize=6, label="estimate ± 1.96 SE")
    if "exact" in s:
        ax.axhline(s["exact"], color="k", linestyle="--", label=f"exact (z = {s['z_score']:.2f})")
    ax.set_xticks([])
    ax.set_title(f"{name} ({text(s['method'])}, {text(s['scheme'])})")
    ax.legend(fontsize=8)
    return fig


def mcmc(f, name, shown=4):
    draws = f["draws"][:]  # [chains, draws, parameters]
    names = [text(n) for n in f["draws"].attrs["parameter_names"]]
    chains, n, p = draws.shape
    q = min(p, shown)
    rhat = f["summary/rhat"][:]
    fig, axes = plt.subplots(q, 2, figsize=(13, 2.4 * q), squeeze=False)
    for j in range(q):
        ax = axes[j][0]
        for c in range(chains):
            ax.plot(draws[c, :, j], linewidth=0.4)
        ax.set_ylabel(names[j])
        ax.set_title(f"trace, R-hat {rhat[j]:.3f}", fontsize=8)
        ax = axes[j][1]
        ranks = np.argsort(np.argsort(draws[:, :, j].ravel())).reshape(chains, n)
        bins = np.linspace(0, chains * n, 21)
        for c in range(chains):
            ax.hist(ranks[c], bins=bins, histtype="step", label=f"chain {c}")
        ax.axhline(n / 20, color="k", linestyle="--", linewidth=0.8)
        ax.set_title("rank plot (flat if the chains agree)", fontsize=8)
    axes[0][1].legend(fontsize=6)
    fig.suptitle(f"{name}: {text(f['sampler'].attrs['kind'])}, {chains} chains × {n} draws", fontsize=10)
    return fig


def main():
    out_dir, files = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    for path in files:
        name = os.path.splitext(os.path.basename(path))[0]
        with h5py.File(path, "r") as f:
            command = text(f.attrs["command"])
            draw = {"fokker-planck": fokker_planck, "feynman-kac": feynman_kac, "mcmc": mcmc}.get(command)
            if draw is None:
                continue
            fig = draw(f, name)
        fig.tight_layout()
        target = os.path.join(out_dir, name + ".png")
        fig.savefig(target, dpi=110)
        plt.close(fig)
        print(target)


if __name__ == "__main__":
    main()
