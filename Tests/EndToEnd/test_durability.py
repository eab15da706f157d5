"""What survives failures: a client vanishing mid-upload, the server killed
with SIGKILL while analyses wait, and many uploads at once."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from .support import (AUTH, FieldPart, FilePart, connect, fixture_named, load_manifest, request_head, unique_wav,
                      wait_until)

MUSIC = [f for f in load_manifest() if f.is_good and f.name.startswith("music_")]


def test_client_disconnecting_mid_upload_leaves_nothing(server):
    before_count, before_files = server.track_count(), server.media_files()
    boundary = "b" + uuid.uuid4().hex
    head = f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.wav\"\r\n\r\n".encode()
    payload = fixture_named("music_pop_84bpm_4-4.flac").read()
    body = head + payload + f"\r\n--{boundary}--\r\n".encode()
    with connect(server) as sock:
        sock.sendall(request_head("POST", "/api/tracks/", server, {
            **AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(len(body))}))
        sock.sendall(body[: len(body) // 2])
        # The upload is streamed to a .part file while it arrives.
        wait_until(lambda: [n for n in server.media_files() if n.endswith(".part")], 5, "the .part file to appear")
    wait_until(lambda: server.stray_files(before_files) == [], 5, "the .part file to be removed after the disconnect")
    assert server.track_count() == before_count


def test_sigkill_with_queued_analyses_then_restart(make_server):
    served = make_server(ANALYSIS_WORKERS="1")
    ids = []
    for fixture in MUSIC:
        answer = served.upload(fixture.name, fixture.read())
        assert answer.status_code == 201, answer.text
        ids.append(answer.json()["track_id"])
    # A fragment queued behind them must survive the crash too.
    fragment_id = str(uuid.uuid4())
    parts = [FilePart("audio", "take.wav", fixture_named("click_90bpm.wav").read(), "audio/wav"),
             FieldPart("mime_type", "audio/wav"), FieldPart("fragment_id", fragment_id),
             FieldPart("duration_seconds", "5")]
    assert served.post_multipart("/api/analyse/", parts).status_code == 202
    snapshot = {t["track_id"]: t["status"] for t in served.get("/api/tracks/").json()}
    served.kill9()
    unfinished = [i for i in ids if snapshot[i] != "ready"]
    # One worker cannot have finished six 15 s tracks by now; if it had, this test would prove nothing.
    assert len(unfinished) >= 2, snapshot

    # Leftovers of a crash: an unfinished upload and a file no row refers to.
    part = served.media_root / f"{uuid.uuid4()}.flac.part"
    orphan = served.media_root / f"{uuid.uuid4()}.wav"
    part.write_bytes(b"half an upload")
    orphan.write_bytes(fixture_named("sine_440hz.wav").read())

    served.start()
    # Recovery runs before the server answers /health/.
    assert not part.exists() and not orphan.exists(), served.media_files()
    tracks = [served.wait_for_track(i) for i in ids]
    assert [t["status"] for t in tracks] == ["ready"] * len(ids), [t["status_message"] for t in tracks]
    listed = served.get("/api/tracks/").json()
    assert sorted(t["track_id"] for t in listed) == sorted(ids)
    for track in tracks:
        assert set(track["analysis"]) >= {"spectral", "temporal", "rhythm"}
    files = served.media_files()
    assert not [n for n in files if n.endswith(".part")], files
    for track, fixture in zip(tracks, MUSIC):
        assert files.count(f"{track['track_id']}.flac") == 1
        assert track["size"] == fixture.entry["size_bytes"]
    audio = [n for n in files if n.endswith(".flac")]
    assert len(audio) == len(ids), files
    fragment = wait_until(lambda: (lambda b: b if b["status"] != "pending" else None)(
        served.get(f"/api/analyse/{fragment_id}/").json()), 60, "the fragment after the restart")
    assert fragment["status"] == "complete", fragment
    assert len([n for n in files if n.endswith(".fragment")]) == 1, files


def test_delete_during_analysis(make_server):
    """The row goes at once; the running analysis finds it gone and leaves no file behind."""
    served = make_server(ANALYSIS_WORKERS="1")
    fixture = fixture_named("music_waltz_90bpm_3-4.flac")
    track_id = served.upload(fixture.name, fixture.read()).json()["track_id"]
    deadline = time.monotonic() + 30
    status = "pending"
    while status == "pending" and time.monotonic() < deadline:  # polled without pause: the window is ~0.2 s
        status = served.get(f"/api/tracks/{track_id}/").json()["status"]
    assert status == "analyzing"
    assert served.delete(f"/api/tracks/{track_id}/").status_code == 204
    # A later job runs only after the deleted one's analysis has ended.
    after = served.upload("after.wav", fixture_named("sine_440hz.wav").read()).json()["track_id"]
    assert served.wait_for_track(after)["status"] == "ready"
    assert served.get(f"/api/tracks/{track_id}/").status_code == 404
    assert not [n for n in served.media_files() if n.startswith(track_id)], served.media_files()
    assert [t["track_id"] for t in served.get("/api/tracks/").json()] == [after]


def test_identical_concurrent_uploads(server):
    data = unique_wav(fixture_named("click_120bpm.wav"), 4242)

    def upload(index: int):
        return server.upload(f"same-{index}.wav", data)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(upload, range(8)))
    assert [a.status_code for a in answers] == [201] * 8
    tracks = [server.wait_for_track(a.json()["track_id"]) for a in answers]
    assert [t["status"] for t in tracks] == ["ready"] * 8
    assert all(t["analysis"] == tracks[0]["analysis"] for t in tracks)
    assert len({t["track_id"] for t in tracks}) == 8


def test_twenty_concurrent_uploads(server):
    source = fixture_named("sine_1000hz.wav")
    bodies = [unique_wav(source, salt) for salt in range(20)]
    before = server.track_count()

    def upload(index: int):
        return server.upload(f"concurrent-{index}.wav", bodies[index])

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(upload, range(20)))
    assert [a.status_code for a in answers] == [201] * 20, [a.text for a in answers if a.status_code != 201]
    ids = [a.json()["track_id"] for a in answers]
    assert len(set(ids)) == 20
    tracks = [server.wait_for_track(i) for i in ids]
    assert [t["status"] for t in tracks] == ["ready"] * 20
    assert len({t["sha256"] for t in tracks}) == 20
    assert server.track_count() == before + 20
    files = server.media_files()
    for track_id in ids:
        assert f"{track_id}.wav" in files
