"""Two web replicas (no analysis), `worker` processes, one Postgres, one bucket:
what a Railway deployment with N web replicas and a worker service does."""

from __future__ import annotations

import hashlib
import io
import json
import socket
import time
import wave

import pytest
import requests
from websockets.sync.client import connect as websocket

from cluster import PREFIX, restart_postgres, unique_name, wait_until

from EndToEnd.support import API_KEY, fixture_named, multipart, FilePart, unique_wav

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".opus", ".aif", ".aiff", ".m4a", ".webm", ".part")


def long_wav(minutes: float, salt: int) -> bytes:
    """A WAV of `minutes` made of a song-like fixture repeated, long enough that analysis takes seconds."""
    with wave.open(io.BytesIO(fixture_named("complex_sine440_clicks120.wav").read())) as source:
        params, frames = source.getparams(), source.readframes(source.getnframes())
    repeats = int(minutes * 60 / 5)
    out = io.BytesIO()
    with wave.open(out, "wb") as sink:
        sink.setparams(params)
        sink.writeframes(frames * repeats + salt.to_bytes(2, "little"))
    return out.getvalue()


def socket_events(replica, track_id: str, until, timeout: float = 120, send: dict | None = None) -> list[dict]:
    """Messages from the chat socket on `replica` until `until(message)` is true."""
    url = f"ws://127.0.0.1:{replica.port}/ws/chat/{track_id}/?api_key={API_KEY}"
    received: list[dict] = []
    deadline = time.monotonic() + timeout
    with websocket(url, open_timeout=10, close_timeout=2) as ws:
        if send is not None:
            ws.send(json.dumps(send))
        while time.monotonic() < deadline:
            message = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            received.append(message)
            if until(message):
                return received
    raise AssertionError(f"socket ended without the expected message: {received}")


def statuses(events: list[dict]) -> list[str]:
    return [event["status"] for event in events if event.get("type") == "status"]


@pytest.fixture(scope="module")
def web(cluster):
    """Replicas A and B, and one worker with two threads."""
    a, b = cluster.replica(), cluster.replica()
    cluster.worker(threads=2)
    return a, b


def test_a_track_uploaded_to_a_is_watched_and_discussed_on_b(cluster, web):
    a, b = web
    data = fixture_named("music_pop_84bpm_4-4.flac").read()
    created = a.upload(f"song-{unique_name()}.flac", data)
    assert created.status_code == 201, created.text
    track_id = created.json()["track_id"]
    events = socket_events(b, track_id, lambda m: m.get("type") == "status" and m["status"] in ("ready", "failed"))
    assert statuses(events)[-1] == "ready", events
    # Every agent's progress crossed from the worker to replica B, in order: running before complete.
    progress = [event["message"] for event in events if event.get("type") == "thinking"]
    if statuses(events)[0] != "ready":
        assert any("running" in message for message in progress) and any("complete" in message for message in progress)
    answer = socket_events(b, track_id, lambda m: m.get("type") in ("done", "error"),
                           send={"type": "question", "text": "What's the tempo?"})
    # The socket first re-sends the ready status, then answers.
    assert answer[-1]["type"] == "done", answer
    assert "BPM" in answer[-1]["full_response"]


def test_b_serves_the_analysis_and_the_exact_bytes_with_range(cluster, web):
    a, b = web
    data = unique_wav(fixture_named("click_120bpm.wav"), 7)
    track_id = a.upload("clicks.wav", data).json()["track_id"]
    track = b.wait_for_track(track_id)
    assert track["status"] == "ready", track
    assert set(track["analysis"]) >= {"spectral", "temporal", "rhythm"}
    assert track["sha256"] == hashlib.sha256(data).hexdigest()
    whole = requests.get(b.url(track["url"]), timeout=30)
    assert whole.status_code == 200 and whole.content == data
    ranged = requests.get(b.url(track["url"]), headers={"Range": "bytes=100-1099"}, timeout=30)
    assert ranged.status_code == 206 and ranged.content == data[100:1100]
    image = requests.get(b.url(track["spectrogram_url"]), timeout=30)
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    waveform = b.get(f"/api/tracks/{track_id}/waveform/?points=100")
    assert waveform.status_code == 200 and len(waveform.json()["max"]) == 100
    # A tampered signature is refused before anything is fetched from the bucket.
    assert requests.get(b.url(track["url"].replace("sig=", "sig=0")), timeout=30).status_code == 403


def test_no_audio_lands_on_any_local_disk(cluster, web):
    a, b = web
    track_id = a.upload("local.wav", unique_wav(fixture_named("click_90bpm.wav"), 8)).json()["track_id"]
    assert b.wait_for_track(track_id)["status"] == "ready"
    # The workers delete their temporary copies once a job ends.
    wait_until(lambda: not any(p.is_file() for w in cluster.workers for p in w.temp_dir.rglob("*")), 10,
               "the workers' temporary copies to go")
    for root in [replica.workdir for replica in cluster.replicas] + [worker.workdir for worker in cluster.workers]:
        audio = [str(path) for path in root.rglob("*") if path.suffix.lower() in AUDIO_SUFFIXES or path.suffix == ".png"]
        assert audio == [], audio
    assert any(key.startswith(f"{PREFIX}/{track_id}") for key in cluster.objects())


