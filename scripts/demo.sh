#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job on the shipped rules: install, build (release), lint the rules, and match
# a sample Gunma applicant against every shipped program: which fit, how much, and why not.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "${JOBS:-2}" --target elig
./build/cli/elig lint rules
# Exit 0/1/2 are outcomes (eligible / not / undetermined); anything else is a failure.
rc=0
./build/cli/elig match --rules rules --applicant examples/gunma-maker.yaml --lang ja "$@" || rc=$?
[ "$rc" -le 2 ] || exit "$rc"
