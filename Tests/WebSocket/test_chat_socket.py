"""The chat WebSocket (/ws/chat/<id>/) from an independent client: the `websockets` package, plus a raw
socket for frames it will not send. Covers the close codes, fragmentation, 1,000 idle sockets and the
chat-eval tool-selection cases through the local router."""

import asyncio
import json
import os
import resource
import signal
import sqlite3
import urllib.request
import uuid
from urllib.parse import urlsplit

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from conftest import API_KEY, RawSocket, chat_url, insert_track, reference_analysis, start_server

TIMEOUT = 20


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, TIMEOUT * 3))


def port_of(base):
    return urlsplit(base).port


async def closed_with(url, send=None):
    """Connects, optionally sends one message, and returns the server's close code."""
    async with connect(url, max_size=None, open_timeout=TIMEOUT, close_timeout=5) as ws:
        try:
            if send is not None:
                await ws.recv()  # the status message comes first
                await ws.send(send)
            while True:
                await asyncio.wait_for(ws.recv(), TIMEOUT)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None


async def answer(ws):
    """Reads one answer: every message up to and including done (or error)."""
    messages = []
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
        messages.append(message)
        if message["type"] in ("done", "error"):
            return messages


# --- close codes -------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "api_key=wrong", "token=not-a-token", "token=a.b.c"])
def test_unauthenticated_closes_4001(base, db_path, query):
    track = insert_track(db_path)
    assert run(closed_with(chat_url(base, track, query))) == 4001


@pytest.mark.parametrize("track_id", [str(uuid.uuid4()), "not-a-uuid", "00000000-0000-0000-0000"])
def test_unknown_or_malformed_track_closes_4004(base, track_id):
    assert run(closed_with(chat_url(base, track_id))) == 4004


def test_unmasked_frame_closes_1002(base, db_path):
    raw = RawSocket(port_of(base), f"/ws/chat/{insert_track(db_path)}/?api_key={API_KEY}")
    assert raw.message()["type"] == "status"
    raw.send_frame(0x1, json.dumps({"type": "question", "text": "tempo?"}).encode(), mask=False)
    assert raw.close_code() == 1002


@pytest.mark.parametrize("rsv", [1, 2, 4])
def test_reserved_bits_close_1002(base, db_path, rsv):
    raw = RawSocket(port_of(base), f"/ws/chat/{insert_track(db_path)}/?api_key={API_KEY}")
    raw.message()
    raw.send_frame(0x1, b'{"type":"question","text":"tempo?"}', rsv=rsv)
    assert raw.close_code() == 1002


def test_binary_message_closes_1003(base, db_path):
    assert run(closed_with(chat_url(base, insert_track(db_path)), send=b"\x00\x01binary")) == 1003


def test_invalid_utf8_closes_1007(base, db_path):
    raw = RawSocket(port_of(base), f"/ws/chat/{insert_track(db_path)}/?api_key={API_KEY}")
    raw.message()
    raw.send_frame(0x1, b'{"type":"question","text":"\xff"}')
    assert raw.close_code() == 1007


def test_invalid_utf8_split_across_fragments_closes_1007(base, db_path):
    raw = RawSocket(port_of(base), f"/ws/chat/{insert_track(db_path)}/?api_key={API_KEY}")
    raw.message()
    # E2 82 starts a three-byte sequence; 28 cannot continue it.
    raw.send_frame(0x1, b'{"type":"question","text":"\xe2\x82', fin=False)
    raw.send_frame(0x0, b'("}', fin=True)
    assert raw.close_code() == 1007


def test_valid_utf8_split_across_fragments_is_a_question(base, db_path):
    raw = RawSocket(port_of(base), f"/ws/chat/{insert_track(db_path, analysis=ANALYSIS)}/?api_key={API_KEY}")
    raw.message()
    text = '{"type":"question","text":"What is the tempo in € per beat?"}'.encode()
    cut = text.index("€".encode()) + 1
    raw.send_frame(0x1, text[:cut], fin=False)
    raw.send_frame(0x0, text[cut:], fin=True)
    first = raw.message()
    assert first == {"type": "tool_call", "tool": "analyse_rhythm"}


def test_oversized_message_closes_1009(base, db_path):
    big = json.dumps({"type": "question", "text": "x" * (1 << 20)})
    assert run(closed_with(chat_url(base, insert_track(db_path)), send=big)) == 1009


def test_server_shutdown_closes_1001():
    process, port, db = start_server(os.environ["SERVER_BINARY"])
    try:
        track = insert_track(db)

        async def scenario():
            async with connect(chat_url(f"ws://127.0.0.1:{port}", track), close_timeout=5) as ws:
                assert json.loads(await ws.recv())["status"] == "ready"
                process.send_signal(signal.SIGTERM)
                with pytest.raises(ConnectionClosed) as closed:
                    await asyncio.wait_for(ws.recv(), TIMEOUT)
                return closed.value.rcvd.code

        assert run(scenario()) == 1001
        assert process.wait(timeout=TIMEOUT) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# --- conversation -------------------------------------------------------------------------------

