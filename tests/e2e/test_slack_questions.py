"""Questions through Slack, end to end: a mention, a DM, a follow-up, `/moat ask`, a retried event."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from slack_standin import payloads
from slack_standin.workspace import Message
from tests.e2e.slack_harness import BotWorld, bot_world

pytestmark = pytest.mark.e2e

REVENUE_Q3 = "Revenue in Q3 2026 was $133,896.24."


@pytest.fixture
def world(tmp_path: Path) -> Iterator[BotWorld]:
    with bot_world(tmp_path) as built:
        built.load("clients.csv", "invoices.csv")
        yield built


def answered(world: BotWorld, asked_ts: str, text: str) -> Message:
    """The bot's reply in the thread once it has been edited into the answer containing `text`."""
    return world.wait_for_reply(world.general, asked_ts, lambda m: text in m.text and m.edits)


def test_a_mention_gets_a_placeholder_that_becomes_the_answer(world: BotWorld) -> None:
    asked = world.mention(world.ann, "What was revenue in Q3 2026?")
    reply = answered(world, asked["ts"], REVENUE_Q3)
    assert [v.text for v in reply.edits] == ["Looking into it…"]
    [placeholder] = world.calls("chat.postMessage")
    assert (placeholder.params["thread_ts"], placeholder.params["text"]) == (asked["ts"], "Looking into it…")
    [update] = world.calls("chat.update")
    assert update.params["ts"] == reply.ts
    shown = str(reply.blocks)
    [snapshot] = [s.id for s in world.service.snapshots() if s.entity == "invoices"]
    assert "Confidence 1.00" in shown and f"`{snapshot}`" in shown and "How: " in shown
    assert [e["details"]["question"] for e in world.audit("question")] == ["What was revenue in Q3 2026?"]


def test_a_follow_up_in_the_thread_keeps_the_context(world: BotWorld) -> None:
    asked = world.mention(world.ann, "What was revenue in Q3 2026?")
    answered(world, asked["ts"], REVENUE_Q3)
    world.mention(world.ann, "and by client?", thread_ts=asked["ts"])
    follow_up = answered(world, asked["ts"], "Revenue by client in Q3 2026")
    assert "Client 001 Corp" in str(follow_up.blocks) and "```" in str(follow_up.blocks)
    assert all(call.params["thread_ts"] == asked["ts"] for call in world.calls("chat.postMessage"))


def test_a_direct_message_is_answered_in_its_thread(world: BotWorld) -> None:
    dm = world.ws.dm_channel(world.vic.id)
    said = world.ws.post_user_message(world.vic.id, dm.id, "What was revenue in Q3 2026?")
    event = payloads.message_event(world.vic.id, dm.id, said["text"], said["ts"], channel_type="im")
    world.deliver("event", world.envelope(event))
    reply = world.ws.wait_for(lambda: next((m for m in world.ws.replies(dm.id, said["ts"])[1:]
                                            if REVENUE_Q3 in m.text), None), timeout=10)
    assert reply.thread_ts == said["ts"]


def test_slash_ask_posts_the_question_and_answers_under_it(world: BotWorld) -> None:
    response = world.command(world.ann, "ask what was revenue in Q3 2026?")
    assert response.text == ""  # acknowledged at once, nothing to show privately
    question = world.ws.wait_for(lambda: next((m for m in world.ws.history(world.general.id)
                                               if m.bot_id and m.text.startswith("Question from")), None))
    assert question.text == f"Question from <@{world.ann.id}>: what was revenue in Q3 2026?"
    answered(world, question.ts, REVENUE_Q3)


def test_a_retried_event_is_answered_once(world: BotWorld) -> None:
    asked = world.ws.post_user_message(world.ann.id, world.general.id, f"<@{world.ws.bot_user.id}> How many invoices in Q3 2026?")
    envelope = world.envelope(payloads.app_mention_event(world.ann.id, world.general.id, asked["text"], asked["ts"]))
    world.deliver("event", envelope)
    world.deliver("event", envelope, retry_num=1, retry_reason="http_timeout")
    world.deliver("event", envelope, retry_num=2, retry_reason="http_error")
    answered(world, asked["ts"], "Invoice count in Q3 2026 was 28.")
    assert len(world.calls("chat.postMessage")) == 1 and len(world.calls("chat.update")) == 1
    assert len(world.audit("question")) == 1


def test_a_mention_without_a_question_gets_the_help(world: BotWorld) -> None:
    asked = world.mention(world.ann, "")
    reply = world.wait_for_reply(world.general, asked["ts"])
    assert reply.text.startswith("MoatMetrics commands") and world.audit("question") == []


def test_a_question_outside_the_data_is_explained_not_invented(world: BotWorld) -> None:
    asked = world.mention(world.ann, "What's the weather in Paris?")
    reply = answered(world, asked["ts"], "not your business data")
    assert "$" not in reply.text and "Confidence" not in str(reply.blocks)
