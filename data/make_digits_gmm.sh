#!/bin/sh
# Writes data/digits_gmm.h5, the Gaussian-mixture prior of the 8×8 digits, by fitting it to the training
# images of data/digits.h5 with the built ito (problems/fit_prior_digits.toml: 50 diagonal components, EM
# from k-means++, covariance floor 1e-3, 10% of the images held out, seed 20261123). The mixture's datasets
# (/weights, /means, /covariances) and the log-likelihoods are bitwise the same for any --threads; the root
# attributes created_utc, wall_time_s and threads record the run. Run from the project root after building:
#   sh data/make_digits_gmm.sh
set -eu
cd "$(dirname "$0")/.."
build/bin/ito fit-prior problems/fit_prior_digits.toml --out data/digits_gmm.h5 "$@"
