"""The web app end to end against the real server: demo sign-in, upload with
progress, live analysis status over the WebSocket, waveform and spectrogram,
a streamed answer, reconnection after a restart and a 4004 for a deleted
track. The tests share one browser and one track and run in file order."""

import json
import os
import re
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import DESKTOP, PHONE, axe_violations, console_errors, screenshot, stored_credentials, wait

# Records every WebSocket message the app receives, so tests can tell what
# arrived over the socket rather than over HTTP.
WS_SPY = """
if (!window.__wsEvents) {
  window.__wsEvents = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        try { window.__wsEvents.push(JSON.parse(e.data)); } catch (_) { window.__wsEvents.push({raw: e.data}); }
      });
    }
  };
}
window.__pageMarker = 'no-reload';
"""

pytestmark = pytest.mark.incremental
shared = {}


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def ws_events(driver):
    return js(driver, "return window.__wsEvents || []")


def ask(driver, text):
    """Asks a question and returns the new answer's element once it has settled."""
    count = len(driver.find_elements(By.CSS_SELECTOR, "#chat-log .msg-assistant"))
    box = driver.find_element(By.ID, "chat-input")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chat-log .msg-assistant")) == count + 1)
    answer = driver.find_elements(By.CSS_SELECTOR, "#chat-log .msg-assistant")[-1]
    wait(driver, 60).until(lambda d: answer.get_attribute("data-state") in ("done", "error", "interrupted"))
    return answer


def clear_upload_message(driver):
    """Forgets the previous upload's outcome so a wait cannot match it."""
    js(driver, "const m = document.getElementById('upload-message'); m.className = 'upload-message'; m.textContent = '';")


def quota_left(driver):
    text = driver.find_element(By.ID, "demo-quota").text
    match = re.match(r"(\d+) of (\d+) uploads, deletions or questions left", text)
    assert match, f"no demo quota shown: {text!r}"
    return int(match.group(1)), int(match.group(2))


def test_demo_sign_in(driver, server):
    driver.get(server.base_url + "/")
    wait(driver).until(lambda d: js(d, "return document.documentElement.dataset.app === 'ready'"))
    assert driver.find_element(By.ID, "sidebar").is_displayed() is False
    driver.find_element(By.ID, "demo-button").click()
    error = driver.find_element(By.ID, "signin-error")
    wait(driver).until(lambda d: d.find_element(By.ID, "account").is_displayed() or error.text)
    assert driver.find_element(By.ID, "account").is_displayed(), f"demo sign-in failed: {error.text}"
    state = stored_credentials(driver)
    assert state and state["access"] and state["refresh"] and state["isDemo"] is True
    claims = json.loads(js(driver, """
      const p = arguments[0].split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return atob(p.padEnd(Math.ceil(p.length / 4) * 4, '='));""", state["access"]))
    assert claims["type"] == "access" and claims["exp"] > claims["iat"]
    left, limit = quota_left(driver)
    assert (left, limit) == (state["limit"], state["limit"])
    assert driver.find_element(By.ID, "account-label").text == "Demo"
    assert driver.find_element(By.ID, "sidebar").is_displayed()
    assert "Accepted:" in driver.find_element(By.ID, "upload-limits").text
    assert console_errors(driver) == []


def test_dropped_file_of_unsupported_type_is_refused_locally(driver):
    before = quota_left(driver)
    js(driver, """
      const zone = document.getElementById('dropzone');
      const data = new DataTransfer();
      data.items.add(new File(['not audio'], 'notes.txt', {type: 'text/plain'}));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
      }""")
    message = driver.find_element(By.ID, "upload-message")
    wait(driver).until(lambda d: "is-error" in message.get_attribute("class"))
    assert message.text.startswith("Invalid file type .txt") and ".wav" in message.text
    assert quota_left(driver) == before
    assert "is-over" not in driver.find_element(By.ID, "dropzone").get_attribute("class")


def test_upload_shows_progress_to_100_percent(driver, audio_fixture):
    js(driver, WS_SPY)
    before, _ = quota_left(driver)
    clear_upload_message(driver)
    driver.find_element(By.ID, "file-input").send_keys(str(audio_fixture))
    wait(driver).until(lambda d: "is-ok" in d.find_element(By.ID, "upload-message").get_attribute("class")
                       or "is-error" in d.find_element(By.ID, "upload-message").get_attribute("class"))
    message = driver.find_element(By.ID, "upload-message")
    assert "is-ok" in message.get_attribute("class"), message.text
    assert driver.find_element(By.ID, "upload-bar").get_attribute("value") == "100"
    assert driver.find_element(By.ID, "upload-percent").text == "100 %"
    match = re.match(r"#/tracks/([0-9a-fA-F-]{36})$", js(driver, "return location.hash"))
    assert match, "the uploaded track did not open"
    shared["track_id"] = match.group(1)
    item = driver.find_element(By.CSS_SELECTOR, f'#track-list [data-track-id="{shared["track_id"]}"]')
    assert audio_fixture.name in item.text
    assert quota_left(driver)[0] == before - 1


