"""What an SDK never sends: JSON-RPC errors, transport errors and the session rules, over plain HTTP."""

import json

import requests

from conftest import RawMCP


def error_of(response):
    body = response.json()
    assert body["jsonrpc"] == "2.0"
    return body["error"]


def test_no_credentials_is_401_with_www_authenticate_and_never_a_tool_list(mcp_url):
    for headers in ({}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer not-a-token"}):
        response = requests.post(mcp_url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                                 headers={"Accept": "application/json", **headers}, timeout=10)
        assert response.status_code == 401
        assert "WWW-Authenticate" in response.headers
        assert "tools" not in response.text
        assert response.json()["error"] == "unauthorized"


def test_parse_error(raw):
    response = raw.post('{"jsonrpc": "2.0", "id": 1, "method": "ping"', raw=True)
    assert response.status_code == 400
    body = response.json()
    assert body["id"] is None and body["error"]["code"] == -32700


def test_invalid_requests(raw):
    for message in ({"jsonrpc": "2.0", "id": 1}, {"id": 1, "method": "ping"}, {"jsonrpc": "2.0", "id": 1, "method": 7},
                    {"jsonrpc": "2.0", "id": 1, "method": "ping", "params": [1]}, 42):
        response = raw.post(message)
        assert response.status_code == 400, message
        assert error_of(response)["code"] == -32600, message
    response = raw.post([])
    assert response.status_code == 400 and error_of(response)["code"] == -32600


def test_unknown_method(raw):
    response = raw.call("resources/list")
    assert response.status_code == 200
    assert response.json()["id"] == 1
    assert error_of(response)["code"] == -32601


def test_invalid_params(raw):
    for params in ({}, {"name": 3}, {"name": "no_such_tool"}, {"name": "get_track", "arguments": [1]}):
        response = raw.call("tools/call", params)
        assert error_of(response)["code"] == -32602, params
    response = raw.post({"jsonrpc": "2.0", "id": 9, "method": "initialize", "params": {}}, headers={"Mcp-Session-Id": None})
    assert error_of(response)["code"] == -32602


def test_a_bad_tool_argument_is_a_tool_error(raw):
    result = raw.call("tools/call", {"name": "get_track", "arguments": {}}).json()["result"]
    assert result["isError"] is True and "track_id" in result["content"][0]["text"]


def test_session_rules(mcp_url, api_key):
    client = RawMCP(mcp_url, api_key)
    missing = client.call("ping")
    assert missing.status_code == 400 and error_of(missing)["code"] == -32600
    client.session = "0" * 32
    assert client.call("ping").status_code == 404
    client.initialize()
    assert client.call("ping").json()["result"] == {}
    other = RawMCP(mcp_url, api_key)
    other.initialize()
    deleted = requests.delete(mcp_url, headers={"X-API-Key": api_key, "Mcp-Session-Id": client.session}, timeout=10)
    assert deleted.status_code == 204
    assert client.call("ping").status_code == 404
    assert other.call("ping").status_code == 200


def test_protocol_versions(mcp_url, api_key):
    for offered, answered in (("2025-11-25", "2025-11-25"), ("2025-06-18", "2025-06-18"), ("2099-01-01", "2025-11-25")):
        assert RawMCP(mcp_url, api_key).initialize(offered)["protocolVersion"] == answered
    client = RawMCP(mcp_url, api_key)
    client.initialize()
    response = client.post({"jsonrpc": "2.0", "id": 1, "method": "ping"}, headers={"MCP-Protocol-Version": "1900-01-01"})
    assert response.status_code == 400


def test_notifications_are_accepted_without_a_body(raw):
    response = raw.post({"jsonrpc": "2.0", "method": "notifications/initialized"})
    assert response.status_code == 202 and response.content == b""


def test_batches_answer_every_request_in_one_array(raw):
    response = raw.post([
        {"jsonrpc": "2.0", "id": "a", "method": "ping"},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": "b", "method": "nope"},
        {"jsonrpc": "2.0", "id": "c", "method": "tools/list"},
    ])
    assert response.status_code == 200
    replies = {reply["id"]: reply for reply in response.json()}
    assert set(replies) == {"a", "b", "c"}
    assert replies["b"]["error"]["code"] == -32601
    assert len(replies["c"]["result"]["tools"]) >= 3


def test_event_stream_when_accepted(raw):
    response = raw.post({"jsonrpc": "2.0", "id": 5, "method": "ping"}, headers={"Accept": "application/json, text/event-stream"})
    assert response.headers["Content-Type"].startswith("text/event-stream")
    events = [line[len("data: "):] for line in response.text.splitlines() if line.startswith("data: ")]
    assert [json.loads(event) for event in events] == [{"jsonrpc": "2.0", "id": 5, "result": {}}]


def test_body_size_is_bounded(raw):
    response = raw.post({"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {"pad": "x" * 300_000}})
    assert response.status_code == 413


def test_get_is_not_offered(mcp_url, api_key):
    response = requests.get(mcp_url, headers={"X-API-Key": api_key, "Accept": "text/event-stream"}, timeout=10)
    assert response.status_code == 405


def test_a_session_id_is_not_a_credential(base, mcp_url, api_key):
    owner = RawMCP(mcp_url, api_key)
    owner.initialize()
    token = requests.post(f"{base}/api/auth/demo/", json={}, timeout=10).json()["access"]
    response = requests.post(mcp_url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, timeout=10, headers={
        "Authorization": f"Bearer {token}", "Mcp-Session-Id": owner.session, "Accept": "application/json"})
    assert response.status_code == 404
