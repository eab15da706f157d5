#!/usr/bin/env bash
# Usage: scripts/scale-out-test.sh BINARY [PYTEST ARGS...]
#
# The scale-out suite (Tests/ScaleOut): two `serve` replicas with
# ANALYSIS_WORKERS=0 and `worker` processes, all on one throwaway Postgres
# (scripts/with-postgres.sh, restarted by one test) and one S3-compatible
# bucket served by moto on loopback. Needs python3, psql and FIXTURES_DIR.
set -euo pipefail

if [ $# -lt 1 ]; then
    echo "usage: $0 BINARY [PYTEST ARGS...]" >&2
    exit 2
fi
binary="$1"
shift
if [ ! -x "$binary" ]; then
    echo "scale-out-test: $binary is not an executable" >&2
    exit 2
fi
if [ -z "${FIXTURES_DIR:-}" ] || [ ! -f "$FIXTURES_DIR/audio/manifest.json" ]; then
    echo "scale-out-test: FIXTURES_DIR must point at the test corpus (with audio/manifest.json)" >&2
    exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=lib/python-venv.sh
source "$root/scripts/lib/python-venv.sh"
python_venv "${SCALE_OUT_VENV:-${TMPDIR:-/tmp}/scale-out-venv}" "pytest, requests, websockets, boto3, moto.server" \
    pytest requests websockets boto3 "moto[server]"
python="$PYTHON"

export PYTHONDONTWRITEBYTECODE=1
export AUDIO_SERVER_BINARY="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
# The cluster is restarted by a test, so it must be this suite's own.
unset TEST_DATABASE_URL
exec "$root/scripts/with-postgres.sh" "$python" -m pytest -c "$root/Tests/ScaleOut/pytest.ini" \
    --rootdir "$root/Tests/ScaleOut" "$root/Tests/ScaleOut" "$@"
