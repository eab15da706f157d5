#!/usr/bin/env python3
"""Proves that fake_providers.py speaks the real wire formats: points the official Python SDKs (openai,
anthropic, google-genai) at the fake, parses one streamed turn with text and two tool calls whose
arguments arrive in pieces, and reads a 429 error body as the SDK's own rate-limit error.
Exits non-zero, naming the SDK, when one of them cannot read the fake."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_providers  # noqa: E402

TEXT = ["Let me ", "check."]
CALLS = [
    {"id": "call_1", "name": "analyse_rhythm", "arguments": {"track_id": "t-1"}, "split": 4, "signature": "c2ln"},
    {"id": "call_2", "name": "analyse_spectral", "arguments": {"track_id": "t-1"}, "split": 3},
]
EXPECTED = [(call["name"], call["arguments"]) for call in CALLS]
TOOL = {"name": "analyse_rhythm", "description": "Rhythm analysis",
        "parameters": {"type": "object", "properties": {"track_id": {"type": "string"}}}}


RATE_LIMITED = {"status": 429, "error": "slow down"}


def serve(replies=1):
    server = fake_providers.start({"responses": [{"text": TEXT, "tool_calls": CALLS}] * replies + [RATE_LIMITED]})
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def expect_rate_limit(call, error_type, status_of):
    """Runs `call` (the second request to the fake, which answers 429) and checks the SDK's error."""
    try:
        call()
    except error_type as error:
        assert status_of(error) == 429, f"status {status_of(error)}"
        assert "slow down" in str(error), f"message {error}"
        return
    raise AssertionError("no rate-limit error raised")


def check_openai():
    import json
    import openai

    server, base = serve()
    client = openai.OpenAI(api_key="test-key", base_url=base + "/v1", max_retries=0)
    stream = client.chat.completions.create(
        model="gpt-test", stream=True, messages=[{"role": "user", "content": "tempo?"}],
        tools=[{"type": "function", "function": TOOL}])
    text, calls = "", {}
    again = lambda: client.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "?"}])
    for chunk in stream:
        delta = chunk.choices[0].delta
        text += delta.content or ""
        for call in delta.tool_calls or []:
            entry = calls.setdefault(call.index, {"name": "", "arguments": ""})
            if call.function.name:
                entry["name"] = call.function.name
            entry["arguments"] += call.function.arguments or ""
    expect_rate_limit(again, openai.RateLimitError, lambda error: error.status_code)
    server.shutdown()
    got = [(calls[i]["name"], json.loads(calls[i]["arguments"])) for i in sorted(calls)]
    return text, got


def check_anthropic():
    import anthropic

    server, base = serve()
    client = anthropic.Anthropic(api_key="test-key", base_url=base, max_retries=0)
    with client.messages.stream(
        model="claude-test", max_tokens=256, messages=[{"role": "user", "content": "tempo?"}],
        tools=[{"name": TOOL["name"], "description": TOOL["description"], "input_schema": TOOL["parameters"]}],
    ) as stream:
        message = stream.get_final_message()
    again = lambda: client.messages.create(model="claude-test", max_tokens=8, messages=[{"role": "user", "content": "?"}])
    expect_rate_limit(again, anthropic.RateLimitError, lambda error: error.status_code)
    server.shutdown()
    text = "".join(block.text for block in message.content if block.type == "text")
    got = [(block.name, block.input) for block in message.content if block.type == "tool_use"]
    assert message.stop_reason == "tool_use", message.stop_reason
    return text, got


def check_gemini():
    from google import genai
    from google.genai import types

    server, base = serve()
    client = genai.Client(api_key="test-key", http_options=types.HttpOptions(base_url=base, api_version="v1beta"))
    config = types.GenerateContentConfig(tools=[types.Tool(function_declarations=[
        types.FunctionDeclaration(name=TOOL["name"], description=TOOL["description"],
                                  parameters_json_schema=TOOL["parameters"])])])
    text, got, finished = "", [], False
    for chunk in client.models.generate_content_stream(model="gemini-test", contents="tempo?", config=config):
        for part in chunk.candidates[0].content.parts or []:
            text += part.text or ""
            if part.function_call:
                got.append((part.function_call.name, dict(part.function_call.args)))
        finished = finished or chunk.candidates[0].finish_reason is not None
    again = lambda: list(client.models.generate_content_stream(model="gemini-test", contents="?"))
    expect_rate_limit(again, genai.errors.ClientError, lambda error: error.code)
    server.shutdown()
    assert finished, "no finishReason"
    return text, got


def main():
    failures = 0
    for name, check in [("openai", check_openai), ("anthropic", check_anthropic), ("google-genai", check_gemini)]:
        try:
            text, calls = check()
            assert text == "".join(TEXT), f"text {text!r}"
            assert calls == EXPECTED, f"tool calls {calls!r}"
            print(f"ok   {name}: streamed text, {len(calls)} tool calls and a 429 error parsed")
        except Exception as error:  # report every SDK, not just the first failure
            failures += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}")
    # Not "N passed, N failed": CI reads that form as a test runner's closing line.
    print(f"SDK check: {3 - failures} of 3 SDKs read the fakes")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
