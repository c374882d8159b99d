"""Approve / Reject buttons on review requests, and the modal that asks why an answer is rejected."""
from __future__ import annotations

from slack_bolt import Ack, App

from bot.flows import review
from bot.flows.runtime import BotRuntime
from bot.listeners import acknowledge, guarded
from bot.messages.review import APPROVE_ACTION, REASON_BLOCK, REJECT_ACTION, REJECT_MODAL
from bot.requests import RequestError
from bot.requests.actions import parse_reject_reason, parse_review_click

REASON_NEEDED = "Say why, so the asker knows what to change."


def register(app: App, rt: BotRuntime) -> None:
    @guarded
    def on_approve(body: dict) -> None:
        review.approve(rt, parse_review_click(body))

    @guarded
    def on_reject(ack: Ack, body: dict) -> None:
        # Not lazy: views.open needs the trigger_id within 3 s of the click, which a busy worker
        # pool cannot promise. The acknowledgement waits for this (one Slack call), well inside 3 s.
        ack()
        review.open_reject_modal(rt, parse_review_click(body))

    def ack_reason(ack: Ack, body: dict) -> None:
        try:
            reason = parse_reject_reason(body).reason
        except RequestError:
            reason = ""
        if reason:
            ack()
        else:
            ack(response_action="errors", errors={REASON_BLOCK: REASON_NEEDED})

    @guarded
    def on_reason(body: dict) -> None:
        submission = parse_reject_reason(body)
        if submission.reason:
            review.reject(rt, submission)

    app.action(APPROVE_ACTION)(ack=acknowledge, lazy=[on_approve])
    app.action(REJECT_ACTION)(on_reject)
    app.view(REJECT_MODAL)(ack=ack_reason, lazy=[on_reason])
