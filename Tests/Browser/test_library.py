"""The library side of the app: several files uploaded at once through a queue
(one bad file does not stop the rest), a list paged past the API's 50-track
default with "Show more", a filter and full names on hover, the selected
track scrolled into view, and the phone's list → track → Back screens with
the title at the top and the Ask bar in reach. Screenshots of the list and
the track at 1280×900 and 390×844."""

import os
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import DESKTOP, PHONE, axe_violations, console_errors, screenshot, set_viewport, sign_in_with_api_key, wait, write_click_track

pytestmark = pytest.mark.incremental
AUDIO = Path(os.environ.get("FIXTURES_DIR", ".")) / "audio"
EXTRA_TRACKS = 55
shared = {}


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def items(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#track-list .track-item")


def visible_items(driver):
    return [i for i in items(driver) if i.is_displayed()]


def test_several_files_upload_one_at_a_time_past_a_bad_one(driver, server):
    sign_in_with_api_key(driver, server.base_url)
    set_viewport(driver, *DESKTOP)
    wait(driver).until(lambda d: d.find_element(By.ID, "upload-limits").text.startswith("Accepted"))
    files = [AUDIO / "click_90bpm.wav", AUDIO / "bad_truncated.wav", AUDIO / "sine_440hz.wav"]
    driver.find_element(By.ID, "file-input").send_keys("\n".join(str(f) for f in files))
    queue = driver.find_element(By.ID, "upload-queue")
    wait(driver).until(lambda d: queue.is_displayed())
    rows = queue.find_elements(By.CSS_SELECTOR, ".queue-row")
    assert [r.find_element(By.CLASS_NAME, "queue-name").text.split(" (")[0] for r in rows] == [f.name for f in files]
    # Every row has its own progress bar and a Cancel until it is settled.
    assert all(r.find_elements(By.TAG_NAME, "progress") for r in rows)
    message = driver.find_element(By.ID, "upload-message")
    wait(driver, 90).until(lambda d: message.text == "Uploaded 2 of 3 files; 1 failed.")
    states = [r.get_attribute("class").split("is-")[1] for r in rows]
    assert states == ["done", "failed", "done"], states
    assert "cut short" in rows[1].find_element(By.CLASS_NAME, "queue-status").text
    # The failed row keeps the server's detail behind a closed "Details" disclosure, as a single upload does.
    details = rows[1].find_element(By.TAG_NAME, "details")
    assert details.get_attribute("open") is None and details.find_element(By.TAG_NAME, "summary").text == "Details"
    details.find_element(By.TAG_NAME, "summary").click()
    assert "HTTP 422" in details.find_element(By.TAG_NAME, "code").text
    assert not rows[0].find_elements(By.TAG_NAME, "details") and not rows[2].find_elements(By.TAG_NAME, "details")
    assert not any(b.is_displayed() for r in rows for b in r.find_elements(By.TAG_NAME, "button"))
    # The batch's last upload opens; both good files are in the list.
    wait(driver).until(lambda d: d.find_element(By.ID, "track-title").text == "sine_440hz.wav")
    names = [i.find_element(By.CLASS_NAME, "track-name").text for i in items(driver)]
    assert "click_90bpm.wav" in names and "sine_440hz.wav" in names and "bad_truncated.wav" not in names


def test_each_queued_file_has_its_own_cancel(driver, artifacts):
    # From the list screen, so the phone screenshot shows the queue rather than the open track.
    js(driver, "location.hash = ''")
    wait(driver).until(lambda d: not d.find_element(By.ID, "track-view").is_displayed())
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 64 * 1024})
    try:
        files = [AUDIO / "music_dance_140bpm_4-4.flac", AUDIO / "click_120bpm.wav", AUDIO / "silence.wav"]
        driver.find_element(By.ID, "file-input").send_keys("\n".join(str(f) for f in files))
        queue = driver.find_element(By.ID, "upload-queue")
        wait(driver).until(lambda d: len(queue.find_elements(By.CSS_SELECTOR, ".queue-row")) == 3)
        rows = queue.find_elements(By.CSS_SELECTOR, ".queue-row")
        wait(driver).until(lambda d: "is-uploading" in rows[0].get_attribute("class"))
        assert screenshot(driver, artifacts / "upload-queue-desktop.png", *DESKTOP) <= DESKTOP[0]
        assert screenshot(driver, artifacts / "upload-queue-phone.png", *PHONE, mobile=True) <= PHONE[0]
        set_viewport(driver, *DESKTOP)
        # A waiting file is dropped from the queue; the running one is aborted; the last still goes.
        rows[1].find_element(By.TAG_NAME, "button").click()
        assert "is-cancelled" in rows[1].get_attribute("class")
        assert rows[0].find_element(By.TAG_NAME, "button").get_attribute("aria-label") == f"Cancel {files[0].name}"
        rows[0].find_element(By.TAG_NAME, "button").click()
        message = driver.find_element(By.ID, "upload-message")
        wait(driver, 60).until(lambda d: message.text == "Uploaded 1 of 3 files; 2 cancelled.")
    finally:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    assert [r.get_attribute("class").split("is-")[1] for r in rows] == ["cancelled", "cancelled", "done"]
    assert "is-ok" in message.get_attribute("class")
    wait(driver).until(lambda d: d.find_element(By.ID, "track-title").text == "silence.wav")


