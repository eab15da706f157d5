#!/usr/bin/env bash
# The MCP endpoint (/mcp) against a live server: the official Python SDK's client over the Streamable HTTP
# transport (both connect modes) and raw JSON-RPC error cases (Tests/MCP, pytest).
#
#   usage: scripts/mcp-test.sh BINARY [pytest arguments…]
#
# Python packages live in a virtualenv outside the repository (scripts/lib/throwaway-server.sh).
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 BINARY [pytest arguments…]" >&2; exit 2; }
BINARY="$(realpath "$1")"
shift
cd "$(dirname "$0")/.."
export FIXTURES_DIR="$(realpath "${FIXTURES_DIR:-Tests/Fixtures}")"
export PYTHONDONTWRITEBYTECODE=1
source scripts/lib/throwaway-server.sh

interfaces_venv
start_throwaway_server "$BINARY"
status=0
DB_PATH="$workdir/db.sqlite3" "$PYTHON" -m pytest -q -p no:cacheprovider Tests/MCP "$@" || status=$?
server_still_running || status=1
exit "$status"
