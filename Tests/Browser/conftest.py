"""Shared fixtures for the browser tests: the server under test, Chromium
drivers, the audio fixture and the artifacts folder.

scripts/browser-test.sh starts the server and sets BROWSER_TEST_BASE_URL,
BROWSER_TEST_SERVER_CTL, ARTIFACTS_DIR and FIXTURES_DIR."""

import base64
import json
import os
import struct
import subprocess
import time
import wave
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
DESKTOP = (1280, 900)
PHONE = (390, 844)
# The server under test runs with DEBUG on, so the development API key works.
API_KEY = "dev-api-key"


def _require_env(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run the tests through scripts/browser-test.sh")
    return value


class Server:
    """The server under test, with a restart that keeps port, database and media."""

    def __init__(self):
        self.base_url = _require_env("BROWSER_TEST_BASE_URL")
        self.ctl = _require_env("BROWSER_TEST_SERVER_CTL")

    def restart(self):
        subprocess.run([self.ctl, "restart-server"], check=True, timeout=120)

    def stop(self):
        subprocess.run([self.ctl, "stop-server"], check=True, timeout=120)

    def start(self):
        subprocess.run([self.ctl, "start-server"], check=True, timeout=120)

    def api(self, method, path, body=None, headers=None):
        """One request with the development API key; returns (status, parsed JSON or None)."""
        request = urllib.request.Request(self.base_url + path, data=body, method=method,
                                         headers={"X-API-Key": API_KEY, "Accept": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, text = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        return status, (json.loads(text) if text else None)

    def upload(self, path):
        """Uploads an audio file with the API key; returns the new track's id."""
        boundary = uuid.uuid4().hex
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
                'Content-Type: application/octet-stream\r\n\r\n').encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        status, answer = self.api("POST", "/api/tracks/", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status == 201, (status, answer)
        return answer["track_id"]

    def wait_analysed(self, track_id, timeout=120):
        """Waits until a track's analysis has ended; returns its JSON."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, track = self.api("GET", f"/api/tracks/{track_id}/")
            if status == 200 and track["status"] in ("ready", "failed"):
                return track
            time.sleep(0.2)
        raise AssertionError(f"track {track_id} not analysed within {timeout} s")


@pytest.fixture(scope="module")
def server():
    return Server()


@pytest.fixture(scope="module")
def artifacts():
    path = Path(os.environ.get("ARTIFACTS_DIR", "artifacts/browser"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def audio_fixture():
    fixtures = Path(_require_env("FIXTURES_DIR"))
    path = fixtures / "audio" / "click_120bpm.wav"
    if not path.is_file():
        raise RuntimeError(f"missing fixture {path}")
    return path


def write_click_track(path, seconds, bpm=120, rate=8000):
    """Writes a mono 16-bit WAV of short clicks `bpm` times a minute; returns the path."""
    frames = int(seconds * rate)
    period = rate * 60 / bpm
    click = int(rate * 0.004)
    samples = bytearray(frames * 2)
    beat = 0.0
    while int(beat) < frames:
        for i in range(int(beat), min(frames, int(beat) + click)):
            struct.pack_into("<h", samples, 2 * i, 20000 if (i - int(beat)) % 4 < 2 else -20000)
        beat += period
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(samples))
    return path


def new_driver():
    """A fresh headless Chromium (new profile, empty cache) with console and DevTools logs."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--autoplay-policy=no-user-gesture-required",
                "--disable-background-networking", "--no-first-run"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    set_viewport(driver, *DESKTOP)
    return driver


def set_viewport(driver, width, height, mobile=False):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile,
    })


def screenshot(driver, path, width, height, mobile=False):
    """Saves a full-page PNG at the given viewport size; returns the page's scroll width there."""
    set_viewport(driver, width, height, mobile)
    driver.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    scroll_width = driver.execute_script("return document.documentElement.scrollWidth")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path.write_bytes(base64.b64decode(shot["data"]))
    set_viewport(driver, *DESKTOP)
    return scroll_width


def console_errors(driver, allow=()):
    """Drains the console log; returns SEVERE entries not matching any allowed substring."""
    return [e for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and not any(a in e["message"] for a in allow)]


def axe_violations(driver, dark=False):
    """Runs axe-core (WCAG 2 A/AA rules) on the current page in the light or dark theme."""
    import axe_selenium_python
    script = Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
    try:
        driver.execute_script(script.read_text())
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'], resultTypes: ['violations']})"
            ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))"
            ".catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]))")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    return result


def sign_in_with_api_key(driver, base_url):
    """Opens the app and signs in with the API key (no demo budget to spend)."""
    from selenium.webdriver.common.by import By
    driver.get(base_url + "/")
    wait(driver).until(lambda d: d.execute_script("return document.documentElement.dataset.app === 'ready'"))
    driver.find_element(By.ID, "api-key").send_keys(API_KEY)
    driver.find_element(By.CSS_SELECTOR, "#apikey-form button[type=submit]").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "account").is_displayed())


def wait(driver, timeout=30):
    return WebDriverWait(driver, timeout, poll_frequency=0.05)


def stored_credentials(driver):
    raw = driver.execute_script("return sessionStorage.getItem('audio-analysis.credentials')")
    return json.loads(raw) if raw else None


@pytest.fixture(scope="module")
def driver():
    drv = new_driver()
    yield drv
    drv.quit()


# Tests marked `incremental` build on each other: after one fails, the rest
# of its module are skipped instead of failing with misleading errors.
_first_failure = {}


def pytest_configure(config):
    config.addinivalue_line("markers", "incremental: later tests in the module need the earlier ones")


def pytest_runtest_makereport(item, call):
    if "incremental" in item.keywords and call.excinfo is not None and call.when == "call":
        _first_failure.setdefault(item.module.__name__, item.name)


def pytest_runtest_setup(item):
    failed = _first_failure.get(item.module.__name__) if "incremental" in item.keywords else None
    if failed:
        pytest.skip(f"needs {failed}, which failed")
