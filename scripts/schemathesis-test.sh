#!/usr/bin/env bash
# The HTTP contract as a machine reads it: validates GET /api/openapi.json with openapi-spec-validator,
# then runs Schemathesis against a live server with that document (checks not_a_server_error,
# response_schema_conformance, status_code_conformance, content_type_conformance; a bounded number of
# examples per operation). Test data (an analysed track, MCP sessions) is created first, so the
# operations on existing resources are reached too (Tests/OpenAPI/run_schemathesis.py).
#
#   usage: scripts/schemathesis-test.sh BINARY [schemathesis arguments…]
#
# Python packages live in a virtualenv outside the repository (scripts/lib/throwaway-server.sh).
# MAX_EXAMPLES (default 25) bounds the examples per operation.
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 BINARY [schemathesis arguments…]" >&2; exit 2; }
BINARY="$(realpath "$1")"
shift
cd "$(dirname "$0")/.."
export FIXTURES_DIR="$(realpath "${FIXTURES_DIR:-Tests/Fixtures}")"
export PYTHONDONTWRITEBYTECODE=1
source scripts/lib/throwaway-server.sh

interfaces_venv
start_throwaway_server "$BINARY"
status=0
"$PYTHON" Tests/OpenAPI/run_schemathesis.py --work "$workdir" --max-examples "${MAX_EXAMPLES:-25}" -- "$@" || status=$?
server_still_running || status=1
exit "$status"
