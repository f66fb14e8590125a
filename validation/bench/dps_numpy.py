#!/usr/bin/env python3
"""The peer of ito_bench_dps: DPS (Chung et al. 2023) with the exact denoiser of the Gaussian-mixture benchmark
prior (25 isotropic unit-variance components), vectorised over samples with NumPy, the same algorithm and step
as ito's diffusion::sample_guided(dps): VP linear path (beta 0.1..20), 100 uniform steps from t = 1 to 0,
DDIM(eta = 1) step plus zeta * J^T A^T (y - A D)/||y - A D|| (zeta = 1), the JVP in closed form.
The problem (weights, means, A, y) is drawn with NumPy's generator: the speed, not the numbers, is compared.
Usage: /usr/bin/python3 dps_numpy.py d samples repeats   -> prints sample_steps_per_s (best of repeats)."""
import sys
import time

import numpy as np


def problem(d, dy, rng):
    eps = rng.standard_normal(25)
    w = eps**2 / np.sum(eps**2)
    grid = np.array([(8.0 * i, 8.0 * j) for i in range(-2, 3) for j in range(-2, 3)])
    means = np.tile(grid, (1, d // 2))  # K x d
    G = rng.standard_normal((dy, d))
    U, _, Vt = np.linalg.svd(G, full_matrices=True)
    s = np.sort(rng.uniform(size=dy))[::-1]
    A = U @ np.diag(s) @ Vt[:dy]
    sigma_y = rng.uniform() * s.max()
    x = means[rng.choice(25, p=w)] + rng.standard_normal(d)
    y = A @ x + sigma_y * rng.standard_normal(dy)
    return w, means, A, y


def denoise_jvp(a, b, X, V, logw, M):
    # X, V: n x d ; M: K x d ; unit component variances
    c = a * a + b * b
    d = X.shape[1]
    R = X[:, None, :] - a * M[None, :, :]                      # n x K x d
    L = logw[None, :] - 0.5 * np.einsum("nkd,nkd->nk", R, R) / c - 0.5 * d * np.log(c)
    L -= L.max(axis=1, keepdims=True)
    g = np.exp(L)
    g /= g.sum(axis=1, keepdims=True)                          # responsibilities n x K
    Dk = M[None, :, :] + (a / c) * R                           # n x K x d
    D = np.einsum("nk,nkd->nd", g, Dk)
    gk_v = -np.einsum("nkd,nd->nk", R, V) / c                  # g_k . v
    gbar_v = np.einsum("nk,nk->n", g, gk_v)
    coef = g * (gk_v - gbar_v[:, None])
    JV = (a / c) * V + np.einsum("nk,nkd->nd", coef, Dk)
    return D, JV


def dps(w, M, A, y, n, steps, rng):
    d = M.shape[1]
    logw = np.log(w)
    B = lambda t: 0.1 * t + 0.5 * 19.9 * t * t
    ts = np.linspace(1.0, 0.0, steps + 1)
    alpha = np.exp(-0.5 * B(ts))
    sigma = np.sqrt(-np.expm1(-B(ts)))
    X = rng.standard_normal((n, d))
    for k in range(steps):
        a, b, a2, b2 = alpha[k], sigma[k], alpha[k + 1], sigma[k + 1]
        c = a * a + b * b
        R = X[:, None, :] - a * M[None, :, :]
        L = logw[None, :] - 0.5 * np.einsum("nkd,nkd->nk", R, R) / c - 0.5 * d * np.log(c)
        L -= L.max(axis=1, keepdims=True)
        g = np.exp(L)
        g /= g.sum(axis=1, keepdims=True)
        D = np.einsum("nk,nkd->nd", g, M[None, :, :] + (a / c) * R)
        res = y[None, :] - D @ A.T
        V = (res @ A) / np.linalg.norm(res, axis=1, keepdims=True)
        D, JV = denoise_jvp(a, b, X, V, logw, M)
        r = 0.0 if b2 == 0 else a * b2 / (a2 * b)
        cc = b2 * np.sqrt(max(0.0, 1 - r * r))
        e = np.sqrt(max(0.0, b2 * b2 - cc * cc)) / b
        Z = rng.standard_normal((n, d))
        X = a2 * D + e * (X - a * D) + cc * Z + JV
    return X


def main():
    d = int(sys.argv[1]) if len(sys.argv) > 1 else 80
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    rng = np.random.default_rng(1)
    w, M, A, y = problem(d, 4, rng)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        X = dps(w, M, A, y, n, 100, rng)
        best = min(best, time.perf_counter() - t0)
    assert np.isfinite(X).all()
    print(f"{n * 100 / best:.6g}")


if __name__ == "__main__":
    main()
