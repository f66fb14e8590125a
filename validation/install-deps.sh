#!/usr/bin/env bash
# Installs the Debian packages ito needs (build, tests, plots). Safe to run again.
set -euo pipefail
pkgs=(build-essential cmake ccache libeigen3-dev libboost-dev libboost-math-dev libhdf5-dev hdf5-tools libgtest-dev
      libbenchmark-dev libtomlplusplus-dev libcli11-dev librandom123-dev libmuparser-dev nlohmann-json3-dev libpng-dev
      libopenmpi-dev openmpi-bin
      python3-numpy python3-h5py python3-matplotlib)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
