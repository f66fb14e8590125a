#!/usr/bin/python3
"""Training patches and the shipped test image for the patch-mixture prior of natural images.

Three sub-commands (run from the project root with Debian's /usr/bin/python3: numpy, h5py, PIL):

  patches OUT.h5 [--more]
                       8x8 patches of the skimage and opencv-doc photographs (TRAIN below; with --more also
                       MORE, reduced as stated there), gray on the [0, 1] scale (byte/255, the scale of ito's
                       io::read_png), at positions drawn by numpy's PCG64 from SEED; each patch
                       p (64 pixels, row-major) is split as p = c u + B^T a with u = 1/8 (the unit constant patch,
                       c = 8 x mean(p) its DC coordinate) and B the 63 AC rows of the orthonormal 2-D DCT-II.
                       Writes /train/ac [N, 63] (a, what `ito fit-prior` fits) and /train/dc [N] (c), and the
                       same for the held-out photograph (HELDOUT) under /heldout/.
  assemble AC.h5 DC.h5 OUT.h5
                       the 64-d mixture: component k of the AC mixture (means m_k, covariances S_k in the AC
                       coordinates) times the 1-D Gaussian N(mu_c, v_c) of the DC coordinate fitted to /train/dc,
                         mean_k = mu_c u + B^T m_k,  Sigma_k = B^T S_k B + v_c u u^T,
                       which is again a Gaussian mixture in pixel space (so every diffused quantity stays exact).
                       Copies the fit's log-likelihood traces and summary attributes.
  image OUT.png        the 128x128 crop of the held-out photograph that problems/solve_image_*.toml use.

The gray level of an RGB photograph is the BT.601 luma of its bytes rounded halves up in integers,
(299 R + 587 G + 114 B + 500) // 1000, exactly what io::read_png does, so a PNG gives the same bytes here and
in ito.
"""
import hashlib
import os
import sys

import h5py
import numpy as np
from PIL import Image

SKIMAGE = "/usr/lib/python3/dist-packages/skimage/data"
OPENCV = "/usr/share/doc/opencv-doc/examples/data"
PALAPELI = "/usr/share/palapeli/collection"  # palapeli-data
PLASMA = "/usr/share/wallpapers"  # plasma-workspace-wallpapers
MATE = "/usr/share/backgrounds/mate/nature"  # mate-backgrounds
MATPLOTLIB = "/usr/share/matplotlib/mpl-data/sample_data"  # python3-matplotlib (matplotlib-data)
# The photographs of python3-skimage's data folder (camera.png, the cameraman of Set12, is never read) and of
# opencv-doc's example data (photographs only: no drawings, renderings, logos, text, calibration chessboards or
# synthetic shapes, and one image of each stereo or flow pair; the package ships no Set12 or BSD68 image). MORE:
# the photographs of palapeli-data's puzzle collection, of plasma-workspace-wallpapers and of mate-backgrounds'
# "nature" folder (their renderings and paintings left out), matplotlib's grace_hopper.jpg and SciPy's face and
# ascent (scipy.misc).
TRAIN = [os.path.join(SKIMAGE, n) for n in (
    "astronaut.png", "brick.png", "coffee.png", "coins.png", "grass.png", "gravel.png", "hubble_deep_field.jpg",
    "moon.png", "motorcycle_left.png", "retina.jpg", "rocket.jpg")] + [os.path.join(OPENCV, n) for n in (
    "aero1.jpg", "aero3.jpg", "aloeL.jpg", "apple.jpg", "baboon.jpg", "basketball1.png", "board.jpg",
    "box_in_scene.png", "building.jpg", "butterfly.jpg", "chicky_512.png", "ela_original.jpg", "fruits.jpg",
    "graf1.png", "home.jpg", "left.jpg", "leuvenA.jpg", "messi5.jpg", "orange.jpg", "rubberwhale1.png",
    "smarties.png", "squirrel_cls.jpg", "stuff.jpg")]
