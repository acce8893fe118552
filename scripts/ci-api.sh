#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CI for the C API, run after the main tests:
#   1. Release build of libelig.so, the CLI and the example; `cmake --install` into a temp prefix;
#   2. the exported symbols must equal api/elig.symbols (and every function elig.h declares);
#   3. a separate CMake project finds the package (find_package(elig)), and a plain cc
#      build uses pkg-config; both build and run the C example;
#   4. the C example and the Python binding give the same decision JSON as `elig check`;
#   5. the Python package: `pip install --no-build-isolation` (no network) into a fresh venv,
#      with the installed library put into it; mypy --strict checks its type hints; its tests
#      run against the installed package, with no ELIG_LIBRARY, and none may be skipped;
#      among them, Dask (Debian's python3-dask and python3-distributed, seen through the venv's
#      system site packages) screens across a LocalCluster of 2 workers as `elig batch` does;
#   6. a ThreadSanitizer build runs the `[threads]` tests (tests/CMakeLists.txt: elig_thread_tests).
# Throughout, the one version (CMake's project(VERSION)) must be what every artefact says.
# Build directories are kept (ccache makes the next run cheap); set BUILD / TSAN_BUILD to move them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BUILD:-build-ci-api}
TSAN_BUILD=${TSAN_BUILD:-build-ci-tsan}
JOBS=${JOBS:-2}
export CCACHE_BASEDIR=$ROOT
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PREFIX=$WORK/prefix

step() { printf '\n== %s\n' "$*"; }
fail() {
  printf '\nci-api: FAILED: %s\n' "$*" >&2
  exit 1
}

step "Release build (tests off: the main CI ran them)"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DELIG_BUILD_TESTS=OFF >/dev/null
nice -n 10 cmake --build "$BUILD" -j "$JOBS"

step "cmake --install into $PREFIX"
cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
export PKG_CONFIG_PATH=$(dirname "$(find "$PREFIX" -name elig.pc -print -quit)")
[ -n "$PKG_CONFIG_PATH" ] || fail "no elig.pc was installed"
LIBDIR=$(pkg-config --variable=libdir elig)
LIB=$LIBDIR/libelig.so
[ -e "$LIB" ] || fail "pkg-config says libdir=$LIBDIR, but $LIB is not there"
[ -e "$PREFIX/include/elig.h" ] || fail "elig.h was not installed"
[ -e "$PREFIX/include/elig_version.h" ] || fail "elig_version.h was not installed beside elig.h"
echo "installed: $(cd "$PREFIX" && find . -type f -o -type l | sort | tr '\n' ' ')"

