#!/usr/bin/python3
"""Writes data/breast_cancer/wdbc.csv: the Wisconsin diagnostic breast-cancer data (569 tumours, 30 features)
with every feature standardised, for the logistic-regression problem problems/mcmc_logistic_wdbc.toml.

Reads the copy that Debian's python3-sklearn ships (sklearn/datasets/data/breast_cancer.csv: a first line
"569,30,malignant,benign", then 569 rows of 30 features and the class, 0 = malignant, 1 = benign) and writes
one column per feature, z = (x - mean) / sd (sd with the n - 1 denominator), each printed with 17
significant digits (the exact double computed here), and the response y = 1 for a malignant tumour, 0 for a
benign one. Provenance and licence: data/README.md.
Usage: /usr/bin/python3 data/breast_cancer/make_csv.py [path/to/breast_cancer.csv]
"""
import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = "/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv"
MEASURES = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
            "concave_points", "symmetry", "fractal_dimension"]
# the file's column order: the 10 means, their 10 standard errors, the 10 "worst" values
NAMES = [m + "_" + kind for kind in ("mean", "se", "worst") for m in MEASURES]


def main(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    n, d = int(rows[0][0]), int(rows[0][1])
    assert rows[0][2:] == ["malignant", "benign"] and d == len(NAMES)
    body = rows[1:]
    assert len(body) == n and all(len(r) == d + 1 for r in body)
    x = [[float(v) for v in r[:d]] for r in body]
    label = [int(r[d]) for r in body]
    assert set(label) == {0, 1}
    columns = []
    for j in range(d):
        col = [r[j] for r in x]
        mean = math.fsum(col) / n
        sd = math.sqrt(math.fsum((v - mean) ** 2 for v in col) / (n - 1))
        columns.append([(v - mean) / sd for v in col])
    with open(os.path.join(HERE, "wdbc.csv"), "w") as f:
        f.write("# Wisconsin diagnostic breast cancer (Street, Wolberg & Mangasarian 1993): 569 fine-needle aspirates,\n")
        f.write("# 30 features of the cell nuclei, each standardised to mean 0 and sd 1 (n - 1 denominator); y = 1 for\n")
        f.write("# a malignant tumour (212), 0 for a benign one (357). Written by make_csv.py from the copy in Debian's\n")
        f.write("# python3-sklearn; provenance and licence: data/README.md.\n")
        f.write(",".join(NAMES + ["y"]) + "\n")
        for i in range(n):
            f.write(",".join("%.17g" % columns[j][i] for j in range(d)) + ",%d\n" % (1 - label[i]))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
