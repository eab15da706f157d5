"""Sketchbook fragments: idempotent POST /api/analyse/ and polling."""

from __future__ import annotations

import math
import uuid

import pytest

from .support import FieldPart, FilePart, fixture_named, wait_until

CLICKS = fixture_named("click_120bpm.wav")


def fragment_parts(fragment_id: str, mime: str = "audio/wav", data: bytes | None = None, duration: str = "5.0",
                   omit: str = "") -> list:
    parts = [
        FilePart("audio", "take.wav", CLICKS.read() if data is None else data, mime),
        FieldPart("mime_type", mime),
        FieldPart("fragment_id", fragment_id),
        FieldPart("duration_seconds", duration),
    ]
    return [p for p in parts if p.name != omit]


def submit(server, parts):
    return server.post_multipart("/api/analyse/", parts)


def wait_for_fragment(server, fragment_id: str) -> dict:
    def finished():
        body = server.get(f"/api/analyse/{fragment_id}/").json()
        return body if body["status"] != "pending" else None
    return wait_until(finished, 60, f"fragment {fragment_id}")


def test_fragment_lifecycle(make_server):
    served = make_server(ANALYSIS_WORKERS="1")
    # Keep the single worker busy so the fragment is surely still pending at the second POST.
    blockers = ["music_pop_84bpm_4-4.flac", "music_rock_128bpm_4-4.flac", "music_dance_140bpm_4-4.flac"]
    for name in blockers:
        assert served.upload(name, fixture_named(name).read()).status_code == 201
    fragment_id = str(uuid.uuid4())
    expected = {"fragment_id": fragment_id, "status": "pending", "poll_url": f"/api/analyse/{fragment_id}/"}
    first = submit(served, fragment_parts(fragment_id))
    assert (first.status_code, first.json()) == (202, expected)
    again = submit(served, fragment_parts(fragment_id))
    assert (again.status_code, again.json()) == (202, expected)
    # The repeated upload's copy is not kept.
    assert len([n for n in served.media_files() if n.endswith(".fragment")]) == 1, served.media_files()
    polled = served.get(f"/api/analyse/{fragment_id}/")
    statuses = [t["status"] for t in served.get("/api/tracks/").json()]
    assert statuses.count("pending") >= 1, f"the worker was too fast for this test to prove anything: {statuses}"
    assert (polled.status_code, polled.json()) == (200, {"fragment_id": fragment_id, "status": "pending"})

    result = wait_for_fragment(served, fragment_id)
    assert result["status"] == "complete", result
    assert result["fragment_id"] == fragment_id
    assert result["model_version"] == served.get("/api/health/").json()["version"]
    dimensions = result["dimensions"]
    assert set(dimensions) == {"bpm", "time_signature", "swing", "steadiness", "upbeat", "key", "loudness_lufs"}
    # Clicks on a 1 kHz carrier: a loudness figure, and a key label or an explicit null.
    assert isinstance(dimensions["loudness_lufs"], float) and -40 < dimensions["loudness_lufs"] < 0
    assert dimensions["key"] is None or dimensions["key"].endswith(("major", "minor"))
    assert abs(dimensions["bpm"] - 117.45) < 2.0
    raw = result["raw_data"]
    assert set(raw) >= {"beats", "onsets", "spectral_centroid_mean", "rms_energy_mean"}
    assert all(0 <= beat <= 5.0 for beat in raw["beats"]) and len(raw["beats"]) >= 8
    assert all(isinstance(d, str) for d in result["descriptors"])
    assert "moderate-tempo" in result["descriptors"]
    assert math.isfinite(raw["spectral_centroid_mean"])

    # Complete: the same POST now answers 200 with the stored result, and keeps no new file.
    files = served.media_files()
    done = submit(served, fragment_parts(fragment_id))
    assert done.status_code == 200
    assert done.json() == result
    wait_until(lambda: served.stray_files(files) == [], 5, "no new file in MEDIA_ROOT")


def test_unknown_fragment_is_404(server):
    for fragment_id in (str(uuid.uuid4()), "not-a-uuid"):
        answer = server.get(f"/api/analyse/{fragment_id}/")
        assert (answer.status_code, answer.json()) == (404, {"detail": "Not found."})


@pytest.mark.parametrize("mime", ["audio/x-foo", "video/mp4", "audio/mp4", "audio/webm"])
def test_unsupported_mime_is_422(server, mime):
    before = server.media_files()
    answer = submit(server, fragment_parts(str(uuid.uuid4()), mime=mime))
    assert (answer.status_code, answer.json()) == (
        422, {"error": "unsupported_format", "message": f"Cannot decode {mime}"})
    wait_until(lambda: server.stray_files(before) == [], 5, "no new file in MEDIA_ROOT")


@pytest.mark.parametrize("omit", ["audio", "mime_type", "fragment_id"])
def test_missing_field_is_400(server, omit):
    before = server.media_files()
    answer = submit(server, fragment_parts(str(uuid.uuid4()), omit=omit))
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["error"] == "validation_error" and body["message"], body
    wait_until(lambda: server.stray_files(before) == [], 5, "no new file in MEDIA_ROOT")


@pytest.mark.parametrize("fragment_id, duration", [("not-a-uuid", "5.0"), (None, "five"), (None, "-1")])
def test_invalid_field_is_400(server, fragment_id, duration):
    answer = submit(server, fragment_parts(fragment_id or str(uuid.uuid4()), duration=duration))
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "validation_error"


def test_undecodable_fragment_fails_and_is_retried_at_most_three_times(server):
    fragment_id = str(uuid.uuid4())
    parts = fragment_parts(fragment_id, data=b"this is not audio at all" * 100)
    assert submit(server, parts).status_code == 202
    failed = wait_for_fragment(server, fragment_id)
    assert failed["status"] == "failed" and failed["error"], failed
    for _ in range(3):
        again = submit(server, parts)
        assert again.status_code == 202, again.text
        assert wait_for_fragment(server, fragment_id)["status"] == "failed"
    final = submit(server, parts)
    assert final.status_code == 200
    assert final.json()["status"] == "failed"