step "one version: project(VERSION) is what every artefact says"
VERSION=$(sed -n 's/^project(elig VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$VERSION" ] || fail "no project(elig VERSION x.y.z) in CMakeLists.txt"
IFS=. read -r MAJOR MINOR PATCH <<<"$VERSION"
VERSION_NUMBER=$((MAJOR * 1000000 + MINOR * 1000 + PATCH))
check_version() {  # what, found
  [ "$2" = "$VERSION" ] || [ "$2" = "$VERSION_NUMBER" ] || fail "$1 says $2, project(VERSION) $VERSION"
}
check_version "elig --version" "$("$PREFIX/bin/elig" --version | awk '{print $2}')"
check_version "elig_version.h ELIG_VERSION" "$(sed -n 's/^#define ELIG_VERSION "\(.*\)"$/\1/p' "$PREFIX/include/elig_version.h")"
check_version "elig_version.h ELIG_VERSION_NUMBER" \
  "$(sed -n 's/^#define ELIG_VERSION_NUMBER \([0-9]*\)$/\1/p' "$PREFIX/include/elig_version.h")"
check_version "elig.pc" "$(pkg-config --modversion elig)"
check_version "eligConfigVersion.cmake" \
  "$(sed -n 's/^set(PACKAGE_VERSION "\(.*\)")$/\1/p' "$(find "$PREFIX" -name eligConfigVersion.cmake -print -quit)")"
grep -q '^#define ELIG_VERSION' api/include/elig.h && fail "elig.h states a version by hand; it includes elig_version.h"
echo "elig --version, elig_version.h, elig.pc, eligConfigVersion.cmake: $VERSION ($VERSION_NUMBER)"

step "exported symbols == api/elig.symbols"
nm -D --defined-only "$LIB" | awk '{print $3}' | LC_ALL=C sort >"$WORK/symbols"
if ! diff -u api/elig.symbols "$WORK/symbols"; then
  fail "libelig.so exports a different set of symbols than api/elig.symbols (diff above: - committed, + built).
If the change is intended (append-only!), update the list with:
  nm -D --defined-only $LIB | awk '{print \$3}' | LC_ALL=C sort > api/elig.symbols"
fi
grep -o '^ELIG_API [^(]*(' api/include/elig.h | grep -o 'elig_[a-z0-9_]*($' | tr -d '(' | LC_ALL=C sort >"$WORK/declared"
if ! diff -u "$WORK/declared" "$WORK/symbols"; then
  fail "the functions elig.h declares (-) and those libelig.so exports (+) differ"
fi
echo "$(wc -l <"$WORK/symbols") symbols, all elig_*, as committed and declared"

step "find_package(elig): a separate CMake project"
cmake -S api/examples -B "$WORK/example-cmake" -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$WORK/example-cmake" >/dev/null
EXAMPLE_CMAKE=$WORK/example-cmake/check_applicant

step "pkg-config --cflags --libs elig: a plain cc build"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Wpedantic -Werror api/examples/check_applicant.c $(pkg-config --cflags --libs elig) \
  -o "$WORK/check_applicant_pc"
EXAMPLE_PC=$WORK/check_applicant_pc

step "the C example and the Python binding give the same decision JSON as elig check"
ELIG=$PREFIX/bin/elig
[ -x "$ELIG" ] || ELIG=$BUILD/cli/elig
APPLICANT=api/examples/gunma-maker.json
for lang in en ja; do
  "$ELIG" check --rules rules --program gunma.trade-fair-sample --applicant "$APPLICANT" --format json \
    --lang "$lang" >"$WORK/cli.$lang.json" 2>/dev/null || fail "elig check did not find the sample applicant eligible"
  for example in "$EXAMPLE_CMAKE" "$EXAMPLE_PC"; do
    LD_LIBRARY_PATH=$LIBDIR "$example" rules gunma.trade-fair-sample "$APPLICANT" "$lang" >"$WORK/example.json" \
      2>/dev/null || fail "$example exited with $?"
    diff -u "$WORK/cli.$lang.json" "$WORK/example.json" || fail "$example ($lang) differs from elig check"
  done
  echo "$lang: C example (CMake and pkg-config builds) == elig check"
done

step "Python package: pip install into a fresh venv, tests against the installed package"
# Debian's python3 (python3-venv, python3-setuptools, python3-wheel): the venv sees their
# setuptools and wheel, so pip builds without downloading anything.
PYTHON=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
"$PYTHON" -m venv --system-site-packages "$WORK/venv" || fail "$PYTHON -m venv failed (python3-venv?)"
VPY=$WORK/venv/bin/python
# Build from a copy, so that no build/ or egg-info is left in the checkout; the version is
# read from the checkout's CMakeLists.txt, the library is the one installed above.
cp -r api/bindings/python "$WORK/python-src"
rm -rf "$WORK/python-src/build" "$WORK/python-src"/*.egg-info
if ! PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 ELIG_SOURCE_DIR=$ROOT ELIG_PREFIX=$PREFIX \
  "$VPY" -m pip wheel --no-build-isolation --no-deps -w "$WORK/wheels" "$WORK/python-src" >"$WORK/pip.log" 2>&1; then
  cat "$WORK/pip.log"
  fail "pip could not build the Python package's wheel"
fi
WHEEL=$(find "$WORK/wheels" -name 'elig-*.whl' -print -quit)
[ -n "$WHEEL" ] || fail "no elig wheel was built"
"$VPY" -c 'import sys, zipfile; sys.exit("elig/libelig.so" not in zipfile.ZipFile(sys.argv[1]).namelist())' "$WHEEL" ||
  fail "the wheel does not carry elig/libelig.so"
if ! PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 "$VPY" -m pip install --no-deps "$WHEEL" >"$WORK/pip.log" 2>&1; then
  cat "$WORK/pip.log"
  fail "pip could not install $WHEEL"
fi
echo "installed $(basename "$WHEEL")"
# `import elig` from elsewhere, with no variable: the package's own copy of the library.
(cd "$WORK" && env -u ELIG_LIBRARY -u LD_LIBRARY_PATH -u PYTHONPATH "$VPY" -c \
  'import elig; print("import elig:", elig.__file__, elig.VERSION, elig.LIBRARY_PATH)') ||
  fail "import elig failed in the venv without ELIG_LIBRARY"
check_version "the Python package (elig.VERSION)" "$(cd "$WORK" && env -u ELIG_LIBRARY -u PYTHONPATH "$VPY" -c \
  'import elig; print(elig.VERSION)')"
check_version "the Python package's metadata" "$(cd "$WORK" && env -u PYTHONPATH "$VPY" -c \
  'import importlib.metadata as m; print(m.version("elig"))')"
# The Dask test (tests/test_dask.py) needs Debian's Dask in the venv, through its system site packages.
(cd "$WORK" && "$VPY" -c 'import dask, distributed') ||
  fail "the venv does not see Dask: apt-get install python3-dask python3-distributed (scripts/install-deps.sh)"
# The API type-checks strictly, and the installed package is typed (py.typed) for its users:
# without the marker mypy would refuse to read it.
cat >"$WORK/uses_elig.py" <<'PY'
import fractions
from typing import Optional

import elig


def award(program: elig.Program) -> Optional[fractions.Fraction]:
    return program.evaluate({"employees": 3}, as_of="2026-06-01").award
PY
if ! (cd "$WORK" && "$VPY" -m mypy --strict --python-version 3.9 --cache-dir "$WORK/mypy-cache" \
  "$ROOT/api/bindings/python/elig.py" && "$VPY" -m mypy --strict --cache-dir "$WORK/mypy-cache" uses_elig.py) \
  >"$WORK/mypy.log" 2>&1; then
  cat "$WORK/mypy.log"
  fail "mypy --strict: the Python package's type hints do not check"
fi
echo "mypy --strict: elig.py, and a user of the installed package"
# The tests from a copy outside the checkout: `elig` can only be the installed package.
cp -r api/bindings/python/tests "$WORK/python-tests"
if ! (cd "$WORK" && env -u ELIG_LIBRARY -u PYTHONPATH ELIG_BINARY=$ELIG ELIG_SOURCE_DIR=$ROOT \
  "$VPY" -m unittest discover -v -s "$WORK/python-tests" >"$WORK/python.log" 2>&1); then
  cat "$WORK/python.log"
  fail "the Python package's tests failed"
fi
grep -E "^(test_|Ran |OK)" "$WORK/python.log"
if grep -q "skipped" "$WORK/python.log"; then
  fail "a Python test was skipped: $(grep skipped "$WORK/python.log")"
fi

step "ThreadSanitizer: elig_thread_tests \"[threads]\""
cmake -S . -B "$TSAN_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DELIG_TSAN=ON >/dev/null
nice -n 10 cmake --build "$TSAN_BUILD" -j "$JOBS" --target elig_thread_tests
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
run_tsan() { "$TSAN_BUILD/tests/elig_thread_tests" "[threads]" 2>&1; }
if ! out=$(run_tsan); then
  # Kernels with high mmap randomization break TSan's memory layout: retry without ASLR.
  if grep -q "unexpected memory mapping" <<<"$out" && command -v setarch >/dev/null; then
    out=$(setarch "$(uname -m)" -R "$TSAN_BUILD/tests/elig_thread_tests" "[threads]" 2>&1) || {
      echo "$out"
      fail "the [threads] tests failed under TSan"
    }
  else
    echo "$out"
    fail "the [threads] tests failed under TSan"
  fi
fi
echo "$out" | tail -n 3

printf '\nci-api: OK\n'
