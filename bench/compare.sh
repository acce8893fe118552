#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# This tree against an earlier build of elig, by turns on the same machine: the fast path and
# the compact explanation (elig_bench, W1, one thread) and the 1,000,000-row W1 CSV batch
# (elig batch to SQLite). Each turn runs both builds, the earlier one first on odd turns and
# second on even ones, so a machine that drifts weighs on both alike; the table gives each
# build's median (range) and the paired ratio of speeds, turn by turn.
#
#   BEFORE=/path/to/earlier/build bench/compare.sh
#   BEFORE=… TURNS=7 N=1000000 bench/compare.sh
#
# BEFORE is the earlier commit's build directory, configured as bench/run.sh configures one
# (Release, -DELIG_BUILD_BENCH=ON; it holds cli/elig and bench/elig_bench), or a directory
# holding `elig` and `elig_bench` side by side. To make one:
#   git worktree add /tmp/elig-before COMMIT
#   cmake -S /tmp/elig-before -B /tmp/elig-before/build -DCMAKE_BUILD_TYPE=Release -DELIG_BUILD_BENCH=ON
#   cmake --build /tmp/elig-before/build -j2 --target elig elig_bench
# The target is "no more than 5% slower": the median paired ratio of speeds at least 0.95.
# Needs what bench/run.sh needs. Run it on a quiet machine.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
BEFORE=${BEFORE:?"BEFORE: the earlier build directory (see the top of this script)"}
N=${N:-1000000}
TURNS=${TURNS:-5}
THREADS=${THREADS:-2}
WORK=${WORK:-$(mktemp -d -t elig-compare.XXXXXX)}
mkdir -p "$WORK"
AS_OF=2026-06-01
export CCACHE_BASEDIR=$ROOT

say() { printf '%s\n' "$*" >&2; }
pick() {  # the first of the paths that is an executable file
  for p in "$@"; do
    if [ -x "$p" ]; then echo "$p"; return; fi
  done
  say "compare.sh: none of $* is an executable file"; exit 64
}

if [ -z "${NO_BUILD:-}" ]; then
  say "== build ($BUILD)"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DELIG_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target elig w1_tool elig_bench >/dev/null
fi
declare -A ELIG BENCH
ELIG[now]=$BUILD/cli/elig
BENCH[now]=$BUILD/bench/elig_bench
ELIG[before]=$(pick "$BEFORE/cli/elig" "$BEFORE/elig")
BENCH[before]=$(pick "$BEFORE/bench/elig_bench" "$BEFORE/elig_bench")

say "== data ($WORK): $N W1 applicants (CSV)"
"$BUILD/bench/w1_tool" gen "$N" 7 csv >"$WORK/w1.csv"

uptime >"$WORK/load.before"
for t in $(seq 1 "$TURNS"); do
  if [ $((t % 2)) = 1 ]; then order="before now"; else order="now before"; fi
  say "== turn $t of $TURNS ($order)"
  for who in $order; do
    "${BENCH[$who]}" --benchmark_filter='^BM_W1_(Fast|ExplainCompact)$' --benchmark_format=json \
      >"$WORK/$who-bench.$t.json" 2>"$WORK/$who-bench.$t.err"
    rm -f "$WORK/$who.db" "$WORK/$who.db-wal" "$WORK/$who.db-shm"
    if /usr/bin/time -v "${ELIG[$who]}" batch --rules "$ROOT/bench/w1" --input "$WORK/w1.csv" --out "$WORK/$who.db" \
         --threads "$THREADS" --as-of "$AS_OF" --no-progress >"$WORK/$who-batch.$t.out" 2>"$WORK/$who-batch.$t"; then :
    else echo "exit $?" >>"$WORK/$who-batch.$t"; fi
  done
done
uptime >"$WORK/load.after"

python3 - "$WORK" "$N" "$TURNS" "$BEFORE" "$ROOT/bench" <<'PY'
import json, os, sys
work, n, turns, before_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, sys.argv[5])
import benchlib

def rate(who, turn, name):  # items per second of one benchmark in one turn, or None
    try:
        with open(os.path.join(work, f"{who}-bench.{turn}.json")) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    for b in data.get("benchmarks", []):
        if b.get("run_name", b["name"]).split("/")[0] == name:
            return b.get("items_per_second")
    return None

def speed_of_batch(who, turn):  # applicants per second of wall time, or None when it failed
    t = benchlib.timed(os.path.join(work, f"{who}-batch.{turn}"))
    return n / t.wall if t and t.ok and t.wall > 0 else None

def fmt_rate(r):
    return f"{r / 1e6:.2f} M/s" if r >= 1e6 else f"{r / 1e3:.1f} k/s"

def fmt_secs(r):  # a batch speed shown as its wall time
    return f"{n / r:.2f} s"

measures = [("fast path (BM_W1_Fast, 1 thread)", lambda who, t: rate(who, t, "BM_W1_Fast"), fmt_rate),
            ("compact explanation (BM_W1_ExplainCompact)", lambda who, t: rate(who, t, "BM_W1_ExplainCompact"), fmt_rate),
            (f"batch {n:,} W1 CSV -> SQLite, wall", speed_of_batch, fmt_secs)]
rows = []
for label, get, show in measures:
    pairs = [(get("before", t), get("now", t)) for t in range(1, turns + 1)]
    pairs = [(b, w) for b, w in pairs if b and w]
    if not pairs:
        rows.append((label, "n/a", "n/a", "n/a", ">= 0.95", "n/a"))
        continue
    befores, nows = sorted(b for b, _ in pairs), sorted(w for _, w in pairs)
    ratios = sorted(w / b for b, w in pairs)
    med = benchlib.median(ratios)
    cell = lambda vs: f"{show(benchlib.median(vs))} ({show(vs[0])}-{show(vs[-1])})"
    if show is fmt_secs:  # a time: the fastest is the smallest
        cell = lambda vs: f"{show(benchlib.median(vs))} ({show(vs[-1])}-{show(vs[0])})"
    rows.append((label, cell(befores), cell(nows), f"{med:.2f} ({ratios[0]:.2f}-{ratios[-1]:.2f})", ">= 0.95",
                 "yes" if med >= 0.95 else "NO"))
head = ("measure", f"before ({before_dir})", "this tree", "speed now / before, paired by turn", "target", "met")
benchlib.print_table(head, rows)
print(f"\n{turns} turns, each running both builds (the earlier one first on odd turns); medians (range).")
for when in ("before", "after"):
    print(f"load {when}: " + open(os.path.join(work, f"load.{when}")).read().strip())
print(f"raw results: {work}")
PY
