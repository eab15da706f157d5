"""The error cases of API.md "Tracks", each with its exact status and body,
over real sockets."""

from __future__ import annotations

import time
import uuid

import pytest
import requests

from .support import (AUTH, FieldPart, FilePart, connect, fixture_named, read_response, request_head,
                      wait_until)

NOT_FOUND = {"error": "Track not found"}


def test_no_file_part(server):
    before = server.track_count()
    answer = server.post_multipart("/api/tracks/", [FieldPart("title", "no file here")])
    assert (answer.status_code, answer.json()) == (400, {"error": "No file provided"})
    # A file under another field name is not the upload either.
    answer = server.post_multipart("/api/tracks/", [FilePart("audio", "a.wav", b"RIFF")])
    assert (answer.status_code, answer.json()) == (400, {"error": "No file provided"})
    # A file input left empty by a browser: a part with an empty filename.
    answer = server.post_multipart("/api/tracks/", [FilePart("file", "", b"")])
    assert (answer.status_code, answer.json()) == (400, {"error": "No file provided"})
    assert server.track_count() == before


@pytest.mark.parametrize("content_type, body", [(None, b""), ("application/json", b"{}"),
                                                ("application/x-www-form-urlencoded", b"title=x")])
def test_no_file_without_a_multipart_body(server, content_type, body):
    headers = dict(AUTH) if content_type is None else {**AUTH, "Content-Type": content_type}
    answer = requests.post(server.url("/api/tracks/"), data=body, headers=headers, timeout=10)
    assert (answer.status_code, answer.json()) == (400, {"error": "No file provided"})


def test_invalid_file_type(server):
    # The message lists every extension uploads take (API.md); /api/health/ advertises those this
    # server can decode, which without FFMPEG_PATH leaves out .m4a and .webm.
    decodable = server.get("/api/health/").json()["allowed_extensions"]
    assert ".m4a" not in decodable and ".flac" in decodable
    before_count, before_files = server.track_count(), server.media_files()
    for name in ("notes.txt", "song.wav.exe", "noextension", ".wav"):
        answer = server.upload(name, b"RIFF....WAVE")
        assert answer.status_code == 400, name
        message = answer.json()["error"]
        assert message.startswith("Invalid file type. Allowed: ") and ".m4a" in message, message
        assert all(ext in message for ext in decodable), message
    assert server.track_count() == before_count
    wait_until(lambda: server.stray_files(before_files) == [], 5, "no new file in MEDIA_ROOT")


def test_unauthenticated(server):
    for headers in ({}, {"X-API-Key": "wrong-key"}, {"Authorization": "Bearer not.a.token"}):
        answer = server.get("/api/tracks/", headers=headers)
        assert answer.status_code == 401, headers
        body = answer.json()
        assert body["error"] == "unauthorized" and body["detail"], body
        assert "wrong-key" not in answer.text


def test_413_arrives_before_the_body_is_sent(server):
    """Content-Length above MAX_UPLOAD_MB (100) is refused from the head alone:
    the client has sent no byte of the body when the answer comes."""
    before_files = server.media_files()
    huge = 200 * 1024 * 1024
    with connect(server) as sock:
        sock.sendall(request_head("POST", "/api/tracks/", server, {
            **AUTH, "Content-Type": "multipart/form-data; boundary=xyz", "Content-Length": str(huge)}))
        started = time.monotonic()
        response = read_response(sock, timeout=10)
        waited = time.monotonic() - started
        assert response.status == 413, response
        assert response.json() == {"error": "File too large", "limit_mb": 100}
        # The unread body would otherwise be parsed as the next request.
        assert response.headers.get("connection", "").lower() == "close"
        assert sock.recv(1) == b""
    assert waited < 5
    wait_until(lambda: server.stray_files(before_files) == [], 5, "no new file in MEDIA_ROOT")


def test_expect_100_continue(server):
    """A client that asks first gets 100 Continue for an acceptable size, and
    the 413 instead for a body past the limit."""
    with connect(server) as sock:
        sock.sendall(request_head("POST", "/api/tracks/", server, {
            **AUTH, "Content-Type": "multipart/form-data; boundary=xyz", "Content-Length": "2000",
            "Expect": "100-continue"}))
        sock.settimeout(5)
        assert sock.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
    with connect(server) as sock:
        sock.sendall(request_head("POST", "/api/tracks/", server, {
            **AUTH, "Content-Type": "multipart/form-data; boundary=xyz", "Content-Length": str(500 * 1024 * 1024),
            "Expect": "100-continue"}))
        response = read_response(sock, timeout=5)
        assert (response.status, response.json()) == (413, {"error": "File too large", "limit_mb": 100})


