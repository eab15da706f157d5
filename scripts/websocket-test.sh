#!/usr/bin/env bash
# The chat WebSocket suite (Tests/WebSocket, pytest + the `websockets` package) against a server binary.
#
#   usage: scripts/websocket-test.sh BINARY [pytest arguments…]
#
# Creates a virtualenv under ${TMPDIR:-/tmp}/ws-venv when missing, starts BINARY on a free loopback port
# with a temporary MEDIA_ROOT and SQLite database (tests insert tracks into that file), runs the suite,
# stops the server. FIXTURES_DIR defaults to Tests/Fixtures, as in the Makefile.
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 BINARY [pytest arguments…]" >&2; exit 2; }
BINARY="$(realpath "$1")"
shift
cd "$(dirname "$0")/.."
export FIXTURES_DIR="$(realpath "${FIXTURES_DIR:-Tests/Fixtures}")"

VENV="${TMPDIR:-/tmp}/ws-venv"
# sentry-sdk parses the error envelopes the server sends (test_sentry.py): a parser nobody here wrote.
if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c "import websockets, pytest, sentry_sdk" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q websockets pytest sentry-sdk
fi

workdir="$(mktemp -d)"
cleanup() {
  if [[ -n "${server_pid:-}" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

port="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
HOST=127.0.0.1 PORT="$port" LOG_LEVEL=info LOG_FORMAT=json \
  DATABASE_URL="sqlite:///$workdir/db.sqlite3" MEDIA_ROOT="$workdir/media" \
  "$BINARY" serve > "$workdir/server.log" 2>&1 &
server_pid=$!
# Ready once it logs "listening" (migrations are applied before that); at most 60 s.
for _ in $(seq 600); do
  grep -q listening "$workdir/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q listening "$workdir/server.log"; then
  echo "server did not start:" >&2
  cat "$workdir/server.log" >&2
  exit 1
fi

status=0
WS_BASE="ws://127.0.0.1:$port" DB_PATH="$workdir/db.sqlite3" SERVER_BINARY="$BINARY" \
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/WebSocket "$@" || status=$?
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "the server died during the suite:" >&2
  tail -20 "$workdir/server.log" >&2
  status=1
fi
exit "$status"
