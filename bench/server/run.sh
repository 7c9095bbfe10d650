#!/usr/bin/env bash
# Server benchmark with wrk on 127.0.0.1 against `wow-inspector serve` over a seeded database.
#   bench/server/run.sh [--quick] [--shape demo|after-commands|adversarial]
#     quick: 2 000 aggregates, 3 s per route; full: 100 000 aggregates, 15 s per route
#     shape: demo (the demo seed, default); after-commands (the demo seed, then bench_engine's
#     creates and prepares); adversarial (nine in ten failures PREPARED, timeouts straddling now)
# Prints requests/s and p99 latency per route, and the ratio to the fixed-response route.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/server"
"$ROOT/scripts/setup.sh"
command -v wrk >/dev/null || { echo "installing wrk" >&2; apt-get install -y -qq wrk >&2; }
APP="${WCI_BUILD_DIR:-$ROOT/build}/app/wow-inspector"
BENCH_ENGINE="${WCI_BUILD_DIR:-$ROOT/build}/bench/engine/bench_engine"
COUNT=100000; DURATION=15; SHAPE=demo
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) COUNT=2000; DURATION=3 ;;
    --shape) SHAPE="$2"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
case "$SHAPE" in demo|after-commands|adversarial) ;; *) echo "--shape must be demo, after-commands or adversarial" >&2; exit 2 ;; esac
WORK="$(mktemp -d)"
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
NOW=1767225600000
DB="${WCI_BENCH_DB:-$WORK/bench.db}"
if [ ! -f "$DB" ]; then
  case "$SHAPE" in
    demo) "$APP" seed --db "$DB" --count "$COUNT" --seed 21 --now "$NOW" 2>&1 | tail -1 ;;
    # bench_engine seeds (at the same `now`) and, but for --analytics-only, runs its commands.
    after-commands) "$BENCH_ENGINE" --count "$COUNT" --db "$DB" --shape after-commands --no-scan | grep -E "^(seed|create|prepare)" ;;
    adversarial) "$BENCH_ENGINE" --count "$COUNT" --db "$DB" --shape adversarial --analytics-only --no-scan | grep -E "^seed" ;;
  esac
fi
"$APP" serve --db "$DB" --port 0 > "$WORK/serve.out" 2>&1 &
SERVER=$!
for _ in $(seq 50); do grep -q "Serving" "$WORK/serve.out" && break; sleep 0.1; done
PORT=$(grep -o '127.0.0.1:[0-9]*' "$WORK/serve.out" | cut -d: -f2)
URL="http://127.0.0.1:$PORT"
# Ids for the state reads and the prepares (aggregates of the "To retry" category).
python3 - "$URL" "$WORK/ids.txt" <<'PY'
import json, sys, urllib.request
url, out = sys.argv[1], sys.argv[2]
ids, last = [], ""
while len(ids) < 20000:
    cond = {"operator": "AND", "children": [
        {"field": "state.recoverable", "operator": "IN", "value": ["RECOVERABLE", "UNKNOWN"]},
        {"field": "state.isRetryable", "operator": "EQ", "value": True},
        {"field": "state.status", "operator": "EQ", "value": "FAILED"},
        {"field": "aggregateId", "operator": "GT", "value": last}]}
    body = json.dumps({"condition": cond, "limit": 1000, "sort": [{"field": "aggregateId", "direction": "ASC"}]}).encode()
    req = urllib.request.Request(url + "/execution_failed/snapshot/list/state", body, {"Content-Type": "application/json"})
    page = json.load(urllib.request.urlopen(req))
    if not page: break
    ids += [s["id"] for s in page]
    last = ids[-1]
open(out, "w").write("\n".join(ids) + "\n")
print(f"{len(ids)} ids of failures to retry", file=sys.stderr)
PY
run() { # name, wrk args...
  local name=$1; shift
  local out; out=$(wrk -t2 -c32 -d"${DURATION}s" --latency "$@" "$URL" 2>&1)
  local rps p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf "%-44s %10s req/s   p99 %8s   non-2xx %s\n" "$name" "$rps" "$p99" "${non2xx:-0}"
  echo "$rps" > "$WORK/$name.rps"
}
echo "wrk -t2 -c32 -d${DURATION}s against $COUNT aggregates, shape $SHAPE ($(nproc) cores, server and wrk on the same machine)"
run ping -s "$HERE/wrk_ping.lua"
WCI_NOW=$NOW run paged_state -s "$HERE/wrk_paged.lua"
WCI_IDS="$WORK/ids.txt" WCI_MODE=state run state -s "$HERE/wrk_ids.lua"
WCI_IDS="$WORK/ids.txt" WCI_MODE=prepare run prepare -s "$HERE/wrk_ids.lua"
ping=$(cat "$WORK/ping.rps")
for r in paged_state state prepare; do
  awk -v a="$(cat "$WORK/$r.rps")" -v b="$ping" -v n="$r" 'BEGIN { printf "%-12s %5.1f%% of the fixed-response route\n", n, 100*a/b }'
done
