#!/usr/bin/env bash
# Usage: scripts/with-s3.sh CMD [ARGS...]
#
# Runs CMD with TEST_S3_ENDPOINT pointing at an S3-compatible server on loopback, and MOTO_SERVER
# naming the server executable (tests that need a private server start their own). When
# TEST_S3_ENDPOINT is already set, CMD simply runs against it. Otherwise moto's server mode is
# installed into a virtualenv outside the repository (S3_VENV, default ${TMPDIR:-/tmp}/s3-venv),
# started on a free 127.0.0.1 port, and stopped whatever happens; failing to install it fails the run.
# Exits with CMD's status.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi
if [ -n "${TEST_S3_ENDPOINT:-}" ]; then
    exec "$@"
fi

source "$(dirname "$0")/lib/python-venv.sh"
venv="${S3_VENV:-${TMPDIR:-/tmp}/s3-venv}"
if ! python_venv "$venv" "moto, boto3, flask" 'moto[server]' boto3; then
    echo "with-s3: could not install moto into $venv (the object-storage tests need it)" >&2
    exit 1
fi
export MOTO_SERVER="$venv/bin/moto_server"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp /tmp/moto.XXXXXX)"
"$MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
server_pid=$!
cleanup() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Ready once it answers HTTP; at most 60 s (its imports are slow on a loaded machine).
for _ in $(seq 600); do
    if "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/', timeout=1)" 2>/dev/null; then
        break
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done

export TEST_S3_ENDPOINT="http://127.0.0.1:$port"
set +e
"$@"
status=$?
set -e
exit "$status"