# `patches OUT.h5 --more` (an experiment, data/README.md; not the shipped prior): 30 more photographs, 5000 patches
# of each of the 64, and every photograph whose longer side L is at least 2 x REDUCE_TO reduced by L // REDUCE_TO.
MORE = [os.path.join(PALAPELI, n) for n in (
    "castle-maintenon.jpg", "cincinnati-bridge.jpg", "citrus-fruits.jpg", "european-honey-bee.jpg",
    "panther-chameleon-female.jpg")] + [os.path.join(PLASMA, n, "contents/images/2560x1600.jpg") for n in (
    "BytheWater", "ColdRipple", "ColorfulCups", "DarkestHour", "EveningGlow", "FallenLeaf", "Grey",
    "OneStandsOut", "Path", "summer_1am")] + [os.path.join(MATE, n) for n in (
    "Aqua.jpg", "Blinds.jpg", "Dune.jpg", "FreshFlower.jpg", "Garden.jpg", "GreenMeadow.jpg", "LadyBird.jpg",
    "RainDrops.jpg", "Storm.jpg", "TwoWings.jpg", "Wood.jpg", "YellowFlower.jpg")] + [
    os.path.join(MATPLOTLIB, "grace_hopper.jpg"), "scipy:face", "scipy:ascent"]
HELDOUT = os.path.join(SKIMAGE, "chelsea.png")
SEED = 20261205
PATCHES_PER_IMAGE = 6000  # 204,000 training patches (10% of them held out again by ito fit-prior)
MORE_PATCHES_PER_IMAGE = 5000  # with --more: 320,000
REDUCE_TO = 640  # with --more
HELDOUT_PATCHES = 6000
P = 8
CROP = (20, 140, 128, 128)  # row, col, height, width of the test image in chelsea.png (the cat's face)


def luma(a):
    """Gray levels (integers 0-255) of an 8-bit array: itself if gray, else BT.601 luma rounded halves up."""
    if a.ndim == 2:
        return a.astype(np.int64)
    a = a[..., :3].astype(np.int64)
    return (299 * a[..., 0] + 587 * a[..., 1] + 114 * a[..., 2] + 500) // 1000


def gray(path):
    if path.startswith("scipy:"):
        import warnings
        import scipy.misc
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scipy.misc's images are deprecated in favour of a download
            a = np.asarray(getattr(scipy.misc, path[6:])())
        data = os.path.join(os.path.dirname(scipy.misc.__file__), path[6:] + ".dat")
    else:
        a, data = np.asarray(Image.open(path)), path
        if a.dtype != np.uint8:
            raise SystemExit(f"{path}: expected 8-bit samples, got {a.dtype}")
    if a.min() < 0 or a.max() > 255:
        raise SystemExit(f"{path}: values outside 0-255")
    return luma(a).astype(np.float64) / 255.0, hashlib.sha256(open(data, "rb").read()).hexdigest()