def _chunked(data: bytes, size: int = 65536) -> bytes:
    out = b""
    for start in range(0, len(data), size):
        piece = data[start:start + size]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def test_413_for_a_chunked_body_past_the_limit(make_server):
    """Without a Content-Length the limit is enforced while streaming; the
    partial file is removed."""
    served = make_server(MAX_UPLOAD_MB="1")
    boundary = "b" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n\r\n").encode()
    body += b"\0" * (3 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    with connect(served) as sock:
        sock.sendall(request_head("POST", "/api/tracks/", served, {
            **AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}", "Transfer-Encoding": "chunked"}))
        try:
            sock.sendall(_chunked(body))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before the rest is sent
        response = read_response(sock, timeout=10)
    assert response.status == 413
    assert response.json() == {"error": "File too large", "limit_mb": 1}
    wait_until(lambda: served.media_files() == [], 5, "the partial upload to be removed")
    # An ordinary client that sends the whole body regardless still reads the 413 (no reset).
    answer = served.upload("big.wav", b"\0" * (8 * 1024 * 1024))
    assert (answer.status_code, answer.json()) == (413, {"error": "File too large", "limit_mb": 1})
    assert served.media_files() == []
    assert served.track_count() == 0


def test_paths_without_trailing_slash(server):
    answer = server.get("/api/tracks", allow_redirects=False)
    assert (answer.status_code, answer.headers["Location"]) == (301, "/api/tracks/")
    answer = requests.post(server.url("/api/tracks"), headers=AUTH, timeout=10)
    assert answer.status_code == 404
    assert answer.json()["error"]


@pytest.mark.parametrize("track_id", [str(uuid.uuid4()), "not-a-uuid", "12345", "0" * 36])
def test_unknown_or_malformed_track_id(server, track_id):
    for path in (f"/api/tracks/{track_id}/", f"/api/tracks/{track_id}/waveform/"):
        answer = server.get(path)
        assert (answer.status_code, answer.json()) == (404, NOT_FOUND), path
        assert answer.headers["Content-Type"].startswith("application/json")
    answer = server.delete(f"/api/tracks/{track_id}/")
    assert (answer.status_code, answer.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize("query", ["limit=abc", "limit=1.5", "limit=", "offset=x", "limit=10&offset=ten"])
def test_non_numeric_paging_is_400(server, query):
    for path in ("/api/tracks/", "/api/tracks/list/"):
        answer = server.get(f"{path}?{query}")
        if query == "limit=":
            # An empty value is the same as no value (the default).
            assert answer.status_code in (200, 400), answer.text
            continue
        assert answer.status_code == 400, (path, query, answer.text)
        assert isinstance(answer.json().get("error"), str)


def test_limit_is_clamped_to_100_and_paging_is_newest_first(make_server):
    served = make_server()
    silence = fixture_named("silence.wav").read()
    ids = []
    for index in range(101):
        answer = served.upload(f"s{index}.wav", silence)
        assert answer.status_code == 201, answer.text
        ids.append(answer.json()["track_id"])
    for path in ("/api/tracks/", "/api/tracks/list/"):
        assert len(served.get(path).json()) == 50
        page = served.get(f"{path}?limit=500").json()
        assert len(page) == 100
        assert len(served.get(f"{path}?limit=100&offset=100").json()) == 1
        assert set(page[0]) == {"track_id", "original_filename", "status", "duration", "created_at"}
        listed = page + served.get(f"{path}?limit=100&offset=100").json()
        assert sorted(t["track_id"] for t in listed) == sorted(ids)
        stamps = [t["created_at"] for t in listed]
        assert stamps == sorted(stamps, reverse=True)


def test_507_when_the_disk_is_nearly_full(make_server):
    served = make_server(require_healthy=False, MIN_FREE_DISK_MB="10000000")
    health = served.get("/health/")
    assert health.status_code == 503
    assert health.json()["status"] == "unhealthy"
    assert health.json()["checks"]["disk"].startswith("unhealthy: ")
    answer = served.upload("a.wav", fixture_named("sine_440hz.wav").read())
    assert (answer.status_code, answer.json()) == (507, {"error": "Insufficient storage"})
    assert served.media_files() == []
    assert served.track_count() == 0
