#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The national run: every SME in Japan (about 3.4 million) screened against every shipped
# program, CSV -> SQLite, and the 100,000-applicant comparison with `sqlite3 .import` of
# the same CSV into a WAL file, by turns.
#
#   bench/national.sh                       # builds Release into build-bench/, 3,400,000 applicants
#   NATIONAL_N=200000 bench/national.sh     # a quick run
#   RUNS=5 COMPARE_N=100000 bench/national.sh
#
# The applicants come from bench/gen_applicants.py (the facts of every shipped program,
# written row by row: no file is held in memory) and are kept in $WORK for the next run.
# Prints one table: wall time, CPU, peak memory and file size, with the targets.
# Needs: cmake, a C++ compiler, python3, sqlite3, /usr/bin/time (package `time`).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
N=${NATIONAL_N:-3400000}
COMPARE_N=${COMPARE_N:-100000}
RUNS=${RUNS:-3}
THREADS=${THREADS:-2}
WORK=${WORK:-$(mktemp -d -t elig-national.XXXXXX)}
mkdir -p "$WORK"
export CCACHE_BASEDIR=$ROOT

say() { printf '%s\n' "$*" >&2; }

if [ -z "${NO_BUILD:-}" ]; then
  say "== build ($BUILD)"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DELIG_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target elig >/dev/null
fi
ELIG=$BUILD/cli/elig

"$ELIG" batch --rules "$ROOT/rules" --facts-schema >"$WORK/schema.json"
gen() {  # n: $WORK/n<n>.csv, made once
  local out=$WORK/n$1.csv
  if [ ! -s "$out" ]; then
    say "== data: $1 applicants for the facts of every shipped program ($out)"
    python3 "$ROOT/bench/gen_applicants.py" --schema "$WORK/schema.json" -n "$1" --seed 1 --csv "$out.part" 2>/dev/null
    mv "$out.part" "$out"
  fi
}
gen "$N"
gen "$COMPARE_N"

# One timed command: /usr/bin/time -v into $1, the rest is the command.
timed() {
  local log=$1
  shift
  if /usr/bin/time -v "$@" >"$log.out" 2>"$log"; then :; else echo "exit $?" >>"$log"; fi
}
batch() {  # csv out log [options]
  local csv=$1 out=$2 log=$3
  shift 3
  rm -f "$out" "$out-wal" "$out-shm"
  timed "$log" "$ELIG" batch --rules "$ROOT/rules" --input "$csv" --out "$out" --threads "$THREADS" --no-progress "$@"
  stat -c %s "$out" >"$log.size"
}
import() {  # csv out log
  rm -f "$2" "$2-wal" "$2-shm"
  timed "$3" sqlite3 "$2" "PRAGMA journal_mode=WAL" ".import --csv $1 applicants"
  stat -c %s "$2" >"$3.size"
}

# A work directory used before keeps its data; runs of an earlier invocation are removed, so
# the table counts only this one's.
rm -f "$WORK"/cmp-batch.[0-9]* "$WORK"/cmp-import.[0-9]* "$WORK"/national.[0-9]* "$WORK"/national-skip.[0-9]*
uptime >"$WORK/load.before"
say "== $COMPARE_N applicants: elig batch and sqlite3 .import into WAL, by turns ($RUNS each)"
for r in $(seq 1 "$RUNS"); do
  batch "$WORK/n$COMPARE_N.csv" "$WORK/cmp.db" "$WORK/cmp-batch.$r"
  import "$WORK/n$COMPARE_N.csv" "$WORK/cmp-import.db" "$WORK/cmp-import.$r"
done
say "== $N applicants x every shipped program ($RUNS runs each, with closed decisions kept and with --skip-closed, by turns)"
for r in $(seq 1 "$RUNS"); do
  batch "$WORK/n$N.csv" "$WORK/national.db" "$WORK/national.$r"
  batch "$WORK/n$N.csv" "$WORK/national-skip.db" "$WORK/national-skip.$r" --skip-closed
done
uptime >"$WORK/load.after"

python3 - "$WORK" "$N" "$COMPARE_N" "$THREADS" "$ROOT/bench" <<'PY'
import os, sys
sys.path.insert(0, sys.argv[5])
import benchlib
work, n, compare_n, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]

runs = lambda name: benchlib.series(work, name)
med = benchlib.median

def cell(rs):
    walls = sorted(r.wall for r in rs)
    cpus = [r.cpu for r in rs]
    return (f"{med(walls):.2f} s ({walls[0]:.2f}-{walls[-1]:.2f}), cpu {med(cpus):.2f} s, "
            f"{max(r.rss_mib for r in rs):.0f} MiB, {rs[0].size / 1e6:,.0f} MB" + ("" if all(r.ok for r in rs) else " (FAILED)"))

csv_size = {m: os.path.getsize(os.path.join(work, f"n{m}.csv")) for m in (n, compare_n)}
rows = []
b, i = runs("cmp-batch"), runs("cmp-import")
if b and i:
    ratio = med([r.wall for r in b]) / med([r.wall for r in i])
    rows.append((f"{compare_n:,} x every program, CSV -> SQLite, {threads} threads", cell(b), cell(i),
                 f"{ratio:.2f}x the import", "<= 1.0x .import", "yes" if ratio <= 1.0 else "NO"))
    grow = b[0].size / csv_size[compare_n]
    rows.append((f"  results file / input CSV ({csv_size[compare_n] / 1e6:,.0f} MB), closed kept", f"{grow:.2f}x", "", "",
                 "<= 1.5x", "yes" if grow <= 1.5 else "NO"))
for name, label in (("national", "closed kept"), ("national-skip", "--skip-closed")):
    rs = runs(name)
    if not rs:
        continue
    wall = med([r.wall for r in rs])
    # The targets are for 3.4 million; with another N the same rate is asked.
    target = 60 * n / 3_400_000
    ok = wall < target and max(r.rss_mib for r in rs) < 256 and all(r.ok for r in rs)
    rows.append((f"national: {n:,} x every program, {label}", cell(rs), "", f"{rs[0].size / csv_size[n]:.2f}x the CSV",
                 f"< {target:.0f} s, < 256 MiB", "yes" if ok else "NO"))

head = ("measure", "elig (median (range), cpu, peak RSS, file)", "sqlite3 .import (same CSV, by turns)", "ratio", "target", "met")
benchlib.print_table(head, rows)
for when in ("before", "after"):
    print(f"load {when}: " + open(os.path.join(work, f"load.{when}")).read().strip())
print(f"raw results: {work}")
PY
