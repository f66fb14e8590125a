#!/usr/bin/python3
"""NumPy peer for the OU Euler–Maruyama ensemble benchmark: the vectorised loop a NumPy user writes,
x += θ(μ − x)dt + σ√dt · rng.standard_normal(P) per step. Prints path-steps per second (best of `repeats`)."""
import sys
import time

import numpy as np


def run(paths, steps, theta=1.0, mu=0.0, sigma=0.5, T=1.0, seed=1):
    rng = np.random.default_rng(seed)
    dt = T / steps
    sq = sigma * np.sqrt(dt)
    x = np.ones(paths)
    t0 = time.perf_counter()
    for _ in range(steps):
        x += theta * (mu - x) * dt + sq * rng.standard_normal(paths)
    return time.perf_counter() - t0, x


if __name__ == "__main__":
    paths = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    best = min(run(paths, steps)[0] for _ in range(repeats))
    print(f"{paths * steps / best:.6e}")
