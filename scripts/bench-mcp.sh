#!/usr/bin/env bash
# MCP tools/call round trips per second (get_track on an analysed track) against a throwaway server.
#
#   usage: scripts/bench-mcp.sh [BINARY]
#
# BINARY defaults to .build/release/audio-server. Environment: CONNECTIONS (4), DURATION (5 seconds),
# FIXTURES_DIR (Tests/Fixtures). Only the standard library's HTTP client is used.
set -euo pipefail
cd "$(dirname "$0")/.."
BINARY="$(realpath "${1:-.build/release/audio-server}")"
FIXTURES_DIR="$(realpath "${FIXTURES_DIR:-Tests/Fixtures}")"
source scripts/lib/throwaway-server.sh

start_throwaway_server "$BINARY"
track_id="$(curl -sf -H "X-API-Key: $API_KEY" -F "file=@$FIXTURES_DIR/audio/click_120bpm.wav" "$BASE_URL/api/tracks/" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["track_id"])')"
# The short fixture is analysed in well under a second; at most 60 s.
for _ in $(seq 600); do
  status="$(curl -sf -H "X-API-Key: $API_KEY" "$BASE_URL/api/tracks/$track_id/" | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])')"
  [[ "$status" == ready ]] && break
  sleep 0.1
done
[[ "$status" == ready ]] || { echo "bench-mcp: the fixture was not analysed" >&2; exit 1; }
python3 scripts/mcp-bench.py "$BASE_URL" "$API_KEY" "$track_id" "${CONNECTIONS:-4}" "${DURATION:-5}"
server_still_running
