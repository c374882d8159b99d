"""The bot's end-to-end world: the real server, the Slack stand-in as its Slack, people and channels.

`bot_world()` serves the stand-in and the product (`web.app.create_app`) on loopback ports, with
SLACK_API_URL pointing the bot at the stand-in. Tests then act as Slack does: a person posts in
the stand-in's workspace, and Slack's signed delivery of that (an event, a command, a click) is
POSTed to /slack/events. What the bot did is read back from the calls the stand-in received.
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from slack_standin import payloads
from slack_standin.slack_api import create_slack_api
from slack_standin.workspace import ApiCall, Channel, Message, SlackWorkspace, User
from config.settings import load_settings
from core.governance import audit
from core.llm.base import LanguageModel
from tests.fakes.llm import FakeModel
from core.governance.policy import Actor
from core.questions.model_reading import GROUP_LABELS, GROUP_OPTIONS, METRIC_LABELS, METRIC_OPTIONS
from core.service import Service
from tests.servers import serve_in_thread
from web.app import create_app

SECRET = "test-signing-secret-0123456789"
UPSTREAM = Path(__file__).resolve().parent.parent / "data" / "moatmetrics-upstream"
# Questions the tests ask, and the model's reading of each (metric, grouping): it agrees with the rules.
READINGS: dict[str, tuple[str, str]] = {
    "what was revenue in q3 2026?": ("revenue", "none"),
    "and by client?": ("revenue", "client"),
    "how many invoices in q3 2026?": ("invoice_count", "none"),
}


def read_as_the_rules(prompt: str, labels: object) -> dict[str, float]:
    """The model's answer to a test question: the reading in READINGS ("not data" for others)."""
    question = prompt.rsplit("Question: ", 1)[1].split("\n", 1)[0].strip().lower()
    metric, group = READINGS.get(question, ("none", "none"))
    if prompt.endswith("Metric:"):
        return {METRIC_LABELS[METRIC_OPTIONS.index(metric)]: 1.0}
    return {GROUP_LABELS[GROUP_OPTIONS.index(group)]: 1.0}


def agreeing_model() -> FakeModel:
    """A model that reads the test questions as the rule parser does, so only data decides review."""
    return FakeModel(read_as_the_rules)


