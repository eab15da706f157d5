#!/usr/bin/env bash
# Scale-out benchmark (scripts/bench-scale-out.py): worker throughput, upload→ready latency and the
# 200 MB upload's RSS with S3 storage, on a throwaway Postgres and a moto S3 server on loopback.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=lib/python-venv.sh
source "$root/scripts/lib/python-venv.sh"
python_venv "${SCALE_OUT_VENV:-${TMPDIR:-/tmp}/scale-out-venv}" "pytest, requests, websockets, boto3, moto.server" \
    pytest requests websockets boto3 "moto[server]"
python="$PYTHON"
export PYTHONDONTWRITEBYTECODE=1 FIXTURES_DIR="${FIXTURES_DIR:-$root/Tests/Fixtures}"
export AUDIO_SERVER_BINARY="${AUDIO_SERVER_BINARY:-$root/.build/release/audio-server}"
unset TEST_DATABASE_URL
exec "$root/scripts/with-postgres.sh" "$python" "$root/scripts/bench-scale-out.py"
