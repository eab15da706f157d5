"""Every fixture of the manifest through the real upload path: good ones end
ready with values close to librosa's reference, bad ones are refused with 422
and leave nothing behind."""

from __future__ import annotations

import hashlib
import math
import re
import uuid

import pytest
import requests

from .conftest import ffmpeg_path
from .support import FieldPart, FilePart, load_manifest, wait_until

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
MEDIA_TYPES = {
    ".wav": ("audio/wav", "audio/x-wav", "audio/wave"), ".flac": ("audio/flac",), ".mp3": ("audio/mpeg",),
    ".ogg": ("audio/ogg",), ".opus": ("audio/opus", "audio/ogg"), ".m4a": ("audio/mp4",),
}
GOOD = [f for f in load_manifest() if f.is_good]
BAD = [f for f in load_manifest() if f.is_bad]


def close(actual: float, expected: float, relative: float, absolute: float) -> bool:
    return math.isfinite(actual) and abs(actual - expected) <= max(absolute, relative * abs(expected))


@pytest.fixture(scope="package")
def good_uploads(server):
    """Uploads every good fixture at once (the queue works through them while
    the tests below wait for their own track)."""
    uploads = {}
    for fixture in GOOD:
        if fixture.needs_ffmpeg:
            continue
        answer = server.upload(fixture.name, fixture.read())
        uploads[fixture.name] = answer
    return uploads


