#!/usr/bin/env bash
# WebSocket chat benchmark: question → done round trip (p50/p99) over 200 concurrent sockets with the
# local router, for this server and for the Hummingbird 2 reference peer in the same run (ws_bench.py,
# server on CPU 0, client on CPU 1), then this server's RSS holding 1,000 idle chat sockets (goal < 64 MB).
#
#   usage: scripts/bench-websocket.sh
#
# Environment: OURS_BIN (default .build/release/audio-server, built when missing), PEER_BIN (default
# .build-peer/release/peer, built when missing), CONNECTIONS (200), QUESTIONS (50 per socket),
# IDLE_SOCKETS (1000), FIXTURES_DIR (Tests/Fixtures; the track's analysis is a librosa reference).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="$(cd .. && pwd)/shared"
BENCH="$SHARED/tools/bench/ws_bench.py"
PEER_DIR="$SHARED/peers/hummingbird/peer"
OURS_BIN="${OURS_BIN:-.build/release/audio-server}"
PEER_BIN="${PEER_BIN:-.build-peer/release/peer}"
CONNECTIONS="${CONNECTIONS:-200}"
QUESTIONS="${QUESTIONS:-50}"
IDLE_SOCKETS="${IDLE_SOCKETS:-1000}"
FIXTURES_DIR="${FIXTURES_DIR:-Tests/Fixtures}"
TRACK_ID="00000000-0000-0000-0000-000000000001"

workdir="$(mktemp -d)"
cleanup() {
  for pid in "${ours_pid:-}" "${peer_pid:-}"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
  done
  rm -rf "$workdir"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

if [[ ! -x "$OURS_BIN" ]]; then
  echo "== building audio-server (release)"
  scripts/build-release.sh audio-server 2>&1 | tail -1
fi
if [[ ! -x "$PEER_BIN" ]]; then
  echo "== building the reference peer (release; a first build takes minutes)"
  swift build -c release --package-path "$PEER_DIR" --scratch-path .build-peer 2>&1 | tail -1
  PEER_BIN=.build-peer/release/peer
fi

echo "== starting servers (each on CPU 0, one event loop)"
ours_port="$(free_port)"
EVENT_LOOPS=1 HOST=127.0.0.1 PORT="$ours_port" LOG_LEVEL=warning LOG_FORMAT=json LLM_MODEL=local \
  DATABASE_URL="sqlite:///$workdir/db.sqlite3" MEDIA_ROOT="$workdir/media" \
  taskset -c 0 "$OURS_BIN" serve > "$workdir/ours.log" 2>&1 &
ours_pid=$!
peer_port="$(free_port)"
PORT="$peer_port" UPLOAD_DIR="$workdir/peer-uploads" PUBLIC_DIR="$SHARED/peers/hummingbird/Public" \
  taskset -c 0 "$PEER_BIN" > "$workdir/peer.log" 2>&1 &
peer_pid=$!
# LOG_LEVEL=warning hides the "listening" line: ready means its database is migrated (then /health/ answers).
python3 - "$workdir/db.sqlite3" "$TRACK_ID" "$FIXTURES_DIR/audio/click_120bpm.reference.json" <<'PY'
import json, sqlite3, sys, time
from datetime import datetime, timezone
path, track_id, reference = sys.argv[1:4]
with open(reference) as f:
    ref = json.load(f)
analysis = json.dumps({k: ref[k] for k in ("spectral", "temporal", "rhythm")})
deadline = time.monotonic() + 60
while True:  # the server creates and migrates the file at start
    try:
        db = sqlite3.connect(path, timeout=10)
        db.execute("SELECT 1 FROM tracks LIMIT 1")
        break
    except sqlite3.OperationalError:
        if time.monotonic() > deadline:
            sys.exit("the server did not migrate its database")
        time.sleep(0.05)
now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
with db:
    db.execute("INSERT INTO tracks (track_id, original_filename, filename, media_filename, size, sha256, format, status,"
               " status_message, analysis, created_at, analyzed_at) VALUES (?, 'bench.wav', 'bench.wav', ?, 1, ?, 'wav',"
               " 'ready', 'Analysis complete', ?, ?, ?)", (track_id, track_id + ".wav", "0" * 64, analysis, now, now))
PY
for port in "$ours_port" "$peer_port"; do
  timeout 60 bash -c "until curl -fs -o /dev/null http://127.0.0.1:$port/health/; do sleep 0.1; done"
done
echo "idle RSS: audio-server $(rss_mb "$ours_pid") MB, peer $(rss_mb "$peer_pid") MB"

bench() { # name port pid
  echo "== $1"
  python3 "$BENCH" "ws://127.0.0.1:$2" -n "$CONNECTIONS" -k "$QUESTIONS" --server-pid "$3" | tee "$workdir/$1.txt"
}
bench audio-server "$ours_port" "$ours_pid" || echo "(audio-server run reported errors)"
bench peer "$peer_port" "$peer_pid" || echo "(peer run reported errors)"

echo "== round trip (question → done)"
for name in audio-server peer; do
  awk -v n="$name" '/^rtt/ { printf "%-13s %s %s\n", n, $2, $3 }' "$workdir/$name.txt"
done

echo "== audio-server RSS with $IDLE_SOCKETS idle chat sockets"
python3 - "$ours_port" "$TRACK_ID" "$IDLE_SOCKETS" "$ours_pid" <<'PY'
import asyncio, base64, os, resource, sys
port, track, count, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 256)), hard))

def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024

async def open_socket(gate):
    async with gate:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write((f"GET /ws/chat/{track}/?api_key=dev-api-key HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                      "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101"), head[:40]
        header = await reader.readexactly(2)  # the status message's frame
        await reader.readexactly(header[1] & 0x7F)
        return writer

async def main():
    before = rss_mb()
    gate = asyncio.Semaphore(100)
    writers = await asyncio.gather(*(open_socket(gate) for _ in range(count)))
    await asyncio.sleep(1)  # let the server settle after the burst of handshakes
    held = rss_mb()
    print(f"RSS before {before:.1f} MB, with {len(writers)} idle sockets {held:.1f} MB "
          f"({(held - before) * 1024 / len(writers):.1f} KB per socket; goal < 64 MB)")
    for writer in writers:
        writer.close()

asyncio.run(main())
PY
