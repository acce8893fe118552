#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages elig needs (see README: Dependencies).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PKGS="build-essential cmake pkg-config libboost-dev libyaml-cpp-dev libfmt-dev libsqlite3-dev sqlite3
      catch2 libcli11-dev libsimdjson-dev nlohmann-json3-dev libssl-dev python3 clang libclang-rt-14-dev
      libbenchmark-dev libicu-dev libxbyak-dev python3-venv python3-setuptools python3-wheel python3-pip
      python3-mypy python3-dask python3-distributed zsh"
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
