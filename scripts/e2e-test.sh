#!/usr/bin/env bash
# Usage: scripts/e2e-test.sh BINARY [PYTEST ARGS...]
#
# The end-to-end suite (Tests/EndToEnd): starts BINARY as a real server on
# 127.0.0.1 and drives it over sockets, twice: once on SQLite, once on a
# throwaway Postgres (scripts/with-postgres.sh; every server start gets a
# database of its own). Needs python3 with pytest and requests, psql, and
# FIXTURES_DIR pointing at the test corpus (the Makefile sets Tests/Fixtures). Extra arguments go to
# pytest (e.g. -k sigkill). Exits non-zero when either run fails; the last
# line printed is pytest's summary of the Postgres run.
set -euo pipefail

if [ $# -lt 1 ]; then
    echo "usage: $0 BINARY [PYTEST ARGS...]" >&2
    exit 2
fi
binary="$1"
shift
if [ ! -x "$binary" ]; then
    echo "e2e-test: $binary is not an executable" >&2
    exit 2
fi
if [ -z "${FIXTURES_DIR:-}" ] || [ ! -f "$FIXTURES_DIR/audio/manifest.json" ]; then
    echo "e2e-test: FIXTURES_DIR must point at the test corpus (with audio/manifest.json)" >&2
    exit 2
fi
for tool in python3 psql; do
    command -v "$tool" >/dev/null || { echo "e2e-test: $tool is required" >&2; exit 2; }
done
# A virtualenv outside the repository (E2E_VENV) on top of the system's packages, adding what the
# system lacks: pytest and requests, and prometheus-client, whose parser reads /metrics independently of us.
venv="${E2E_VENV:-${TMPDIR:-/tmp}/e2e-venv}"
if ! "$venv/bin/python" -c 'import pytest, requests, prometheus_client' 2>/dev/null; then
    python3 -m venv --system-site-packages "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --timeout 60 pytest requests prometheus-client || {
        echo "e2e-test: could not install pytest, requests and prometheus-client into $venv" >&2
        exit 2
    }
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
# No __pycache__ folders in the source tree.
export PYTHONDONTWRITEBYTECODE=1
export AUDIO_SERVER_BINARY="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
suite=("$venv/bin/python" -m pytest -c "$root/Tests/EndToEnd/pytest.ini" --rootdir "$root/Tests/EndToEnd" "$root/Tests/EndToEnd" "$@")

echo "=== end-to-end on SQLite"
set +e
E2E_DATABASE=sqlite "${suite[@]}"
sqlite_status=$?
echo "=== end-to-end on Postgres"
E2E_DATABASE=postgres "$root/scripts/with-postgres.sh" "${suite[@]}"
postgres_status=$?
set -e
if [ "$sqlite_status" -ne 0 ]; then exit "$sqlite_status"; fi
exit "$postgres_status"