@pytest.mark.parametrize("fixture", GOOD, ids=lambda f: f.name)
def test_good_fixture_is_analysed_like_the_reference(server, good_uploads, fixture):
    if fixture.needs_ffmpeg:
        pytest.skip("m4a/aac need FFMPEG_PATH; covered by test_m4a_with_ffmpeg")
    answer = good_uploads[fixture.name]
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert created["status"] == "pending"
    assert created["filename"] == fixture.name
    assert created["url"].startswith(f"/media/{created['track_id']}{fixture.extension}?expires=")

    track = server.wait_for_track(created["track_id"])
    assert track["status"] == "ready", track["status_message"]
    media = requests.head(server.url(track["url"]), timeout=10)
    assert media.status_code == 200
    assert media.headers["Content-Type"] in MEDIA_TYPES[fixture.extension]
    assert int(media.headers["Content-Length"]) == fixture.entry["size_bytes"]
    assert track["size"] == fixture.entry["size_bytes"]
    assert track["sha256"] == hashlib.sha256(fixture.read()).hexdigest()
    assert TIMESTAMP.fullmatch(track["created_at"]) and TIMESTAMP.fullmatch(track["analyzed_at"])
    assert (track["original_filename"], track["filename"]) == (fixture.name, fixture.name)
    assert track["sample_rate"] == fixture.entry["sample_rate"]
    assert track["channels"] == fixture.entry["channels"]
    assert track["format"] == fixture.extension[1:]
    assert track["analyzed_at"] is not None
    analysis = track["analysis"]
    assert set(analysis) == {"spectral", "temporal", "rhythm", "loudness", "tonal"}
    for agent in analysis:
        assert "error" not in analysis[agent], f"{agent}: {analysis[agent]}"
    loudness, tonal = analysis["loudness"], analysis["tonal"]
    assert len(loudness["short_term_lufs"]) <= 1000
    assert set(tonal["chroma_mean"]) == {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"}

    reference = fixture.reference()
    temporal, rhythm, spectral = analysis["temporal"], analysis["rhythm"], analysis["spectral"]
    assert close(temporal["duration_seconds"], reference["temporal"]["duration_seconds"], 1e-6, 1e-4)
    assert temporal["sample_count"] == reference["temporal"]["sample_count"]
    assert close(rhythm["tempo_bpm"], reference["rhythm"]["tempo_bpm"], 0.01, 1e-6), \
        f"tempo {rhythm['tempo_bpm']} vs librosa {reference['rhythm']['tempo_bpm']}"
    assert close(spectral["spectral_centroid"]["mean"], reference["spectral"]["spectral_centroid"]["mean"], 0.01, 0.5)
    assert close(temporal["rms_energy"]["mean"], reference["temporal"]["rms_energy"]["mean"], 0.01, 1e-5)


def test_waveform_of_a_ready_track(server, good_uploads):
    created = good_uploads["sine_440hz.wav"].json()
    server.wait_for_track(created["track_id"])
    answer = server.get(f"/api/tracks/{created['track_id']}/waveform/?points=100")
    assert answer.status_code == 200, answer.text
    waveform = answer.json()
    assert waveform["points"] == 100 and len(waveform["min"]) == 100 and len(waveform["max"]) == 100
    assert close(waveform["duration"], 3.0, 0, 1e-3)
    # A 0.8-amplitude sine fills every bucket.
    assert all(0.75 < peak <= 0.81 for peak in waveform["max"])
    assert all(-0.81 <= low < -0.75 for low in waveform["min"])
    assert server.get(f"/api/tracks/{created['track_id']}/waveform/").json()["points"] == 1000
    for bad in ("99", "10001", "many"):
        answer = server.get(f"/api/tracks/{created['track_id']}/waveform/?points={bad}")
        assert answer.status_code == 400, (bad, answer.text)


@pytest.mark.parametrize("fixture", BAD, ids=lambda f: f.name)
def test_bad_fixture_is_refused_and_leaves_nothing(server, fixture):
    before_count = server.track_count()
    before_files = server.media_files()
    answer = server.upload(fixture.name, fixture.read())
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["error"] == "unsupported_format"
    assert isinstance(body.get("message"), str) and body["message"]
    assert server.track_count() == before_count
    # The file is deleted after the probe; nothing new stays in MEDIA_ROOT.
    wait_until(lambda: server.stray_files(before_files) == [], 5, "no new file in MEDIA_ROOT")


def test_identical_content_reuses_the_analysis(server, fresh_name):
    fixture = next(f for f in GOOD if f.name == "click_90bpm.wav")
    first = server.upload(fresh_name(), fixture.read()).json()
    done = server.wait_for_track(first["track_id"])
    second = server.upload(fresh_name(), fixture.read())
    assert second.status_code == 201
    twin = server.wait_for_track(second.json()["track_id"])
    assert twin["track_id"] != done["track_id"]
    assert twin["status"] == "ready"
    assert twin["sha256"] == done["sha256"]
    assert twin["analysis"] == done["analysis"]


@pytest.mark.skipif(ffmpeg_path() is None, reason="ffmpeg is not installed")
def test_m4a_with_ffmpeg(make_server):
    served = make_server(FFMPEG_PATH=ffmpeg_path())
    fixture = next(f for f in load_manifest() if f.extension == ".m4a")
    answer = served.upload(fixture.name, fixture.read())
    assert answer.status_code == 201, answer.text
    track = served.wait_for_track(answer.json()["track_id"])
    assert track["status"] == "ready", track["status_message"]
    # AAC adds encoder priming/padding: the length is the excerpt's within a few frames.
    assert close(track["analysis"]["temporal"]["duration_seconds"], fixture.entry["duration_s"], 0, 0.1)
    expected = fixture.entry["ground_truth"]["tempo_bpm"]
    tempo = track["analysis"]["rhythm"]["tempo_bpm"]
    # librosa's tempo bins are coarse (84 BPM lands on 83.4 or 86.1): within one bin of the truth.
    assert close(tempo, expected, 0.04, 0), tempo
    # Fragments accept the MP4 family of mime types once ffmpeg is configured.
    fragment_id = str(uuid.uuid4())
    parts = [FilePart("audio", "take.m4a", fixture.read(), "audio/mp4"), FieldPart("mime_type", "audio/mp4"),
             FieldPart("fragment_id", fragment_id), FieldPart("duration_seconds", "4.0")]
    assert served.post_multipart("/api/analyse/", parts).status_code == 202
    fragment = wait_until(lambda: (lambda b: b if b["status"] != "pending" else None)(
        served.get(f"/api/analyse/{fragment_id}/").json()), 60, "the m4a fragment")
    assert fragment["status"] == "complete", fragment
    assert close(fragment["dimensions"]["bpm"], expected, 0.04, 0)
    files = served.media_files()
    assert f"{track['track_id']}.m4a" in files
    assert not [name for name in files if not name.startswith(track["track_id"]) and not name.endswith(".fragment")], files
