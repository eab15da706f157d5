"""Smaller gaps: the landing hint states the demo's real limit once it is
known (and nothing untrue before), focus lands on the landing heading after
signing out, the track heading carries the full name as a tooltip, and a
waveform or spectrogram that fails to load says "Couldn't load — Retry" in
place, and Retry brings it back."""

import pytest
from selenium.webdriver.common.by import By

from conftest import DESKTOP, PHONE, axe_violations, screenshot, sign_in_with_api_key, wait

pytestmark = pytest.mark.incremental


def test_landing_hint_is_true_before_a_demo(driver, server):
    driver.get(server.base_url + "/")
    wait(driver).until(lambda d: d.execute_script("return document.documentElement.dataset.app === 'ready'"))
    hint = driver.find_element(By.ID, "demo-hint").text
    assert "a few" not in hint and "uploads, deletions or questions" in hint, hint


def test_sign_out_states_the_limit_and_focuses_the_landing_heading(driver):
    driver.find_element(By.ID, "demo-button").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "account").is_displayed())
    limit = int(driver.find_element(By.ID, "demo-quota").text.split(" of ")[1].split()[0])
    driver.find_element(By.ID, "sign-out").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "demo-button").is_displayed())
    assert driver.switch_to.active_element.get_attribute("id") == "welcome-title"
    assert driver.find_element(By.ID, "demo-hint").text == f"No account needed: {limit} uploads, deletions or questions."


def test_track_heading_has_the_full_name_as_tooltip(driver, server, audio_fixture):
    track_id = server.upload(audio_fixture)
    assert server.wait_analysed(track_id)["status"] == "ready"
    sign_in_with_api_key(driver, server.base_url)
    driver.execute_script("location.hash = arguments[0]", f"#/tracks/{track_id}")
    title = driver.find_element(By.ID, "track-title")
    wait(driver).until(lambda d: title.text == audio_fixture.name)
    assert title.get_attribute("title") == audio_fixture.name
    pytest.shared_track = track_id


def test_waveform_and_spectrogram_failures_offer_retry(driver, server, artifacts):
    track_id = pytest.shared_track
    driver.execute_script("location.hash = ''")
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/waveform/*", "*/spectrogram.png*"]})
    try:
        driver.execute_script("location.hash = arguments[0]", f"#/tracks/{track_id}")
        wave_failed = driver.find_element(By.ID, "wave-load-failed")
        spec_failed = driver.find_element(By.ID, "spectrogram-load-failed")
        wait(driver).until(lambda d: wave_failed.is_displayed() and spec_failed.is_displayed())
        assert wave_failed.text.startswith("Couldn’t load the waveform — ") and "Retry" in wave_failed.text
        assert spec_failed.text.startswith("Couldn’t load the spectrogram — ") and "Retry" in spec_failed.text
        assert not driver.find_element(By.ID, "spectrogram-figure").is_displayed()
        assert axe_violations(driver) == []
        assert screenshot(driver, artifacts / "parts-failed-desktop.png", *DESKTOP) <= DESKTOP[0]
        assert screenshot(driver, artifacts / "parts-failed-phone.png", *PHONE, mobile=True) <= PHONE[0]
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    driver.find_element(By.ID, "wave-retry").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "waveform").get_attribute("data-drawn") == "true")
    assert not driver.find_element(By.ID, "wave-load-failed").is_displayed()
    driver.find_element(By.ID, "spectrogram-retry").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "spectrogram-figure").is_displayed())
    assert not driver.find_element(By.ID, "spectrogram-load-failed").is_displayed()
