"""Validates the served OpenAPI document, creates test data, then runs Schemathesis with that document.

Run by scripts/schemathesis-test.sh, which starts the server and sets BASE_URL, API_KEY and FIXTURES_DIR.
Test data: an analysed track (so track operations answer 200 and their schemas are checked against real
analysis output), a second track for DELETE, and two MCP sessions (one for POST, one for DELETE).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import requests
from openapi_spec_validator import validate

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True, help="a scratch folder for the document and the config")
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("extra", nargs="*", help="more schemathesis arguments")
    args = parser.parse_args()
    base, key = os.environ["BASE_URL"], os.environ["API_KEY"]
    headers = {"X-API-Key": key}

    document = requests.get(f"{base}/api/openapi.json", timeout=10).json()
    validate(document)
    print(f"openapi-spec-validator: OpenAPI {document['openapi']}, {len(document['paths'])} paths: valid")

    fixture = Path(os.environ["FIXTURES_DIR"]) / "audio" / "click_120bpm.wav"
    kept, deletable = (upload(base, headers, fixture) for _ in range(2))
    wait_until_ready(base, headers, kept)
    sessions = [mcp_session(base, headers) for _ in range(2)]

    config = Path(args.work) / "schemathesis.toml"
    config.write_text(f"""
[[operations]]
include-operation-id-regex = "^(getTrack|getWaveform|getSpectrogram|chatSocket)$"
parameters = {{ "path.id" = "{kept}" }}

[[operations]]
include-operation-id = "deleteTrack"
parameters = {{ "path.id" = "{deletable}" }}

[[operations]]
include-operation-id = "mcpPost"
parameters = {{ "header.Mcp-Session-Id" = "{sessions[0]}" }}

[[operations]]
include-operation-id = "mcpDelete"
parameters = {{ "header.Mcp-Session-Id" = "{sessions[1]}" }}
""")
    schema_file = Path(args.work) / "openapi.json"
    schema_file.write_text(json.dumps(document))
    command = [
        str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(config), "run", str(schema_file),
        "--url", base, "-H", f"X-API-Key: {key}", "--checks", CHECKS, "--max-examples", str(args.max_examples),
        "--phases", "examples,coverage,fuzzing", "--workers", "2", "--report-dir", str(Path(args.work) / "report"),
        *args.extra,
    ]
    started = time.monotonic()
    # Run from the scratch folder: Schemathesis keeps its example database in the working directory.
    status = subprocess.call(command, cwd=args.work)
    print(f"schemathesis: exit {status} after {time.monotonic() - started:.1f} s")
    return status


def upload(base, headers, fixture):
    with fixture.open("rb") as file:
        response = requests.post(f"{base}/api/tracks/", headers=headers, files={"file": (fixture.name, file)}, timeout=30)
    response.raise_for_status()
    return response.json()["track_id"]


def wait_until_ready(base, headers, track_id, seconds=120):
    """Polls the track (the analysis of a short fixture takes well under a second once a worker is free)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = requests.get(f"{base}/api/tracks/{track_id}/", headers=headers, timeout=10).json()["status"]
        if status == "ready":
            return
        if status == "failed":
            raise RuntimeError(f"analysis of the fixture failed")
        time.sleep(0.1)
    raise RuntimeError(f"track {track_id} not ready after {seconds} s")


def mcp_session(base, headers):
    body = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "schemathesis-setup", "version": "1"}}}
    response = requests.post(f"{base}/mcp", headers={**headers, "Accept": "application/json"}, json=body, timeout=10)
    response.raise_for_status()
    return response.headers["Mcp-Session-Id"]


if __name__ == "__main__":
    sys.exit(main())
