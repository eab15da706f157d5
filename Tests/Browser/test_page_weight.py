"""First view of the web app: transfer budget, request latency, no console
errors, no axe-core accessibility violations, and screenshots of the
signed-out page."""

import json

from conftest import DESKTOP, PHONE, axe_violations, console_errors, new_driver, screenshot, wait

BUDGET_BYTES = 60 * 1024
MAX_REQUEST_SECONDS = 0.5


def network_events(driver):
    events = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"].startswith("Network."):
            events.append(message)
    return events


def network_seconds(response, finished, request):
    """From the request leaving the browser to its last byte (browser queueing excluded)."""
    timing = (response or {}).get("timing")
    if timing and timing.get("requestTime") and timing.get("sendStart", -1) >= 0:
        return finished["timestamp"] - (timing["requestTime"] + timing["sendStart"] / 1000)
    return finished["timestamp"] - request["timestamp"]


def test_first_view_is_small_fast_and_clean(server, artifacts):
    driver = new_driver()
    try:
        driver.get(server.base_url + "/")
        wait(driver).until(lambda d: d.execute_script(
            "return document.documentElement.dataset.app === 'ready'"
            " && !document.getElementById('upload-limits').textContent.startsWith('Checking')"))
        requests, responses, finished, failed, events = {}, {}, {}, [], []

        def settled(d):
            events.extend(network_events(d))
            for e in events:
                p = e["params"]
                if e["method"] == "Network.requestWillBeSent":
                    requests.setdefault(p["requestId"], p)
                elif e["method"] == "Network.responseReceived":
                    responses[p["requestId"]] = p["response"]
                elif e["method"] == "Network.loadingFinished":
                    finished[p["requestId"]] = p
                elif e["method"] == "Network.loadingFailed":
                    failed.append(p)
            events.clear()
            return requests and all(r in finished for r in requests if r not in {f["requestId"] for f in failed})

        wait(driver, 10).until(settled)
        urls = {rid: p["request"]["url"] for rid, p in requests.items()}
        assert not failed, f"failed requests: {failed}"
        total = sum(f["encodedDataLength"] for f in finished.values())
        report = sorted(((urls.get(rid, rid), f["encodedDataLength"], network_seconds(responses.get(rid), f, requests[rid]),
                          f["timestamp"] - requests[rid]["timestamp"]) for rid, f in finished.items() if rid in requests),
                        key=lambda r: -r[1])
        (artifacts / "first-view-network.txt").write_text(
            "   bytes   on wire  incl. queue  url\n"
            + "".join(f"{size:8d} {secs * 1000:7.1f} ms {queued * 1000:7.1f} ms  {url}\n" for url, size, secs, queued in report)
            + f"{total:8d} bytes in total\n")
        assert any(url.endswith("/static/js/main.js") for url, *_ in report), report
        assert total < BUDGET_BYTES, f"first view transferred {total} bytes: {report}"
        slow = [(url, round(secs, 3)) for url, _, secs, _ in report if secs > MAX_REQUEST_SECONDS]
        assert not slow, f"requests slower than {MAX_REQUEST_SECONDS}s: {slow}"
        assert console_errors(driver) == []
        assert axe_violations(driver) == []
        assert axe_violations(driver, dark=True) == []
        assert screenshot(driver, artifacts / "signed-out-desktop.png", *DESKTOP) <= DESKTOP[0]
        assert screenshot(driver, artifacts / "signed-out-phone.png", *PHONE, mobile=True) <= PHONE[0], \
            "the page scrolls sideways on a phone"
    finally:
        driver.quit()
