#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The benchmarks in one table, each elig figure beside the hand-written
# C++ baseline for W1 (bench/w1/w1.hpp) measured in the same run.
#
#   bench/run.sh                 # builds Release into build-bench/, 1,000,000 applicants
#   BUILD=build-perf N=100000 bench/run.sh
#   RUNS=5 bench/run.sh          # elig batch 5 times per input (default 3), the median shown
#   NATIONAL_N=200000 bench/run.sh   # the national row (bench/national.sh) on fewer applicants; 0 leaves it out
#   BEFORE=DIR bench/run.sh      # also this tree against an earlier build, by turns (bench/compare.sh)
#
# Needs: cmake, a C++ compiler, libbenchmark-dev, python3, /usr/bin/time (package `time`).
# Figures depend on the machine and on what else runs on it: run it on a quiet one.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
N=${N:-1000000}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}  # elig batch runs per input: the machine's speed drifts, the median is reported
WORK=${WORK:-$(mktemp -d -t elig-bench.XXXXXX)}
mkdir -p "$WORK"
AS_OF=2026-06-01
export CCACHE_BASEDIR=$ROOT

say() { printf '%s\n' "$*" >&2; }

say "== build ($BUILD)"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DELIG_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target elig w1_tool elig_bench >/dev/null
ELIG=$BUILD/cli/elig
TOOL=$BUILD/bench/w1_tool

say "== data ($WORK): $N W1 applicants, CSV and JSON Lines; 1,000 program files"
"$TOOL" gen "$N" 7 csv >"$WORK/w1.csv"
"$TOOL" gen "$N" 7 jsonl >"$WORK/w1.jsonl"
"$TOOL" gen $((N / 10)) 7 csv >"$WORK/w1-tenth.csv"
"$TOOL" gen 1 7 csv >"$WORK/one.csv"
"$TOOL" programs "$ROOT/rules" 1000 "$WORK/programs" >/dev/null

say "== in-process benchmarks (Google Benchmark)"
ELIG_BENCH_PROGRAMS="$WORK/programs" "$BUILD/bench/elig_bench" --benchmark_repetitions=3 \
  --benchmark_format=json >"$WORK/bench.json" 2>"$WORK/bench.err"

say "== baseline end to end (read + parse + decide, one thread)"
"$TOOL" baseline "$WORK/w1.csv" >"$WORK/baseline-csv.json"
"$TOOL" baseline "$WORK/w1.jsonl" >"$WORK/baseline-jsonl.json"

# elig batch: wall seconds and peak memory from /usr/bin/time -v.
batch() {  # input out log
  rm -f "$2"
  if /usr/bin/time -v "$ELIG" batch --rules "$ROOT/bench/w1" --input "$1" --out "$2" --threads "$THREADS" \
       --as-of "$AS_OF" --no-progress >"$3.out" 2>"$3"; then :; else echo "exit $?" >>"$3"; fi
}
if "$ELIG" batch --help >/dev/null 2>&1; then
  say "== elig batch, $THREADS threads, to SQLite ($RUNS runs each, alternating; the median is shown)"
  # Runs of an earlier invocation in the same WORK are removed: the table counts this one's.
  rm -f "$WORK"/batch-csv.time.[0-9]* "$WORK"/batch-jsonl.time.[0-9]* "$WORK"/batch-tenth.time.[0-9]*
  for r in $(seq 1 "$RUNS"); do
    batch "$WORK/w1.csv" "$WORK/csv.db" "$WORK/batch-csv.time.$r"
    batch "$WORK/w1.jsonl" "$WORK/jsonl.db" "$WORK/batch-jsonl.time.$r"
  done
  batch "$WORK/w1-tenth.csv" "$WORK/tenth.db" "$WORK/batch-tenth.time.1"
else
  say "   (elig batch is not built: its rows stay empty)"
fi

say "== compile: g++ -O2 of the hand-written W1 (the baseline's way to change a rule)"
printf '#include "w1/w1.hpp"\nint main(){return w1::Decide(w1::Generate(7,0)).eligible;}\n' >"$WORK/w1_main.cpp"
"$TOOL" time 3 -- "${CXX:-c++}" -O2 -std=c++20 -I"$ROOT/bench" -o "$WORK/w1_main" "$WORK/w1_main.cpp" >"$WORK/gxx.json"

