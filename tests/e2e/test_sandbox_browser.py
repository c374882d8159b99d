"""The whole sandbox story in headless Chromium, as a person would click through it.

Upload a CSV and read its validation report, ask a question whose answer needs review (every answer
does here: MOAT_REVIEW_THRESHOLD=1.01), see it in #reviewers, be refused as a viewer, approve as the
reviewer, and read the released answer in the asker's thread. Screenshots go to test-output/.

Needs Debian's `chromium` and the `playwright` Python package (never `playwright install`): skipped
with the reason when either is missing, except under CI=true, where that is a failure.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_sandbox_api import Page, sandbox_page

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "sandbox"
DATA = Path(__file__).resolve().parent.parent / "data" / "small"
WAIT_MS = 20_000


def _missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright Python package is not installed (pip install playwright; no `playwright install`)"
    return None


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[tuple[Page, object]]:
    problem = _missing()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run under CI: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sandbox_page(tmp_path, review_threshold=1.01) as page, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.set_default_timeout(WAIT_MS)
            tab.goto(f"{page.url}/sandbox/")
            yield page, tab
        finally:
            browser.close()


def be(tab, page: Page, key: str, channel: str) -> None:  # noqa: ANN001 - playwright Page
    tab.select_option("#me", page.user(key))
    tab.click(f".channel-item[data-channel='{channel}']")
    tab.wait_for_selector(f"#channel-name:has-text('{channel}')")


def thread_of(tab, text: str):  # noqa: ANN001, ANN201 - playwright objects
    """Opens the thread under the newest top-level message containing `text`; returns the thread pane."""
    message = tab.locator("#messages .message", has_text=text).last
    message.locator(".replies").click()
    return tab.locator("#thread-messages")


def test_upload_ask_review_and_release_in_the_browser(browser_page) -> None:  # noqa: ANN001
    page, tab = browser_page
    be(tab, page, "ann", "analytics")
    tab.set_input_files("#file", str(DATA / "clients.csv"))
    thread = thread_of(tab, "clients.csv")
    thread.locator(".message", has_text="clients.csv").nth(1).wait_for()
    tab.screenshot(path=SHOTS / "1-upload-report.png")

    tab.fill("#text", "@MoatMetrics what was revenue last month?")
    tab.press("#text", "Enter")
    thread = thread_of(tab, "what was revenue last month?")
    thread.locator(".message", has_text="a reviewer checks it").wait_for()
    tab.screenshot(path=SHOTS / "2-waiting-for-review.png")

    be(tab, page, "vic", "reviewers")
    tab.locator("#messages .bk-button", has_text="Approve").last.click()
    refusal = tab.locator("#messages .message.ephemeral", has_text="You need the review permission")
    refusal.wait_for()
    tab.screenshot(path=SHOTS / "3-viewer-refused.png")

    be(tab, page, "rita", "reviewers")
    assert tab.locator("#messages .message.ephemeral").count() == 0, "Vic's refusal is his alone"
    tab.locator("#messages .bk-button", has_text="Approve").last.click()
    tab.locator("#messages .message", has_text="Approved by").wait_for()
    tab.screenshot(path=SHOTS / "4-approved.png")

    be(tab, page, "ann", "analytics")
    thread = thread_of(tab, "what was revenue last month?")
    thread.locator(".message", has_text="approved by").wait_for()
    tab.screenshot(path=SHOTS / "5-answer-released.png")
    assert page.sandbox.service.pending_reviews() == []