def test_status_becomes_ready_live_over_the_websocket(driver):
    track_id = shared["track_id"]
    wait(driver, 120).until(lambda d: d.find_element(By.ID, "track-badge").get_attribute("data-status") in ("ready", "failed"))
    assert driver.find_element(By.ID, "track-badge").get_attribute("data-status") == "ready", \
        driver.find_element(By.ID, "track-message").text
    assert js(driver, "return window.__pageMarker") == "no-reload"
    statuses = [e.get("status") for e in ws_events(driver) if e.get("type") == "status"]
    assert "ready" in statuses, f"no ready status over the socket: {ws_events(driver)}"
    badge = driver.find_element(By.CSS_SELECTOR, f'#track-list [data-track-id="{track_id}"] .badge')
    wait(driver).until(lambda d: badge.get_attribute("data-status") == "ready")
    assert driver.find_element(By.ID, "chat-state").get_attribute("data-state") == "open"
    wait(driver).until(lambda d: d.find_element(By.ID, "chat-input").is_enabled())


def test_waveform_spectrogram_summary_and_seeking(driver):
    wait(driver).until(lambda d: d.find_element(By.ID, "waveform").get_attribute("data-drawn") == "true")
    # Count pixels painted in the waveform colour and in the beat-marker colour.
    painted = js(driver, """
      const c = document.getElementById('waveform');
      const css = getComputedStyle(c);
      const rgb = (name) => { const x = document.createElement('canvas').getContext('2d');
        x.fillStyle = css.getPropertyValue(name).trim(); x.fillRect(0, 0, 1, 1); return x.getImageData(0, 0, 1, 1).data; };
      const wave = rgb('--wave-fill'), beat = rgb('--beat');
      const near = (d, i, k) => Math.abs(d[i] - k[0]) + Math.abs(d[i + 1] - k[1]) + Math.abs(d[i + 2] - k[2]) < 60 && d[i + 3] > 0;
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let w = 0, b = 0;
      for (let i = 0; i < data.length; i += 4) { if (near(data, i, wave)) w++; else if (data[i + 3] > 0 && near(data, i, beat)) b++; }
      return {wave: w, beat: b};""")
    assert painted["wave"] > 200, f"waveform peaks barely drawn: {painted}"
    wait(driver).until(lambda d: js(d, "const i = document.getElementById('spectrogram'); return i.complete && i.naturalWidth > 0"))
    analysis = json.loads(driver.find_element(By.ID, "analysis-json").get_attribute("textContent"))
    assert set(analysis) >= {"spectral", "temporal", "rhythm"}
    rhythm = analysis["rhythm"]
    summary = driver.find_element(By.ID, "summary").text
    assert rhythm["beat_count"] >= 2
    assert f"{round(rhythm['tempo_bpm'])}\nBPM" in summary or f"{round(rhythm['tempo_bpm'])} or" in summary, summary
    assert rhythm["time_signature"] in summary
    swing = "swung" if rhythm["swing"] > 0.4 else "straight" if rhythm["swing"] < 0.1 else None
    steady = "steady" if rhythm["steadiness"] > 0.8 else "loose" if rhythm["steadiness"] < 0.4 else None
    chips = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#summary .descriptors .chip")]
    expected = [w for w in (swing, steady, "upbeat start" if rhythm.get("upbeat") else None) if w]
    assert chips == expected, (chips, rhythm)
    assert analysis["spectral"]["spectral_flatness"]["interpretation"] in summary
    # Key and loudness in the summary, and the short-term loudness curve under the waveform.
    loudness, tonal = analysis["loudness"], analysis["tonal"]
    assert f"{abs(loudness['integrated_lufs']):.1f}\u202fLUFS" in summary, summary
    assert (tonal["key_label"] or "no key") in summary
    wait(driver).until(lambda d: d.find_element(By.ID, "loudness").get_attribute("data-drawn") == "true")
    assert driver.find_element(By.ID, "loudness").get_attribute("aria-label").startswith("Short-term loudness over time")
    if rhythm["beat_times"]:
        assert painted["beat"] > 50, f"beat markers not drawn: {painted}"
    # Click in the middle of the waveform: the audio seeks there and the playhead follows.
    wait(driver).until(lambda d: js(d, "return document.getElementById('player').readyState >= 1"))
    seek = driver.find_element(By.ID, "wave-seek")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", seek)
    seek.click()
    duration = js(driver, "return document.getElementById('player').duration")
    wait(driver).until(lambda d: abs(js(d, "return document.getElementById('player').currentTime") - duration / 2) < duration * 0.05)
    left = js(driver, "return parseFloat(document.getElementById('playhead').style.left)")
    assert 45 <= left <= 55
    seek.send_keys(Keys.HOME)
    wait(driver).until(lambda d: js(d, "return document.getElementById('player').currentTime") < 0.01)


