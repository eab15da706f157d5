# Sourced by the interface checks (schemathesis-test.sh, mcp-test.sh, bench-mcp.sh):
#
#   interfaces_venv            creates ${INTERFACES_VENV:-${TMPDIR:-/tmp}/interfaces-venv} when it lacks a package
#   start_throwaway_server BIN starts BIN on a free loopback port: SQLite and media in a temporary folder,
#                              a random API key; sets BASE_URL, API_KEY, workdir and server_pid, and stops
#                              the server and removes the folder on exit.
#   server_still_running       fails, printing the log's tail, when the server died.

source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"

interfaces_venv() {
  VENV="${INTERFACES_VENV:-${TMPDIR:-/tmp}/interfaces-venv}"
  python_venv "$VENV" "openapi_spec_validator, schemathesis, mcp, pytest, requests" \
    openapi-spec-validator schemathesis mcp pytest requests
}

stop_throwaway_server() {
  if [[ -n "${server_pid:-}" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" || true
  fi
  [[ -n "${workdir:-}" ]] && rm -rf "$workdir"
}

start_throwaway_server() {
  local binary="$1"
  workdir="$(mktemp -d)"
  trap stop_throwaway_server EXIT
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  API_KEY="test-key-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
  HOST=127.0.0.1 PORT="$port" API_KEY="$API_KEY" LOG_LEVEL=info LOG_FORMAT=json \
    DATABASE_URL="sqlite:///$workdir/db.sqlite3" MEDIA_ROOT="$workdir/media" \
    "$binary" serve > "$workdir/server.log" 2>&1 &
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
    return 1
  fi
  BASE_URL="http://127.0.0.1:$port"
  export BASE_URL API_KEY
}

server_still_running() {
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server died during the run:" >&2
    tail -20 "$workdir/server.log" >&2
    return 1
  fi
}
