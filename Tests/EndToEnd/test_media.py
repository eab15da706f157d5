"""Where uploads land and how they are served: client filenames never choose
a path, media URLs need a valid signature, DELETE removes row and file."""

from __future__ import annotations

import time
import urllib.parse
import uuid

import pytest
import requests

from .support import FilePart, fixture_named, wait_until

SINE = fixture_named("sine_440hz.wav")


def _upload_named(server, disposition: str):
    answer = server.post_multipart("/api/tracks/", [FilePart("file", "", SINE.read(), "audio/wav", disposition)])
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.mark.parametrize("disposition, original, display", [
    ('form-data; name="file"; filename="../../etc/passwd.wav"', "../../etc/passwd.wav", "passwd.wav"),
    ("form-data; name=\"file\"; filename=\"x.wav\"; filename*=UTF-8''..%2F..%2Fx.wav", "../../x.wav", "x.wav"),
    ('form-data; name="file"; filename="..\\..\\..\\evil.wav"', None, "evil.wav"),
    ('form-data; name="file"; filename="/tmp/abs.wav"', "/tmp/abs.wav", "abs.wav"),
])
def test_traversal_in_filenames_is_stored_under_a_uuid(server, disposition, original, display):
    before = set(server.media_files())
    created = _upload_named(server, disposition)
    track_id = created["track_id"]
    uuid.UUID(track_id)
    assert created["filename"] == display
    new = set(server.media_files()) - before
    assert f"{track_id}.wav" in new
    assert [n for n in new if n.endswith(".wav")] == [f"{track_id}.wav"], new
    # A derived file being written (e.g. a spectrogram's temporary name) settles at once.
    wait_until(lambda: server.stray_files(sorted(before)) == [], 5, "no file outside the tracks' own")
    assert (server.media_root / f"{track_id}.wav").stat().st_size == SINE.entry["size_bytes"]
    # Nothing was written next to or above MEDIA_ROOT.
    assert not (server.workdir / "etc").exists() and not (server.workdir.parent / "etc").exists()
    assert not (server.workdir / "x.wav").exists() and not (server.workdir.parent / "x.wav").exists()
    track = server.get(f"/api/tracks/{track_id}/").json()
    assert track["filename"] == display
    if original is not None:
        assert track["original_filename"] == original
    else:
        assert track["original_filename"].endswith("evil.wav")
    assert urllib.parse.urlsplit(track["url"]).path == f"/media/{track_id}.wav"


@pytest.mark.parametrize("disposition, display", [
    ('form-data; name="file"; filename="Song.WAV"', "Song.WAV"),
    ("form-data; name=\"file\"; filename=\"cafe.wav\"; filename*=UTF-8''caf%C3%A9%20%E2%99%AB.wav", "café ♫.wav"),
])
def test_display_names_keep_case_and_unicode(server, disposition, display):
    created = _upload_named(server, disposition)
    track = server.get(f"/api/tracks/{created['track_id']}/").json()
    assert (created["filename"], track["filename"], track["original_filename"]) == (display, display, display)
    assert track["format"] == "wav"
    assert f"{created['track_id']}.wav" in server.media_files()


@pytest.fixture(scope="module")
def two_tracks(server):
    first = server.upload("first.wav", SINE.read()).json()
    second = server.upload("second.wav", fixture_named("sine_1000hz.wav").read()).json()
    return first, second


def _signed(url: str) -> tuple[str, dict]:
    parts = urllib.parse.urlsplit(url)
    return parts.path, dict(urllib.parse.parse_qsl(parts.query))


def test_media_with_a_valid_signature_and_ranges(server, two_tracks):
    first, _ = two_tracks
    whole = requests.get(server.url(first["url"]), timeout=10)
    assert whole.status_code == 200
    assert whole.headers["Content-Type"].startswith("audio/")
    assert whole.content == SINE.read()
    part = requests.get(server.url(first["url"]), headers={"Range": "bytes=100-199"}, timeout=10)
    assert part.status_code == 206
    assert part.content == SINE.read()[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{SINE.entry['size_bytes']}"
    tail = requests.get(server.url(first["url"]), headers={"Range": "bytes=-10"}, timeout=10)
    assert (tail.status_code, tail.content) == (206, SINE.read()[-10:])
    beyond = requests.get(server.url(first["url"]), headers={"Range": "bytes=999999-"}, timeout=10)
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{SINE.entry['size_bytes']}"


def test_media_signature_tampering_is_403(server, two_tracks):
    first, second = two_tracks
    path, query = _signed(first["url"])
    other_path, other_query = _signed(second["url"])
    flipped = query["sig"][:-1] + ("0" if query["sig"][-1] != "0" else "1")
    attempts = {
        "changed sig": (path, {**query, "sig": flipped}),
        "changed expires": (path, {**query, "expires": str(int(query["expires"]) + 1)}),
        "past expires": (path, {**query, "expires": "1"}),
        "other file's sig": (path, other_query),
        "sig for another path": (other_path, query),
        "no sig": (path, {"expires": query["expires"]}),
        "no query": (path, {}),
        "upper-case sig": (path, {**query, "sig": query["sig"].upper()}),
    }
    for name, (target, params) in attempts.items():
        answer = requests.get(server.url(target), params=params, timeout=10)
        assert answer.status_code == 403, name
    # The API key is not a substitute for a signature.
    assert server.get(path).status_code == 403
    assert requests.get(server.url(first["url"]), timeout=10).status_code == 200


def test_signed_url_expires_after_media_url_ttl(make_server):
    served = make_server(MEDIA_URL_TTL="2")
    url = served.upload("brief.wav", SINE.read()).json()["url"]
    expires = int(dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))["expires"])
    assert expires - time.time() <= 2.5
    assert requests.get(served.url(url), timeout=10).status_code == 200
    wait_until(lambda: requests.get(served.url(url), timeout=10).status_code == 403, 10, "the URL to expire")
    # The track JSON hands out a fresh one.
    track_id = urllib.parse.urlsplit(url).path.split("/")[-1][:36]
    assert requests.get(served.url(served.get(f"/api/tracks/{track_id}/").json()["url"]), timeout=10).status_code == 200


