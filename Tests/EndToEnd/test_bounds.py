"""Resources bounded by what the client pays for, checked on a real process:
hostile audio headers, Host headers outside RFC 9110, abandoned and malformed
uploads in the access log, and the disk guard on both upload routes."""

from __future__ import annotations

import json
import math
import struct
import subprocess
import time
import uuid

import pytest

from .support import AUTH, FieldPart, FilePart, connect, read_response, request_head, wait_until


def wav(fmt: int, rate: int, bits: int, payload: bytes) -> bytes:
    block = bits // 8
    return (b"RIFF" + struct.pack("<I", 36 + len(payload)) + b"WAVEfmt "
            + struct.pack("<IHHIIHH", 16, fmt, 1, rate, rate * block, block, bits)
            + b"data" + struct.pack("<I", len(payload)) + payload)


# The 1,843-byte 8-bit WAV declaring 1 Hz: upsampled to 22 050 Hz it used to cost 15-26 s and 2.4 GB.
ONE_HERTZ = wav(1, 1, 8, bytes((i * 37) % 256 for i in range(1799)))
RATE_MESSAGE = "Unsupported sample rate: 1 Hz (accepted: 4000 to 768000 Hz)"


def nan_wav(index: int) -> bytes:
    samples = [0.5 * math.sin(i * 0.0627) for i in range(22050)]
    samples[index] = float("nan")
    return wav(3, 22050, 32, struct.pack(f"<{len(samples)}f", *samples))


def log_lines(server) -> list[dict]:
    lines = []
    for line in server.log_path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def test_analyze_refuses_a_hostile_sample_rate_at_once(binary, tmp_path):
    path = tmp_path / "tiny.wav"
    path.write_bytes(ONE_HERTZ)
    assert path.stat().st_size == 1843
    started = time.monotonic()
    run = subprocess.run([binary, "analyze", str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.strip() == f"error: {RATE_MESSAGE}"
    assert time.monotonic() - started < 5


def test_analyze_refuses_non_finite_samples_with_a_message(binary, tmp_path):
    path = tmp_path / "nan.wav"
    path.write_bytes(nan_wav(11025))
    run = subprocess.run([binary, "analyze", str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.strip() == "error: Invalid audio: a sample at 0.5 s is NaN or infinite"


def test_hostile_sample_rate_is_422_at_upload(server):
    before = server.media_files()
    answer = server.upload("tiny.wav", ONE_HERTZ)
    assert (answer.status_code, answer.json()) == (422, {"error": "unsupported_format", "message": RATE_MESSAGE})
    wait_until(lambda: server.stray_files(before) == [], 5, "no new file in MEDIA_ROOT")


def test_non_finite_samples_fail_the_track_with_a_log_line(server):
    answer = server.upload("nan.wav", nan_wav(11025))
    assert answer.status_code == 201, answer.text
    track_id = answer.json()["track_id"]
    track = server.wait_for_track(track_id)
    assert track["status"] == "failed"
    assert track["status_message"] == "Invalid audio: a sample at 0.5 s is NaN or infinite"
    failures = wait_until(lambda: [line for line in log_lines(server)
                                   if line.get("message") == "analysis failed" and line.get("track_id") == track_id],
                          10, "the failure in the log")
    assert failures[0]["level"] == "warning" and failures[0]["code"] == "non_finite_sample"


@pytest.mark.parametrize("host", ["127.0.0.1:{port}@evil.com", "127.0.0.1@evil.com", "127.0.0.1:{port}:1", "evil.com/x"])
def test_host_outside_the_grammar_is_400_for_routes_redirects_and_upgrades(make_server, host):
    server = make_server(SECURE_SSL_REDIRECT="true", ALLOWED_HOSTS="127.0.0.1")
    host = host.format(port=server.port)
    upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
               "Sec-WebSocket-Version": "13"}
    for path, extra in (("/api/health/", {}), ("/ws/chat/00000000-0000-0000-0000-000000000000/?api_key=dev-api-key", upgrade)):
        with connect(server) as sock:
            lines = [f"GET {path} HTTP/1.1", f"Host: {host}"] + [f"{k}: {v}" for k, v in extra.items()]
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            answer = read_response(sock)
        assert answer.status == 400, path
        assert answer.json() == {"error": "Invalid Host header"}
        assert "location" not in answer.headers and b"evil" not in answer.body
    with connect(server) as sock:
        sock.sendall(request_head("GET", "/api/health/", server, {}))
        answer = read_response(sock)
    assert answer.status == 301 and answer.headers["location"] == f"https://127.0.0.1:{server.port}/api/health/"


def test_abandoned_upload_and_malformed_chunks_are_logged_as_client_errors(make_server):
    server = make_server(LOG_LEVEL="info")
    with connect(server) as sock:
        sock.sendall(request_head("POST", "/api/tracks/", server, {
            **AUTH, "Content-Type": "multipart/form-data; boundary=x", "Content-Length": "100000"}) + b"--x\r\n" + b"a" * 1000)
    aborted = wait_until(lambda: [line for line in log_lines(server)
                                  if line.get("message") == "request" and line.get("path") == "/api/tracks/"],
                         10, "the abandoned upload's access-log line")
    assert aborted[0]["status"] == 499 and aborted[0]["aborted"] == "true" and aborted[0]["method"] == "POST"
    with connect(server) as sock:
        sock.sendall(request_head("POST", "/api/analyse/", server, {
            **AUTH, "Content-Type": "multipart/form-data; boundary=x", "Transfer-Encoding": "chunked"})
            + b"5\r\n--x\r\n\r\nzz\r\n")
        answer = read_response(sock)
    assert answer.status == 400 and answer.json() == {"error": "Invalid chunk size"}
    chunked = wait_until(lambda: [line for line in log_lines(server)
                                  if line.get("message") == "request" and line.get("path") == "/api/analyse/"],
                         10, "the malformed body's access-log line")
    assert chunked[0]["status"] == 400 and "aborted" not in chunked[0]
    # A later request's line means the handler that met the bad chunk has long finished.
    assert server.get("/api/health/").status_code == 200
    wait_until(lambda: any(line.get("path") == "/api/health/" for line in log_lines(server)), 10, "a later line")
    assert [line for line in log_lines(server) if line.get("level") in ("error", "critical")] == []
    assert server.media_files() == []


def test_both_upload_routes_refuse_when_the_disk_is_low(make_server):
    server = make_server(require_healthy=False, MIN_FREE_DISK_MB="10000000")
    fragment = server.post_multipart("/api/analyse/", [
        FieldPart("mime_type", "audio/wav"), FieldPart("fragment_id", str(uuid.uuid4())),
        FilePart("audio", "a.wav", ONE_HERTZ)])
    track = server.upload("a.wav", ONE_HERTZ)
    for answer in (fragment, track):
        assert (answer.status_code, answer.json()) == (507, {"error": "Insufficient storage"})
    assert server.media_files() == []
