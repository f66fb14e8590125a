#!/usr/bin/python3
"""The peer of ito_bench_patch_denoiser's last line: the exact denoiser (Tweedie) of the shipped 8x8 patch
mixture (data/patch_gmm.h5, K full covariances) on a batch of patches at (alpha, sigma) = (0.98, 0.2),
vectorised with NumPy over patches, one BLAS thread. Per component, with Sigma_k = Q_k diag(l_k) Q_k^T
precomputed and c_k = alpha^2 l_k + sigma^2:
  z = Q_k^T (x - alpha m_k),  log N = -0.5 (sum z^2/c_k + sum log c_k + d log 2pi),
  D_k = m_k + alpha Q_k (l_k z / c_k),  D = sum_k softmax_k(log w_k + log N_k) D_k
(the same formula as priors::GaussianMixture::denoise). Usage:
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 validation/bench/patch_score_numpy.py data/patch_gmm.h5 [n=4096] [reps=3]
prints patches per second (best of reps) and the BLAS library NumPy loaded: on Debian, python3-numpy calls
whichever libblas.so.3 the alternatives system (or LD_LIBRARY_PATH) provides — the reference BLAS of libblas3
unless an optimised one such as libopenblas0-serial is installed, which speeds this benchmark's products about
tenfold (validation/bench/run_patch.sh runs both)."""
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import h5py  # noqa: E402
import numpy as np  # noqa: E402


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    with h5py.File(path, "r") as f:
        w, M, S = f["weights"][...], f["means"][...], f["covariances"][...]
    K, d = M.shape
    lam, Q = np.linalg.eigh(S)  # K x d, K x d x d
    a, s = 0.98, 0.2
    rng = np.random.default_rng(9)
    X = 0.5 + 0.05 * rng.standard_normal((n, d))
    c = a * a * lam + s * s

    def denoise(X):
        logp = np.empty((K, n))
        Dk = np.empty((K, n, d))
        for k in range(K):
            Z = (X - a * M[k]) @ Q[k]  # n x d
            logp[k] = np.log(w[k]) - 0.5 * ((Z * Z / c[k]).sum(1) + np.log(c[k]).sum() + d * np.log(2 * np.pi))
            Dk[k] = M[k] + a * (Z * (lam[k] / c[k])) @ Q[k].T
        g = np.exp(logp - logp.max(0))
        g /= g.sum(0)
        return np.einsum("kn,knd->nd", g, Dk)

    best = 1e300
    for _ in range(reps):
        t0 = time.perf_counter()
        denoise(X)
        best = min(best, time.perf_counter() - t0)
    print(f"numpy mixture denoiser, K = {K}, d = {d}, {n} patches, 1 thread: {best:.3f} s = {n / best:.0f} patches/s"
          f" (BLAS: {blas_library()})")


def blas_library():
    """The file that provides NumPy's matrix products: the library loaded under the name libblas.so.3 (NumPy's
    dependency on Debian), found through the address of its cblas_dgemm."""
    import ctypes

    class DlInfo(ctypes.Structure):
        _fields_ = [("fname", ctypes.c_char_p), ("fbase", ctypes.c_void_p), ("sname", ctypes.c_char_p),
                    ("saddr", ctypes.c_void_p)]

    try:
        blas = ctypes.CDLL("libblas.so.3")  # the copy NumPy already loaded
        info = DlInfo()
        ctypes.CDLL("libc.so.6").dladdr(ctypes.cast(blas.cblas_dgemm, ctypes.c_void_p), ctypes.byref(info))
        return os.path.realpath(info.fname.decode())
    except (OSError, AttributeError):
        return "unknown"


if __name__ == "__main__":
    main()
