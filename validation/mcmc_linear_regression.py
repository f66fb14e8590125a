#!/usr/bin/python3
"""Compares `ito mcmc problems/mcmc_linear_regression.toml` with its closed-form posterior (a report; the
pass/fail check is tests/targets/regression_stat_test.cpp).

With the noise sd sigma known and normal priors on the coefficients gamma of Z = [1, standardised dose,
standardised age], gamma | y ~ N(m, P^-1), P = Z'Z / sigma^2 + diag(1 / s^2), m = P^-1 Z'y / sigma^2; the
original-scale coefficients are beta = A gamma (beta_j = gamma_j / sd_j, alpha = gamma_0 - sum_j beta_j mean_j).
    ./build/apps/ito mcmc problems/mcmc_linear_regression.toml --out linear_regression.h5
    /usr/bin/python3 validation/mcmc_linear_regression.py linear_regression.h5
"""
import sys

import h5py
import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else "linear_regression.h5"
data = np.genfromtxt("data/linear_regression/dose_response.csv", delimiter=",", names=True, skip_header=1)
x = np.column_stack([data["dose"], data["age"]])
y = data["response"]
with h5py.File(path, "r") as f:
    s = f["/summary"]
    names = [n.decode() if isinstance(n, bytes) else n for n in s.attrs["parameter_names"]]
    mean, sd = s["mean"][()], s["sd"][()]
    mcse_mean, mcse_sd = s["mcse_mean"][()], s["mcse_sd"][()]
    means, sds = s.attrs["standardized_means"], s.attrs["standardized_sds"]
    print(f"{path}: max R-hat {s.attrs['max_rhat']:.4f}, min bulk-ESS {s.attrs['min_ess_bulk']:.0f}, "
          f"standardised {list(s.attrs['standardized_columns'])} means {means} sds {sds}")
m_x, s_x = x.mean(axis=0), x.std(axis=0, ddof=1)
assert np.allclose(m_x, means, rtol=1e-14) and np.allclose(s_x, sds, rtol=1e-14)
Z = np.column_stack([np.ones(len(y)), (x - m_x) / s_x])
sigma, scales = 0.5, np.array([10.0, 2.0, 1.0])
P = Z.T @ Z / sigma**2 + np.diag(1.0 / scales**2)
C = np.linalg.inv(P)
m = C @ Z.T @ y / sigma**2
A = np.eye(3)
A[1:, 1:] = np.diag(1.0 / s_x)
A[0, 1:] = -m_x / s_x
exact_mean = np.concatenate([A @ m, m])
exact_sd = np.concatenate([np.sqrt(np.diag(A @ C @ A.T)), np.sqrt(np.diag(C))])
print("| parameter | MCMC mean ± MCSE | exact mean | z | MCMC sd ± MCSE | exact sd | z |")
print("|---|---|---|---|---|---|---|")
for i, n in enumerate(names):
    zm = (mean[i] - exact_mean[i]) / mcse_mean[i]
    zs = (sd[i] - exact_sd[i]) / mcse_sd[i]
    print(f"| `{n}` | {mean[i]:.5f} ± {mcse_mean[i]:.5f} | {exact_mean[i]:.5f} | {zm:+.2f} | "
          f"{sd[i]:.5f} ± {mcse_sd[i]:.5f} | {exact_sd[i]:.5f} | {zs:+.2f} |")
