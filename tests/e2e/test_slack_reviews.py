"""Reviews through Slack, end to end: the reviewers' message, Approve, Reject with a reason, refusals,
double clicks and reminders. Every answer needs review here (MOAT_REVIEW_THRESHOLD=1.01)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.flows.runtime import BotRuntime
from bot.messages.review import APPROVE_ACTION, REASON_BLOCK, REASON_INPUT, REJECT_ACTION
from bot.reminders import send_due_reminders
from slack_standin import payloads
from slack_standin.workspace import Message
from bot.slack_app import create_web_client
from core.governance.reviews import APPROVED, PENDING, REJECTED
from storage.workflow import reviews as reviews_table
from tests.e2e.slack_harness import BotWorld, bot_world

pytestmark = pytest.mark.e2e

ANSWER = "$133,896.24"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[BotWorld]:
    with bot_world(tmp_path, review_threshold=1.01) as built:
        built.load("clients.csv", "invoices.csv")
        yield built


def ask_for_review(world: BotWorld) -> tuple[dict, Message, Message]:
    """Ann asks; returns (her message, her thread's placeholder, the reviewers' message)."""
    asked = world.mention(world.ann, "What was revenue in Q3 2026?")
    waiting = world.wait_for_reply(world.general, asked["ts"], lambda m: "waiting for a reviewer" in m.text)
    request = world.ws.wait_for(lambda: next((m for m in world.ws.history(world.reviews.id) if m.bot_id), None))
    return asked, waiting, request


def buttons(message: Message) -> list[dict]:
    return [e for b in message.blocks or [] if b["type"] == "actions" for e in b["elements"]]


def test_the_asker_waits_and_reviewers_get_the_question_answer_reasons_and_buttons(world: BotWorld) -> None:
    asked, waiting, request = ask_for_review(world)
    assert ANSWER not in waiting.text + json.dumps(waiting.blocks), "the asker must not see an unreviewed answer"
    [review] = world.service.pending_reviews()
    assert (review.review_channel, review.review_ts, review.placeholder_ts) == (world.reviews.id, request.ts, waiting.ts)
    assert [(b["action_id"], b["value"]) for b in buttons(request)] == [(APPROVE_ACTION, review.id),
                                                                      (REJECT_ACTION, review.id)]
    shown = json.dumps(request.blocks)
    assert "What was revenue in Q3 2026?" in shown and ANSWER in shown and f"<@{world.ann.id}>" in shown
    assert [e["target"] for e in world.audit("review_requested")] == [review.id]


def test_approve_updates_the_reviewers_message_and_releases_the_answer(world: BotWorld) -> None:
    asked, waiting, request = ask_for_review(world)
    world.click(world.rita, request, APPROVE_ACTION)
    decided = world.ws.wait_for(lambda: (m := world.ws.message(world.reviews.id, request.ts)).edits and m)
    assert buttons(decided) == [] and f"Approved by <@{world.rita.id}>" in json.dumps(decided.blocks)
    released = world.ws.wait_for(lambda: ANSWER in (m := world.ws.message(world.general.id, waiting.ts)).text and m)
    assert f"approved by <@{world.rita.id}>" in json.dumps(released.blocks)
    [review] = [world.service.reviews.get(r["target"]) for r in world.audit("review_requested")]
    assert (review.status, review.decided_by) == (APPROVED, world.rita.id)


def test_reject_asks_for_a_reason_and_tells_the_asker(world: BotWorld) -> None:
    asked, waiting, request = ask_for_review(world)
    world.click(world.rita, request, REJECT_ACTION)
    [modal] = world.ws.wait_for(lambda: world.ws.modal_views(world.rita.id))
    [review] = world.service.pending_reviews()
    assert modal["private_metadata"] == review.id

    empty = payloads.view_submission_payload(world.rita.id, modal, {}, user_name=world.rita.name)
    refused = world.deliver("interactivity", empty)
    assert refused.json() == {"response_action": "errors", "errors": {REASON_BLOCK: "Say why, so the asker knows what to change."}}

    reason = {REASON_BLOCK: {REASON_INPUT: {"type": "plain_text_input", "value": "Q3 misses the credit notes"}}}
    assert world.deliver("interactivity", payloads.view_submission_payload(world.rita.id, modal, reason,
                                                                           user_name=world.rita.name)).text == ""
    told = world.ws.wait_for(lambda: "rejected" in (m := world.ws.message(world.general.id, waiting.ts)).text and m)
    assert "Q3 misses the credit notes" in told.text and ANSWER not in told.text
    decided = world.ws.message(world.reviews.id, request.ts)
    assert buttons(decided) == [] and "Rejected by" in json.dumps(decided.blocks)
    assert (world.service.reviews.get(review.id).status, world.service.reviews.get(review.id).reason) == (
        REJECTED, "Q3 misses the credit notes")


def test_a_non_reviewer_is_refused_privately_and_audited(world: BotWorld) -> None:
    asked, waiting, request = ask_for_review(world)
    world.click(world.vic, request, APPROVE_ACTION)
    world.click(world.vic, request, REJECT_ACTION)
    refusals = world.ws.wait_for(lambda: len(world.ws.ephemeral_for(world.vic.id)) == 2 and world.ws.ephemeral_for(world.vic.id))
    assert all("You need the review permission" in e.text for e in refusals)
    assert world.ws.modal_views(world.vic.id) == []
    denied = world.audit("action_denied")
    assert [(e["actor_id"], e["details"]["permission"]) for e in denied] == [(world.vic.id, "review")] * 2
    assert world.service.pending_reviews()[0].status == PENDING
    assert world.ws.message(world.reviews.id, request.ts).edits == []


def test_a_double_click_and_a_second_reviewer_change_nothing(world: BotWorld) -> None:
    asked, waiting, request = ask_for_review(world)
    world.click(world.rita, request, APPROVE_ACTION)
    world.click(world.rita, request, APPROVE_ACTION)
    world.click(world.rob, request, REJECT_ACTION)
    rita_told = world.ws.wait_for(lambda: world.ws.ephemeral_for(world.rita.id))
    rob_told = world.ws.wait_for(lambda: world.ws.ephemeral_for(world.rob.id))
    for told in (rita_told, rob_told):
        assert told[0].text.startswith(f"Nothing changed: this answer was already approved by <@{world.rita.id}>")
    assert world.ws.modal_views(world.rob.id) == []
    assert len([c for c in world.calls("chat.update") if c.params["ts"] == request.ts]) == 1
    decisions = world.audit("review_decided")
    assert [e["outcome"] for e in decisions] == ["ok", "rejected"]


def test_a_review_pending_too_long_is_reposted_as_a_reminder(world: BotWorld) -> None:
    asked, waiting, request = ask_for_review(world)
    [review] = world.service.pending_reviews()
    with world.service.db.begin() as conn:  # two hours ago, past the policy's 60 minutes
        conn.execute(update(reviews_table).where(reviews_table.c.id == review.id)
                     .values(created_at=datetime.now(timezone.utc) - timedelta(hours=2)))
    runtime = BotRuntime(world.service, world.service.settings, create_web_client(world.service.settings))
    assert send_due_reminders(runtime) == 1
    assert send_due_reminders(runtime) == 0, "reminded once per period"
    reminder = next(m for m in world.ws.history(world.reviews.id) if m.ts != request.ts)
    assert reminder.text.startswith("Reminder: answer still waiting for review")
    assert [b["value"] for b in buttons(reminder)] == [review.id, review.id]
    assert buttons(world.ws.message(world.reviews.id, request.ts)) == [], "only the newest copy has buttons"
    assert world.service.reviews.get(review.id).review_ts == reminder.ts
    world.click(world.rita, reminder, APPROVE_ACTION)
    world.ws.wait_for(lambda: "Approved by" in json.dumps(world.ws.message(world.reviews.id, reminder.ts).blocks))
    assert [e["target"] for e in world.audit("review_reminded")] == [review.id]
