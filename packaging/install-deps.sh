#!/usr/bin/env bash
# Installs every Debian 12 package GraphVAE Studio needs to build, run and test. Idempotent:
# when everything is present it only checks (well under a second) and touches nothing.
set -euo pipefail
pkgs=(
  build-essential cmake ninja-build pkg-config zlib1g-dev
  libtorch-dev libopenblas0-openmp          # without OpenBLAS, LibTorch uses netlib BLAS (~20x slower)
  libhdf5-dev hdf5-tools
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-svg-dev qt6-qpa-plugins
  fonts-dejavu-core                        # text in offscreen renders, exports and tests
  libqcustomplot-dev libqcustomplot2.1-qt6 libgraphviz-dev
  libcli11-dev nlohmann-json3-dev           # the CLI's parsing and JSON lines (header-only)
  libpugixml-dev                            # the IAM-OnDB XML
  libgloo-dev                               # torch.distributed's Gloo headers (data-parallel training)
  xvfb                                      # the window-geometry tests run on a real X server
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