def test_media_outside_the_store_is_404(server):
    for target in ("/media/../Migrations/x.sql", "/media/%2e%2e%2fdb.sqlite3", "/media/notes.txt",
                   f"/media/{uuid.uuid4()}.wav.part"):
        answer = requests.get(server.url(target), params={"expires": "9999999999", "sig": "00"}, timeout=10)
        assert answer.status_code in (403, 404), target


def test_delete_removes_row_and_file(server):
    created = server.upload("doomed.wav", fixture_named("click_120bpm.wav").read()).json()
    track_id = created["track_id"]
    server.wait_for_track(track_id)
    assert f"{track_id}.wav" in server.media_files()
    count = server.track_count()
    answer = server.delete(f"/api/tracks/{track_id}/")
    assert answer.status_code == 204 and answer.content == b""
    assert not [n for n in server.media_files() if n.startswith(track_id)]
    assert server.get(f"/api/tracks/{track_id}/").status_code == 404
    assert server.track_count() == count - 1
    assert requests.get(server.url(created["url"]), timeout=10).status_code == 404
    assert server.delete(f"/api/tracks/{track_id}/").status_code == 404


def test_delete_while_queued(make_server):
    """A track deleted before its analysis starts is dropped from the queue."""
    served = make_server(ANALYSIS_WORKERS="1")
    music = [fixture_named(n) for n in ("music_pop_84bpm_4-4.flac", "music_rock_128bpm_4-4.flac")]
    blockers = [served.upload(f.name, f.read()).json()["track_id"] for f in music]
    victim = served.upload("victim.wav", SINE.read()).json()["track_id"]
    queued = served.get(f"/api/tracks/{victim}/").json()
    assert (queued["status"], queued["analysis"]) == ("pending", {})
    assert queued["duration"] == 3.0 and queued["sample_rate"] == 22050 and queued["channels"] == 1
    assert served.delete(f"/api/tracks/{victim}/").status_code == 204
    for track_id in blockers:
        assert served.wait_for_track(track_id)["status"] == "ready"
    assert served.get(f"/api/tracks/{victim}/").status_code == 404
    assert not [n for n in served.media_files() if n.startswith(victim)]
    assert served.track_count() == 2


TRACK_KEYS = {"track_id", "original_filename", "filename", "url", "size", "sha256", "duration", "sample_rate",
              "channels", "format", "status", "status_message", "created_at", "analyzed_at", "analysis",
              "spectrogram_url"}


def test_pending_track_json_has_every_key(make_server):
    served = make_server(ANALYSIS_WORKERS="1")
    for name in ("music_pop_84bpm_4-4.flac", "music_rock_128bpm_4-4.flac"):
        served.upload(name, fixture_named(name).read())
    created = served.upload("waiting.wav", SINE.read()).json()
    track = served.get(f"/api/tracks/{created['track_id']}/").json()
    assert track["status"] == "pending"
    assert set(track) == TRACK_KEYS
    assert (track["analyzed_at"], track["analysis"]) == (None, {})


def test_spectrogram_is_rendered_with_the_analysis(server):
    created = server.upload("spectrogram.wav", fixture_named("complex_sine440_clicks120.wav").read()).json()
    track = server.wait_for_track(created["track_id"])
    assert track["status"] == "ready"
    with_key = server.get(f"/api/tracks/{track['track_id']}/spectrogram.png")
    assert with_key.status_code == 200, with_key.text
    assert with_key.headers["Content-Type"] == "image/png"
    assert with_key.content.startswith(b"\x89PNG\r\n\x1a\n")
    signed = requests.get(server.url(track["spectrogram_url"]), timeout=10)
    assert (signed.status_code, signed.content) == (200, with_key.content)
    assert requests.get(server.url(f"/api/tracks/{track['track_id']}/spectrogram.png"), timeout=10).status_code == 401