def test_delete_on_b_removes_the_objects(cluster, web):
    a, b = web
    track_id = a.upload("doomed.wav", unique_wav(fixture_named("sine_440hz.wav"), 9)).json()["track_id"]
    assert b.wait_for_track(track_id)["status"] == "ready"
    assert [key for key in cluster.objects() if track_id in key]
    assert b.delete(f"/api/tracks/{track_id}/").status_code == 204
    assert [key for key in cluster.objects() if track_id in key] == []
    assert a.get(f"/api/tracks/{track_id}/").status_code == 404


def test_an_upload_aborted_mid_body_leaves_no_object_and_no_multipart_upload(cluster, web):
    a, _ = web
    before = cluster.objects()
    body, content_type = multipart([FilePart("file", "aborted.wav", long_wav(4, 1))])
    cut = len(body) * 3 // 4  # past the first parts, so the bucket holds a multipart upload when the client goes
    head = (f"POST /api/tracks/ HTTP/1.1\r\nHost: 127.0.0.1:{a.port}\r\nX-API-Key: {API_KEY}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", a.port), timeout=30) as raw:
        raw.sendall(head + body[:cut])
        time.sleep(0.5)
    wait_until(lambda: cluster.multipart_uploads() == [], 20, "the multipart upload to be aborted")
    assert cluster.objects() == before


def test_a_worker_killed_mid_job_is_replaced_after_its_lease(cluster, web):
    a, b = web
    cluster.stop_workers()
    first = cluster.worker(threads=1)
    track_id = a.upload("long.wav", long_wav(20, 2)).json()["track_id"]
    wait_until(lambda: cluster.psql(
        f"SELECT count(*) FROM analysis_jobs WHERE track_id = '{track_id}' AND state = 'running'") == "1",
        60, "the first worker to claim the job")
    first.kill9()
    started = time.monotonic()
    cluster.worker(threads=1)
    track = b.wait_for_track(track_id, timeout=180)
    assert track["status"] == "ready", track
    # Taken over only once the 3 s lease lapsed, and counted as a second attempt.
    assert time.monotonic() - started >= 1
    assert cluster.psql(f"SELECT attempts FROM analysis_jobs WHERE track_id = '{track_id}'") == "2"


def test_two_workers_analyse_twenty_uploads_exactly_once(cluster, web):
    a, b = web
    cluster.stop_workers()
    workers = [cluster.worker(threads=1, start=False) for _ in range(2)]
    ids = []
    for salt in range(20):
        created = (a if salt % 2 else b).upload(f"c{salt}.wav", unique_wav(fixture_named("click_120bpm.wav"), 100 + salt))
        assert created.status_code == 201, created.text
        ids.append(created.json()["track_id"])
    for worker in workers:
        worker.start()
    for track_id in ids:
        assert b.wait_for_track(track_id)["status"] == "ready"
    for worker in workers:
        worker.stop()
    runs: dict[str, int] = {}
    for worker in workers:
        for line in worker.log().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("message") == "analysis job" and record.get("subject_id") in ids:
                assert record.get("outcome") == "finished", record
                runs[record["subject_id"]] = runs.get(record["subject_id"], 0) + 1
    assert runs == {track_id: 1 for track_id in ids}
    # Both workers took part.
    assert all('"message":"analysis job"' in worker.log() for worker in workers)


def test_postgres_restart_loses_no_event_for_a_session_that_rereads_status(cluster, web):
    a, b = web
    cluster.stop_workers()
    track_id = a.upload("after-restart.wav", unique_wav(fixture_named("click_90bpm.wav"), 11)).json()["track_id"]
    url = f"ws://127.0.0.1:{b.port}/ws/chat/{track_id}/?api_key={API_KEY}"
    received: list[dict] = []
    with websocket(url, open_timeout=10, close_timeout=2) as ws:
        received.append(json.loads(ws.recv(timeout=10)))
        assert received[0].get("status") == "pending", received
        restart_postgres()
        # Both replicas' listeners come back (health says so) before the worker starts publishing.
        for replica in (a, b):
            wait_until(lambda r=replica: requests.get(r.url("/health/"), timeout=5).status_code == 200, 60,
                       "the replica to be healthy again")
        cluster.worker(threads=1)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            message = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            received.append(message)
            if message.get("type") == "status" and message["status"] in ("ready", "failed"):
                break
    assert statuses(received)[-1] == "ready", received
    assert "analyzing" in statuses(received), received
