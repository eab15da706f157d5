"""The demo's budget: the limit stated in words, and once the server says it
is spent (429 on every API request, reads included) uploads and questions are
turned off, the list keeps its content with a clear message, and "Sign in to
continue" shows the sign-in form; after signing in focus lands on Upload."""

import pytest
from selenium.webdriver.common.by import By

from conftest import API_KEY, PHONE, axe_violations, console_errors, screenshot, wait

pytestmark = pytest.mark.incremental

# Spends the rest of the budget behind the app's back: DELETEs count even for unknown tracks.
SPEND = """
const done = arguments[arguments.length - 1];
const token = JSON.parse(sessionStorage.getItem('audio-analysis.credentials')).access;
(async () => {
  const statuses = [];
  for (let i = 0; i < arguments[0]; i++) {
    const r = await fetch('/api/tracks/00000000-0000-4000-8000-00000000000' + i + '/', {method: 'DELETE', headers: {Authorization: 'Bearer ' + token}});
    statuses.push(r.status);
  }
  done(statuses);
})();
"""


def test_demo_states_its_limit(driver, server):
    driver.get(server.base_url + "/")
    wait(driver).until(lambda d: d.execute_script("return document.documentElement.dataset.app === 'ready'"))
    assert "uploads, deletions or questions" in driver.find_element(By.ID, "demo-hint").text
    driver.find_element(By.ID, "demo-button").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "account").is_displayed())
    assert driver.find_element(By.ID, "demo-quota").text == "5 of 5 uploads, deletions or questions left"
    assert not driver.find_element(By.ID, "demo-spent").is_displayed()
    assert driver.find_element(By.ID, "file-input").is_enabled()


def test_spent_budget_turns_uploads_off_and_offers_sign_in(driver, artifacts):
    assert driver.execute_async_script(SPEND, 5) == [404] * 5
    driver.find_element(By.ID, "tracks-refresh").click()
    error = driver.find_element(By.ID, "tracks-error")
    wait(driver).until(lambda d: error.text)
    assert "used up" in error.text and "Sign in" in error.text
    assert not driver.find_element(By.ID, "tracks-empty").is_displayed()
    assert driver.find_element(By.ID, "notice").text == ""
    assert driver.find_element(By.ID, "demo-quota").text == "0 of 5 uploads, deletions or questions left"
    spent = driver.find_element(By.ID, "demo-spent")
    assert spent.is_displayed() and "5 uploads, deletions or questions" in spent.text
    assert not driver.find_element(By.ID, "file-input").is_enabled()
    assert "is-disabled" in driver.find_element(By.ID, "dropzone").get_attribute("class")
    assert axe_violations(driver) == []
    assert axe_violations(driver, dark=True) == []
    assert screenshot(driver, artifacts / "demo-spent-desktop.png", 1280, 900) <= 1280
    assert screenshot(driver, artifacts / "demo-spent-phone.png", *PHONE, mobile=True) <= PHONE[0]


def test_sign_in_to_continue_shows_the_form_then_focuses_upload(driver):
    driver.find_element(By.ID, "continue-signin").click()
    assert driver.find_element(By.ID, "signin").is_displayed()
    assert not driver.find_element(By.ID, "demo-button").is_displayed()
    assert driver.switch_to.active_element.get_attribute("id") == "login-email"
    assert axe_violations(driver) == []
    driver.find_element(By.ID, "api-key").send_keys(API_KEY)
    driver.find_element(By.CSS_SELECTOR, "#apikey-form button[type=submit]").click()
    wait(driver).until(lambda d: d.find_element(By.ID, "account-label").text == "API key")
    wait(driver).until(lambda d: d.switch_to.active_element.get_attribute("id") == "upload-title")
    assert not driver.find_element(By.ID, "signin").is_displayed()
    assert not driver.find_element(By.ID, "demo-spent").is_displayed()
    assert driver.find_element(By.ID, "file-input").is_enabled()
    assert driver.find_element(By.ID, "demo-quota").text == ""
    wait(driver).until(lambda d: not d.find_element(By.ID, "tracks-error").text)
    # The 404s and 429s above are the point of this test.
    assert console_errors(driver, allow=("status of 429", "status of 404")) == []
