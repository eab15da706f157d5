#!/usr/bin/env python3
"""Fake LLM provider servers for tests: OpenAI Chat Completions, Anthropic Messages and Gemini v1beta.

One HTTP server on 127.0.0.1 (port 0, printed as "PORT <n>" on stdout) answers all three APIs, chosen by
path, in each provider's documented streaming wire format:

  POST /v1/chat/completions or /chat/completions      OpenAI Chat Completions, SSE "data:" chunks, "[DONE]"
  POST /v1/messages                                   Anthropic Messages (anthropic-version 2023-06-01),
                                                      named SSE events message_start ... message_stop
  POST /v1beta/models/<model>:streamGenerateContent   Gemini v1beta with ?alt=sse, GenerateContentResponse
                                                      chunks, CRLF line ends, finishReason on the last one

What each request gets is scripted by a JSON scenario file: {"responses": [reply, ...]}, used in order by
every request whatever its provider. A reply:

  {"text": ["The tempo", " is 120 BPM."],             text pieces, one delta each
   "tool_calls": [{"id": "call_1", "name": "analyse_rhythm",
                   "arguments": {"track_id": "t"}, "split": 3,      arguments streamed in 3 pieces
                   "signature": "sig"}],                            Gemini thoughtSignature
   "status": 429, "error": "slow down",               an error status with the provider's error body
   "cut": "clean" | "abort",                          stop after half the events: end the body politely,
                                                      or drop the connection mid-body
   "stall": 5.0,                                      seconds to wait after the headers
   "chunk_bytes": 7}                                  write the body in pieces of this many bytes

A request the real API would reject (no key, a tool result that answers no call, …) gets 400 with the
reasons, before any scripted reply is used. Every request is appended as one JSON line
({"path", "headers", "body"}) to the --log file before the reply is sent. Standard library only. The server exits when its standard input closes.
"""

import argparse
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def split_text(text, pieces):
    """Cuts text into `pieces` nearly equal parts (some may be empty when text is short)."""
    pieces = max(1, pieces)
    size = -(-len(text) // pieces) if text else 0
    return [text[i * size:(i + 1) * size] for i in range(pieces)] if size else [text]


def sse(data, event=None, newline="\n"):
    lines = ([f"event: {event}"] if event else []) + [f"data: {data}"]
    return (newline.join(lines) + newline + newline).encode()


class OpenAIWire:
    """Chat Completions streaming: chat.completion.chunk objects, tool-call deltas keyed by index."""

    content_type = "text/event-stream"

    @staticmethod
    def events(reply, model):
        base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000,
                "model": model, "system_fingerprint": None}

        def chunk(delta, finish=None):
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            return sse(json.dumps({**base, "choices": [choice]}))

        out = [chunk({"role": "assistant", "content": ""})]
        out += [chunk({"content": piece}) for piece in reply.get("text", [])]
        for index, call in enumerate(reply.get("tool_calls", [])):
            arguments = json.dumps(call.get("arguments", {}))
            head = {"index": index, "id": call["id"], "type": "function",
                    "function": {"name": call["name"], "arguments": ""}}
            out.append(chunk({"tool_calls": [head]}))
            for piece in split_text(arguments, call.get("split", 1)):
                out.append(chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]}))
        out.append(chunk({}, "tool_calls" if reply.get("tool_calls") else "stop"))
        out.append(sse("[DONE]"))
        return out

    @staticmethod
    def problems(body, headers):
        """What the real API would reject: a missing key, or a tool message not answering a pending call."""
        if not (headers.get("Authorization") or "").startswith("Bearer "):
            yield "missing bearer key"
        if not isinstance(body, dict) or not body.get("model") or not body.get("messages"):
            yield "model and messages are required"
            return
        pending = set()
        for message in body["messages"]:
            role = message.get("role")
            if role == "tool" and message.get("tool_call_id") not in pending:
                yield f"tool message for unknown call {message.get('tool_call_id')}"
            pending.discard(message.get("tool_call_id"))
            if role == "assistant":
                pending = {call["id"] for call in message.get("tool_calls") or []}
            elif role == "user" and pending:
                yield "tool calls left without results"

    @staticmethod
    def error(status, message):
        kind = {401: "invalid_request_error", 429: "rate_limit_exceeded"}.get(status, "server_error")
        return {"error": {"message": message, "type": kind, "param": None, "code": kind}}


