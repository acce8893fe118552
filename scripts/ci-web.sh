#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CI for the web self-check of `elig serve` (tests/web/selfcheck.mjs): installs what it needs
# itself — Debian's chromium, and playwright-core and axe-core from npm at the versions
# pinned in tests/web/package-lock.json (`npm ci`) — builds `elig` if needed, and walks two
# applicants to their results in a real browser, with axe-core (WCAG 2.1 AA) on every page.
# Screenshots of every page go to $SCREENS (default build-ci-web/web-screens), which CI keeps.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${BUILD:-build-ci-web}
JOBS=${JOBS:-2}
export CCACHE_BASEDIR=$ROOT
export SCREENS=${SCREENS:-$ROOT/$BUILD/web-screens}

step() { printf '\n== %s\n' "$*"; }

# Japanese text needs a CJK font: without one every kanji is a box in the screenshots.
if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null || ! command -v npm >/dev/null ||
   ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  step "Installing chromium, a Japanese font, node and npm (Debian)"
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk nodejs npm >/dev/null
fi

step "npm ci (tests/web)"
(cd tests/web && npm ci --no-audit --no-fund --loglevel=error)

if [ -z "${ELIG:-}" ]; then
  step "Building elig ($BUILD; nothing to do when it is up to date)"
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DELIG_BUILD_TESTS=OFF >/dev/null
  nice -n 10 cmake --build "$BUILD" -j "$JOBS" --target elig
  export ELIG=$ROOT/$BUILD/cli/elig
fi

step "Browser tests: two applicants, axe-core on every page, a keyboard-only walk"
node tests/web/selfcheck.mjs
