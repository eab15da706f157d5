"""The official MCP Python SDK's client over the Streamable HTTP transport, in both of its connect modes:
'legacy' (the initialize handshake) and 'auto' (the default: it probes server/discover and falls back)."""

import asyncio

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from conftest import insert_track, wait_for

MODES = ["legacy", "auto"]


def connect(url, headers, mode):
    http = httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30, read=120))
    return http, Client(streamable_http_client(url, http_client=http), mode=mode)


async def with_client(url, headers, mode, body):
    http, client = connect(url, headers, mode)
    async with http, client:
        return await body(client)


@pytest.mark.parametrize("mode", MODES)
def test_lists_one_tool_per_agent_and_analyses_rhythm_once_ready(mcp_url, api_key, agents, uploaded_track, mode):
    async def body(client):
        assert client.protocol_version == "2025-11-25"
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert set(tools) == {"list_tracks", "get_track"} | {f"analyse_{agent}" for agent in agents}
        assert tools["analyse_rhythm"].input_schema["required"] == ["track_id"]

        async def ready():
            result = await client.call_tool("get_track", {"track_id": uploaded_track})
            assert not result.is_error, result.content
            return result.structured_content["status"] == "ready"

        deadline = asyncio.get_running_loop().time() + 60
        while not await ready():
            assert asyncio.get_running_loop().time() < deadline, "track never became ready"
            await asyncio.sleep(0.05)

        listed = await client.call_tool("list_tracks", {})
        assert uploaded_track in [t["track_id"] for t in listed.structured_content["tracks"]]

        result = await client.call_tool("analyse_rhythm", {"track_id": uploaded_track})
        assert not result.is_error, result.content
        rhythm = result.structured_content
        assert abs(rhythm["tempo_bpm"] - 120) < 3
        assert len(rhythm["beat_times"]) <= 64
        assert rhythm["beat_count"] >= len(rhythm["beat_times"])
        assert result.content[0].type == "text" and '"tempo_bpm"' in result.content[0].text

    asyncio.run(with_client(mcp_url, {"X-API-Key": api_key}, mode, body))


@pytest.mark.parametrize("mode", MODES)
def test_a_track_still_analysing_is_a_tool_error(mcp_url, api_key, mode):
    busy = insert_track("analyzing")

    async def body(client):
        result = await client.call_tool("analyse_rhythm", {"track_id": busy})
        assert result.is_error
        assert "still being analysed" in result.content[0].text

    asyncio.run(with_client(mcp_url, {"X-API-Key": api_key}, mode, body))


def test_a_user_sees_only_their_own_tracks(base, mcp_url, uploaded_track):
    import requests

    token = requests.post(f"{base}/api/auth/demo/", json={}, timeout=10).json()["access"]

    async def body(client):
        listed = await client.call_tool("list_tracks", {})
        assert listed.structured_content["tracks"] == []
        result = await client.call_tool("get_track", {"track_id": uploaded_track})
        assert result.is_error and "not found" in result.content[0].text

    asyncio.run(with_client(mcp_url, {"Authorization": f"Bearer {token}"}, "legacy", body))
