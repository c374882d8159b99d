"""The reviewers' side: the request with Approve / Reject, its decided form, reminders, the reason modal.

Button values carry only the review id: everything else is read back from the review store when a
button is pressed, so a forged or stale payload cannot smuggle in an answer or a decision.
"""
from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, InputBlock, PlainTextInputElement, PlainTextObject
from slack_sdk.models.views import View

from core.governance.reviews import APPROVED, Review

from bot.messages.answer import AnswerView, answer_table
from bot.messages.common import (
    SlackMessage,
    actions,
    bullets,
    button,
    channel_ref,
    context,
    escape,
    fields,
    header,
    mention,
    message,
    section,
    slack_date,
    truncate,
)

APPROVE_ACTION = "review_approve"
REJECT_ACTION = "review_reject"
REJECT_MODAL = "review_reject_reason"
REASON_BLOCK = "reason"
REASON_INPUT = "reason"
REASON_MAX = 500
_MODAL_QUESTION = 500


def _summary(review: Review) -> list[Block | None]:
    view = AnswerView.from_json(review.answer)
    where = channel_ref(review.channel)
    table = answer_table(view)
    return [
        fields([f"*Asked by*\n{mention(review.asker_id)}", f"*Where*\n{where}",
                f"*Confidence*\n{view.confidence:.2f}", f"*Review*\n`{review.id}`"]),
        section(f"*Question*\n{escape(review.question)}"),
        section(f"*Proposed answer*\n{escape(view.answer)}"),
        section(table) if table else None,
        context(f"How: {escape(view.explanation)}") if view.explanation else None,
        section("*Why it needs a check*\n" + bullets([escape(r) for r in view.review_reasons]))
        if view.review_reasons else None,
    ]


def _buttons(review: Review) -> ActionsBlock:
    return actions(f"review:{review.id}",
                   button("Approve", APPROVE_ACTION, review.id, style="primary"),
                   button("Reject", REJECT_ACTION, review.id, style="danger"))


def review_request(review: Review) -> SlackMessage:
    return message(f"Answer waiting for review: {review.question}",
                   [header("Answer waiting for review"), *_summary(review), _buttons(review)])


def review_reminder(review: Review) -> SlackMessage:
    """The request again, re-posted so it is seen; says how long the asker has been waiting."""
    waiting = f":alarm_clock: Reminder: {mention(review.asker_id)} has been waiting since {slack_date(review.created_at)}"
    return message(f"Reminder: answer still waiting for review: {review.question}",
                   [header("Reminder: answer waiting for review"), context(waiting), *_summary(review),
                    _buttons(review)])


def reminder_moved(review: Review) -> SlackMessage:
    """What the previous copy of a reminded review turns into, so only one copy has buttons."""
    return message("This review was re-posted as a reminder.",
                   [context(f":arrow_down: Review `{review.id}` was re-posted below as a reminder.")])


def decision_line(review: Review) -> str:
    who, when = mention(review.decided_by), slack_date(review.decided_at)
    if review.status == APPROVED:
        return f":white_check_mark: Approved by {who} {when}"
    why = f": {escape(review.reason)}" if review.reason else ""
    return f":x: Rejected by {who} {when}{why}"


def review_decided(review: Review) -> SlackMessage:
    """The reviewers' message after the decision: same content, the outcome, no buttons."""
    verb = "approved" if review.status == APPROVED else "rejected"
    return message(f"Answer {verb}: {review.question}",
                   [header(f"Answer {verb}"), *_summary(review), section(decision_line(review))])


def already_decided(review: Review) -> str:
    verb = "approved" if review.status == APPROVED else "rejected"
    return f"Nothing changed: this answer was already {verb} by {mention(review.decided_by)} {slack_date(review.decided_at)}."


def reject_modal(review: Review) -> View:
    """Asks the reviewer why; the review id travels in private_metadata, not in any field they edit."""
    return View(
        type="modal", callback_id=REJECT_MODAL, private_metadata=review.id,
        title=PlainTextObject(text="Reject answer"), submit=PlainTextObject(text="Reject"),
        close=PlainTextObject(text="Cancel"),
        blocks=[
            section(f"*Question*\n{escape(truncate(review.question, _MODAL_QUESTION))}"),
            InputBlock(block_id=REASON_BLOCK, label=PlainTextObject(text="Why is this answer wrong?"),
                       element=PlainTextInputElement(action_id=REASON_INPUT, multiline=True, max_length=REASON_MAX,
                                                     placeholder=PlainTextObject(text="The asker will see this."))),
        ])
