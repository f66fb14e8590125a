"""The benchmark problem solved by fplanck (https://github.com/johnaparker/fplanck), timed and compared
with the exact Gaussian. Run by run.sh with PYTHONPATH pointing at a temporary copy of fplanck's source.

Problem (the same in ito_ou2d.toml): dX = −A X dt + √2 dW in 2-D, A = [[1, 0.4], [0.4, 1.5]] symmetric, so
the drift is −∇U with U = ½ xᵀA x and the diffusion is D = I. In fplanck's units: temperature 1/k_B,
drag 1 (D = k_B T / drag = 1), potential U. Start N(m0, C0), m0 = (1.5, −1), C0 = 0.25 I. Exact law at t:
N(e^{−At} m0, C∞ + e^{−At}(C0 − C∞)e^{−At}), C∞ = A⁻¹ (A C + C A = 2I with A symmetric).
Grid: fplanck's nodes are x_k = (k − (N−1)/2)·res, which for extent 12 and res 0.06 are exactly the cell
centres of ito's 200 × 200 cells on [−6, 6]².

Output: one line of key=value pairs (setup and propagate wall times, CPU time of both, L1 errors of the density against the
exact density at the nodes and against the exact cell averages).
"""
import sys
import time

import numpy as np
from scipy import constants
from scipy.linalg import expm as dense_expm

A = np.array([[1.0, 0.4], [0.4, 1.5]])
M0 = np.array([1.5, -1.0])
C0 = 0.25 * np.eye(2)
EXTENT, RES = 12.0, 0.06


def exact_moments(t):
    decay = dense_expm(-A * t)
    c_inf = np.linalg.inv(A)
    return decay @ M0, c_inf + decay @ (C0 - c_inf) @ decay.T


def gaussian(x, y, m, c):
    inv = np.linalg.inv(c)
    dx, dy = x - m[0], y - m[1]
    q = inv[0, 0] * dx * dx + 2 * inv[0, 1] * dx * dy + inv[1, 1] * dy * dy
    return np.exp(-0.5 * q) / (2 * np.pi * np.sqrt(np.linalg.det(c)))


def cell_averages(xc, yc, h, m, c):
    """Cell averages of the N(m, c) density by 5×5 Gauss–Legendre per cell (the same quantity ito reports)."""
    nodes, weights = np.polynomial.legendre.leggauss(5)
    total = np.zeros_like(xc)
    for a, wa in zip(nodes, weights):
        for b, wb in zip(nodes, weights):
            total += wa * wb * gaussian(xc + 0.5 * h * a, yc + 0.5 * h * b, m, c)
    return total / 4.0


def main():
    from fplanck.solver import FokkerPlanck
    from fplanck.utility import Boundary

    t_end = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    start, cpu_start = time.perf_counter(), time.process_time()
    sim = FokkerPlanck(temperature=1 / constants.k, drag=1.0, extent=[EXTENT, EXTENT], resolution=RES,
                       boundary=Boundary.REFLECTING,
                       potential=lambda x, y: 0.5 * (A[0, 0] * x * x + 2 * A[0, 1] * x * y + A[1, 1] * y * y))
    setup = time.perf_counter() - start
    assert tuple(sim.Ngrid) == (200, 200), sim.Ngrid
    start = time.perf_counter()
    p = sim.propagate(lambda x, y: gaussian(x, y, M0, C0), t_end)
    propagate = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    x, y = sim.grid
    density = p / RES**2  # fplanck normalises to Σ p = 1 over the nodes
    m, c = exact_moments(t_end)
    l1_points = np.abs(density - gaussian(x, y, m, c)).sum() * RES**2
    l1_cells = np.abs(density - cell_averages(x, y, RES, m, c)).sum() * RES**2
    print(f"solver=fplanck t_end={t_end:g} setup_s={setup:.3f} propagate_s={propagate:.3f} "
          f"total_s={setup + propagate:.3f} cpu_s={cpu:.3f} l1_vs_point_values={l1_points:.6e} l1_vs_cell_averages={l1_cells:.6e} "
          f"min_density={density.min():.3e}")


if __name__ == "__main__":
    main()
