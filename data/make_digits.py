#!/usr/bin/python3
"""Writes data/digits.h5 from the 8x8 handwritten digits that Debian's python3-sklearn ships.

Source: /usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz (1797 rows: 64 pixel counts
0..16, row-major 8x8, then the label 0..9). Pixels are divided by 16, so every value k/16 is exact.
Split, stratified and without randomness: within each class, in file order, every fifth image (the 5th,
10th, ... of that class) goes to the test set, the others to the training set (1442 train, 355 test, 34-36
test images per class). Run with Debian's python: /usr/bin/python3 data/make_digits.py
"""
import gzip
import os
import sys

import h5py
import numpy as np

SOURCE = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"


def main(out):
    with gzip.open(SOURCE, "rt") as f:
        table = np.loadtxt(f, delimiter=",")
    assert table.shape == (1797, 65), table.shape
    pixels = table[:, :64]
    labels = table[:, 64].astype(np.int64)
    assert pixels.min() == 0 and pixels.max() == 16 and np.all(pixels == np.round(pixels))
    images = pixels / 16.0
    index = np.arange(len(images))
    rank_in_class = np.zeros(len(images), dtype=np.int64)
    for c in range(10):
        members = np.flatnonzero(labels == c)
        rank_in_class[members] = np.arange(len(members))
    test = rank_in_class % 5 == 4
    with h5py.File(out, "w") as h:
        h.attrs["source"] = ("UCI Optical Recognition of Handwritten Digits (Alpaydin & Kaynak 1998), test part, "
                             "as shipped by scikit-learn in Debian's python3-sklearn: " + SOURCE)
        h.attrs["image_shape"] = np.array([8, 8], dtype=np.int64)
        h.attrs["scale"] = "pixel counts 0..16 divided by 16: values k/16 in [0, 1], row-major 8x8"
        h.attrs["split"] = ("stratified: within each class, in file order, every fifth image (0-based rank r in its "
                            "class with r % 5 == 4) is in test, the others in train")
        for name, sel in (("train", ~test), ("test", test)):
            g = h.create_group(name)
            g.create_dataset("images", data=images[sel], compression="gzip", compression_opts=9, shuffle=True,
                             track_times=False)
            g.create_dataset("labels", data=labels[sel], compression="gzip", compression_opts=9, shuffle=True,
                             track_times=False)
            g.create_dataset("source_index", data=index[sel], compression="gzip", compression_opts=9, shuffle=True,
                             track_times=False)
    print(f"{out}: train {int((~test).sum())}, test {int(test.sum())} images, {os.path.getsize(out)} bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.h5"))
