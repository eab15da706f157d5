#!/usr/bin/env bash
# Browser tests of the web app in Public/, driven by Selenium and Debian's
# headless Chromium against a real server binary.
#
#   scripts/browser-test.sh path/to/audio-server [pytest arguments…]
#
# Starts the server on a free loopback port with a throwaway MEDIA_ROOT and
# SQLite database, runs Tests/Browser with pytest, then stops the server.
# The tests restart, stop or start the server (same port, database and media) through
#   scripts/browser-test.sh restart-server | stop-server | start-server
# which read the running instance's state from BROWSER_TEST_STATE.
# Screenshots and the server log go to ${ARTIFACTS_DIR:-artifacts/browser}/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF="$ROOT/scripts/$(basename "${BASH_SOURCE[0]}")"
VENV="${TMPDIR:-/tmp}/browser-venv"
PY="$VENV/bin/python"

log() { echo "browser-test: $*" >&2; }

# Starts the server described by $BROWSER_TEST_STATE/config and waits until it answers.
start_server() {
  local state=$BROWSER_TEST_STATE
  # shellcheck source=/dev/null
  source "$state/config"
  (
    cd "$state"
    exec env HOST=127.0.0.1 PORT="$PORT" MEDIA_ROOT="$state/media" \
      DATABASE_URL="sqlite:///$state/db.sqlite3" LOG_LEVEL=warning PUBLIC_DIR="$ROOT/Public" \
      SHUTDOWN_GRACE_SECONDS=2 "$SERVER_BIN" serve >>"$SERVER_LOG" 2>&1 </dev/null
  ) &
  echo $! >"$state/pid"
  # Not a job of this shell: no "Killed" notice after pytest's summary line.
  disown
  "$PY" - "$PORT" "$(cat "$state/pid")" <<'PY'
import os, sys, time, urllib.request
port, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit("browser-test: the server exited during start-up (see its log)")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health/", timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit("browser-test: the server did not answer /api/health/ within 60 s")
PY
}

# Stops the running server with SIGTERM (SIGKILL after 20 s) and waits for it to exit.
stop_server() {
  local pidfile=$BROWSER_TEST_STATE/pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  rm -f "$pidfile"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "server $pid ignored SIGTERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

case "${1:-}" in
  restart-server|stop-server|start-server)
    : "${BROWSER_TEST_STATE:?$1 needs BROWSER_TEST_STATE from a running browser-test.sh}"
    [ "$1" = start-server ] || stop_server
    [ "$1" = stop-server ] || start_server
    exit 0
    ;;
esac

SERVER_BIN=${1:?usage: scripts/browser-test.sh path/to/audio-server [pytest args…]}
shift
SERVER_BIN=$(cd "$(dirname "$SERVER_BIN")" && pwd)/$(basename "$SERVER_BIN")
[ -x "$SERVER_BIN" ] || { log "not an executable: $SERVER_BIN"; exit 2; }
: "${FIXTURES_DIR:?FIXTURES_DIR must point at the test fixtures}"
[ -d "$FIXTURES_DIR/audio" ] || { log "no audio fixtures in $FIXTURES_DIR"; exit 2; }

# Debian's Chromium and its driver; Selenium and pytest in a virtualenv outside the repository.
if ! command -v chromium >/dev/null || [ ! -x /usr/bin/chromedriver ]; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2
fi
[ -x "$PY" ] || python3 -m venv "$VENV"
# axe-selenium-python is only used for the axe-core script it ships.
if ! "$PY" -c 'import selenium, pytest, axe_selenium_python' 2>/dev/null; then
  "$VENV/bin/pip" install -q selenium pytest axe-selenium-python >&2
fi

ARTIFACTS_DIR=${ARTIFACTS_DIR:-$ROOT/artifacts/browser}
mkdir -p "$ARTIFACTS_DIR"
ARTIFACTS_DIR=$(cd "$ARTIFACTS_DIR" && pwd)
BROWSER_TEST_STATE=$(mktemp -d "${TMPDIR:-/tmp}/browser-test.XXXXXX")
export BROWSER_TEST_STATE ARTIFACTS_DIR
mkdir -p "$BROWSER_TEST_STATE/media"
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  stop_server
  rm -rf "$BROWSER_TEST_STATE"
}
trap cleanup EXIT

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SERVER_LOG="$ARTIFACTS_DIR/server.log"
: >"$SERVER_LOG"
cat >"$BROWSER_TEST_STATE/config" <<CONFIG
SERVER_BIN=$(printf %q "$SERVER_BIN")
PORT=$PORT
SERVER_LOG=$(printf %q "$SERVER_LOG")
CONFIG
start_server

export BROWSER_TEST_BASE_URL="http://127.0.0.1:$PORT"
export BROWSER_TEST_SERVER_CTL="$SELF"
cd "$ROOT"
set +e
"$PY" -m pytest -p no:cacheprovider --tb=short --rootdir "$ROOT/Tests/Browser" "$ROOT/Tests/Browser" "$@"
status=$?
set -e
exit $status
