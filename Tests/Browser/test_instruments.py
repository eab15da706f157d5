"""The waveform and spectrogram as instruments, on a 10-minute click track:
beat markers thinned at full width and every beat back after zooming in
(keys, wheel), the overview strip scrolling the window, the spectrogram's
axes and read-outs, one playhead for both, Space playing and pausing, a
shift-drag looping a region, marker toggles, the JSON and CSV downloads,
screenshots at desktop and phone sizes and an accessibility scan."""

import csv
import io
import json

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import DESKTOP, PHONE, axe_violations, console_errors, screenshot, sign_in_with_api_key, wait, write_click_track

pytestmark = pytest.mark.incremental
shared = {}
MINUTES = 10
BPM = 120

# Records what the page downloads: the file name and the Blob's text.
DOWNLOAD_SPY = """
window.__downloads = [];
const blobs = new Map();
const create = URL.createObjectURL;
URL.createObjectURL = (blob) => { const url = create(blob); blobs.set(url, blob); return url; };
HTMLAnchorElement.prototype.click = function () {
  const name = this.download;
  window.__downloads.push(blobs.get(this.href).text().then((text) => ({ name, text })));
};
"""


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def waveform(driver):
    return driver.find_element(By.ID, "waveform")


def beat_every(driver):
    return waveform(driver).get_attribute("data-beat-every")


def test_long_track_opens_with_thinned_markers(driver, server, tmp_path_factory, artifacts):
    path = write_click_track(tmp_path_factory.mktemp("long") / "ten-minute-clicks.wav", MINUTES * 60, BPM)
    track_id = server.upload(path)
    track = server.wait_analysed(track_id, timeout=240)
    assert track["status"] == "ready", track
    shared.update(track_id=track_id, analysis=track["analysis"])
    sign_in_with_api_key(driver, server.base_url)
    js(driver, "location.hash = arguments[0]", f"#/tracks/{track_id}")
    wait(driver).until(lambda d: waveform(d).get_attribute("data-drawn") == "true")
    beats = shared["analysis"]["rhythm"]["beat_count"]
    assert beats > 1000, beats
    # 1,200 beats across one canvas are under a pixel apart: bar lines or fewer.
    assert beat_every(driver) in ("4", "16", "0"), beat_every(driver)
    assert int(waveform(driver).get_attribute("data-beats-drawn")) <= beats // 4
    assert driver.find_element(By.ID, "legend-beats").text != "beats"
    assert driver.find_element(By.ID, "zoom-level").text == "1×"
    wait(driver).until(lambda d: d.find_element(By.ID, "spectrogram-canvas").get_attribute("data-drawn") == "true")
    assert screenshot(driver, artifacts / "instruments-desktop.png", *DESKTOP) <= DESKTOP[0]
    assert screenshot(driver, artifacts / "instruments-phone.png", *PHONE, mobile=True) <= PHONE[0]


def test_zoom_in_with_keys_shows_individual_beats(driver):
    seek = driver.find_element(By.ID, "wave-seek")
    js(driver, "arguments[0].scrollIntoView({block: 'center'})", seek)
    seek.send_keys(Keys.HOME)
    for _ in range(8):
        if beat_every(driver) == "1":
            break
        seek.send_keys("+")
    assert beat_every(driver) == "1", driver.find_element(By.ID, "zoom-level").text
    drawn = int(waveform(driver).get_attribute("data-beats-drawn"))
    assert 2 <= drawn < 200, drawn
    assert driver.find_element(By.ID, "legend-beats").text == "beats"
    # The ruler labels the narrower window with a finer step, the overview says what is shown.
    assert float(driver.find_element(By.ID, "wave-ruler").get_attribute("data-step")) <= 5
    assert driver.find_element(By.ID, "overview").get_attribute("aria-valuetext").startswith("Showing 0:00 to ")
    seek.send_keys("-")
    assert driver.find_element(By.ID, "zoom-out").is_enabled()


