#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds elig with AddressSanitizer + UndefinedBehaviorSanitizer and runs every test case
# (each Catch2 case is a ctest test; JOBS of them at a time). ELIG_WERROR=ON makes warnings errors.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-asan}
JOBS=${JOBS:-2}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DELIG_SANITIZE=ON -DELIG_WERROR="${ELIG_WERROR:-OFF}" >/dev/null
cmake --build "$BUILD" -j "$JOBS"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$BUILD" --output-on-failure -j "$JOBS"
