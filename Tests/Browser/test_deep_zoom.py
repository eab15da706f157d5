"""Deep zoom on the 10-minute click track: onset markers thinned at full
width like beats; zoomed far in, the waveform is drawn from the decoded
samples (each click a narrow transient, silence between them) and the
spectrogram window is computed from them instead of the stretched picture,
at desktop and phone sizes."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import DESKTOP, PHONE, console_errors, screenshot, set_viewport, sign_in_with_api_key, wait, write_click_track

pytestmark = pytest.mark.incremental
shared = {}
MINUTES = 10
BPM = 120
ZOOM_STEPS = 9

# Runs of columns (device pixels) where the waveform leaves the centre line, read from the canvas.
TRANSIENTS = """
const c = document.getElementById('waveform');
const { width, height } = c;
const data = c.getContext('2d').getImageData(0, 0, width, height).data;
const mid = Math.floor(height / 2);
// Rows well away from the axis line and from the marker strips at the top and bottom.
const rows = [Math.round(height * 0.3), Math.round(height * 0.38), Math.round(height * 0.62)];
const filled = [];
for (let x = 0; x < width; x += 1) filled.push(rows.some((y) => data[(y * width + x) * 4 + 3] > 0 && y !== mid));
const runs = [];
let from = -1;
filled.forEach((on, x) => {
  if (on && from < 0) from = x;
  if (!on && from >= 0) { runs.push([from, x - from]); from = -1; }
});
if (from >= 0) runs.push([from, width - from]);
return { width, runs };
"""


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def waveform(driver):
    return driver.find_element(By.ID, "waveform")


def test_onsets_are_thinned_on_a_long_track(driver, server, tmp_path_factory):
    path = write_click_track(tmp_path_factory.mktemp("deep") / "ten-minute-clicks.wav", MINUTES * 60, BPM)
    track_id = server.upload(path)
    track = server.wait_analysed(track_id, timeout=240)
    assert track["status"] == "ready", track
    shared.update(track_id=track_id, analysis=track["analysis"])
    sign_in_with_api_key(driver, server.base_url)
    js(driver, "location.hash = arguments[0]", f"#/tracks/{track_id}")
    wait(driver).until(lambda d: waveform(d).get_attribute("data-drawn") == "true")
    onsets = len(shared["analysis"]["rhythm"]["onset_times"])
    assert onsets > 1000, onsets
    width = int(js(driver, "return document.getElementById('waveform').width"))
    # Over a thousand onsets on one canvas: thinned, and never closer than 4 px.
    every = waveform(driver).get_attribute("data-onset-every")
    drawn = int(waveform(driver).get_attribute("data-onsets-drawn"))
    assert every in ("4", "16", "0"), every
    assert drawn <= width // 4, (drawn, width)
    # Not a solid band: most of the onset strip's columns stay empty.
    strip = js(driver, """const c = document.getElementById('waveform');
      const d = c.getContext('2d').getImageData(0, c.height - 2, c.width, 1).data;
      let on = 0; for (let x = 0; x < c.width; x += 1) if (d[x * 4 + 3] > 0) on += 1; return on / c.width;""")
    assert strip < 0.5, strip
    # Zoomed in, every onset in the window is back.
    seek = driver.find_element(By.ID, "wave-seek")
    js(driver, "arguments[0].scrollIntoView({block: 'center'})", seek)
    for _ in range(6):
        seek.send_keys("+")
    assert waveform(driver).get_attribute("data-onset-every") == "1"


def zoom_far(driver):
    seek = driver.find_element(By.ID, "wave-seek")
    js(driver, "arguments[0].scrollIntoView({block: 'center'})", seek)
    # Home puts the playhead at 0, and the keys zoom around it: the window is [0, 600 s / 2^9 ≈ 1.2 s],
    # where a click (4 ms) is about two pixels wide and the gap between two about 200.
    # Beat lines cross the whole height: off, so only the waveform is measured.
    beats = driver.find_element(By.ID, "show-beats")
    if beats.is_selected():
        beats.click()
    fit = driver.find_element(By.ID, "zoom-fit")
    if fit.is_enabled():
        fit.click()
    seek.send_keys(Keys.HOME)
    for _ in range(ZOOM_STEPS):
        seek.send_keys("+")


def test_deep_zoom_draws_the_waveform_from_the_samples(driver, artifacts):
    zoom_far(driver)
    wait(driver).until(lambda d: waveform(d).get_attribute("data-resolution") == "audio")
    shape = js(driver, TRANSIENTS)
    runs = shape["runs"]
    # Separate transients: several narrow runs with empty columns between them (stretched peaks made
    # 60 px blocks of each click).
    assert len(runs) >= 2, (shape, driver.find_element(By.ID, "overview").get_attribute("aria-valuetext"), driver.find_element(By.ID, "zoom-level").text)
    assert all(width <= 8 for _, width in runs), runs
    gaps = [b[0] - (a[0] + a[1]) for a, b in zip(runs, runs[1:])]
    assert min(gaps) > 50, runs


def test_deep_zoom_computes_the_spectrogram_window(driver, artifacts):
    canvas = driver.find_element(By.ID, "spectrogram-canvas")
    wait(driver).until(lambda d: canvas.get_attribute("data-resolution") == "audio")
    # Not the stretched picture: drawn again from the image, the same window differs.
    difference = driver.execute_script("""
      const c = document.getElementById('spectrogram-canvas');
      const img = document.getElementById('spectrogram');
      const mine = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const copy = document.createElement('canvas'); copy.width = c.width; copy.height = c.height;
      const ctx = copy.getContext('2d');
      const d = 600, s = arguments[0], e = arguments[1];
      ctx.drawImage(img, s / d * img.naturalWidth, 0, Math.max(0.5, (e - s) / d * img.naturalWidth), img.naturalHeight, 0, 0, c.width, c.height);
      const theirs = ctx.getImageData(0, 0, c.width, c.height).data;
      let diff = 0; for (let i = 0; i < mine.length; i += 4) if (Math.abs(mine[i] - theirs[i]) + Math.abs(mine[i + 1] - theirs[i + 1]) > 30) diff += 1;
      return diff / (mine.length / 4);""", 0, MINUTES * 60 / 2 ** ZOOM_STEPS)
    assert difference > 0.2, difference
    # Clicks show as bright columns in dark silence, and the read-out still gives a level.
    columns = js(driver, """const c = document.getElementById('spectrogram-canvas');
      const y = Math.round(c.height * 0.5); const d = c.getContext('2d').getImageData(0, y, c.width, 1).data;
      let bright = 0, dark = 0; for (let x = 0; x < c.width; x += 1) { const v = d[x * 4] + d[x * 4 + 1] + d[x * 4 + 2];
      if (v > 300) bright += 1; else if (v < 60) dark += 1; } return [bright, dark, c.width];""")
    bright, dark, width = columns
    assert bright > 0 and dark > width / 2, columns
    assert screenshot(driver, artifacts / "deep-zoom-desktop.png", *DESKTOP) <= DESKTOP[0]


def test_deep_zoom_at_phone_width(driver, artifacts):
    set_viewport(driver, *PHONE, mobile=True)
    try:
        wait(driver).until(lambda d: d.find_element(By.ID, "spectrogram-canvas").get_attribute("data-resolution") == "audio"
                           and waveform(d).get_attribute("data-resolution") == "audio")
        runs = js(driver, TRANSIENTS)["runs"]
        assert len(runs) >= 2 and all(width <= 12 for _, width in runs), runs
    finally:
        set_viewport(driver, *DESKTOP)
    assert screenshot(driver, artifacts / "deep-zoom-phone.png", *PHONE, mobile=True) <= PHONE[0]
    # Back to the whole track: the stored peaks again; no console errors on the way.
    driver.find_element(By.ID, "zoom-fit").click()
    assert waveform(driver).get_attribute("data-resolution") == "peaks"
    assert console_errors(driver) == []
