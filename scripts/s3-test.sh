#!/usr/bin/env bash
# The release binary with media in a bucket, checked from an independent S3 client (Tests/S3/check_bucket.py,
# boto3): upload, analysis, the /media/ redirect and its ranges, delete, and a large undecodable upload that
# must leave nothing behind with flat memory. Runs under scripts/with-s3.sh (moto's server on loopback).
#
#   usage: scripts/s3-test.sh BINARY
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 BINARY" >&2; exit 2; }
BINARY="$(realpath "$1")"
cd "$(dirname "$0")/.."
if [[ -z "${TEST_S3_ENDPOINT:-}" ]]; then exec scripts/with-s3.sh "$0" "$BINARY"; fi
export FIXTURES_DIR="$(realpath "${FIXTURES_DIR:-Tests/Fixtures}")"
source scripts/lib/python-venv.sh
python_venv "${S3_VENV:-${TMPDIR:-/tmp}/s3-venv}" "moto, boto3, requests" 'moto[server]' boto3 requests

bucket="check-$("$PYTHON" -c 'import secrets; print(secrets.token_hex(6))')"
"$PYTHON" -c "import boto3; boto3.client('s3', endpoint_url='$TEST_S3_ENDPOINT', aws_access_key_id='check', \
aws_secret_access_key='check', region_name='us-east-1').create_bucket(Bucket='$bucket')"

workdir="$(mktemp -d)"
port="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
api_key="check-key-$("$PYTHON" -c 'import secrets; print(secrets.token_hex(8))')"
HOST=127.0.0.1 PORT="$port" API_KEY="$api_key" LOG_LEVEL=warning MAX_UPLOAD_MB=400 \
  DATABASE_URL="sqlite:///$workdir/db.sqlite3" MEDIA_ROOT="$workdir/unused-media" \
  AWS_STORAGE_BUCKET_NAME="$bucket" AWS_ACCESS_KEY_ID=check AWS_SECRET_ACCESS_KEY=check AWS_S3_ENDPOINT_URL="$TEST_S3_ENDPOINT" \
  "$BINARY" serve > "$workdir/server.log" 2>&1 &
server_pid=$!
trap 'kill -TERM $server_pid 2>/dev/null; wait $server_pid 2>/dev/null; rm -rf "$workdir"' EXIT
for _ in $(seq 600); do
  "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/health/', timeout=1)" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$workdir/server.log" >&2; exit 1; }
  sleep 0.1
done
status=0
"$PYTHON" Tests/S3/check_bucket.py "http://127.0.0.1:$port" "$api_key" "$TEST_S3_ENDPOINT" "$bucket" "$server_pid" \
  "$FIXTURES_DIR/audio/click_120bpm.wav" || status=$?
[[ -d "$workdir/unused-media" ]] && { echo "MEDIA_ROOT was created although media is in a bucket" >&2; status=1; }
exit "$status"
