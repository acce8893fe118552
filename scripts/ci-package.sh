#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Debian package, built and installed as a user would:
#   1. `cpack -G DEB` from the Release build the C API stage made (build-ci-api; BUILD moves it);
#   2. the package holds the binary, libelig.so, elig.h, pkg-config and CMake files, the shipped
#      rules under /usr/share/elig/rules, the manual page and the bash and zsh completions;
#   3. unpacked into an empty root (dpkg-deb -x), its `elig match` runs from there and finds the
#      rules beside itself;
#   4. as root, `dpkg -i` installs it into the system, `elig match` runs from /usr/bin in a folder
#      without ./rules, pkg-config finds the library, and `dpkg --purge` removes it again.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BUILD:-build-ci-api}
JOBS=${JOBS:-2}
export CCACHE_BASEDIR=$ROOT
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
step() { printf '\n== %s\n' "$*"; }
fail() {
  printf '\nci-package: FAILED: %s\n' "$*" >&2
  exit 1
}

step "Release build in $BUILD"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DELIG_BUILD_TESTS=OFF >/dev/null
fi
nice -n 10 cmake --build "$BUILD" -j "$JOBS"

step "cpack -G DEB"
rm -f "$BUILD"/elig_*.deb
(cd "$BUILD" && cpack -G DEB >/dev/null)
DEB=$(ls "$BUILD"/elig_*.deb | head -1)
[ -n "$DEB" ] || fail "cpack made no .deb"
dpkg-deb --info "$DEB" | sed -n '/Package:/,$p'
dpkg-deb --contents "$DEB" | awk '{print $6}' >"$WORK/contents"
for want in ./usr/bin/elig '/libelig.so' ./usr/include/elig.h '/pkgconfig/elig.pc' '/cmake/elig/eligConfig.cmake' \
  ./usr/share/elig/rules/gunma/takasaki-trade-fair-2025.yaml ./usr/share/elig/rules/common/sme.yaml \
  ./usr/share/man/man1/elig.1 ./usr/share/bash-completion/completions/elig ./usr/share/zsh/vendor-completions/_elig; do
  grep -q -- "$want" "$WORK/contents" || fail "the package has no $want"
done
echo "$(wc -l <"$WORK/contents") entries, every expected file present"

# A decision the shipped rules give: the sample maker's Takasaki award, to the yen.
check_match() {
  local elig=$1 out
  out=$(cd "$WORK/elsewhere" && NO_COLOR=1 "$elig" match --as-of 2025-10-15 --applicant "$ROOT/examples/gunma-maker.yaml") || [ $? -eq 2 ]
  echo "$out" | grep -q '272,777' || fail "$elig match did not give the Takasaki award (272,777): $out"
}
mkdir -p "$WORK/elsewhere"

step "unpacked into an empty root"
dpkg-deb -x "$DEB" "$WORK/root"
check_match "$WORK/root/usr/bin/elig"
echo "elig match from $WORK/root/usr/bin ran on $WORK/root/usr/share/elig/rules"

if [ "$(id -u)" -eq 0 ]; then
  step "dpkg -i"
  if [ "$(dpkg-query -W -f='${Status}' elig 2>/dev/null)" = "install ok installed" ]; then
    fail "a package elig is installed already; remove it first (dpkg --purge elig)"
  fi
  dpkg -i "$DEB" >/dev/null
  trap 'dpkg --purge elig >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
  [ "$(command -v elig)" = /usr/bin/elig ] || fail "elig is not /usr/bin/elig after dpkg -i"
  check_match elig
  elig --version
  [ "$(pkg-config --modversion elig)" = "$(elig --version | awk '{print $2}')" ] || fail "pkg-config and elig --version differ"
  [ -s /usr/share/man/man1/elig.1 ] || fail "no manual page"
  bash -c 'source /usr/share/bash-completion/completions/elig && COMP_WORDS=(elig ma); COMP_CWORD=1; _elig; [ "${COMPREPLY[*]}" = match ]' ||
    fail "the installed bash completion does not complete"
  dpkg --purge elig >/dev/null
  [ ! -e /usr/bin/elig ] || fail "dpkg --purge left /usr/bin/elig"
  echo "installed, ran from /usr/bin with /usr/share/elig/rules, removed"
else
  echo "not root: dpkg -i skipped; the unpacked root above was checked"
fi
echo "ci-package: OK"
