"""The main journey with the keyboard alone: Tab to "Try the demo" and press
Enter, Tab to the file chooser and pick a file (a browser test cannot drive
the system's file dialog, so the path is typed into the focused input), then
from the opened track Tab to the waveform to zoom and play with keys, on to
the question box to ask with Enter, and back to the track in the list."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from conftest import console_errors, new_driver, wait

pytestmark = pytest.mark.incremental
MAX_TABS = 80


@pytest.fixture(scope="module")
def driver():
    drv = new_driver()
    yield drv
    drv.quit()


def active_id(driver):
    return driver.switch_to.active_element.get_attribute("id")


def tab_to(driver, element_id, backwards=False):
    """Presses Tab (or Shift+Tab) until the element with this id has focus."""
    for _ in range(MAX_TABS):
        if active_id(driver) == element_id:
            return driver.switch_to.active_element
        keys = ActionChains(driver)
        if backwards:
            keys.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT)
        else:
            keys.send_keys(Keys.TAB)
        keys.perform()
    raise AssertionError(f"#{element_id} not reached with {MAX_TABS} presses of Tab (stuck on #{active_id(driver)})")


def press(driver, *keys):
    ActionChains(driver).send_keys(*keys).perform()


def test_sign_in_with_the_demo_by_keyboard(driver, server):
    driver.get(server.base_url + "/")
    wait(driver).until(lambda d: d.execute_script("return document.documentElement.dataset.app === 'ready'"))
    tab_to(driver, "demo-button")
    press(driver, Keys.ENTER)
    wait(driver).until(lambda d: active_id(d) == "upload-title")


def test_upload_by_keyboard_opens_the_track(driver, audio_fixture):
    chooser = tab_to(driver, "file-input")
    # The focused chooser shows a visible focus ring around the drop zone.
    outline = driver.execute_script("return getComputedStyle(document.getElementById('dropzone')).outlineStyle")
    assert outline == "solid", outline
    chooser.send_keys(str(audio_fixture))
    wait(driver, 60).until(lambda d: active_id(d) == "track-title")
    wait(driver, 120).until(lambda d: d.find_element("id", "waveform").get_attribute("data-drawn") == "true")


def test_zoom_and_play_from_the_waveform_by_keyboard(driver):
    tab_to(driver, "wave-seek")
    press(driver, "+")
    assert driver.find_element("id", "zoom-level").text == "2×"
    press(driver, "0")
    assert driver.find_element("id", "zoom-level").text == "1×"
    # The zoom buttons: Zoom out at the widest view hands focus on instead of losing it.
    tab_to(driver, "zoom-in", backwards=True)
    press(driver, Keys.ENTER)
    tab_to(driver, "zoom-out", backwards=True)
    press(driver, Keys.ENTER)
    assert driver.find_element("id", "zoom-level").text == "1×"
    assert active_id(driver) == "zoom-in"
    tab_to(driver, "wave-seek")
    press(driver, Keys.SPACE)
    wait(driver).until(lambda d: d.execute_script("return !document.getElementById('player').paused"))
    press(driver, Keys.SPACE)
    wait(driver).until(lambda d: d.execute_script("return document.getElementById('player').paused"))


def test_ask_a_question_by_keyboard(driver):
    wait(driver).until(lambda d: d.find_element("id", "chat-input").is_enabled())
    tab_to(driver, "chat-input")
    press(driver, "What's the tempo?", Keys.ENTER)
    answer = wait(driver).until(lambda d: d.find_elements("css selector", "#chat-log .msg-assistant"))[-1]
    wait(driver, 60).until(lambda d: answer.get_attribute("data-state") in ("done", "error", "interrupted"))
    assert answer.get_attribute("data-state") == "done"
    assert answer.text.strip()
    # Back to the list with Shift+Tab: the new track is there, and Enter on it lands on its title.
    tab_to(driver, "tracks-refresh", backwards=True)
    press(driver, Keys.TAB)
    entry = driver.switch_to.active_element
    assert entry.get_attribute("class") == "track-open" and entry.get_attribute("aria-current") == "true"
    press(driver, Keys.ENTER)
    wait(driver).until(lambda d: active_id(d) == "track-title")
    assert console_errors(driver) == []
