#!/usr/bin/env bash
# HTTP benchmark: this server and the Hummingbird 2 reference peer, measured in
# the same run with the same wrk settings, each with one event loop pinned to
# CPU 0 and wrk on CPU 1. Prints requests/s, p99 and the ratio per route, and
# this server's idle RSS. `make bench` first builds the release binary as the
# Dockerfile does (scripts/build-release.sh), so these are the deployed figures.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="$(cd .. && pwd)/shared"
BENCH="$SHARED/tools/bench/http_bench.sh"
PEER_DIR="$SHARED/peers/hummingbird/peer"
OURS_PORT="${OURS_PORT:-18080}"
PEER_PORT="${PEER_PORT:-18081}"
export DURATION="${DURATION:-10s}"

cleanup() { kill "${ours_pid:-}" "${peer_pid:-}" 2>/dev/null || true; rm -rf "${workdir:-}"; }
trap cleanup EXIT
workdir="$(mktemp -d)"

wait_up() { for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$1/health/" && return 0; sleep 0.1; done; echo "server on $1 did not start" >&2; exit 1; }
rss_kb() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }

echo "== building the reference peer (release; first build takes minutes)"
swift build -c release --package-path "$PEER_DIR" --scratch-path .build-peer 2>&1 | tail -1

echo "== starting servers"
EVENT_LOOPS=1 PORT=$OURS_PORT HOST=127.0.0.1 LOG_LEVEL=info DATABASE_URL="sqlite:///$workdir/db.sqlite3" \
  MEDIA_ROOT="$workdir/media" taskset -c 0 .build/release/audio-server serve > "$workdir/ours.log" 2>&1 &
ours_pid=$!
PORT=$PEER_PORT UPLOAD_DIR="$workdir/peer-uploads" PUBLIC_DIR="$SHARED/peers/hummingbird/Public" \
  taskset -c 0 .build-peer/release/peer > "$workdir/peer.log" 2>&1 &
peer_pid=$!
wait_up "$OURS_PORT"; wait_up "$PEER_PORT"
# Another process already listening on a port would answer in our place: make sure ours is the one up.
for pid in "$ours_pid" "$peer_pid"; do
  kill -0 "$pid" 2>/dev/null || { echo "a server exited at start (port taken?):" >&2; cat "$workdir"/*.log >&2; exit 1; }
done
sleep 1
echo "idle RSS of audio-server serve (the release build that ships): $(awk -v k="$(rss_kb $ours_pid)" 'BEGIN { printf "%.1f", k / 1024 }') MB (goal <= 25 MB)"

run() { # name port endpoints pid
  ENDPOINTS="$3" SERVER_PID="$4" "$BENCH" "http://127.0.0.1:$2" 2>/dev/null | tee "$workdir/$1.txt"
}
echo "== audio-server"
run ours "$OURS_PORT" "/health/ / /api/health/" "$ours_pid"
echo "== hummingbird peer"
run peer "$PEER_PORT" "/health/ / /api/tracks/00000000-0000-0000-0000-000000000001/" "$peer_pid"

echo "== ratio (audio-server / peer; the JSON row pairs our /api/health/ with the peer's canned track JSON,"
echo "   a stored track against the peer's is in scripts/bench-tracks.sh)"
paste <(grep -v '^#' "$workdir/ours.txt" | tail -n +2) <(grep -v '^#' "$workdir/peer.txt" | tail -n +2) | \
  awk '{ label = ($1 == $8) ? $1 : "JSON route"
         printf "%-14s ours %9s req/s p99 %6s ms | peer %9s req/s p99 %6s ms | ratio %.2f\n", label, $2, $4, $9, $11, ($9 > 0 ? $2 / $9 : 0) }'
