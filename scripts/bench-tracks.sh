#!/usr/bin/env bash
# Tracks benchmark: GET /api/tracks/<id>/ against the Hummingbird peer's same
# route (same wrk settings, servers on CPU 0, wrk on CPU 1), then the upload
# throughput of a 200 MB file with this server's RSS growth while it streams.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="$(cd .. && pwd)/shared"
LUA="$SHARED/tools/bench/wrk_report.lua"
PEER_DIR="$SHARED/peers/hummingbird/peer"
FIXTURE="${FIXTURES_DIR:-Tests/Fixtures}/audio/click_120bpm.wav"
OURS_PORT="${OURS_PORT:-18090}"
PEER_PORT="${PEER_PORT:-18091}"
DURATION="${DURATION:-10s}"
UPLOAD_MB="${UPLOAD_MB:-200}"

workdir="$(mktemp -d)"
cleanup() { kill "${ours_pid:-}" "${peer_pid:-}" "${sampler_pid:-}" 2>/dev/null || true; rm -rf "$workdir"; }
trap cleanup EXIT
wait_up() { for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$1/health/" && return 0; sleep 0.1; done; echo "no server on $1" >&2; exit 1; }
rss_kb() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }
wrk_line() { # url [header]
  local out; out="$(timeout 60 taskset -c 1 wrk -t1 -c64 -d"$DURATION" --timeout 5s -s "$LUA" ${2:+-H "$2"} "$1" 2>&1 || true)"
  grep '^WRK_RESULT' <<<"$out" || echo "WRK_RESULT rps=0 p99_ms=0 non2xx=?"
}
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2"; }

[[ -x .build-peer/release/peer ]] || swift build -c release --package-path "$PEER_DIR" --scratch-path .build-peer 2>&1 | tail -1
EVENT_LOOPS=1 ANALYSIS_WORKERS=1 PORT=$OURS_PORT HOST=127.0.0.1 LOG_LEVEL=warning MAX_UPLOAD_MB=$((UPLOAD_MB + 10)) \
  DATABASE_URL="sqlite:///$workdir/db.sqlite3" MEDIA_ROOT="$workdir/media" taskset -c 0 .build/release/audio-server serve \
  > "$workdir/ours.log" 2>&1 &
ours_pid=$!
PORT=$PEER_PORT UPLOAD_DIR="$workdir/peer" taskset -c 0 .build-peer/release/peer > "$workdir/peer.log" 2>&1 &
peer_pid=$!
wait_up "$OURS_PORT"; wait_up "$PEER_PORT"
# Another process already listening on a port would answer in our place: make sure ours is the one up.
for pid in "$ours_pid" "$peer_pid"; do
  kill -0 "$pid" 2>/dev/null || { echo "a server exited at start (port taken?):" >&2; cat "$workdir"/*.log >&2; exit 1; }
done

id="$(curl -fs -H 'X-API-Key: dev-api-key' -F "file=@$FIXTURE" "http://127.0.0.1:$OURS_PORT/api/tracks/" | sed -n 's/.*"track_id":"\([^"]*\)".*/\1/p')"
for _ in $(seq 1 100); do
  curl -fs -H 'X-API-Key: dev-api-key' "http://127.0.0.1:$OURS_PORT/api/tracks/$id/" | grep -q '"status":"ready"' && break; sleep 0.2
done
taskset -c 1 wrk -t1 -c64 -d1s -H 'X-API-Key: dev-api-key' "http://127.0.0.1:$OURS_PORT/api/tracks/$id/" > /dev/null 2>&1 || true
ours="$(wrk_line "http://127.0.0.1:$OURS_PORT/api/tracks/$id/" 'X-API-Key: dev-api-key')"
taskset -c 1 wrk -t1 -c64 -d1s "http://127.0.0.1:$PEER_PORT/api/tracks/00000000-0000-0000-0000-000000000001/" > /dev/null 2>&1 || true
peer="$(wrk_line "http://127.0.0.1:$PEER_PORT/api/tracks/00000000-0000-0000-0000-000000000001/")"
echo "== GET /api/tracks/<id>/ (a ready track, analysis included; SQLite), wrk -t1 -c64 -d$DURATION"
printf 'ours %9s req/s p99 %7s ms non2xx %s | peer %9s req/s p99 %7s ms | ratio %s\n' \
  "$(field rps "$ours")" "$(field p99_ms "$ours")" "$(field non2xx "$ours")" "$(field rps "$peer")" "$(field p99_ms "$peer")" \
  "$(awk -v a="$(field rps "$ours")" -v b="$(field rps "$peer")" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"

echo "== upload of a ${UPLOAD_MB} MB file (multipart, streamed to MEDIA_ROOT)"
head -c $((UPLOAD_MB * 1024 * 1024)) /dev/urandom > "$workdir/big.wav"
before="$(rss_kb $ours_pid)"
( peak=0; while kill -0 "$ours_pid" 2>/dev/null; do r="$(rss_kb $ours_pid)"; (( r > peak )) && peak=$r && echo "$peak" > "$workdir/peak"; sleep 0.02; done ) &
sampler_pid=$!
result="$(curl -s -o "$workdir/upload.json" -w '%{http_code} %{time_total} %{speed_upload}' -H 'X-API-Key: dev-api-key' \
  -F "file=@$workdir/big.wav" "http://127.0.0.1:$OURS_PORT/api/tracks/")"
kill "$sampler_pid" 2>/dev/null || true
read -r code seconds speed <<<"$result"
peak="$(cat "$workdir/peak" 2>/dev/null || echo "$before")"
# Random bytes are not audio: the probe answers 422 after the whole body was streamed, hashed and fsynced.
printf 'status %s (422 expected: random bytes), %.1f MB/s, %.2f s; RSS %d MB before, peak %d MB, growth %d MB (goal < 16 MB)\n' \
  "$code" "$(awk -v s="$speed" 'BEGIN { print s / 1048576 }')" "$seconds" $((before / 1024)) $((peak / 1024)) $(((peak - before) / 1024))
