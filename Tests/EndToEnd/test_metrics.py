"""GET /metrics: the Prometheus text format read by prometheus_client's own parser, before and
after traffic, with its two ways in (the API key, METRICS_TOKEN) and no way in without them."""
import requests
from prometheus_client.parser import text_string_to_metric_families

from .support import AUTH


def scrape(server, headers=AUTH):
    answer = requests.get(server.url("/metrics"), headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_counters_move_with_traffic(server):
    before = scrape(server)
    for _ in range(3):
        assert server.get("/api/health/").status_code == 200
    assert requests.get(server.url("/api/tracks/not-a-uuid/"), headers=AUTH, timeout=10).status_code == 404
    after = scrape(server)
    health = dict(method="GET", route="/api/health/", status="200")
    assert value(after, "http_requests_total", **health) - value(before, "http_requests_total", **health) == 3
    missing = dict(method="GET", route="/api/tracks/:id/", status="404")
    assert value(after, "http_requests_total", **missing) - value(before, "http_requests_total", **missing) == 1
    # The route label is the pattern, never the raw path.
    assert not any("not-a-uuid" in str(labels) for (_, labels) in after)
    count = value(after, "http_request_duration_seconds_count", route="/api/health/")
    assert count >= 3 and value(after, "http_request_duration_seconds_bucket", route="/api/health/", le="+Inf") == count
    assert value(after, "process_resident_memory_bytes") > 1_000_000
    assert value(after, "process_open_fds") > 0 and value(after, "process_start_time_seconds") > 1.6e9
    assert value(after, "http_connections_open") >= 1
    assert ("analysis_jobs", (("state", "queued"),)) in after


def test_metrics_need_the_api_key_or_the_metrics_token(make_server):
    served = make_server(METRICS_TOKEN="scrape-secret")
    assert requests.get(served.url("/metrics"), timeout=10).status_code == 401
    assert requests.get(served.url("/metrics"), headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
    assert scrape(served, {"Authorization": "Bearer scrape-secret"})
    assert scrape(served)
