"""The chat composer: starter questions on an empty conversation, a textarea
that grows, a live count at the server's 4000-character limit that never cuts
text, and each track's conversation restored from sessionStorage on return
and after a reload. Signs in with the API key."""

import pytest
from selenium.webdriver.common.by import By

from conftest import PHONE, axe_violations, console_errors, screenshot, sign_in_with_api_key, wait

pytestmark = pytest.mark.incremental
shared = {}
STARTERS = ["What's the tempo?", "What key is it in?", "How loud is it?", "Describe the sound"]


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def type_text(driver, text):
    js(driver, "const i = document.getElementById('chat-input'); i.value = arguments[0]; i.dispatchEvent(new Event('input'));", text)


def open_ready(driver, track_id):
    js(driver, "location.hash = arguments[0]", f"#/tracks/{track_id}")
    wait(driver, 60).until(lambda d: d.find_element(By.ID, "chat-input").is_enabled())


def test_starters_ask_a_question(driver, server, audio_fixture, artifacts):
    shared["track"] = server.upload(audio_fixture)
    shared["other"] = server.upload(audio_fixture)
    for key in ("track", "other"):
        server.wait_analysed(shared[key])
    sign_in_with_api_key(driver, server.base_url)
    open_ready(driver, shared["track"])
    starters = driver.find_element(By.ID, "chat-starters")
    assert starters.is_displayed()
    buttons = starters.find_elements(By.TAG_NAME, "button")
    assert [b.text for b in buttons] == STARTERS
    assert axe_violations(driver) == []
    assert screenshot(driver, artifacts / "chat-starters-desktop.png", 1280, 900) <= 1280
    assert screenshot(driver, artifacts / "chat-starters-phone.png", *PHONE, mobile=True) <= PHONE[0]
    assert driver.find_element(By.ID, "chat-send").is_enabled() is False  # nothing typed yet
    buttons[1].click()
    answer = driver.find_element(By.CSS_SELECTOR, "#chat-log .msg-assistant")
    wait(driver, 60).until(lambda d: answer.get_attribute("data-state") in ("done", "error", "interrupted"))
    assert answer.get_attribute("data-state") == "done"
    assert driver.find_element(By.CSS_SELECTOR, "#chat-log .msg-user").text == "What key is it in?"
    assert not starters.is_displayed()


def test_counter_at_the_limit_never_cuts_text(driver, artifacts):
    box = driver.find_element(By.ID, "chat-input")
    assert box.tag_name == "textarea" and box.get_attribute("maxlength") is None
    count = driver.find_element(By.ID, "chat-count")
    send = driver.find_element(By.ID, "chat-send")
    type_text(driver, "a" * 3999 + "\U0001F3B5")  # a note emoji is one character to the server
    assert count.text == "4000 / 4000" and send.is_enabled()
    type_text(driver, "a" * 4001)
    assert count.text.startswith("4001 / 4000") and "1 over the limit" in count.text
    assert not send.is_enabled() and box.get_attribute("aria-invalid") == "true"
    assert len(box.get_attribute("value")) == 4001
    box.send_keys("b")
    assert len(box.get_attribute("value")) == 4002, "the text was cut"
    assert count.text.startswith("4002 / 4000")
    assert screenshot(driver, artifacts / "chat-over-limit-phone.png", *PHONE, mobile=True) <= PHONE[0]
    type_text(driver, "")
    assert count.text == "0 / 4000"


def test_textarea_grows_with_its_text(driver):
    box = driver.find_element(By.ID, "chat-input")
    type_text(driver, "one line")
    one_line = box.size["height"]
    type_text(driver, "first line\nsecond\nthird\nfourth")
    assert box.size["height"] > one_line * 1.8, (one_line, box.size["height"])
    type_text(driver, "")
    assert box.size["height"] <= one_line + 1


def test_conversation_is_restored_on_return_and_reload(driver):
    open_ready(driver, shared["other"])
    assert driver.find_elements(By.CSS_SELECTOR, "#chat-log .msg-user") == []
    assert driver.find_element(By.ID, "chat-starters").is_displayed()
    open_ready(driver, shared["track"])
    users = driver.find_elements(By.CSS_SELECTOR, "#chat-log .msg-user")
    assert [u.text for u in users] == ["What key is it in?"]
    restored = driver.find_element(By.CSS_SELECTOR, "#chat-log .msg-assistant .msg-text").text
    assert restored
    driver.refresh()
    wait(driver, 60).until(lambda d: d.find_element(By.ID, "chat-input").is_enabled())
    assert [u.text for u in driver.find_elements(By.CSS_SELECTOR, "#chat-log .msg-user")] == ["What key is it in?"]
    assert driver.find_element(By.CSS_SELECTOR, "#chat-log .msg-assistant .msg-text").text == restored
    assert not driver.find_element(By.ID, "chat-starters").is_displayed()
    assert axe_violations(driver) == []
    assert console_errors(driver) == []