def test_wheel_zooms_and_the_overview_scrolls(driver):
    before = js(driver, "return document.getElementById('zoom-level').textContent")
    js(driver, """const s = document.getElementById('wave-seek'); const r = s.getBoundingClientRect();
      s.dispatchEvent(new WheelEvent('wheel', {deltaY: -400, clientX: r.left + r.width / 2, clientY: r.top + 10, bubbles: true, cancelable: true}));""")
    assert driver.find_element(By.ID, "zoom-level").text != before
    overview = driver.find_element(By.ID, "overview")
    overview.send_keys(Keys.END)
    assert overview.get_attribute("aria-valuetext").endswith(f"to {MINUTES}:00 of {MINUTES}:00")
    overview.send_keys(Keys.HOME)
    assert overview.get_attribute("aria-valuetext").startswith("Showing 0:00")


def test_spectrogram_axes_and_readouts(driver):
    canvas = driver.find_element(By.ID, "spectrogram-canvas")
    js(driver, "arguments[0].scrollIntoView({block: 'center'})", canvas)
    readout = driver.find_element(By.ID, "readout")
    # The read-out is empty until the spectrogram picture has loaded; it follows the next pointer move after that.
    wait(driver).until(lambda d: canvas.get_attribute("data-drawn") == "true")
    # The move is dispatched in the page at the canvas's own coordinates: what is tested is the
    # read-out, not how the driver maps its pointer after the full-page screenshots above.
    move = """const [dy] = arguments; const c = document.getElementById('spectrogram-canvas').getBoundingClientRect();
      const at = {clientX: c.left + c.width / 2, clientY: c.top + c.height / 2 + dy, bubbles: true, pointerType: 'mouse'};
      document.getElementById('spec-wrap').dispatchEvent(new PointerEvent('pointermove', at));
      return document.getElementById('readout').textContent;"""

    def hover(dy):
        try:
            wait(driver, 10).until(lambda d: "Hz" in js(d, move, dy))
        except Exception:
            state = js(driver, """const c = document.getElementById('spectrogram-canvas').getBoundingClientRect();
              const r = document.getElementById('readout');
              return {readout: r.textContent, shown: r.offsetParent !== null, tools: document.getElementById('instrument-tools').hidden,
                      canvas: {...document.getElementById('spectrogram-canvas').dataset},
                      img: [document.getElementById('spectrogram').complete, document.getElementById('spectrogram').naturalWidth],
                      rect: [c.top, c.height, innerHeight]};""")
            raise AssertionError(f"no frequency read-out at dy={dy}: {state}; console: {console_errors(driver)}")
        assert readout.is_displayed()
        return js(driver, "return document.getElementById('readout').textContent")

    top = hover(-canvas.size["height"] // 2 + 2)
    bottom = hover(canvas.size["height"] // 2 - 2)
    # Log-frequency rows from 30 Hz (bottom) to the 11,025 Hz Nyquist of the 22,050 Hz analysis (top), and a level in dB.
    assert "kHz" in top and "dB" in top, top
    assert " Hz" in bottom and "dB" in bottom, bottom
    reading = driver.execute_async_script("""const done = arguments[arguments.length - 1];
      import('/static/js/spectrogram-scale.js').then((m) => done([m.hzAt(0), m.hzAt(1), Math.round(m.hzAt(m.fractionOfHz(1000))),
        m.dbOfColour(0, 0, 4), m.dbOfColour(252, 253, 191)]));""")
    assert reading == [30, 11025, 1000, -80, 0]
    legend = driver.find_element(By.CSS_SELECTOR, "#spectrogram-figure .colour-legend").text
    assert "−80 dB" in legend and "0 dB" in legend, legend


def test_one_playhead_follows_seeks_on_either_view(driver):
    wait(driver).until(lambda d: js(d, "return document.getElementById('player').readyState >= 1"))
    canvas = driver.find_element(By.ID, "spectrogram-canvas")
    ActionChains(driver).move_to_element_with_offset(canvas, -canvas.size["width"] // 4, 0).click().perform()
    wait(driver).until(lambda d: js(d, "return document.getElementById('player').currentTime") > 1)
    lefts = js(driver, "return ['playhead', 'spec-playhead'].map((id) => parseFloat(document.getElementById(id).style.left))")
    assert lefts[0] == lefts[1] and 20 <= lefts[0] <= 30, lefts
    # Dragging along the waveform keeps seeking.
    seek = driver.find_element(By.ID, "wave-seek")
    width = seek.size["width"]
    ActionChains(driver).move_to_element_with_offset(seek, -width // 2 + 5, 0).click_and_hold() \
        .move_by_offset(width // 2, 0).release().perform()
    left = js(driver, "return parseFloat(document.getElementById('playhead').style.left)")
    assert 45 <= left <= 55, left


def test_space_plays_and_pauses_outside_text_fields(driver):
    js(driver, "document.activeElement.blur()")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(" ")
    wait(driver).until(lambda d: js(d, "return !document.getElementById('player').paused"))
    body.send_keys(" ")
    wait(driver).until(lambda d: js(d, "return document.getElementById('player').paused"))
    # In the question box Space is a space.
    box = driver.find_element(By.ID, "chat-input")
    if box.is_enabled():
        box.send_keys("a b")
        assert js(driver, "return document.getElementById('player').paused")
        assert box.get_attribute("value") == "a b"
        box.clear()


def test_shift_drag_loops_a_region(driver):
    seek = driver.find_element(By.ID, "wave-seek")
    js(driver, "arguments[0].scrollIntoView({block: 'center'})", seek)
    width = seek.size["width"]
    ActionChains(driver).move_to_element_with_offset(seek, -width // 4, 0).key_down(Keys.SHIFT).click_and_hold() \
        .move_by_offset(width // 8, 0).release().key_up(Keys.SHIFT).perform()
    label = driver.find_element(By.ID, "loop-label").text
    assert label.startswith("Loop "), label
    assert driver.find_element(By.ID, "loop-clear").is_displayed()
    assert driver.find_element(By.ID, "wave-loop").is_displayed() and driver.find_element(By.ID, "spec-loop").is_displayed()
    shade = driver.find_element(By.ID, "wave-loop")
    start, end = float(shade.get_attribute("data-start")), float(shade.get_attribute("data-end"))
    assert end - start > 1, (start, end)
    assert abs(js(driver, "return document.getElementById('player').currentTime") - start) < 0.1
    # Playing from just before the loop's end jumps back to its start.
    js(driver, """const p = document.getElementById('player'); window.__times = [];
      p.addEventListener('timeupdate', () => window.__times.push(p.currentTime));
      p.currentTime = arguments[0]; p.play();""", end - 0.5)
    wait(driver, 15).until(lambda d: any(t < start + 1 for t in js(d, "return window.__times")[1:]))
    js(driver, "document.getElementById('player').pause()")
    times = js(driver, "return window.__times")
    assert max(times) < end + 0.5, (start, end, times)
    driver.find_element(By.ID, "loop-clear").click()
    assert not driver.find_element(By.ID, "loop-clear").is_displayed()
    assert not driver.find_element(By.ID, "wave-loop").is_displayed()


def test_ruler_drag_and_bracket_keys_loop_too(driver):
    ruler = driver.find_element(By.ID, "wave-ruler")
    width = ruler.size["width"]
    ActionChains(driver).move_to_element_with_offset(ruler, 0, 0).click_and_hold().move_by_offset(width // 10, 0).release().perform()
    shade = driver.find_element(By.ID, "wave-loop")
    assert shade.get_attribute("data-start") and float(shade.get_attribute("data-end")) > float(shade.get_attribute("data-start"))
    seek = driver.find_element(By.ID, "wave-seek")
    seek.send_keys(Keys.ESCAPE)
    assert not driver.find_element(By.ID, "loop-clear").is_displayed()
    seek.send_keys(Keys.HOME, "[", Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    mark = js(driver, "return document.getElementById('player').currentTime")
    seek.send_keys("]")
    assert mark > 0 and shade.get_attribute("data-start") == "0.000"
    assert float(shade.get_attribute("data-end")) == pytest.approx(mark, abs=0.001)
    seek.send_keys(Keys.ESCAPE)


def test_pinch_zooms_on_a_touch_screen(driver):
    driver.find_element(By.ID, "zoom-fit").click()
    rect = js(driver, "const r = document.getElementById('wave-seek').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]")
    x, y = rect
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 2})
    try:
        def touch(kind, spread):
            points = [] if kind == "touchEnd" else [{"x": x - spread, "y": y, "id": 1}, {"x": x + spread, "y": y, "id": 2}]
            driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
        # Two fingers 40 px apart move to 160 px apart: four times closer in.
        touch("touchStart", 20)
        for spread in range(30, 81, 10):
            touch("touchMove", spread)
        touch("touchEnd", 0)
    finally:
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
    zoom = driver.find_element(By.ID, "zoom-level").text
    assert zoom in ("3.5×", "4×", "4.5×"), zoom
    driver.find_element(By.ID, "zoom-fit").click()


def test_beat_and_onset_toggles(driver):
    driver.find_element(By.ID, "zoom-fit").click()
    beats = driver.find_element(By.ID, "show-beats")
    js(driver, "arguments[0].scrollIntoView({block: 'center'})", beats)
    beats.click()
    assert waveform(driver).get_attribute("data-beats-drawn") == "0"
    beats.send_keys(" ")
    assert beats.is_selected()
    assert js(driver, "return document.getElementById('player').paused"), "Space on a checkbox must not play"
    driver.find_element(By.ID, "show-onsets").click()
    assert not driver.find_element(By.ID, "show-onsets").is_selected()
    driver.find_element(By.ID, "show-onsets").click()


def test_exports_are_valid_json_and_csv(driver):
    js(driver, DOWNLOAD_SPY)
    for button in ("export-json", "export-beats", "export-onsets"):
        driver.find_element(By.ID, button).click()
    files = driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; Promise.all(window.__downloads).then(done, (e) => done(String(e)));")
    assert isinstance(files, list) and len(files) == 3, files
    by_name = {f["name"]: f["text"] for f in files}
    assert set(by_name) == {"ten-minute-clicks-analysis.json", "ten-minute-clicks-beats.csv", "ten-minute-clicks-onsets.csv"}
    analysis = json.loads(by_name["ten-minute-clicks-analysis.json"])
    assert analysis["rhythm"]["beat_count"] == shared["analysis"]["rhythm"]["beat_count"]
    for kind, key in (("beats", "beat_times"), ("onsets", "onset_times")):
        rows = list(csv.reader(io.StringIO(by_name[f"ten-minute-clicks-{kind}.csv"])))
        times = [float(r[0]) for r in rows]
        assert all(len(r) == 1 for r in rows), "one time instant per line"
        assert len(times) == len(shared["analysis"]["rhythm"][key])
        assert times == sorted(times) and abs(times[-1] - shared["analysis"]["rhythm"][key][-1]) < 0.001


def test_zoomed_instruments_are_accessible(driver, artifacts):
    seek = driver.find_element(By.ID, "wave-seek")
    for _ in range(4):
        seek.send_keys("+")
    assert screenshot(driver, artifacts / "instruments-zoomed-desktop.png", *DESKTOP) <= DESKTOP[0]
    assert screenshot(driver, artifacts / "instruments-zoomed-phone.png", *PHONE, mobile=True) <= PHONE[0]
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        js(driver, "window.dispatchEvent(new Event('resize'))")
        assert screenshot(driver, artifacts / "instruments-zoomed-dark-desktop.png", *DESKTOP) <= DESKTOP[0]
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert axe_violations(driver) == []
    assert axe_violations(driver, dark=True) == []
    assert console_errors(driver) == []