def reduced(img):
    """img reduced by f = L // REDUCE_TO (L its longer side) when f >= 2: the mean of f x f blocks rounded to a gray
    level, so a large photograph's patches see detail at the scale of the test images (BSD68's 481 x 321)."""
    f = max(img.shape) // REDUCE_TO
    if f < 2:
        return img, 1
    h, w = img.shape[0] // f * f, img.shape[1] // f * f
    levels = np.rint(img[:h, :w] * 255).astype(np.int64).reshape(h // f, f, w // f, f).sum(axis=(1, 3))
    return np.floor((levels + f * f // 2) / (f * f)) / 255.0, f


def dct_basis():
    n = np.arange(P)
    C = np.cos(np.pi * (2 * n[None, :] + 1) * n[:, None] / (2 * P))
    C[0] *= np.sqrt(1.0 / P)
    C[1:] *= np.sqrt(2.0 / P)
    K = np.kron(C, C)  # rows: orthonormal 2-D DCT-II basis patches, row-major pixels; row 0 = constant 1/8
    assert np.allclose(K @ K.T, np.eye(P * P))
    return K


def sample_patches(img, count, rng):
    r = rng.integers(0, img.shape[0] - P + 1, size=count)
    c = rng.integers(0, img.shape[1] - P + 1, size=count)
    out = np.empty((count, P * P))
    for i in range(count):
        out[i] = img[r[i]:r[i] + P, c[i]:c[i] + P].reshape(-1)
    return out


def patches(out, more=False):
    K = dct_basis()
    rng = np.random.Generator(np.random.PCG64(SEED))
    train, sources = [], []
    for name in TRAIN + (MORE if more else []):
        img, sha = gray(name)
        full = img.shape
        img, f = reduced(img) if more else (img, 1)
        train.append(sample_patches(img, MORE_PATCHES_PER_IMAGE if more else PATCHES_PER_IMAGE, rng))
        size = f"{full[0]}x{full[1]}" + (f" reduced {f}x to {img.shape[0]}x{img.shape[1]}" if f > 1 else "")
        sources.append(f"{name if more else os.path.basename(name)} {size} sha256 {sha}")
    train = np.concatenate(train)
    img, sha = gray(HELDOUT)
    held = sample_patches(img, HELDOUT_PATCHES, rng)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with h5py.File(out, "w") as f:
        for group, X in (("train", train), ("heldout", held)):
            coords = X @ K.T
            f[f"/{group}/ac"] = coords[:, 1:]
            f[f"/{group}/dc"] = coords[:, 0]
        f.attrs["sources"] = "\n".join(sources)
        f.attrs["heldout_source"] = f"{os.path.basename(HELDOUT)} sha256 {sha}"
        f.attrs["seed"] = SEED
        f.attrs["scale"] = "gray level byte / 255 (BT.601 luma of RGB bytes, rounded halves up)"
    print(f"{out}: {train.shape[0]} training patches from {len(sources)} photographs, {held.shape[0]} of "
          f"{os.path.basename(HELDOUT)}")


def assemble(ac_file, patch_file, out):
    K = dct_basis()
    u, B = K[0], K[1:]
    with h5py.File(patch_file, "r") as f:
        dc = f["/train/dc"][...]
        sources = f.attrs["sources"]
    mu_c, v_c = float(dc.mean()), float(dc.var(ddof=1))
    with h5py.File(ac_file, "r") as f:
        if f.attrs.get("covariance_type", b"") not in ("full", b"full"):
            raise SystemExit(f"{ac_file}: expected a full-covariance mixture")
        w = f["weights"][...]
        m = f["means"][...]
        S = f["covariances"][...]
        fit = {k: f["/fit/" + k][...] for k in f["/fit"].keys()}
        summary = dict(f["/summary"].attrs)
        params = f.attrs.get("params", "")
    means = mu_c * u[None, :] + m @ B
    cov = np.einsum("ai,kab,bj->kij", B, S, B) + v_c * np.outer(u, u)[None]
    cov = 0.5 * (cov + cov.transpose(0, 2, 1))
    with h5py.File(out, "w") as f:
        f["weights"] = w
        f["means"] = means
        f["covariances"] = cov
        f.attrs["covariance_type"] = "full"
        f.attrs["patch_size"] = P
        f.attrs["dc_mean"] = mu_c
        f.attrs["dc_variance"] = v_c
        f.attrs["scale"] = "gray level byte / 255"
        f.attrs["training_sources"] = sources
        f.attrs["fit_params"] = params
        f.attrs["description"] = ("8x8 patch prior: a full-covariance mixture fitted by ito fit-prior to the 63 AC "
                                  "DCT coordinates of patches, times a Gaussian on the DC coordinate (data/README.md)")
        for k, v in fit.items():
            f["/fit/" + k] = v
        for k, v in summary.items():
            f["/fit"].attrs[k] = v
    print(f"{out}: {len(w)} components, DC N({mu_c:.4f}, {v_c:.4f})")


def image(out):
    img, _ = gray(HELDOUT)
    r, c, h, w = CROP
    crop = np.rint(img[r:r + h, c:c + w] * 255).astype(np.uint8)
    Image.fromarray(crop, mode="L").save(out, optimize=False)
    print(f"{out}: {h}x{w} crop of {os.path.basename(HELDOUT)} at ({r}, {c})")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "patches" and (len(sys.argv) == 3 or (len(sys.argv) == 4 and sys.argv[3] == "--more")):
        patches(sys.argv[2], more=len(sys.argv) == 4)
    elif cmd == "assemble" and len(sys.argv) == 5:
        assemble(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "image" and len(sys.argv) == 3:
        image(sys.argv[2])
    else:
        raise SystemExit(__doc__)