say "== process latency: elig check of one applicant on the shipped rules, and the baseline on one"
APPLICANT=$ROOT/examples/gunma-maker.yaml
"$TOOL" time 21 -- "$ELIG" check --rules "$ROOT/rules" --applicant "$APPLICANT" --as-of "$AS_OF" >"$WORK/check.json"
"$TOOL" time 21 -- "$TOOL" baseline "$WORK/one.csv" >"$WORK/one.json"

python3 - "$WORK" "$N" "$THREADS" "$ROOT/bench" <<'PY'
import json, os, sys
sys.path.insert(0, sys.argv[4])
import benchlib
work, n, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def load(name):
    try:
        with open(os.path.join(work, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None

bench = {}
runs = {}  # every repetition's rate, for the range
data = load("bench.json") or {"benchmarks": []}
for b in data["benchmarks"]:
    name = b["run_name"].split("/")[0]
    if b.get("aggregate_name") == "median":
        bench[name] = b
    elif b.get("run_type") == "iteration" and "items_per_second" in b:
        runs.setdefault(name, []).append(b["items_per_second"])

def rate(name):
    b = bench.get(name)
    return b.get("items_per_second") if b else None

def batch_runs(name):  # every run of `name`: the median wall seconds, the peak MiB, all ok, the range
    rs = benchlib.series(work, name)
    if not rs:
        return None
    walls = sorted(r.wall for r in rs)
    return walls[len(walls) // 2], max(r.rss_mib for r in rs), all(r.ok for r in rs), walls[0], walls[-1]

def fmt_rate(r):
    return "n/a" if r is None else f"{r / 1e6:.2f} M/s" if r >= 1e6 else f"{r / 1e3:.1f} k/s"

def fmt_range(name):
    r = runs.get(name)
    return f" ({min(r) / 1e6:.2f}-{max(r) / 1e6:.2f} M/s)" if r and len(r) > 1 else ""

rows = []
# The fast path against the hand-written if-chain over the same 1,000,000 applicants held in
# memory (structs for one, the facts packed up front for the other): the ratio is the target.
# The same over the bound Values (DecideFast, without packing) is shown beside it.
base_1m = rate("BM_W1_Baseline1M")
for label, name, target in [("fast path over packed facts vs hand-written, the same 1,000,000 in memory (W1, 1 thread)",
                             "BM_W1_Packed1M", 0.5),
                            ("  DecideFast over the bound Values, the same 1,000,000", "BM_W1_Fast1M", None)]:
    r = rate(name)
    share = r / base_1m if r and base_1m else None
    rows.append((label, fmt_rate(r) + fmt_range(name), fmt_rate(base_1m) + fmt_range("BM_W1_Baseline1M"),
                 "n/a" if share is None else f"{share:.0%} of the baseline",
                 "" if target is None else ">= 50% of the baseline",
                 "" if target is None else "n/a" if share is None else "yes" if share >= target else "NO"))
base_rate = rate("BM_W1_Baseline")
for label, name, target in [("evaluation, fast path over packed facts (W1, 1 thread; 4,096 in cache: the distance to the limit)", "BM_W1_Packed", 10e6),
                            ("evaluation, DecideFast over the bound Values (W1, 1 thread; 4,096 in cache)", "BM_W1_Fast", 10e6),
                            ("full explanation: traced Decide + compact decision JSON", "BM_W1_ExplainCompact", 1e6),
                            ("  the same with the texts in: traced Decide + RenderJson", "BM_W1_Explain", None),
                            ("  traced Decide alone (no JSON)", "BM_W1_Traced", None)]:
    r = rate(name)
    ratio = f"{base_rate / r:.1f}x slower" if r and base_rate else "n/a"
    met = "" if target is None else ("yes" if r and r >= target else "NO")
    rows.append((label, fmt_rate(r), fmt_rate(base_rate), ratio,
                 "" if target is None else f">= {fmt_rate(target)}", met))

for label, timefile, basefile, target in [(f"batch {n:,} CSV -> SQLite, {threads} threads", "batch-csv.time", "baseline-csv.json", 3.0),
                                          (f"batch {n:,} JSON Lines -> SQLite, {threads} threads", "batch-jsonl.time", "baseline-jsonl.json", 4.0)]:
    t = batch_runs(timefile)
    base = load(basefile)
    # The issue's targets are for 1,000,000 applicants; with another N the same rate is asked.
    scaled = target * n / 1_000_000
    target_text = f"< {target:.0f} s" if n == 1_000_000 else f"< {scaled:.2f} s ({target:.0f} s per 1M)"
    if t:
        secs, mib, ok, low, high = t
        spread = f" ({low:.2f}-{high:.2f})" if high > low else ""
        cell = f"{secs:.2f} s{spread}, {mib:.0f} MiB" + ("" if ok else " (failed)")
        ratio = f"{secs / base['seconds']:.1f}x slower" if base else "n/a"
        met = "yes" if ok and secs < scaled else "NO"
    else:
        cell, ratio, met = "not measured (no elig batch)", "n/a", "n/a"
    rows.append((label, cell, f"{base['seconds']:.2f} s" if base else "n/a", ratio, target_text, met))
tenth = batch_runs("batch-tenth.time")
full = batch_runs("batch-csv.time")
if tenth and full:
    rows.append((f"  memory: peak at {n // 10:,} vs {n:,} (CSV)", f"{tenth[1]:.0f} -> {full[1]:.0f} MiB", "", "", "flat",
                 "yes" if full[1] < tenth[1] * 1.5 + 16 else "NO"))

comp = bench.get("BM_Compile")
gxx = load("gxx.json")
if comp:
    secs = comp["real_time"] / 1000.0 if comp.get("time_unit") == "ms" else comp["real_time"] / 1e9
    cpu = comp["cpu_time"] / 1000.0 if comp.get("time_unit") == "ms" else comp["cpu_time"] / 1e9
    gx = gxx["median_ms"] / 1000.0 if gxx else None
    rows.append(("compile 1,000 program files (load+check+compile)", f"{secs:.2f} s (cpu {cpu:.2f} s)",
                 f"{gx:.2f} s for 1 program" if gx else "n/a", f"{gx * 1000 / secs:.0f}x faster per program" if gx else "n/a",
                 "< 1 s", "yes" if secs < 1.0 else "NO"))
else:
    rows.append(("compile 1,000 program files", "n/a", "n/a", "n/a", "< 1 s", "n/a"))

check, one = load("check.json"), load("one.json")
if check:
    rows.append(("elig check: 1 applicant, all shipped programs", f"{check['median_ms']:.1f} ms (exit {check['exit']})",
                 f"{one['median_ms']:.1f} ms" if one else "n/a",
                 f"{check['median_ms'] / one['median_ms']:.1f}x slower" if one else "n/a", "< 20 ms",
                 "yes" if check["median_ms"] < 20 else "NO"))

head = ("measure", "elig", "baseline (same run)", "ratio", "target", "met")
benchlib.print_table(head, rows)
print(f"\nbaseline: the hand-written C++ struct + if-chain of bench/w1/w1.hpp (evaluation {fmt_rate(base_rate)} in cache,"
      f" {fmt_rate(base_1m)} over 1,000,000 in memory); its end-to-end rows read and parse the same files on one thread."
      f" Rates: median of 3 repetitions (range).")
print(f"raw results: {work}")
PY

# The national row: every shipped program over NATIONAL_N applicants (default 3,400,000),
# and the comparison with sqlite3 .import, from bench/national.sh.
if [ "${NATIONAL_N:-3400000}" != 0 ]; then
  echo
  NO_BUILD=1 BUILD=$BUILD WORK=$WORK/national RUNS=$RUNS "$ROOT/bench/national.sh"
fi

# This tree against an earlier build, by turns: the fast path, the compact explanation and
# the W1 CSV batch (bench/compare.sh).
if [ -n "${BEFORE:-}" ]; then
  echo
  NO_BUILD=1 BUILD=$BUILD WORK=$WORK/compare N=$N THREADS=$THREADS "$ROOT/bench/compare.sh"
fi