class AnthropicWire:
    """Messages streaming (anthropic-version 2023-06-01): content blocks with text and input_json deltas."""

    content_type = "text/event-stream"

    @staticmethod
    def events(reply, model):
        def event(name, payload):
            return sse(json.dumps({"type": name, **payload}), event=name)

        message = {"id": "msg_fake", "type": "message", "role": "assistant", "content": [], "model": model,
                   "stop_reason": None, "stop_sequence": None,
                   "usage": {"input_tokens": 25, "output_tokens": 1}}
        out = [event("message_start", {"message": message}), event("ping", {})]
        index = 0
        if reply.get("text"):
            out.append(event("content_block_start",
                             {"index": index, "content_block": {"type": "text", "text": ""}}))
            for piece in reply["text"]:
                out.append(event("content_block_delta",
                                 {"index": index, "delta": {"type": "text_delta", "text": piece}}))
            out.append(event("content_block_stop", {"index": index}))
            index += 1
        for call in reply.get("tool_calls", []):
            block = {"type": "tool_use", "id": call["id"], "name": call["name"], "input": {}}
            out.append(event("content_block_start", {"index": index, "content_block": block}))
            for piece in split_text(json.dumps(call.get("arguments", {})), call.get("split", 1)):
                delta = {"type": "input_json_delta", "partial_json": piece}
                out.append(event("content_block_delta", {"index": index, "delta": delta}))
            out.append(event("content_block_stop", {"index": index}))
            index += 1
        stop = "tool_use" if reply.get("tool_calls") else "end_turn"
        out.append(event("message_delta", {"delta": {"stop_reason": stop, "stop_sequence": None},
                                           "usage": {"output_tokens": 15}}))
        out.append(event("message_stop", {}))
        return out

    @staticmethod
    def problems(body, headers):
        """What the real API would reject: no key or version, empty content, alternation broken,
        or a tool_result not answering a tool_use of the assistant message just before."""
        # Newer SDKs send a newer anthropic-version and a bearer key; any version and either key form pass.
        if not (headers.get("x-api-key") or (headers.get("Authorization") or "").startswith("Bearer ")):
            yield "missing x-api-key"
        if not headers.get("anthropic-version"):
            yield "missing anthropic-version"
        if not isinstance(body, dict) or not body.get("max_tokens") or not body.get("messages"):
            yield "model, max_tokens and messages are required"
            return
        previous, pending = None, set()
        for message in body["messages"]:
            blocks = message.get("content")
            if isinstance(blocks, str):  # a plain string is shorthand for one text block
                blocks = message["content"] = [{"type": "text", "text": blocks}]
            if not blocks or any(b.get("type") == "text" and not b.get("text") for b in blocks):
                yield "empty content"
                continue
            if message.get("role") == previous:
                yield f"two {previous} messages in a row"
            results = {b.get("tool_use_id") for b in blocks if b.get("type") == "tool_result"}
            if results != pending and message.get("role") == "user":
                yield "tool_result blocks must answer every tool_use just before"
            pending = {b["id"] for b in blocks if b.get("type") == "tool_use"}
            previous = message.get("role")
        if any(b.get("type") in ("tool_use", "tool_result") for m in body["messages"] for b in m["content"]) \
                and not body.get("tools"):
            yield "tool blocks need tools"

    @staticmethod
    def error(status, message):
        kind = {401: "authentication_error", 429: "rate_limit_error", 529: "overloaded_error"}.get(status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": message}}


class GeminiWire:
    """generateContent streaming (v1beta, alt=sse): GenerateContentResponse chunks, CRLF line ends."""

    content_type = "text/event-stream"

    @staticmethod
    def events(reply, model):
        def chunk(parts, finish=None):
            candidate = {"content": {"parts": parts, "role": "model"}, "index": 0}
            body = {"candidates": [candidate], "modelVersion": model, "responseId": "fake"}
            if finish:
                candidate["finishReason"] = finish
                body["usageMetadata"] = {"promptTokenCount": 25, "candidatesTokenCount": 15,
                                         "totalTokenCount": 40}
            return sse(json.dumps(body), newline="\r\n")

        out = [chunk([{"text": piece}]) for piece in reply.get("text", [])]
        calls = []
        for call in reply.get("tool_calls", []):
            part = {"functionCall": {"name": call["name"], "args": call.get("arguments", {})}}
            if "signature" in call:
                part["thoughtSignature"] = call["signature"]
            calls.append(part)
        if calls:
            out.append(chunk(calls))
        # The last chunk carries finishReason; Gemini sends it with an empty text part.
        out.append(chunk([{"text": ""}], "STOP"))
        return out

    @staticmethod
    def problems(body, headers):
        """What the real API would reject: a missing key, a role other than user/model, function responses
        not matching the calls of the model turn just before, or a non-object response."""
        if not headers.get("x-goog-api-key"):
            yield "missing x-goog-api-key"
        if not isinstance(body, dict) or not body.get("contents"):
            yield "contents are required"
            return
        calls = []
        for content in body["contents"]:
            parts = content.get("parts") or []
            if content.get("role") not in ("user", "model") or not parts:
                yield f"bad content role {content.get('role')} or no parts"
            answers = [p["functionResponse"] for p in parts if "functionResponse" in p]
            if content.get("role") == "user" and [a.get("name") for a in answers] != calls:
                yield "function responses must answer the calls just before, in order"
            if any(not isinstance(a.get("response"), dict) for a in answers):
                yield "functionResponse.response must be an object"
            calls = [p["functionCall"]["name"] for p in parts if "functionCall" in p]

    @staticmethod
    def error(status, message):
        name = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 429: "RESOURCE_EXHAUSTED",
                503: "UNAVAILABLE"}.get(status, "INTERNAL")
        return {"error": {"code": status, "message": message, "status": name}}