ANALYSIS = {
    "spectral": {"spectral_centroid": {"mean": 440.0}, "dominant_frequencies": [{"frequency": 440.0, "magnitude": 1.0}]},
    "temporal": {"duration_seconds": 2.0, "dynamic_range_db": 12.0},
    "rhythm": {"tempo_bpm": 120.0, "beat_count": 4, "beat_times": [0.5, 1.0, 1.5, 2.0]},
}


def test_status_then_question_events_in_order(base, db_path):
    track = insert_track(db_path, analysis=ANALYSIS)

    async def scenario():
        async with connect(chat_url(base, track)) as ws:
            assert json.loads(await ws.recv()) == {"type": "status", "status": "ready", "message": "Analysis complete"}
            await ws.send(json.dumps({"type": "question", "text": "What's the tempo?"}))
            return await answer(ws)

    messages = run(scenario())
    assert messages[:2] == [{"type": "tool_call", "tool": "analyse_rhythm"},
                            {"type": "tool_result", "tool": "analyse_rhythm", "success": True}]
    tokens = messages[2:-1]
    assert tokens and all(m["type"] == "token" for m in tokens)
    assert messages[-1] == {"type": "done", "full_response": "".join(m["text"] for m in tokens)}


@pytest.mark.parametrize("status,message", [("pending", "Waiting for analysis..."),
                                            ("analyzing", "Starting analysis..."),
                                            ("failed", "Unsupported audio format")])
def test_unready_track_reports_status_and_refuses_questions(base, db_path, status, message):
    track = insert_track(db_path, status=status, message=message if status == "failed" else "")

    async def scenario():
        async with connect(chat_url(base, track)) as ws:
            first = json.loads(await ws.recv())
            await ws.send(json.dumps({"type": "question", "text": "What's the tempo?"}))
            return first, json.loads(await ws.recv())

    first, refusal = run(scenario())
    assert first == {"type": "status", "status": status, "message": message}
    assert refusal == {"type": "error", "message": f"Track not ready. Status: {status}"}


def test_error_events_leave_the_socket_open(base, db_path):
    track = insert_track(db_path, analysis=ANALYSIS)

    async def scenario():
        async with connect(chat_url(base, track)) as ws:
            await ws.recv()
            replies = []
            for text in ["{oops", json.dumps({"type": "question", "text": "  "}), json.dumps({"type": "greeting"})]:
                await ws.send(text)
                replies.append(json.loads(await ws.recv()))
            await ws.send(json.dumps({"type": "question", "text": "How long is it?"}))
            return replies, await answer(ws)

    replies, final = run(scenario())
    assert replies == [{"type": "error", "message": "Invalid JSON"}, {"type": "error", "message": "Empty question"},
                       {"type": "error", "message": "Unknown message type: greeting"}]
    assert final[0] == {"type": "tool_call", "tool": "analyse_temporal"}
    assert final[-1]["type"] == "done"


def test_fragmented_question_with_an_interleaved_ping(base, db_path):
    raw = RawSocket(port_of(base), f"/ws/chat/{insert_track(db_path, analysis=ANALYSIS)}/?api_key={API_KEY}")
    raw.message()
    text = json.dumps({"type": "question", "text": "Which frequencies dominate this audio?"}).encode()
    raw.send_frame(0x1, text[:10], fin=False)
    raw.send_frame(0x9, b"between")  # RFC 6455 §5.4: control frames may come between fragments
    raw.send_frame(0x0, text[10:25], fin=False)
    raw.send_frame(0x0, text[25:], fin=True)
    fin, opcode, payload = raw.read_frame()
    assert (fin, opcode, payload) == (True, 0xA, b"between")
    assert raw.message() == {"type": "tool_call", "tool": "analyse_spectral"}


def test_one_question_at_a_time(base, db_path):
    raw = RawSocket(port_of(base), f"/ws/chat/{insert_track(db_path, analysis=ANALYSIS)}/?api_key={API_KEY}")
    raw.message()
    question = json.dumps({"type": "question", "text": "Describe this sound in full."}).encode()
    # Both questions in one TCP write: the second is read while the first is still being answered
    # (answering starts with a database read on another thread).
    raw.sock.sendall(raw.frame(0x1, question) + raw.frame(0x1, question))
    messages = [raw.message()]
    while not any(m["type"] == "done" for m in messages):
        messages.append(raw.message())
    assert {"type": "error", "message": "A question is already being answered"} in messages
    assert [m["type"] for m in messages].count("tool_call") == 3
    raw.send_json({"type": "question", "text": "And the tempo?"})
    assert raw.message() == {"type": "tool_call", "tool": "analyse_rhythm"}


# --- capacity -------------------------------------------------------------------------------------

