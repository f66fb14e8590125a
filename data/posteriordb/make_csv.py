#!/usr/bin/python3
"""Writes the posteriordb data sets ito ships (eight_schools, arK, sblrc) as CSV files in ito's table format.

Reads posteriordb's JSON data files <name>.data.json from DIR (the files of stan-dev/posteriordb,
posterior_database/data/data/<name>.json.zip, unzipped; ../shared/data/posteriordb holds them) and writes
<name>.csv beside this script. Every number keeps the decimal text of
the JSON file, so ito reads the same doubles from either file (tests/targets/posteriordb_test.cpp checks).
Usage: /usr/bin/python3 data/posteriordb/make_csv.py DIR
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load(directory, name):
    with open(os.path.join(directory, name + ".data.json")) as f:
        # numbers as their text: no round trip through binary floating point
        return json.load(f, parse_float=str, parse_int=str)


def write(name, comment, header, rows):
    with open(os.path.join(HERE, name + ".csv"), "w") as f:
        for line in comment:
            f.write("# " + line + "\n")
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(row) + "\n")


def main(directory):
    d = load(directory, "eight_schools")
    assert int(d["J"]) == len(d["y"]) == len(d["sigma"])
    write("eight_schools",
          ["Eight schools (Rubin 1981, Table 2; Gelman et al., BDA3, Table 5.2): estimated effect y of coaching on",
           "SAT-V scores in schools A..H and its standard error sigma. posteriordb data set eight_schools.",
           "Provenance and licence: data/README.md."],
          ["y", "sigma"], zip(d["y"], d["sigma"]))

    d = load(directory, "arK")
    assert int(d["T"]) == len(d["y"]) and int(d["K"]) == 5
    write("arK",
          ["A simulated AR(5) series of T = %s points (posteriordb data set arK, from stan-dev/stat_comp_benchmarks)." % d["T"],
           "The posteriordb posterior arK-arK models it with K = 5 lags (ito: target.lags, default 5).",
           "Provenance and licence: data/README.md."],
          ["y"], ([v] for v in d["y"]))

    d = load(directory, "sblrc")
    n, k = int(d["N"]), int(d["D"])
    assert len(d["y"]) == n and len(d["X"]) == n and all(len(r) == k for r in d["X"])
    write("sblrc",
          ["Simulated data for Bayesian linear regression with correlated coefficients: N = %d observations of" % n,
           "D = %d predictors x1..x%d and the response y (posteriordb data set sblrc). Provenance and licence:" % (k, k),
           "data/README.md."],
          ["x%d" % (j + 1) for j in range(k)] + ["y"], (list(r) + [y] for r, y in zip(d["X"], d["y"])))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/posteriordb")
