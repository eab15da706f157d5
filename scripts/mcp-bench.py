#!/usr/bin/env python3
"""MCP tools/call round trips per second: CONNECTIONS keep-alive connections, each in its own thread,
call get_track on one track for DURATION seconds (JSON responses). Prints round trips/s, p50 and p99.

    usage: scripts/mcp-bench.py BASE_URL API_KEY TRACK_ID [CONNECTIONS] [DURATION]

Standard library only; the client shares the machine with the server, so the figure is a floor.
"""

import http.client
import json
import sys
import threading
import time
from urllib.parse import urlparse


def session(host, port, key):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    body = json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                       "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}})
    connection.request("POST", "/mcp", body, {"X-API-Key": key, "Accept": "application/json", "Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status
    return connection, response.getheader("Mcp-Session-Id")


def worker(host, port, key, track_id, until, latencies):
    connection, session_id = session(host, port, key)
    headers = {"X-API-Key": key, "Accept": "application/json", "Content-Type": "application/json",
               "Mcp-Session-Id": session_id, "MCP-Protocol-Version": "2025-11-25"}
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                       "params": {"name": "get_track", "arguments": {"track_id": track_id}}})
    mine = []
    while time.monotonic() < until:
        started = time.perf_counter()
        connection.request("POST", "/mcp", body, headers)
        response = connection.getresponse()
        payload = response.read()
        mine.append(time.perf_counter() - started)
        if response.status != 200 or b'"isError":false' not in payload:
            raise RuntimeError(f"unexpected answer {response.status}: {payload[:200]!r}")
    latencies.extend(mine)


def main():
    base, key, track_id = sys.argv[1:4]
    connections = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 5
    url = urlparse(base)
    latencies = []
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=worker, args=(url.hostname, url.port, key, track_id, until, latencies))
               for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"MCP tools/call get_track: {len(latencies) / elapsed:,.0f} round trips/s over {connections} connections "
          f"({len(latencies)} in {elapsed:.1f} s), p50 {p(0.5):.2f} ms, p99 {p(0.99):.2f} ms")


if __name__ == "__main__":
    main()
