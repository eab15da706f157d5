"""Uploads: only the server's formats are offered, each attempt starts from a
clean progress area, a running upload can be cancelled, and a rejection is
said in plain words with the server's detail behind a disclosure."""

import json
import os
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import console_errors, sign_in_with_api_key, wait

pytestmark = pytest.mark.incremental
AUDIO = Path(os.environ.get("FIXTURES_DIR", ".")) / "audio"


def settled(driver):
    message = driver.find_element(By.ID, "upload-message")
    wait(driver, 60).until(lambda d: any(k in message.get_attribute("class") for k in ("is-ok", "is-error", "is-cancelled")))
    return message


def test_only_the_servers_formats_are_offered(driver, server):
    with urllib.request.urlopen(server.base_url + "/api/health/") as r:
        health = json.load(r)
    sign_in_with_api_key(driver, server.base_url)
    limits = driver.find_element(By.ID, "upload-limits")
    wait(driver).until(lambda d: limits.text.startswith("Accepted"))
    listed = limits.text.split("Accepted: ")[1].split(" · ")[0].split(", ")
    assert listed == health["allowed_extensions"]
    assert driver.find_element(By.ID, "file-input").get_attribute("accept").split(",") == health["allowed_extensions"]
    for optional in (".m4a", ".webm"):
        assert (optional in listed) == (optional in health["allowed_extensions"])


def test_cut_short_file_is_explained_with_detail_behind_a_disclosure(driver):
    driver.find_element(By.ID, "file-input").send_keys(str(AUDIO / "bad_truncated.wav"))
    message = settled(driver)
    assert "is-error" in message.get_attribute("class")
    assert message.find_element(By.CLASS_NAME, "upload-summary").text == "This file looks cut short — re-export it and try again."
    details = message.find_element(By.TAG_NAME, "details")
    assert details.get_attribute("open") is None
    assert details.find_element(By.TAG_NAME, "summary").text == "Details"
    details.find_element(By.TAG_NAME, "summary").click()
    detail = details.find_element(By.TAG_NAME, "code").text
    assert "HTTP 422" in detail and "Truncated file" in detail
    assert "is-failed" in driver.find_element(By.ID, "upload-bar").get_attribute("class")


def test_each_attempt_starts_from_a_clean_progress_area(driver):
    js = driver.execute_script
    js("""const zone = document.getElementById('dropzone'); const data = new DataTransfer();
          data.items.add(new File(['x'], 'notes.txt', {type: 'text/plain'}));
          zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));""")
    message = driver.find_element(By.ID, "upload-message")
    wait(driver).until(lambda d: message.text.startswith("Invalid file type .txt"))
    assert not driver.find_element(By.ID, "upload-progress").is_displayed(), "the last attempt's failed bar stayed"
    assert message.find_elements(By.TAG_NAME, "details") == []


def test_running_upload_can_be_cancelled(driver):
    before = len(driver.find_elements(By.CSS_SELECTOR, "#track-list .track-item"))
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 64 * 1024})
    try:
        driver.find_element(By.ID, "file-input").send_keys(str(AUDIO / "music_dance_140bpm_4-4.flac"))
        cancel = driver.find_element(By.ID, "upload-cancel")
        wait(driver).until(lambda d: cancel.is_displayed())
        assert driver.find_element(By.ID, "upload-bar").get_attribute("value") != "100"
        cancel.click()
        message = settled(driver)
    finally:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    assert message.text == "Upload cancelled."
    assert not cancel.is_displayed()
    # The progress area does not keep the cancelled attempt's percentage.
    assert not driver.find_element(By.ID, "upload-progress").is_displayed()
    assert driver.find_element(By.ID, "upload-percent").get_attribute("textContent") == "0 %"
    assert driver.find_element(By.ID, "upload-bar").get_attribute("value") == "0"
    assert driver.switch_to.active_element.get_attribute("id") == "file-input"
    assert "is-failed" not in driver.find_element(By.ID, "upload-bar").get_attribute("class")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#track-list .track-item")) == before
    # The next attempt works and starts from 0 %.
    driver.find_element(By.ID, "file-input").send_keys(str(AUDIO / "click_120bpm.wav"))
    assert "is-ok" in settled(driver).get_attribute("class")
    # The cut-short file's 422 above is expected.
    assert console_errors(driver, allow=("status of 422",)) == []
