#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CI: build the fuzz targets and run each for a short time (FUZZ_SECONDS, default 25),
# failing on any crash, hang or leak. Every run first replays the committed corpus
# (tests/fuzz/corpus/), which holds each crash ever found, so none comes back.
# Six targets × 25 s: about 2.5 minutes of fuzzing after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build-fuzz}
exec ./scripts/fuzz.sh run "${FUZZ_SECONDS:-25}"