def test_the_list_pages_past_fifty_tracks(driver, server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    tiny = write_click_track(folder / "tiny.wav", 0.5)
    for i in range(EXTRA_TRACKS):
        named = folder / f"tiny-{i:03d}.wav"
        named.write_bytes(tiny.read_bytes())
        server.upload(named)
    status, page = server.api("GET", "/api/tracks/?limit=100")
    assert status == 200 and len(page) > 50
    shared["total"] = len(page) if len(page) < 100 else None
    driver.find_element(By.ID, "tracks-refresh").click()
    more = driver.find_element(By.ID, "tracks-more")
    wait(driver).until(lambda d: more.is_displayed() and len(items(d)) == 50)
    assert driver.find_element(By.ID, "tracks-count").text == "50+ tracks"
    js(driver, "arguments[0].scrollIntoView({block: 'center'})", more)
    more.send_keys(Keys.ENTER)
    wait(driver).until(lambda d: len(items(d)) > 50)
    # Focus moves on to the first track that arrived.
    active = driver.switch_to.active_element
    assert active.get_attribute("class") == "track-open"
    assert active.find_element(By.XPATH, "..").get_attribute("data-track-id") == items(driver)[50].get_attribute("data-track-id")
    if shared["total"]:
        assert len(items(driver)) == shared["total"]
        assert not more.is_displayed()
    # Newest first: the oldest tiny file is among the tracks that arrived with the second page.
    names = [i.find_element(By.CLASS_NAME, "track-name").get_attribute("textContent") for i in items(driver)]
    assert names.index("tiny-000.wav") >= 50, names.index("tiny-000.wav")
    # A refresh keeps the second page.
    driver.find_element(By.ID, "tracks-refresh").click()
    wait(driver).until(lambda d: len(items(d)) > 50)


def test_filter_and_full_names(driver):
    box = driver.find_element(By.ID, "tracks-filter")
    js(driver, "arguments[0].scrollIntoView({block: 'center'})", box)
    box.send_keys("TINY-05")
    wait(driver).until(lambda d: len(visible_items(d)) == 5)
    assert "5 of" in driver.find_element(By.ID, "tracks-count").text
    button = visible_items(driver)[0].find_element(By.CLASS_NAME, "track-open")
    assert button.get_attribute("title") == button.find_element(By.CLASS_NAME, "track-name").get_attribute("textContent")
    box.send_keys(" 054")
    wait(driver).until(lambda d: len(visible_items(d)) == 1)
    box.clear()
    box.send_keys(Keys.SPACE, Keys.BACK_SPACE)
    wait(driver).until(lambda d: len(visible_items(d)) > 50)


def test_the_selected_track_is_scrolled_into_view(driver):
    old = next(i for i in items(driver) if i.find_element(By.CLASS_NAME, "track-name").get_attribute("textContent") == "tiny-001.wav")
    track_id = old.get_attribute("data-track-id")
    js(driver, "document.getElementById('track-list').scrollTop = 0")
    js(driver, "location.hash = arguments[0]", f"#/tracks/{track_id}")
    wait(driver).until(lambda d: d.find_element(By.ID, "track-title").text == "tiny-001.wav")
    # Looked up afresh: status and duration updates re-render the list.
    inside = js(driver, """const list = document.getElementById('track-list').getBoundingClientRect();
      const item = document.querySelector(`#track-list [data-track-id="${arguments[0]}"]`).getBoundingClientRect();
      return item.top >= list.top - 1 && item.bottom <= list.bottom + 1;""", track_id)
    assert inside, "the selected track is outside the list's visible part"
    shared["open"] = track_id


def test_list_and_track_screenshots_on_desktop(driver, artifacts):
    assert screenshot(driver, artifacts / "library-track-desktop.png", *DESKTOP) <= DESKTOP[0]
    js(driver, "location.hash = ''")
    wait(driver).until(lambda d: not d.find_element(By.ID, "track-view").is_displayed())
    assert screenshot(driver, artifacts / "library-list-desktop.png", *DESKTOP) <= DESKTOP[0]


def test_phone_shows_the_list_then_the_track_with_a_back_button(driver, artifacts):
    set_viewport(driver, *PHONE, mobile=True)
    try:
        js(driver, "window.scrollTo(0, 0)")
        assert driver.find_element(By.ID, "sidebar").is_displayed()
        assert not driver.find_element(By.ID, "track-view").is_displayed()
        assert screenshot(driver, artifacts / "library-list-phone.png", *PHONE, mobile=True) <= PHONE[0]
        set_viewport(driver, *PHONE, mobile=True)
        item = next(i for i in items(driver) if i.get_attribute("data-track-id") == shared["open"])
        button = item.find_element(By.CLASS_NAME, "track-open")
        js(driver, "arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        title = driver.find_element(By.ID, "track-title")
        wait(driver).until(lambda d: title.text == "tiny-001.wav")
        wait(driver).until(lambda d: not d.find_element(By.ID, "sidebar").is_displayed())
        # The title near the top of the screen, the Ask bar fixed at its bottom.
        top = js(driver, "return arguments[0].getBoundingClientRect().top", title)
        assert 0 <= top < 200, top
        wait(driver).until(lambda d: d.find_element(By.ID, "chat-input").is_enabled())
        for part in ("chat-input", "chat-send"):
            rect = js(driver, "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
                              "return [r.top, r.bottom, innerHeight]", part)
            assert 0 <= rect[0] and rect[1] <= rect[2], (part, rect)
        back = driver.find_element(By.ID, "track-back")
        assert back.is_displayed()
        assert screenshot(driver, artifacts / "library-track-phone.png", *PHONE, mobile=True) <= PHONE[0]
        set_viewport(driver, *PHONE, mobile=True)
        back.click()
        wait(driver).until(lambda d: d.find_element(By.ID, "sidebar").is_displayed())
        assert not driver.find_element(By.ID, "track-view").is_displayed()
        active = driver.switch_to.active_element
        assert active.get_attribute("class") == "track-open"
        assert active.find_element(By.XPATH, "..").get_attribute("data-track-id") == shared["open"]
        assert axe_violations(driver) == []
        assert axe_violations(driver, dark=True) == []
    finally:
        set_viewport(driver, *DESKTOP)
    assert console_errors(driver, allow=("status of 422",)) == []
