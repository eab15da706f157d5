"""Opening a track: one request for the track and one for its waveform (the
chat socket's first open does not load it again); a near-silent file (peak
−84 dBFS) reads "No signal" in the summary and on both views, called
near-silence, while digital silence is called that only when every sample is
zero; on a phone the question counter appears once the text nears the limit."""

import math
import random
import struct
import wave

import pytest
from selenium.webdriver.common.by import By

from conftest import DESKTOP, PHONE, screenshot, set_viewport, sign_in_with_api_key, wait

QUIET_DBFS = -84


def write_quiet_noise(path, seconds=3, rate=22050, dbfs=QUIET_DBFS):
    """White noise whose peak is `dbfs` below full scale (a few LSBs of 16-bit audio)."""
    peak = round(32767 * 10 ** (dbfs / 20))
    rng = random.Random(16)
    frames = b"".join(struct.pack("<h", rng.randint(-peak, peak)) for _ in range(int(seconds * rate)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def open_track(driver, track_id):
    driver.execute_script("location.hash = arguments[0]", f"#/tracks/{track_id}")
    wait(driver).until(lambda d: d.find_element(By.ID, "waveform").get_attribute("data-drawn") == "true")


def test_one_open_fetches_the_track_and_its_waveform_once(driver, server, audio_fixture):
    track_id = server.upload(audio_fixture)
    assert server.wait_analysed(track_id)["status"] == "ready"
    sign_in_with_api_key(driver, server.base_url)
    open_track(driver, track_id)
    # The socket has opened (its first open used to load the track a second time) and settled.
    wait(driver).until(lambda d: d.find_element(By.ID, "chat-state").get_attribute("data-state") == "open")
    driver.execute_script("return new Promise((r) => setTimeout(r, 1000))")
    names = driver.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
    track = [n for n in names if n.split("?")[0].endswith(f"/api/tracks/{track_id}/")]
    peaks = [n for n in names if f"/api/tracks/{track_id}/waveform/" in n]
    assert len(track) == 1, track
    assert len(peaks) == 1, peaks


def test_near_silence_reads_no_signal(driver, server, tmp_path, artifacts):
    path = write_quiet_noise(tmp_path / "quiet-noise.wav")
    track_id = server.upload(path)
    track = server.wait_analysed(track_id)
    assert track["status"] == "ready", track
    amp = track["analysis"]["temporal"]["amplitude"]
    assert 0 < max(abs(amp["max"]), abs(amp["min"])) < 10 ** (-60 / 20), amp
    open_track(driver, track_id)
    summary = driver.find_element(By.ID, "summary")
    wait(driver).until(lambda d: "No signal" in summary.text)
    assert "near-silence" in summary.text, summary.text
    assert "digital silence" not in summary.text, summary.text
    assert summary.find_element(By.CSS_SELECTOR, "[data-reading=no-signal]").get_attribute("data-level") == "near-silence"
    canvas = driver.find_element(By.ID, "spectrogram-canvas")
    wait(driver).until(lambda d: canvas.get_attribute("data-reading") == "no-signal")
    assert driver.find_element(By.ID, "waveform").get_attribute("data-reading") == "no-signal"
    # No beat or onset markers read out of the noise.
    assert driver.find_element(By.ID, "waveform").get_attribute("data-beats-drawn") == "0"
    assert driver.find_element(By.ID, "waveform").get_attribute("data-onsets-drawn") == "0"
    # Black, not noise: away from the axis labels and the words, every pixel is the palette's darkest.
    colours = driver.execute_script("""const c = document.getElementById('spectrogram-canvas');
      const d = c.getContext('2d').getImageData(Math.round(c.width * 0.7), 0, Math.round(c.width * 0.3), Math.round(c.height * 0.3)).data;
      let max = 0; for (let i = 0; i < d.length; i += 4) max = Math.max(max, d[i] + d[i + 1] + d[i + 2]); return max;""")
    assert colours <= 12, colours
    assert screenshot(driver, artifacts / "near-silence-desktop.png", *DESKTOP) <= DESKTOP[0]
    assert screenshot(driver, artifacts / "near-silence-phone.png", *PHONE, mobile=True) <= PHONE[0]


def test_digital_silence_is_called_so_only_when_every_sample_is_zero(driver):
    text = driver.execute_async_script("""const done = arguments[arguments.length - 1];
      import('/static/js/summary.js').then((m) => {
        const box = document.createElement('div');
        const at = (max) => { box.replaceChildren(...m.renderSummary({temporal: {duration_seconds: 2, amplitude: {min: -max, max},
          rms_energy: {mean: max / 2, max}}, loudness: {interpretation: 'silent: no measurable loudness'}})); return box.innerText; };
        done([at(0), at(0.00006), at(0.5)]);
      });""")
    zero, quiet, loud = text
    assert "digital silence" in zero and "No signal" in zero
    assert "near-silence" in quiet and "digital silence" not in quiet and "No signal" in quiet
    assert "No signal" not in loud


def test_phone_shows_the_question_counter_near_the_limit(driver):
    set_viewport(driver, *PHONE, mobile=True)
    try:
        box = driver.find_element(By.ID, "chat-input")
        count = driver.find_element(By.ID, "chat-count")
        wait(driver).until(lambda d: box.is_enabled())
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.send_keys("short question")
        assert not count.is_displayed()
        # Over the limit: the counter says so where the user types.
        driver.execute_script("arguments[0].value = 'x'.repeat(4100); arguments[0].dispatchEvent(new Event('input'))", box)
        assert count.is_displayed(), count.get_attribute("class")
        assert "over the limit" in count.text
        rect = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom, innerHeight]", count)
        assert 0 <= rect[0] and rect[1] <= rect[2], rect
        driver.execute_script("arguments[0].value = 'x'.repeat(3700); arguments[0].dispatchEvent(new Event('input'))", box)
        assert count.is_displayed() and "is-near" in count.get_attribute("class")
        box.clear()
        driver.execute_script("arguments[0].dispatchEvent(new Event('input'))", box)
    finally:
        set_viewport(driver, *DESKTOP)
