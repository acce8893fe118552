#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds and runs elig's libFuzzer targets (tests/fuzz/). Needs clang (clang 14 on Debian 12).
#
#   scripts/fuzz.sh build                      configure build-fuzz with clang and build every target
#   scripts/fuzz.sh run [SECONDS] [TARGET...]  build, then run each target SECONDS (default 60), one after another
#   scripts/fuzz.sh list                       the targets
#
# Each target starts from the committed seeds (tests/fuzz/corpus/TARGET/, read only) and keeps
# what it learns in build-fuzz/corpus/TARGET/. A crash, hang or leak stops that target and is
# written to build-fuzz/artifacts/TARGET/; the script goes on with the others and exits 1 at
# the end. Fix the bug, then commit the reproducer into tests/fuzz/corpus/TARGET/ so that
# every later run (and scripts/ci-fuzz.sh) replays it. Reproduce one:
#   build-fuzz/tests/fuzz/TARGET build-fuzz/artifacts/TARGET/crash-…
# Environment: BUILD (default build-fuzz), JOBS (default 2), NICE (default 10),
# FUZZ_ARGS (extra libFuzzer flags, e.g. "-jobs=2 -workers=2").
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-fuzz}
JOBS=${JOBS:-2}
NICE=${NICE:-10}
TARGETS_ALL=(fuzz_expr fuzz_rules fuzz_applicant fuzz_compact fuzz_doc_cache fuzz_csv fuzz_jsonl fuzz_capi_json)

build() {
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S . -B "$BUILD" -DELIG_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  nice -n "$NICE" cmake --build "$BUILD" -j "$JOBS" --target elig_fuzz
}

built_targets() {
  for t in "${TARGETS_ALL[@]}"; do
    [ -x "$BUILD/tests/fuzz/$t" ] && echo "$t"
  done
  return 0
}

run() {
  local seconds=${1:-60}
  shift || true
  local targets=("$@")
  [ ${#targets[@]} -eq 0 ] && mapfile -t targets < <(built_targets)
  local failed=()
  for t in "${targets[@]}"; do
    local bin="$BUILD/tests/fuzz/$t"
    if [ ! -x "$bin" ]; then
      echo "fuzz.sh: no target $t (built: $(built_targets | tr '\n' ' '))" >&2
      failed+=("$t")
      continue
    fi
    local work="$BUILD/corpus/$t" art="$BUILD/artifacts/$t"
    mkdir -p "$work" "$art"
    local dict=()
    [ -f "tests/fuzz/dict/$t.dict" ] && dict=("-dict=tests/fuzz/dict/$t.dict")
    echo "== $t: ${seconds}s"
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a blow-up in memory is a finding too.
    if ! nice -n "$NICE" "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$art/" "${dict[@]}" ${FUZZ_ARGS:-} "$work" "tests/fuzz/corpus/$t" 2>"$BUILD/$t.log"; then
      failed+=("$t")
      tail -n 40 "$BUILD/$t.log" >&2
    fi
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$BUILD/$t.log" | sed "s/^/   $t /" || true
  done
  if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: FAILED: ${failed[*]} (reproducers in $BUILD/artifacts/)" >&2
    return 1
  fi
  echo "fuzz.sh: no crash, hang or leak"
}

case "${1:-run}" in
  build) build ;;
  list) built_targets ;;
  run) shift || true; build; run "$@" ;;
  *) echo "usage: $0 build | run [SECONDS] [TARGET...] | list" >&2; exit 64 ;;
esac
