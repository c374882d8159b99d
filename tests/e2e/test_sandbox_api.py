"""The sandbox's HTTP API drives the real bot: what a person does on the page becomes Slack's signed
request to /slack/events, and the bot's answers land in the sandbox workspace through its Web API.

The server is the product's own (`web.app.create_app` with `sandbox_url`), started with the
sample dataset seeded on first start, as `make run` does without Slack tokens.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.messages.review import APPROVE_ACTION
from sandbox.app import Sandbox
from slack_standin.slack_api import create_slack_api
from slack_standin.workspace import SlackWorkspace
from config.settings import load_settings
from core.governance.reviews import APPROVED, PENDING
from core.service import Service
from tests.servers import serve_built, serve_in_thread
from web.app import create_app

pytestmark = pytest.mark.e2e

DATA = Path(__file__).resolve().parent.parent / "data" / "small"


@dataclass
class Page:
    """What the page does, through the same HTTP API."""

    url: str
    sandbox: Sandbox
    client: httpx.Client

    def user(self, key: str) -> str:
        return self.sandbox.people.users[key].id

    @property
    def analytics(self) -> str:
        return self.sandbox.people.analytics.id

    @property
    def reviewers(self) -> str:
        return self.sandbox.people.reviewers.id

    def post(self, path: str, **body: Any) -> dict[str, Any]:
        response = self.client.post(f"{self.url}/sandbox/api{path}", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def conversation(self, channel: str, user: str) -> dict[str, Any]:
        response = self.client.get(f"{self.url}/sandbox/api/channels/{channel}", params={"user": user})
        assert response.status_code == 200, response.text
        return response.json()

    def wait(self, find: Callable[[], Any], timeout: float = 20.0) -> Any:
        """Polls `find` (which reads over HTTP, so it must not run under SlackWorkspace.wait_for's lock)."""
        deadline = time.monotonic() + timeout
        while not (found := find()):
            assert time.monotonic() < deadline, f"not seen within {timeout:g}s"
            time.sleep(0.1)
        return found

    def thread_reply(self, channel: str, ts: str, user: str, contains: str) -> dict[str, Any]:
        def find() -> dict[str, Any] | None:
            messages = self.conversation(channel, user)["messages"]
            return next((m for m in messages if m.get("thread_ts") == ts and m["ts"] != ts and m.get("bot_id")
                         and contains in m["text"] + json.dumps(m.get("blocks", []))), None)
        return self.wait(find)


@contextmanager
def sandbox_page(tmp_path: Path, **settings: Any) -> Iterator[Page]:
    config = load_settings(data_dir=tmp_path / "data", secret_key="test-secret-key", database_url=None,
                           slack_bot_token=None, slack_signing_secret=None, slack_app_token=None, **settings)
    service = Service(config, load_language_model=False)
    with serve_built(lambda url: create_app(service, sandbox_url=url), startup_timeout=30) as (url, app), httpx.Client(timeout=30) as client:
        yield Page(url, app.state.sandbox, client)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    with sandbox_page(tmp_path) as built:
        yield built


@pytest.fixture
def review_page(tmp_path: Path) -> Iterator[Page]:
    with sandbox_page(tmp_path, review_threshold=1.01) as built:
        yield built


def test_first_start_seeds_people_channels_roles_and_sample_data(page: Page) -> None:
    state = page.client.get(f"{page.url}/sandbox/api/state").json()
    assert [(p["key"], p["role"]) for p in state["people"]] == [
        ("ann", "analyst"), ("rita", "viewer + reviewer"), ("adam", "admin"), ("vic", "viewer")]
    assert [c["name"] for c in state["channels"]] == ["analytics", "reviewers"]
    assert len(page.sandbox.service.snapshots()) >= 7, "the sample dataset is loaded"
    html = page.client.get(f"{page.url}/sandbox/")
    assert html.status_code == 200 and "MoatMetrics sandbox" in html.text


def test_a_question_on_the_page_is_answered_in_its_thread(page: Page) -> None:
    ann = page.user("ann")
    asked = page.post("/messages", user=ann, channel=page.analytics, text="@MoatMetrics how many clients do we have?")
    assert asked["text"].startswith(f"<@{page.sandbox.workspace.bot_user.id}>")
    answer = page.thread_reply(page.analytics, asked["ts"], ann, "")
    final = page.sandbox.workspace.wait_for(
        lambda: (m := page.sandbox.workspace.message(page.analytics, answer["ts"])).edits and m, timeout=20)
    assert final.text and final.blocks and final.text != final.edits[0].text, "the placeholder became the answer"
    assert page.sandbox.workspace.calls_to("chat.postMessage"), "the bot answered through the Web API stand-in"


def test_an_upload_gets_a_validation_report_in_its_thread(page: Page) -> None:
    ann = page.user("ann")
    response = page.client.post(f"{page.url}/sandbox/api/files",
                                data={"user": ann, "channel": page.analytics, "comment": "this month's clients"},
                                files={"file": ("clients.csv", (DATA / "clients.csv").read_bytes(), "text/csv")})
    assert response.status_code == 200, response.text
    shared = response.json()
    report = page.thread_reply(page.analytics, shared["ts"], ann, "clients.csv")
    assert "row" in (report["text"] + json.dumps(report.get("blocks", []))).lower()


def test_review_approve_reaches_the_asker_and_a_viewer_is_refused(review_page: Page) -> None:
    page = review_page
    ann, rita, vic = page.user("ann"), page.user("rita"), page.user("vic")
    asked = page.post("/messages", user=ann, channel=page.analytics, text="@MoatMetrics what was revenue last month?")
    waiting = page.thread_reply(page.analytics, asked["ts"], ann, "waiting for a reviewer")
    request = page.wait(lambda: next((m for m in page.conversation(page.reviewers, rita)["messages"]
                                      if m.get("bot_id")), None))

    page.post("/actions", user=vic, channel=page.reviewers, ts=request["ts"], action_id=APPROVE_ACTION)
    refusal = page.wait(lambda: page.conversation(page.reviewers, vic)["ephemeral"])
    assert "You need the review permission" in refusal[0]["text"]
    assert page.conversation(page.reviewers, rita)["ephemeral"] == [], "the refusal is shown to Vic only"
    [review] = page.sandbox.service.pending_reviews()
    assert review.status == PENDING

    page.post("/actions", user=rita, channel=page.reviewers, ts=request["ts"], action_id=APPROVE_ACTION)
    released = page.wait(lambda: next((m for m in page.conversation(page.analytics, ann)["messages"]
                                       if m["ts"] == waiting["ts"] and "approved by" in json.dumps(m.get("blocks"))),
                                      None))
    assert f"<@{rita}>" in json.dumps(released["blocks"])
    assert page.sandbox.service.reviews.get(review.id).status == APPROVED


def test_a_slash_command_answer_is_shown_to_its_user_only(page: Page) -> None:
    ann, adam = page.user("ann"), page.user("adam")
    page.post("/commands", user=ann, channel=page.analytics, text="/moat help")
    [help_text] = page.wait(lambda: page.conversation(page.analytics, ann)["ephemeral"])
    assert "/moat" in help_text["text"] + json.dumps(help_text["blocks"])
    assert page.conversation(page.analytics, adam)["ephemeral"] == []


def test_the_digest_button_posts_the_digest_for_an_admin_and_refuses_an_analyst(page: Page) -> None:
    ann, adam = page.user("ann"), page.user("adam")
    page.post("/digest", user=ann, channel=page.analytics)
    [refusal] = page.conversation(page.analytics, ann)["ephemeral"]
    assert "manage_digests permission" in refusal["text"]
    page.post("/digest", user=adam, channel=page.analytics)
    [digest] = [m for m in page.conversation(page.analytics, adam)["messages"] if m.get("bot_id")]
    assert digest["blocks"] and digest["blocks"][0]["type"] == "header"


def test_bad_input_gets_a_clear_message(page: Page) -> None:
    response = page.client.post(f"{page.url}/sandbox/api/messages",
                                json={"user": "U999", "channel": page.analytics, "text": "hi"})
    assert response.status_code == 404 and "no such sandbox user" in response.json()["detail"]
    response = page.client.post(f"{page.url}/sandbox/api/messages",
                                json={"user": page.user("ann"), "channel": "C404", "text": "hi"})
    assert response.status_code == 404 and response.json()["detail"] == "channel_not_found"


def test_no_sandbox_when_slack_tokens_are_set(tmp_path: Path) -> None:
    slack = SlackWorkspace()
    with serve_in_thread(create_slack_api(slack)) as slack_url:
        config = load_settings(data_dir=tmp_path / "data", secret_key="test-secret-key", database_url=None,
                               slack_bot_token=slack.bot_token, slack_signing_secret="real-secret",
                               slack_app_token=None, slack_api_url=f"{slack_url}/api/")
        service = Service(config, load_language_model=False)
        with serve_built(lambda url: create_app(service, sandbox_url=url), startup_timeout=30) as (url, app):
            assert app.state.sandbox is None
            for path in ("/sandbox/", "/sandbox/api/state", "/sandbox/slack/api/auth.test", "/sandbox/static/app.js"):
                assert httpx.get(f"{url}{path}").status_code == 404, path
            assert service.settings.slack_api_url == f"{slack_url}/api/", "the bot still talks to the real Slack"
            assert service.snapshots() == [], "nothing was seeded"
