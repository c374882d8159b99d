"""Interactivity payloads: the Approve / Reject buttons and the reject-reason modal."""
from __future__ import annotations

from dataclasses import dataclass

from bot.messages.review import APPROVE_ACTION, REASON_BLOCK, REASON_INPUT
from bot.requests import RequestError, required


@dataclass(frozen=True)
class ReviewClick:
    user_id: str
    user_name: str
    review_id: str
    approve: bool
    channel: str
    message_ts: str
    trigger_id: str | None
    action_ts: str


@dataclass(frozen=True)
class RejectReason:
    user_id: str
    user_name: str
    review_id: str
    reason: str
    view_id: str


def _user_name(body: dict) -> str:
    user = body.get("user") or {}
    return str(user.get("username") or user.get("name") or user.get("id"))


def parse_review_click(body: dict) -> ReviewClick:
    actions = body.get("actions") or []
    if not actions or not isinstance(actions[0], dict):
        raise RequestError("payload has no actions")
    action = actions[0]
    return ReviewClick(user_id=required(body, "user", "id"), user_name=_user_name(body),
                       review_id=required(action, "value"), approve=action.get("action_id") == APPROVE_ACTION,
                       channel=required(body, "channel", "id"), message_ts=required(body, "container", "message_ts"),
                       trigger_id=body.get("trigger_id"), action_ts=required(action, "action_ts"))


def parse_reject_reason(body: dict) -> RejectReason:
    view = body.get("view") or {}
    field = ((view.get("state") or {}).get("values") or {}).get(REASON_BLOCK, {}).get(REASON_INPUT) or {}
    return RejectReason(user_id=required(body, "user", "id"), user_name=_user_name(body),
                        review_id=required(view, "private_metadata"), reason=str(field.get("value") or "").strip(),
                        view_id=required(view, "id"))
