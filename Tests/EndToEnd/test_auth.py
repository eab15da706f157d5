"""Tokens, demo users and ownership. Tests that need POST /api/auth/demo/ are
skipped while the server answers it with 404."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from .support import bearer, fixture_named, sign_token, token_claims, unsigned_token, wait_until

SINE = fixture_named("sine_440hz.wav")


def create_demo(server) -> dict | None:
    """A new demo user's tokens; None when the endpoint does not exist."""
    answer = requests.post(server.url("/api/auth/demo/"), json={}, timeout=30)
    if answer.status_code == 404:
        return None
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["is_demo"] is True and body["access"] and body["refresh"]
    return body


def require_demo(server) -> dict:
    demo = create_demo(server)
    if demo is None:
        pytest.skip("POST /api/auth/demo/ answers 404: demo users are not in this build yet")
    return demo


def claims(sub: str, **overrides) -> dict:
    now = int(time.time())
    return {"sub": sub, "exp": now + 600, "iat": now, "type": "access", "is_demo": False, **overrides}


def some_user(server) -> tuple[str, str]:
    """(sub, access token) of a user who is not the API key: a demo user when
    the server has them (tokens of unknown users are then refused), else a
    token for an id no one holds."""
    demo = create_demo(server)
    if demo is not None:
        return token_claims(demo["access"])["sub"], demo["access"]
    return "424242", sign_token(claims("424242"))


def test_expired_or_wrong_tokens_are_401(server):
    sub, access = some_user(server)
    now = int(time.time())
    cases = {
        "expired": sign_token(claims(sub, exp=now - 60, iat=now - 3600)),
        "refresh used as access": sign_token(claims(sub, type="refresh")),
        "other secret": sign_token(claims(sub), secret="not-the-server-secret"),
        "alg none": unsigned_token(claims(sub)),
        "truncated": access[:-4],
    }
    for name, token in cases.items():
        answer = server.get("/api/tracks/", headers=bearer(token))
        assert answer.status_code == 401, name
        body = answer.json()
        assert body["error"] == "unauthorized" and body["detail"], (name, body)
    assert server.get("/api/tracks/", headers=bearer(access)).status_code == 200


def test_a_user_never_sees_the_api_keys_tracks(server):
    created = server.upload("admin.wav", SINE.read()).json()
    track_id = created["track_id"]
    user = bearer(some_user(server)[1])
    for path in (f"/api/tracks/{track_id}/", f"/api/tracks/{track_id}/waveform/"):
        answer = server.get(path, headers=user)
        assert (answer.status_code, answer.json()) == (404, {"error": "Track not found"}), path
    answer = server.delete(f"/api/tracks/{track_id}/", headers=user)
    assert (answer.status_code, answer.json()) == (404, {"error": "Track not found"})
    assert track_id not in [t["track_id"] for t in server.get("/api/tracks/", headers=user).json()]
    assert server.get(f"/api/tracks/{track_id}/").status_code == 200


def test_demo_request_limit(make_server):
    served = make_server(DEMO_REQUEST_LIMIT="3")
    demo = require_demo(served)
    assert demo["request_limit"] == 3
    user = bearer(demo["access"])
    first = served.upload("one.wav", SINE.read(), headers=user)
    assert first.status_code == 201, first.text
    assert served.upload("two.wav", SINE.read(), headers=user).status_code == 201
    # Reading does not count; DELETE does.
    assert served.get("/api/tracks/", headers=user).status_code == 200
    assert served.delete(f"/api/tracks/{first.json()['track_id']}/", headers=user).status_code == 204
    count = served.track_count()
    refused = served.upload("four.wav", SINE.read(), headers=user)
    assert refused.status_code == 429, refused.text
    body = refused.json()
    assert body["error"] == "Demo request limit exceeded"
    assert body["request_limit"] == 3
    assert isinstance(body["request_count"], int) and body["request_count"] >= 3
    assert served.track_count() == count
    # Spent: reads get the same 429 as in the original app; the auth endpoints stay open.
    read = served.get("/api/tracks/", headers=user)
    assert read.status_code == 429 and read.json()["error"] == "Demo request limit exceeded"
    assert requests.post(served.url("/api/auth/refresh/"), json={"refresh": demo["refresh"]}, timeout=30).status_code == 200
    # The API key is never limited.
    assert served.upload("admin.wav", SINE.read()).status_code == 201


