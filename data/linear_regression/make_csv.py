#!/usr/bin/python3
"""Writes data/linear_regression/dose_response.csv: a simulated linear regression for
problems/mcmc_linear_regression.toml.

N = 40 observations of response = 1.5 + 0.8 dose - 0.03 age + 0.5 e, e ~ N(0, 1), with dose uniform on
[0, 10] mg, age uniform on [20, 80] years and an unused column `site` (1..4) to show columns chosen by name.
Fixed seed, numbers printed with 17 significant digits: byte-reproducible with numpy's PCG64.
    /usr/bin/python3 data/linear_regression/make_csv.py
"""
import os

import numpy as np

N = 40
rng = np.random.default_rng(20261205)
dose = rng.uniform(0.0, 10.0, N)
age = rng.uniform(20.0, 80.0, N)
site = rng.integers(1, 5, N)
response = 1.5 + 0.8 * dose - 0.03 * age + 0.5 * rng.standard_normal(N)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dose_response.csv")
with open(path, "w") as f:
    f.write("# Simulated: response = 1.5 + 0.8 dose - 0.03 age + 0.5 e, e ~ N(0, 1); make_csv.py, seed 20261205\n")
    f.write("site,dose,age,response\n")
    for i in range(N):
        f.write(f"{site[i]},{dose[i]:.17g},{age[i]:.17g},{response[i]:.17g}\n")
print(path)
