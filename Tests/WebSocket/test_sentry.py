"""Error reporting: with SENTRY_DSN set, an unexpected failure (here a chat provider that refuses
connections, after its retry) reaches a loopback ingest as a Sentry envelope that the official
sentry-sdk parses, carrying the release and environment and never the provider's key."""
import asyncio
import json
import os
import queue
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sentry_sdk.envelope import Envelope
from websockets.asyncio.client import connect

from conftest import chat_url, insert_track, reference_analysis, start_server

PROVIDER_KEY = "sk-test-must-never-leave"


class Ingest(ThreadingHTTPServer):
    """A fake Sentry ingest on loopback: keeps each POST's path, headers and body."""

    def __init__(self):
        self.received = queue.Queue()
        ingest = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                ingest.received.put((self.path, dict(self.headers), body))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"id":"ok"}')

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def refusing_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_provider_failure_reaches_sentry_as_a_parsable_envelope(fixtures_dir):
    ingest = Ingest()
    threading.Thread(target=ingest.serve_forever, daemon=True).start()
    process, port, db_path = start_server(
        os.environ["SERVER_BINARY"],
        SENTRY_DSN=f"http://publickey123@127.0.0.1:{ingest.server_address[1]}/42", SENTRY_ENVIRONMENT="test-suite",
        LLM_MODEL="openai/gpt-4o-mini", OPENAI_API_KEY=PROVIDER_KEY,
        OPENAI_BASE_URL=f"http://127.0.0.1:{refusing_port()}/v1")
    try:
        track = insert_track(db_path, analysis=reference_analysis(fixtures_dir, "click_120bpm.wav"))

        async def ask():
            async with connect(chat_url(f"ws://127.0.0.1:{port}", track)) as ws:
                await ws.recv()
                await ws.send(json.dumps({"type": "question", "text": "What's the tempo?"}))
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 30))
                    if message["type"] in ("done", "error"):
                        return message

        assert asyncio.run(ask())["type"] == "error"
        path, headers, body = ingest.received.get(timeout=20)
    finally:
        process.terminate()
        process.wait(timeout=10)
        ingest.shutdown()

    assert path == "/api/42/envelope/"
    assert headers["Content-Type"] == "application/x-sentry-envelope"
    assert "sentry_key=publickey123" in headers["X-Sentry-Auth"]
    assert PROVIDER_KEY.encode() not in body
    envelope = Envelope.deserialize(body)
    assert envelope.headers["dsn"].endswith("/42")
    events = [item.payload.json for item in envelope.items if item.type == "event"]
    assert len(events) == 1
    event = events[0]
    assert event["event_id"] == envelope.headers["event_id"] and len(event["event_id"]) == 32
    assert event["level"] == "error" and event["release"].startswith("audio-server@")
    assert event["environment"] == "test-suite"
    assert event["message"]["formatted"] == "chat provider failed"
    assert event["extra"]["provider"] == "openai"
