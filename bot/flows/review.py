"""Reviews in Slack: asking the reviewers, their decision, and carrying it back to the asker.

The first decision wins in core; this flow only shows the outcome. A second click (or a second
reviewer) learns, privately, who decided first; the messages do not change again.
"""
from __future__ import annotations

import logging

from core.governance.reviews import APPROVED, PENDING, Decision, Review

from bot.flows.runtime import BotRuntime, telling_user
from bot.messages.answer import AnswerView, answer_message, review_rejected
from bot.messages.common import problem
from bot.messages.review import already_decided, reject_modal, review_decided, review_request
from bot.requests.actions import RejectReason, ReviewClick

log = logging.getLogger(__name__)


def request_review(rt: BotRuntime, review: Review) -> bool:
    """Posts the review to MOAT_REVIEW_CHANNEL and remembers where; False when there is no such channel."""
    if not rt.settings.review_channel:
        log.error("review %s needs a reviewer but MOAT_REVIEW_CHANNEL is not set", review.id)
        return False
    channel, ts = rt.post(rt.settings.review_channel, review_request(review))
    rt.service.attach_review_message(review.id, channel, ts)
    return True


def approve(rt: BotRuntime, click: ReviewClick) -> None:
    actor = rt.actor(click.user_id, click.user_name, channel=click.channel, message_ts=click.message_ts)
    with telling_user(rt, actor, "review_decided", lambda text: rt.whisper(click.channel, click.user_id, problem(text))):
        _settle(rt, rt.service.decide_review(click.review_id, actor, approve=True), click.channel, click.user_id)


def open_reject_modal(rt: BotRuntime, click: ReviewClick) -> None:
    """Asks the reviewer for a reason; refused (and audited by core) before the modal for non-reviewers."""
    actor = rt.actor(click.user_id, click.user_name, channel=click.channel, message_ts=click.message_ts)
    with telling_user(rt, actor, "review_decided", lambda text: rt.whisper(click.channel, click.user_id, problem(text))):
        review = rt.service.review(click.review_id)
        if review.status != PENDING:
            rt.whisper(click.channel, click.user_id, problem(already_decided(review)))
            return
        rt.authorize(actor, "review", target=review.id)
        rt.client.views_open(trigger_id=click.trigger_id, view=reject_modal(review).to_dict())


def reject(rt: BotRuntime, submission: RejectReason) -> None:
    """Decides with the reason from the modal; a modal has no channel, so problems go to the reviewer's DM."""
    actor = rt.actor(submission.user_id, submission.user_name)

    def tell(text: str) -> None:
        rt.post(submission.user_id, problem(text))

    with telling_user(rt, actor, "review_decided", tell):
        decision = rt.service.decide_review(submission.review_id, actor, approve=False, reason=submission.reason)
        if decision.changed:
            publish_decision(rt, decision.review)
        else:
            tell(already_decided(decision.review))


def _settle(rt: BotRuntime, decision: Decision, channel: str, user_id: str) -> None:
    if not decision.changed:
        rt.whisper(channel, user_id, problem(already_decided(decision.review)))
        return
    publish_decision(rt, decision.review)


def publish_decision(rt: BotRuntime, review: Review) -> None:
    """The reviewers' message loses its buttons; the asker's placeholder becomes the answer or the refusal."""
    if review.review_channel and review.review_ts:
        rt.update(review.review_channel, review.review_ts, review_decided(review))
    if not review.channel:
        return
    if review.status == APPROVED:
        outcome = answer_message(AnswerView.from_json(review.answer), approved_by=review.decided_by,
                                 approved_at=review.decided_at)
    else:
        outcome = review_rejected(review.question, review.decided_by, review.reason, review.decided_at)
    if review.placeholder_ts:
        rt.update(review.channel, review.placeholder_ts, outcome)
    else:
        rt.post(review.channel, outcome, thread_ts=review.thread_ts)