def test_a_thousand_idle_sockets(base, db_path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2048:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard), hard))
    track = insert_track(db_path, analysis=ANALYSIS)
    url = chat_url(base, track)

    async def scenario():
        gate = asyncio.Semaphore(100)  # bounded handshakes in flight, so the listen backlog never overflows

        async def open_one():
            async with gate:
                ws = await connect(url, open_timeout=TIMEOUT, ping_interval=None, close_timeout=5)
                first = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
                assert first["status"] == "ready"
                return ws

        sockets = await asyncio.gather(*(open_one() for _ in range(1000)))
        try:
            # Every socket is still open and served: a ping round trip on each, then one question.
            pongs = [await ws.ping() for ws in sockets]
            await asyncio.wait_for(asyncio.gather(*pongs), TIMEOUT)
            await sockets[-1].send(json.dumps({"type": "question", "text": "What's the tempo?"}))
            return await answer(sockets[-1])
        finally:
            await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)

    assert run(scenario())[-1]["type"] == "done"


# --- chat-eval through the local router --------------------------------------------------------------

def eval_cases():
    path = os.path.join(os.environ.get("FIXTURES_DIR", ""), "chat-eval.json")
    if not os.environ.get("FIXTURES_DIR"):
        raise RuntimeError("FIXTURES_DIR is not set: point it at the shared fixtures folder")
    with open(path) as f:
        return json.load(f)["cases"]


@pytest.mark.parametrize("case", eval_cases(), ids=lambda case: case["id"])
def test_chat_eval_selects_exactly_the_expected_tools(base, db_path, fixtures_dir, case):
    track = insert_track(db_path, analysis=reference_analysis(fixtures_dir, case["audio_file"]))

    async def scenario():
        async with connect(chat_url(base, track)) as ws:
            await ws.recv()
            await ws.send(json.dumps({"type": "question", "text": case["question"]}))
            return await answer(ws)

    messages = run(scenario())
    called = {m["tool"].removeprefix("analyse_") for m in messages if m["type"] == "tool_call"}
    assert called == set(case["expected_tools"]), case["question"]
    results = [m for m in messages if m["type"] == "tool_result"]
    # An empty expectation is a question the router cannot place: it answers with guidance, no tool.
    assert all(m["success"] for m in results) and len(results) == len(case["expected_tools"])
    assert messages[-1]["type"] == "done" and messages[-1]["full_response"]


# --- with the tracks API and the analysis queue ---------------------------------------------------

def upload(base, fixtures_dir, name):
    """POST /api/tracks/ with a fixture file; returns the new track id."""
    boundary = uuid.uuid4().hex
    with open(os.path.join(fixtures_dir, "audio", name), "rb") as f:
        content = f.read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        base.replace("ws://", "http://") + "/api/tracks/", data=body, method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "X-API-Key": API_KEY})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        assert response.status == 201
        return json.load(response)["track_id"]


def test_uploaded_track_reports_progress_until_ready_then_answers(base, fixtures_dir):
    track = upload(base, fixtures_dir, "complex_sine440_clicks120.wav")

    async def scenario():
        async with connect(chat_url(base, track)) as ws:
            seen = [json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))]
            while seen[-1] != {"type": "status", "status": "ready", "message": "Analysis complete"}:
                seen.append(json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT * 3)))
            await ws.send(json.dumps({"type": "question", "text": "What are the tempo and the main frequency?"}))
            return seen, await answer(ws)

    seen, messages = run(scenario())
    assert seen[0]["type"] == "status" and seen[0]["status"] in ("pending", "analyzing", "ready")
    for message in seen[1:-1]:
        if message["type"] == "thinking":
            agent, _, state = message["message"].partition(" analysis: ")
            assert agent in ("Spectral", "Temporal", "Rhythm", "Loudness", "Tonal") and state in ("running", "complete", "failed")
        else:
            assert message["type"] == "status" and message["status"] in ("analyzing", "ready")
    assert [m["tool"] for m in messages if m["type"] == "tool_call"] == ["analyse_spectral", "analyse_rhythm"]
    assert messages[-1]["type"] == "done" and "440" in messages[-1]["full_response"]


def test_missing_agent_result_is_computed_from_the_media(base, db_path, fixtures_dir):
    track = upload(base, fixtures_dir, "click_120bpm.wav")

    async def wait_ready():
        async with connect(chat_url(base, track)) as ws:
            while json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT * 3)).get("status") != "ready":
                pass

    run(wait_ready())
    with sqlite3.connect(db_path, timeout=10) as db:
        db.execute("UPDATE tracks SET analysis = json_remove(analysis, '$.rhythm') WHERE track_id = ?", (track,))

    async def ask():
        async with connect(chat_url(base, track)) as ws:
            await ws.recv()
            await ws.send(json.dumps({"type": "question", "text": "What's the tempo?"}))
            return await answer(ws)

    messages = run(ask())
    assert {"type": "tool_result", "tool": "analyse_rhythm", "success": True} in messages
    assert "BPM" in messages[-1]["full_response"]
