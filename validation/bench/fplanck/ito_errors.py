"""Reads an `ito fokker-planck` ou2d result and prints the same key=value line as fplanck_ou2d.py: the wall
time and CPU time of the process (measured by run.sh), the run's own wall_time_s,, the steps and factorisations, and the
L1 errors of the final density against the exact Gaussian at the cell centres and against its exact cell
averages (the latter is also ito's /summary l1_error)."""
import sys

import h5py
import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from fplanck_ou2d import RES, exact_moments, gaussian  # noqa: E402

path, process_wall, process_cpu = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
with h5py.File(path, "r") as f:
    x, y = f["grid/x"][:], f["grid/y"][:]
    density = f["snapshots/density"][-1]  # [y, x]
    t_end = f["snapshots/times"][-1]
    summary = dict(f["summary"].attrs)
    wall = float(f.attrs["wall_time_s"])
assert np.isclose(x[1] - x[0], RES)
xx, yy = np.meshgrid(x, y, indexing="xy")
m, c = exact_moments(t_end)
l1_points = np.abs(density - gaussian(xx, yy, m, c)).sum() * RES**2
print(f"solver=ito t_end={t_end:g} solver_wall_s={wall:.3f} total_s={process_wall:.3f} cpu_s={process_cpu:.3f} steps={summary['steps']} "
      f"factorizations={summary['factorizations']} l1_vs_point_values={l1_points:.6e} "
      f"l1_vs_cell_averages={summary['l1_error']:.6e} min_density={density.min():.3e}")