def test_demo_token_expiry(make_server):
    served = make_server()
    demo = require_demo(served)
    issued = token_claims(demo["access"])
    assert issued["is_demo"] is True and issued["type"] == "access"
    # The demo access token lives as long as the demo session (DEMO_TTL_HOURS, 24 h by default):
    # the original client never refreshes.
    assert issued["exp"] - issued["iat"] == 24 * 3600
    assert served.get("/api/tracks/", headers=bearer(demo["access"])).status_code == 200
    expired = sign_token({**issued, "exp": int(time.time()) - 1, "iat": int(time.time()) - 901})
    answer = served.get("/api/tracks/", headers=bearer(expired))
    assert answer.status_code == 401
    assert answer.json()["error"] == "unauthorized"
    assert served.get("/api/tracks/", headers=bearer(demo["refresh"])).status_code == 401


def test_ownership_between_users(make_server):
    served = make_server()
    alice, bob = require_demo(served), require_demo(served)
    mine = served.upload("alice.wav", SINE.read(), headers=bearer(alice["access"]))
    assert mine.status_code == 201, mine.text
    track_id = mine.json()["track_id"]
    theirs = bearer(bob["access"])
    for path in (f"/api/tracks/{track_id}/", f"/api/tracks/{track_id}/waveform/"):
        answer = served.get(path, headers=theirs)
        assert (answer.status_code, answer.json()) == (404, {"error": "Track not found"}), path
    assert served.delete(f"/api/tracks/{track_id}/", headers=theirs).status_code == 404
    assert served.get("/api/tracks/", headers=theirs).json() == []
    assert [t["track_id"] for t in served.get("/api/tracks/", headers=bearer(alice["access"])).json()] == [track_id]
    assert served.get(f"/api/tracks/{track_id}/", headers=bearer(alice["access"])).status_code == 200
    # The API key acts as an administrator.
    assert served.get(f"/api/tracks/{track_id}/").status_code == 200


def test_demo_users_and_their_tracks_expire(make_server):
    """DEMO_TTL_HOURS=0.001 (3.6 s): the token stops working, and the sweep at
    the next start removes the user's tracks and files."""
    served = make_server(DEMO_TTL_HOURS="0.001")
    demo = require_demo(served)
    user = bearer(demo["access"])
    created = served.upload("short-lived.wav", SINE.read(), headers=user)
    assert created.status_code == 201, created.text
    track_id = created.json()["track_id"]
    assert served.wait_for_track(track_id)["status"] == "ready"
    wait_until(lambda: served.get("/api/tracks/", headers=user).status_code == 401, 20, "the demo user to expire")
    assert served.get("/api/tracks/", headers=user).json()["error"] == "unauthorized"
    served.stop()
    served.start()
    wait_until(lambda: served.get(f"/api/tracks/{track_id}/").status_code == 404, 10, "the sweep at start")
    wait_until(lambda: not [n for n in served.media_files() if n.startswith(track_id)], 10, "its media to go")


def test_demo_limit_holds_under_concurrent_requests(make_server):
    served = make_server(DEMO_REQUEST_LIMIT="3")
    user = bearer(require_demo(served)["access"])
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda i: served.upload(f"race-{i}.wav", SINE.read(), headers=user), range(8)))
    codes = sorted(a.status_code for a in answers)
    assert codes == [201] * 3 + [429] * 5, codes
    assert served.track_count() == 3
