#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# HTTP benchmarks of `elig serve` with wrk on loopback (docs/performance.md, "elig serve"):
#   - GET /healthz: the HTTP floor of the same server in the same run;
#   - POST /v1/check, the W1 applicant against W1 alone (bench/w1/w1.yaml);
#   - POST /v1/screen, a Gunma applicant against every shipped program, ja explanations;
#   - beside them, `elig check` run as a process per request, as a script would call it;
#   - the server's resident memory over MEMORY_REQUESTS screenings (1,000,000 unless set;
#     0 skips it): VmRSS from /proc/PID/status every SAMPLE seconds (RSS_LOG=FILE keeps the
#     samples, "requests KiB" a line): before, after the first sample, largest and last.
#
#   bench/http.sh                          # Release build in build-bench/
#   ELIG=build-perf/cli/elig DURATION=20 CONNECTIONS=64 bench/http.sh
#   MEMORY_REQUESTS=0 RUNS=5 bench/http.sh # five runs of each figure, no memory run
#
# Needs: wrk (Debian `wrk`). Server and wrk share the machine: on 2 cores each figure is
# what is left after wrk's own share.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
RUNS=${RUNS:-1}
MEMORY_REQUESTS=${MEMORY_REQUESTS:-1000000}
SAMPLE=${SAMPLE:-2}
WORK=$(mktemp -d -t elig-http.XXXXXX)
export CCACHE_BASEDIR=$ROOT
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

if [ -z "${ELIG:-}" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target elig >/dev/null
  ELIG=$BUILD/cli/elig
fi

cat > "$WORK/w1.json" <<'JSON'
{"industry": "manufacturing", "capital": 20000000, "employees": 30, "prefecture": "群馬県", "years_in_business": 5,
 "exported_before": false, "taxable_income_avg": 10000000, "large_owner_share": "0.1", "expenses": 1500000}
JSON
cat > "$WORK/gunma.json" <<'JSON'
{"legal_form": "株式会社", "city": "高崎市", "exports_gunma_products": false, "fair_sales_only": false,
 "city_tax_arrears": false, "exhibits_alone": true, "head_office_in_japan": true, "one_company_one_tech": false,
 "fair_public_backing": true, "industry": "製造", "capital": "1,000万円", "employees": 30, "fair_location": "海外",
 "booth_fee": "385,555円", "decoration_fee": "16万円", "fair_contribution": 0, "gbizid_prime": true}
JSON
post_script() {  # a wrk script that POSTs the file $1 (a Lua long string: the bytes as they are)
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [==[%s]==]\n' "$(cat "$1")"
}
post_script "$WORK/w1.json" > "$WORK/w1.lua"
post_script "$WORK/gunma.json" > "$WORK/gunma.lua"

# Starts `elig serve --rules $1` on a free port; sets PORT and PID.
serve() {
  "$ELIG" serve --rules "$1" --listen 127.0.0.1:0 --threads "$THREADS" --as-of 2025-10-15 2> "$WORK/serve.log" >/dev/null &
  PID=$!
  for _ in $(seq 50); do
    PORT=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "$WORK/serve.log")
    [ -n "$PORT" ] && return
    sleep 0.1
  done
  echo "elig serve did not start" >&2
  exit 1
}
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$PID/status"; }
run() {  # name, wrk arguments...: RUNS runs, one line each
  local name=$1
  shift
  local out
  for _ in $(seq "$RUNS"); do
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
    printf '%-34s %10s req/s   p50 %-8s p99 %-8s\n' "$name" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
      "$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")"
  done
}

echo "elig serve: $CONNECTIONS connections, ${DURATION}s each, $THREADS server threads, $(nproc) cores"
serve "$ROOT/bench/w1"
curl -sf -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/v1/check?program=bench.w1" -d @"$WORK/w1.json" |
  grep -q '"outcome":"eligible"' || { echo "W1 check is not eligible" >&2; exit 1; }
run "GET /healthz (floor, W1 server)" "http://127.0.0.1:$PORT/healthz"
run "POST /v1/check W1, one program" -s "$WORK/w1.lua" "http://127.0.0.1:$PORT/v1/check?program=bench.w1"
kill "$PID"; wait "$PID" 2>/dev/null || true

serve "$ROOT/rules"
run "GET /healthz (floor, Gunma server)" "http://127.0.0.1:$PORT/healthz"
before=$(rss)
run "POST /v1/screen Gunma, 11 programs" -s "$WORK/gunma.lua" "http://127.0.0.1:$PORT/v1/screen?lang=ja"
after_one=$(rss)
run "POST /v1/screen again" -s "$WORK/gunma.lua" "http://127.0.0.1:$PORT/v1/screen?lang=ja"
after_two=$(rss)
echo "server RSS: ${before} KiB before the screening load, ${after_one} KiB after one run, ${after_two} KiB after two"
screened() { curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^elig_http_requests_total\{route="\/v1\/screen",status="200"\}/ {print $2}'; }
echo "screenings answered: $(screened)"
kill "$PID"; wait "$PID" 2>/dev/null || true

if [ "$MEMORY_REQUESTS" -gt 0 ]; then
  # A fresh server, MEMORY_REQUESTS screenings, and its resident memory sampled every SAMPLE
  # seconds with the count answered so far.
  serve "$ROOT/rules"
  echo "0 $(rss)" > "$WORK/rss"
  started=$(date +%s.%N)
  wrk -t2 -c"$CONNECTIONS" -d1h -s "$WORK/gunma.lua" "http://127.0.0.1:$PORT/v1/screen?lang=ja" > "$WORK/million.out" &
  load=$!
  while kill -0 "$load" 2>/dev/null; do
    sleep "$SAMPLE"
    n=$(screened)
    echo "${n:-0} $(rss)" >> "$WORK/rss"
    [ "${n:-0}" -ge "$MEMORY_REQUESTS" ] && break
  done
  ended=$(date +%s.%N)
  kill -INT "$load" 2>/dev/null || true
  wait "$load" 2>/dev/null || true
  # RSS before any request, after the first sample's worth (the pools and caches filled), the
  # largest, and at the end; KiB per 100,000 requests from the first sample on.
  awk -v t="$(python3 -c "print($ended-$started)")" '
    NR == 1 {first = $2} NR == 2 {warm_n = $1; warm = $2}
    {n = $1; last = $2; if ($2 > max) max = $2; count++}
    END {printf "server RSS over %d screenings (%.0f s, %d samples): before %.1f MiB, after %d %.1f MiB, largest %.1f MiB, last %.1f MiB (%+.1f KiB per 100,000 after the first sample)\n",
         n, t, count, first / 1024, warm_n, warm / 1024, max / 1024, last / 1024, (last - warm) * 100000 / (n - warm_n)}' "$WORK/rss"
  cp "$WORK/rss" "${RSS_LOG:-/dev/null}"
  kill "$PID"; wait "$PID" 2>/dev/null || true
fi

N=${PROCESSES:-200}
cp "$WORK/w1.json" "$WORK/w1-applicant.json"
start=$(date +%s.%N)
for _ in $(seq "$N"); do
  "$ELIG" check --rules "$ROOT/bench/w1" --program bench.w1 --applicant "$WORK/w1-applicant.json" --as-of 2025-10-15 --format json >/dev/null || true
done
end=$(date +%s.%N)
python3 -c "import sys; n=$N; t=$end-$start; print(f'{\"elig check, a process per request\":34s} {n/t:10.1f} req/s   ({t/n*1000:.1f} ms each, {n} runs in a row)')"
