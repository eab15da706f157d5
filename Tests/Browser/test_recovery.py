"""Recovery: a track view whose load failed says so with a Retry button, the
badge never claims a state nothing loaded, and every view reloads itself when
the chat socket reopens after the server was down or the browser comes back
online. Signs in with the API key, so no demo budget is spent."""

from pathlib import Path
import os

import pytest
from selenium.webdriver.common.by import By

from conftest import PHONE, console_errors, screenshot, sign_in_with_api_key, wait

pytestmark = pytest.mark.incremental
shared = {}

# Records the app's fetches, so a test can tell a reload happened.
FETCH_SPY = """
if (!window.__fetches) {
  window.__fetches = [];
  const native = window.fetch;
  window.fetch = (input, init) => { window.__fetches.push(String(input && input.url || input)); return native(input, init); };
}
"""
NETWORK_NOISE = ("WebSocket connection to", "net::ERR_CONNECTION_REFUSED", "ERR_BLOCKED_BY_CLIENT", "Failed to load resource")


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def fetches_since(driver, mark, fragment):
    return [u for u in js(driver, "return window.__fetches.slice(arguments[0])", mark) if fragment in u]


def open_track(driver, track_id):
    js(driver, "location.hash = arguments[0]", f"#/tracks/{track_id}")


def load_state(driver):
    return driver.find_element(By.ID, "track-view").get_attribute("data-load")


def block(driver, *patterns):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": list(patterns)})


def test_setup_two_analysed_tracks(driver, server, audio_fixture):
    other = Path(os.environ["FIXTURES_DIR"]) / "audio" / "click_90bpm.wav"
    shared["first"] = server.upload(audio_fixture)
    shared["second"] = server.upload(other)
    for key in ("first", "second"):
        assert server.wait_analysed(shared[key])["status"] == "ready"
    sign_in_with_api_key(driver, server.base_url)
    js(driver, FETCH_SPY)
    open_track(driver, shared["first"])
    wait(driver, 60).until(lambda d: d.find_element(By.ID, "summary-card").is_displayed())
    assert driver.find_element(By.ID, "track-badge").get_attribute("data-status") == "ready"
    assert load_state(driver) == "loaded"


def test_failed_load_shows_retry_and_no_ready_badge(driver, server, artifacts):
    block(driver, f"*/api/tracks/{shared['second']}/")
    try:
        open_track(driver, shared["second"])
        failed = driver.find_element(By.ID, "track-load-failed")
        wait(driver).until(lambda d: failed.is_displayed())
        assert failed.text.startswith("Couldn’t load"), failed.text
        assert failed.find_element(By.ID, "track-retry").text == "Retry"
        # The socket still reports the track ready; nothing is loaded, so no badge says so.
        wait(driver).until(lambda d: d.find_element(By.ID, "chat-state").get_attribute("data-state") == "open")
        wait(driver).until(lambda d: d.find_element(By.ID, "chat-input").is_enabled())
        assert not driver.find_element(By.ID, "track-badge").is_displayed()
        assert not driver.find_element(By.ID, "summary-card").is_displayed()
        assert load_state(driver) == "failed"
        assert screenshot(driver, artifacts / "load-failed-desktop.png", 1280, 900) <= 1280
        assert screenshot(driver, artifacts / "load-failed-phone.png", *PHONE, mobile=True) <= PHONE[0]
    finally:
        block(driver)
    mark = len(js(driver, "return window.__fetches"))
    driver.find_element(By.ID, "track-retry").click()
    wait(driver).until(lambda d: load_state(d) == "loaded")
    assert fetches_since(driver, mark, f"/api/tracks/{shared['second']}/")
    assert not driver.find_element(By.ID, "track-load-failed").is_displayed()
    assert driver.find_element(By.ID, "track-title").text == "click_90bpm.wav"
    wait(driver).until(lambda d: d.find_element(By.ID, "summary-card").is_displayed())
    assert driver.find_element(By.ID, "track-badge").get_attribute("data-status") == "ready"


def test_views_reload_when_the_browser_comes_back_online(driver):
    block(driver, f"*/api/tracks/{shared['first']}/", "*/api/tracks/")
    try:
        js(driver, "document.getElementById('tracks-refresh').click()")
        wait(driver).until(lambda d: d.find_element(By.ID, "tracks-error").text)
        assert "Couldn’t reach the server" in driver.find_element(By.ID, "tracks-error").text
        assert driver.find_elements(By.CSS_SELECTOR, "#track-list .track-item"), "the list was emptied"
        open_track(driver, shared["first"])
        wait(driver).until(lambda d: load_state(d) == "failed")
    finally:
        block(driver)
    mark = len(js(driver, "return window.__fetches"))
    js(driver, "window.dispatchEvent(new Event('online'))")
    wait(driver).until(lambda d: load_state(d) == "loaded")
    wait(driver).until(lambda d: not d.find_element(By.ID, "tracks-error").text)
    assert fetches_since(driver, mark, "/api/tracks/")
    assert driver.find_element(By.ID, "track-title").text == "click_120bpm.wav"


def test_track_view_reloads_when_the_socket_reopens_after_a_restart(driver, server):
    state = driver.find_element(By.ID, "chat-state")
    wait(driver).until(lambda d: state.get_attribute("data-state") == "open")
    server.stop()
    try:
        wait(driver, 30).until(lambda d: state.get_attribute("data-state") == "reconnecting")
        # Opening a track while the server is down fails inside the card.
        open_track(driver, shared["second"])
        wait(driver).until(lambda d: load_state(d) == "failed")
        assert "the server could not be reached" in driver.find_element(By.ID, "track-load-failed").text
        assert not driver.find_element(By.ID, "track-badge").is_displayed()
        mark = len(js(driver, "return window.__fetches"))
    finally:
        server.start()
    # No click: the socket reopening brings the view and the list back.
    wait(driver, 60).until(lambda d: load_state(d) == "loaded")
    wait(driver).until(lambda d: d.find_element(By.ID, "summary-card").is_displayed())
    assert driver.find_element(By.ID, "track-title").text == "click_90bpm.wav"
    assert driver.find_element(By.ID, "track-badge").get_attribute("data-status") == "ready"
    assert state.get_attribute("data-state") == "open"
    assert fetches_since(driver, mark, f"/api/tracks/{shared['second']}/")
    wait(driver).until(lambda d: fetches_since(d, mark, "/api/tracks/?limit="))
    assert console_errors(driver, allow=NETWORK_NOISE) == []
