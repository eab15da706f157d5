"""Shared helpers for the chat socket suite: the server under test, track rows, a raw RFC 6455 client.

scripts/websocket-test.sh starts the server and sets WS_BASE, DB_PATH and SERVER_BINARY; FIXTURES_DIR
points at the shared fixtures. Everything talks to 127.0.0.1 only.
"""

import base64
import json
import os
import socket
import sqlite3
import struct
import subprocess
import tempfile
import threading
import uuid
from datetime import datetime, timezone

import pytest

API_KEY = "dev-api-key"


def required_env(name):
    value = os.environ.get(name, "")
    if not value:
        raise RuntimeError(f"{name} is not set: run this suite through scripts/websocket-test.sh")
    return value


@pytest.fixture(scope="session")
def base():
    """ws://127.0.0.1:PORT of the running server."""
    return required_env("WS_BASE").rstrip("/")


@pytest.fixture(scope="session")
def db_path():
    return required_env("DB_PATH")


@pytest.fixture(scope="session")
def fixtures_dir():
    return required_env("FIXTURES_DIR")


def chat_url(base, track_id, query=f"api_key={API_KEY}"):
    return f"{base}/ws/chat/{track_id}/?{query}"


def insert_track(db_path, status="ready", analysis=None, message="", track_id=None):
    """Inserts a tracks row as the server's SQLite database holds it; returns its id."""
    track_id = track_id or str(uuid.uuid4())
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with sqlite3.connect(db_path, timeout=10) as db:
        db.execute(
            "INSERT INTO tracks (track_id, owner_id, original_filename, filename, media_filename, size, sha256, format,"
            " status, status_message, analysis, created_at, analyzed_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (track_id, "test.wav", "test.wav", f"{track_id}.wav", 1000, "0" * 64, "wav", status, message,
             json.dumps(analysis if analysis is not None else {}), now, now if status == "ready" else None),
        )
    return track_id


# The fixtures carry librosa references for three agents only; these stand in for the other two.
SAMPLE_LOUDNESS = {
    "integrated_lufs": -9.8, "loudness_range_lu": 5.1, "true_peak_dbtp": 0.3, "sample_peak_dbfs": -0.1,
    "momentary_max_lufs": -7.2, "short_term_max_lufs": -8.4, "interpretation": "loud",
    "short_term_interval_seconds": 0.1, "short_term_lufs": [None, -9.5, -9.1],
}
SAMPLE_TONAL = {
    "key": "A", "mode": "minor", "key_label": "A minor", "key_confidence": 0.31,
    "key_candidates": [{"key_label": "A minor", "score": 0.82}, {"key_label": "C major", "score": 0.78}],
    "tuning_offset_cents": -3.0, "chroma_mean": {},
}


def reference_analysis(fixtures_dir, audio_file):
    """The analysis column of a fixture: librosa's reference for spectral, temporal and rhythm,
    plus sample loudness and tonal results."""
    stem = os.path.splitext(audio_file)[0]
    with open(os.path.join(fixtures_dir, "audio", f"{stem}.reference.json")) as f:
        reference = json.load(f)
    analysis = {agent: reference[agent] for agent in ("spectral", "temporal", "rhythm")}
    return {**analysis, "loudness": SAMPLE_LOUDNESS, "tonal": SAMPLE_TONAL}


class RawSocket:
    """A blocking RFC 6455 client that can send what `websockets` refuses to: unmasked frames,
    reserved bits, invalid UTF-8, control frames between fragments."""

    def __init__(self, port, path, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status = head.split(b"\r\n")[0]
        if b" 101 " not in status:
            raise AssertionError(f"no upgrade: {status!r}")

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed by server")
        self.buf += chunk

    def send_frame(self, opcode, payload=b"", fin=True, mask=True, rsv=0):
        self.sock.sendall(self.frame(opcode, payload, fin, mask, rsv))

    @staticmethod
    def frame(opcode, payload=b"", fin=True, mask=True, rsv=0):
        """The bytes of one client frame."""
        first = (0x80 if fin else 0) | (rsv << 4) | opcode
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", first, (0x80 if mask else 0) | n)
        elif n < 65536:
            header = struct.pack("!BBH", first, (0x80 if mask else 0) | 126, n)
        else:
            header = struct.pack("!BBQ", first, (0x80 if mask else 0) | 127, n)
        if mask:
            key = os.urandom(4)
            payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
            header += key
        return header + payload

    def send_json(self, value):
        self.send_frame(0x1, json.dumps(value).encode())

    def read_frame(self):
        while len(self.buf) < 2:
            self._fill()
        n = self.buf[1] & 0x7F
        pos = 2
        if n == 126:
            while len(self.buf) < 4:
                self._fill()
            n, pos = struct.unpack("!H", self.buf[2:4])[0], 4
        elif n == 127:
            while len(self.buf) < 10:
                self._fill()
            n, pos = struct.unpack("!Q", self.buf[2:10])[0], 10
        while len(self.buf) < pos + n:
            self._fill()
        frame = (bool(self.buf[0] & 0x80), self.buf[0] & 0x0F, self.buf[pos:pos + n])
        self.buf = self.buf[pos + n:]
        return frame

    def message(self):
        """The next text message as JSON (pings are answered)."""
        while True:
            _, opcode, payload = self.read_frame()
            if opcode == 0x1:
                return json.loads(payload)
            if opcode == 0x8:
                raise AssertionError(f"closed with {close_code(payload)}")
            if opcode == 0x9:
                self.send_frame(0xA, payload)

    def close_code(self):
        """Reads to the server's close frame, answers it, returns its code."""
        while True:
            _, opcode, payload = self.read_frame()
            if opcode == 0x8:
                self.send_frame(0x8, payload[:2])
                return close_code(payload)

    def close(self):
        self.sock.close()


def close_code(payload):
    return struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, **extra_env):
    """Starts a second server on its own temporary database; returns (process, port) once it listens.
    Readiness comes from its "listening" log line, not from a sleep."""
    workdir = tempfile.mkdtemp(prefix="ws-suite-")
    port = free_port()
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), LOG_LEVEL="info", LOG_FORMAT="json",
               DATABASE_URL=f"sqlite:///{workdir}/db.sqlite3", MEDIA_ROOT=f"{workdir}/media",
               SHUTDOWN_GRACE_SECONDS="5", **extra_env)
    process = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for line in process.stdout:
        if b"listening" in line:
            # Keep reading its log, or a full pipe would stall the server.
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process, port, f"{workdir}/db.sqlite3"
    raise AssertionError(f"server exited with {process.wait()} before listening")