def wire_for(path):
    if path.endswith("/chat/completions"):
        return OpenAIWire
    if path.endswith("/v1/messages"):
        return AnthropicWire
    if path.startswith("/v1beta/models/") and ":streamGenerateContent" in path:
        return GeminiWire
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-providers/1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = raw.decode("utf-8", "replace")
        self.server.record({"path": self.path, "headers": dict(self.headers.items()), "body": body})
        path = self.path.split("?", 1)[0]
        wire = wire_for(path)
        if wire is None:
            return self.send_json(404, {"error": {"message": f"no such endpoint {path}"}})
        problems = list(wire.problems(body, self.headers))
        if problems:
            return self.send_json(400, wire.error(400, "; ".join(problems)))
        reply = self.server.next_reply()
        if reply is None:
            return self.send_json(500, wire.error(500, "scenario exhausted"))
        status = reply.get("status", 200)
        if status != 200:
            return self.send_json(status, wire.error(status, reply.get("error", "scripted failure")))
        model = body.get("model", path.rsplit("/", 1)[-1].split(":")[0]) if isinstance(body, dict) else "fake"
        self.stream(wire.events(reply, model), wire.content_type, reply)

    def send_json(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def stream(self, events, content_type, reply):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        if reply.get("stall"):
            time.sleep(float(reply["stall"]))
        cut = reply.get("cut")
        if cut:
            events = events[: max(1, len(events) // 2)]
        data = b"".join(events)
        size = max(1, int(reply.get("chunk_bytes", 7)))
        try:
            for start in range(0, len(data), size):
                piece = data[start:start + size]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
            if cut == "abort":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, scenario, log_path):
        super().__init__(("127.0.0.1", 0), Handler)
        self.replies = list(scenario.get("responses", []))
        self.log_path = log_path
        self.lock = threading.Lock()

    def handle_error(self, request, client_address):
        # Clients close idle keep-alive connections at will; a reset there is not a test failure.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)

    def next_reply(self):
        with self.lock:
            return self.replies.pop(0) if self.replies else None

    def record(self, entry):
        if not self.log_path:
            return
        with self.lock, open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")


def start(scenario, log_path=None):
    """Starts a server on a background thread; returns it (its port is server.server_address[1])."""
    server = FakeServer(scenario, log_path)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", required=True, help="JSON scenario file")
    parser.add_argument("--log", help="file receiving one JSON line per request")
    args = parser.parse_args()
    with open(args.scenario, encoding="utf-8") as handle:
        server = start(json.load(handle), args.log)
    print(f"PORT {server.server_address[1]}", flush=True)
    # Exit with the test that started us: its end closes our standard input.
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
