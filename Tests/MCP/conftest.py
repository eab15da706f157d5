"""Shared helpers for the MCP suite: the server under test, an uploaded fixture, raw JSON-RPC posts.

scripts/mcp-test.sh starts the server and sets BASE_URL, API_KEY and DB_PATH; FIXTURES_DIR points at the
fixtures. Everything talks to 127.0.0.1 only.
"""

import json
import os
import sqlite3
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests


def required_env(name):
    value = os.environ.get(name, "")
    if not value:
        raise RuntimeError(f"{name} is not set: run this suite through scripts/mcp-test.sh")
    return value


@pytest.fixture(scope="session")
def base():
    return required_env("BASE_URL").rstrip("/")


@pytest.fixture(scope="session")
def api_key():
    return required_env("API_KEY")


@pytest.fixture(scope="session")
def mcp_url(base):
    return f"{base}/mcp"


@pytest.fixture(scope="session")
def agents(base):
    """The analysis agents the server reports: the MCP tools must follow them."""
    return requests.get(f"{base}/api/health/", timeout=10).json()["agents"]


@pytest.fixture(scope="session")
def uploaded_track(base, api_key):
    """click_120bpm.wav uploaded with the API key; its id (its analysis may still be running)."""
    fixture = Path(required_env("FIXTURES_DIR")) / "audio" / "click_120bpm.wav"
    with fixture.open("rb") as file:
        response = requests.post(f"{base}/api/tracks/", headers={"X-API-Key": api_key},
                                 files={"file": (fixture.name, file)}, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()["track_id"]


def insert_track(status, owner_id=None):
    """A tracks row in the given status, written straight into the server's SQLite file."""
    track_id = str(uuid.uuid4())
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with sqlite3.connect(required_env("DB_PATH"), timeout=10) as db:
        db.execute(
            "INSERT INTO tracks (track_id, owner_id, original_filename, filename, media_filename, size, sha256, format,"
            " status, status_message, analysis, created_at, analyzed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (track_id, owner_id, "busy.wav", "busy.wav", f"{track_id}.wav", 1000, "0" * 64, "wav", status, "",
             json.dumps({}), now, None))
    return track_id


class RawMCP:
    """JSON-RPC over plain HTTP POSTs, for what an SDK never sends."""

    def __init__(self, url, api_key):
        self.url = url
        self.headers = {"X-API-Key": api_key, "Accept": "application/json", "Content-Type": "application/json"}
        self.session = None

    def post(self, body, headers=None, raw=False):
        merged = dict(self.headers)
        if self.session:
            merged["Mcp-Session-Id"] = self.session
        merged.update(headers or {})
        data = body if raw else json.dumps(body)
        return requests.post(self.url, data=data, headers={k: v for k, v in merged.items() if v is not None}, timeout=30)

    def initialize(self, version="2025-11-25"):
        response = self.post({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}})
        assert response.status_code == 200, response.text
        self.session = response.headers["Mcp-Session-Id"]
        return response.json()["result"]

    def call(self, method, params=None, id=1):
        message = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            message["params"] = params
        return self.post(message)


@pytest.fixture
def raw(mcp_url, api_key):
    client = RawMCP(mcp_url, api_key)
    client.initialize()
    return client


def wait_for(predicate, seconds=60):
    """Polls `predicate` until it returns a truthy value (the analysis of a short fixture takes well under a second)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"condition not met within {seconds} s")