def test_question_is_answered_with_streamed_tokens(driver):
    answer = ask(driver, "What's the tempo?")
    assert answer.get_attribute("data-state") == "done", driver.find_element(By.ID, "chat-log").text
    assert int(answer.get_attribute("data-tokens")) >= 1
    events = [e["type"] for e in ws_events(driver)]
    assert "token" in events and "done" in events and events.index("token") < len(events) - events[::-1].index("done") - 1
    assert answer.find_element(By.CLASS_NAME, "msg-text").text.strip()
    assert driver.find_element(By.ID, "chat-input").is_enabled()
    assert console_errors(driver) == []


def test_ready_track_view_is_accessible(driver):
    js(driver, "document.querySelector('details.raw').open = true")
    try:
        assert axe_violations(driver) == []
        assert axe_violations(driver, dark=True) == []
    finally:
        js(driver, "document.querySelector('details.raw').open = false")


def test_screenshots_of_a_ready_track(driver, artifacts):
    assert screenshot(driver, artifacts / "track-desktop.png", *DESKTOP) <= DESKTOP[0]
    assert screenshot(driver, artifacts / "track-phone.png", *PHONE, mobile=True) <= PHONE[0], \
        "the page scrolls sideways on a phone"
    assert (artifacts / "track-desktop.png").stat().st_size > 10_000
    assert (artifacts / "track-phone.png").stat().st_size > 10_000


def test_reconnects_after_server_restart(driver, server):
    state = driver.find_element(By.ID, "chat-state")
    connects = int(state.get_attribute("data-connects"))
    events_before = len(ws_events(driver))
    server.restart()
    wait(driver, 60).until(lambda d: int(state.get_attribute("data-connects") or 0) > connects
                           and state.get_attribute("data-state") == "open")
    fresh = ws_events(driver)[events_before:]
    assert any(e.get("type") == "status" and e.get("status") == "ready" for e in fresh), fresh
    wait(driver).until(lambda d: d.find_element(By.ID, "chat-input").is_enabled())
    answer = ask(driver, "What's the tempo?")
    assert answer.get_attribute("data-state") == "done", driver.find_element(By.ID, "chat-log").text
    # Connection failures while the server was down are expected console noise.
    assert console_errors(driver, allow=("WebSocket connection to", "net::ERR_CONNECTION_REFUSED")) == []


def test_server_rejection_is_shown_on_upload(driver):
    # An allowed extension with undecodable content: the server answers 422 with a message.
    bad = Path(os.environ["FIXTURES_DIR"]) / "audio" / "bad_text_renamed.mp3"
    tracks_before = len(driver.find_elements(By.CSS_SELECTOR, "#track-list .track-item"))
    clear_upload_message(driver)
    driver.find_element(By.ID, "file-input").send_keys(str(bad))
    message = driver.find_element(By.ID, "upload-message")
    wait(driver).until(lambda d: "is-error" in message.get_attribute("class") or "is-ok" in message.get_attribute("class"))
    assert "is-error" in message.get_attribute("class") and message.text.strip()
    assert message.text != "Uploading…"
    assert len(driver.find_elements(By.CSS_SELECTOR, "#track-list .track-item")) == tracks_before
    assert js(driver, "return location.hash") == f"#/tracks/{shared['track_id']}"


def test_deleted_track_gets_4004_shown_to_the_user(driver):
    track_id = shared["track_id"]
    before, _ = quota_left(driver)
    item = driver.find_element(By.CSS_SELECTOR, f'#track-list [data-track-id="{track_id}"]')
    item.find_element(By.CLASS_NAME, "track-delete").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "confirm-dialog").is_displayed())
    driver.find_element(By.ID, "confirm-ok").click()
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, f'#track-list [data-track-id="{track_id}"]'))
    assert driver.find_element(By.ID, "track-view").is_displayed() is False
    assert quota_left(driver)[0] == before - 1
    js(driver, "location.hash = arguments[0]", f"#/tracks/{track_id}")
    state = driver.find_element(By.ID, "chat-state")
    wait(driver).until(lambda d: state.get_attribute("data-state") == "not-found")
    assert state.get_attribute("data-close-code") == "4004"
    assert state.text == "Track not found" and state.is_displayed()
    assert driver.find_element(By.ID, "chat-input").is_enabled() is False
    connects = state.get_attribute("data-connects")
    assert js(driver, "return new Promise(r => setTimeout(() => r(document.getElementById('chat-state').dataset.state), 1500))") == "not-found"
    assert state.get_attribute("data-connects") == connects
