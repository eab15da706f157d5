#!/usr/bin/env bash
# Metrics overhead (called by `make bench`): GET /health/ and GET /api/tracks/<id>/ with METRICS=true
# and METRICS=false, each server on CPU 0 with one event loop, wrk on CPU 1, alternated twice so
# drift in machine load hits both alike. Prints req/s, p99 and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="$(cd .. && pwd)/shared"
LUA="$SHARED/tools/bench/wrk_report.lua"
FIXTURE="${FIXTURES_DIR:-Tests/Fixtures}/audio/click_120bpm.wav"
PORT_BASE="${PORT_BASE:-18094}"
DURATION="${DURATION:-8s}"

workdir="$(mktemp -d)"
cleanup() { kill "${pid:-}" 2>/dev/null || true; rm -rf "$workdir"; }
trap cleanup EXIT
wait_up() { for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$1/health/" && return 0; sleep 0.1; done; echo "no server on $1" >&2; exit 1; }
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2"; }
measure() { # url [header]
  taskset -c 1 wrk -t1 -c64 -d1s ${2:+-H "$2"} "$1" > /dev/null 2>&1 || true
  local out; out="$(timeout 60 taskset -c 1 wrk -t1 -c64 -d"$DURATION" --timeout 5s -s "$LUA" ${2:+-H "$2"} "$1" 2>&1 || true)"
  grep '^WRK_RESULT' <<<"$out" || echo "WRK_RESULT rps=0 p99_ms=0 non2xx=?"
}

declare -A rps p99
for round in 1 2; do
  for metrics in true false; do
    offset=1; [[ $metrics == true ]] && offset=0
    port=$((PORT_BASE + round * 2 + offset))
    data="$workdir/$metrics-$round"
    mkdir -p "$data"
    METRICS=$metrics EVENT_LOOPS=1 ANALYSIS_WORKERS=1 PORT=$port HOST=127.0.0.1 LOG_LEVEL=warning \
      DATABASE_URL="sqlite:///$data/db.sqlite3" MEDIA_ROOT="$data/media" taskset -c 0 .build/release/audio-server serve \
      > "$data/server.log" 2>&1 &
    pid=$!
    wait_up "$port"
    kill -0 "$pid" 2>/dev/null || { echo "server exited at start:" >&2; cat "$data/server.log" >&2; exit 1; }
    id="$(curl -fs -H 'X-API-Key: dev-api-key' -F "file=@$FIXTURE" "http://127.0.0.1:$port/api/tracks/" | sed -n 's/.*"track_id":"\([^"]*\)".*/\1/p')"
    for _ in $(seq 1 100); do
      curl -fs -H 'X-API-Key: dev-api-key' "http://127.0.0.1:$port/api/tracks/$id/" | grep -q '"status":"ready"' && break; sleep 0.2
    done
    health="$(measure "http://127.0.0.1:$port/health/")"
    track="$(measure "http://127.0.0.1:$port/api/tracks/$id/" 'X-API-Key: dev-api-key')"
    rps[health-$metrics]=$(( ${rps[health-$metrics]:-0} + $(field rps "$health" | cut -d. -f1) ))
    rps[track-$metrics]=$(( ${rps[track-$metrics]:-0} + $(field rps "$track" | cut -d. -f1) ))
    p99[health-$metrics]="$(field p99_ms "$health")"
    p99[track-$metrics]="$(field p99_ms "$track")"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
echo "== metrics overhead: METRICS=true vs false, wrk -t1 -c64 -d$DURATION, two alternating rounds (goal: within 3 %)"
for route in health track; do
  on=$(( ${rps[$route-true]} / 2 )); off=$(( ${rps[$route-false]} / 2 ))
  printf '%-7s with %8d req/s (p99 %s ms) | without %8d req/s (p99 %s ms) | ratio %s\n' "$route" "$on" "${p99[$route-true]}" \
    "$off" "${p99[$route-false]}" "$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
done