@dataclass
class BotWorld:
    ws: SlackWorkspace
    service: Service
    endpoint: str
    general: Channel
    reviews: Channel
    ann: User  # analyst: may upload and ask
    vic: User  # viewer: may only ask
    rita: User  # reviewer
    rob: User  # second reviewer

    # --- acting as Slack ---------------------------------------------------------------------
    def deliver(self, kind: payloads.BodyKind, body: dict[str, Any], **options: Any) -> httpx.Response:
        response = payloads.post_to_bot(self.endpoint, kind, body, SECRET, **options)
        assert response.status_code == 200, response.text
        return response

    def envelope(self, event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
        return payloads.event_callback(event, team_id=self.ws.team_id, api_app_id=self.ws.app_id,
                                       event_id=event_id, bot_user_id=self.ws.bot_user.id)

    def mention(self, user: User, text: str, *, thread_ts: str | None = None,
                channel: Channel | None = None) -> dict[str, Any]:
        """`user` writes "@MoatMetrics text" in a channel; Slack delivers the app_mention."""
        where = channel or self.general
        posted = self.ws.post_user_message(user.id, where.id, f"<@{self.ws.bot_user.id}> {text}", thread_ts=thread_ts)
        event = payloads.app_mention_event(user.id, where.id, posted["text"], posted["ts"], thread_ts=thread_ts)
        self.deliver("event", self.envelope(event))
        return posted

    def share_file(self, user: User, name: str, content: bytes, *, announce: tuple[str, ...] = ("message",)
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
        """`user` uploads a file into #general; Slack announces it with the events in `announce`
        ("message" = message/file_share, "file_shared"). Returns (file object, share message)."""
        file = self.ws.add_file(user.id, self.general.id, name, content)
        shared = self.ws.post_user_message(user.id, self.general.id, "", files=[file])
        for kind in announce:
            event = (payloads.file_share_message_event(user.id, self.general.id, file, shared["ts"]) if kind == "message"
                     else payloads.file_shared_event(file["id"], user.id, self.general.id))
            self.deliver("event", self.envelope(event))
        return file, shared

    def command(self, user: User, text: str, channel: Channel | None = None) -> httpx.Response:
        form = payloads.slash_command_form("/moat", text, user.id, user.name, (channel or self.general).id,
                                           self.ws.team_id, trigger_id=self.ws.issue_trigger_id(user.id),
                                           api_app_id=self.ws.app_id)
        return self.deliver("command", form)

    def click(self, user: User, message: Message, action_id: str) -> httpx.Response:
        """`user` presses the button `action_id` on a message the bot posted, as first posted: a
        second reviewer's Slack may still show the buttons someone else already pressed."""
        blocks = (message.edits[0].blocks if message.edits else message.blocks) or []
        [(block_id, value)] = [(b["block_id"], e["value"]) for b in blocks if b["type"] == "actions"
                               for e in b["elements"] if e["action_id"] == action_id]
        payload = payloads.block_actions_payload(user.id, message.channel, self.ws.message_object(message, ""),
                                                 action_id, value, block_id,
                                                 trigger_id=self.ws.issue_trigger_id(user.id), user_name=user.name,
                                                 team_id=self.ws.team_id, api_app_id=self.ws.app_id)
        return self.deliver("interactivity", payload)

    # --- reading what happened -----------------------------------------------------------------
    def replies(self, channel: Channel, ts: str) -> list[Message]:
        """Bot messages in the thread under `ts` (the parent excluded)."""
        return [m for m in self.ws.replies(channel.id, ts)[1:] if m.bot_id]

    def wait_for_reply(self, channel: Channel, ts: str, predicate: Any = None, timeout: float = 10.0) -> Message:
        """The first bot reply in the thread that satisfies `predicate` (text containing a string, or a function)."""
        def matches(message: Message) -> bool:
            if predicate is None:
                return True
            if isinstance(predicate, str):
                return predicate in message.text + json.dumps(message.blocks or [])
            return bool(predicate(message))

        return self.ws.wait_for(lambda: next((m for m in self.replies(channel, ts) if matches(m)), None),
                                timeout=timeout)

    def calls(self, method: str) -> list[ApiCall]:
        return self.ws.calls_to(method)

    def audit(self, action: str) -> list[dict[str, Any]]:
        out = io.StringIO()
        audit.export(self.service.db, None, "jsonl", out)
        return [e for e in map(json.loads, out.getvalue().splitlines()) if e["action"] == action]

    def load(self, *names: str) -> None:
        """Data uploaded from the command line, for tests about questions."""
        for name in names:
            self.service.upload(UPSTREAM / name, name, Actor.cli())


@contextmanager
def bot_world(tmp_path: Path, *, model: LanguageModel | None = None, **settings: Any) -> Iterator[BotWorld]:
    """The world; `settings` are Settings fields (e.g. review_threshold=1.01), `model` replaces the
    agreeing fake model."""
    ws = SlackWorkspace()
    with serve_in_thread(create_slack_api(ws)) as slack_url:
        ws.base_url = slack_url
        people = {name: ws.add_user(name, f"{name.title()} Example") for name in ("ann", "vic", "rita", "rob")}
        general, reviews = ws.add_channel("general"), ws.add_channel("reviews")
        config = load_settings(data_dir=tmp_path / "data", secret_key="test-secret-key", database_url=None,
                               slack_bot_token=ws.bot_token, slack_signing_secret=SECRET, slack_app_token=None,
                               slack_api_url=f"{slack_url}/api/", review_channel=reviews.id, **settings)
        service = Service(config, load_language_model=False, model=model or agreeing_model())
        operator = Actor.cli("tests")
        service.set_role(operator, people["ann"].id, "analyst")
        for reviewer in ("rita", "rob"):
            service.set_role(operator, people[reviewer].id, "viewer", reviewer=True)
        with serve_in_thread(create_app(service)) as bot_url:
            yield BotWorld(ws=ws, service=service, endpoint=f"{bot_url}/slack/events", general=general,
                           reviews=reviews, **people)
