"""Request bodies shaped the way Slack sends them to an app, and the signing Slack puts on them.

Tests (and the sandbox page) use these to drive the bot over real HTTP exactly as Slack would:
Events API JSON, slash-command forms, interactivity forms with a `payload` JSON field, each signed
with the app's signing secret and optionally marked as a retry. Default team and app ids match a
default `SlackWorkspace`, so payloads and the Web API stand-in describe the same workspace.
"""
from __future__ import annotations

import json
import secrets
import time
import uuid
from typing import Any, Literal
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

BodyKind = Literal["event", "command", "interactivity"]

_CONTENT_TYPES: dict[str, str] = {
    "event": "application/json",
    "command": "application/x-www-form-urlencoded",
    "interactivity": "application/x-www-form-urlencoded",
}


def _event_ts(ts: str | None = None) -> str:
    now = time.time()
    return ts or f"{int(now)}.{int(now * 1_000_000) % 1_000_000:06d}"


def new_trigger_id() -> str:
    """A well-formed trigger_id that no workspace issued (views.open answers invalid_trigger_id);
    use SlackWorkspace.issue_trigger_id for one the stand-in accepts."""
    return f"{int(time.time())}.{secrets.randbelow(10**10)}.{secrets.token_hex(16)}"


def _response_url(kind: str, team_id: str) -> str:
    return f"https://hooks.slack.com/{kind}/{team_id}/{secrets.randbelow(10**13)}/{secrets.token_urlsafe(18)}"


def _rich_text(text: str) -> list[dict[str, Any]]:
    """The rich_text block Slack's clients attach to what a user types."""
    return [{"type": "rich_text", "block_id": secrets.token_urlsafe(4)[:5], "elements": [
        {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    ]}]


def event_callback(
    event: dict[str, Any],
    *,
    team_id: str,
    api_app_id: str,
    event_id: str | None = None,
    event_time: int | None = None,
    bot_user_id: str | None = None,
) -> dict[str, Any]:
    """The Events API envelope; `bot_user_id` fills `authorizations` as Slack does for a bot install."""
    body: dict[str, Any] = {
        "token": "verification-token-deprecated",
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{secrets.token_hex(5).upper()}",
        "event_time": event_time if event_time is not None else int(time.time()),
        "is_ext_shared_channel": False,
        "event_context": f"4-{secrets.token_urlsafe(24)}",
    }
    if bot_user_id:
        body["authorizations"] = [{"enterprise_id": None, "team_id": team_id, "user_id": bot_user_id,
                                   "is_bot": True, "is_enterprise_install": False}]
    return body


def message_event(
    user: str, channel: str, text: str, ts: str, thread_ts: str | None = None, *, channel_type: str = "channel"
) -> dict[str, Any]:
    """A plain `message` event (channel_type: channel, group, im or mpim)."""
    event: dict[str, Any] = {
        "type": "message", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts,
        "channel_type": channel_type, "client_msg_id": str(uuid.uuid4()), "blocks": _rich_text(text),
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def app_mention_event(user: str, channel: str, text: str, ts: str, thread_ts: str | None = None) -> dict[str, Any]:
    """`app_mention`: `text` should contain the bot's `<@U...>` as a user would type it."""
    event: dict[str, Any] = {
        "type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts,
        "client_msg_id": str(uuid.uuid4()), "blocks": _rich_text(text),
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def file_share_message_event(
    user: str, channel: str, file: dict[str, Any], ts: str, text: str = "", *, thread_ts: str | None = None,
    channel_type: str = "channel",
) -> dict[str, Any]:
    """The `message` event with subtype `file_share` that accompanies an upload into a channel."""
    event: dict[str, Any] = {
        "type": "message", "subtype": "file_share", "text": text, "files": [file], "upload": False,
        "user": user, "display_as_bot": False, "ts": ts, "channel": channel, "event_ts": ts, "channel_type": channel_type,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def file_shared_event(file_id: str, user: str, channel: str) -> dict[str, Any]:
    """`file_shared`: ids only; the app must call files.info for the rest."""
    return {"type": "file_shared", "channel_id": channel, "file_id": file_id, "user_id": user,
            "file": {"id": file_id}, "event_ts": _event_ts()}


def app_home_opened_event(user: str, channel: str | None = None, tab: str = "home") -> dict[str, Any]:
    """`app_home_opened`; `channel` is the user's DM with the app (made up from the user id if omitted)."""
    return {"type": "app_home_opened", "user": user, "channel": channel or f"D{user[1:]}", "tab": tab,
            "event_ts": _event_ts()}


def slash_command_form(
    command: str,
    text: str,
    user_id: str,
    user_name: str,
    channel_id: str,
    team_id: str,
    trigger_id: str | None = None,
    response_url: str | None = None,
    *,
    channel_name: str = "general",
    team_domain: str = "moatmetrics",
    api_app_id: str = "A000000001",
) -> dict[str, str]:
    """The form fields of a slash-command request."""
    return {
        "token": "verification-token-deprecated",
        "team_id": team_id,
        "team_domain": team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url or _response_url("commands", team_id),
        "trigger_id": trigger_id or new_trigger_id(),
    }


def _user_ref(user: str, user_name: str, team_id: str) -> dict[str, str]:
    return {"id": user, "username": user_name, "name": user_name, "team_id": team_id}


def block_actions_payload(
    user: str,
    channel: str,
    message: dict[str, Any],
    action_id: str,
    value: str,
    block_id: str,
    trigger_id: str | None = None,
    response_url: str | None = None,
    *,
    user_name: str = "user",
    channel_name: str = "general",
    team_id: str = "T0000MOAT",
    api_app_id: str = "A000000001",
    action_type: str = "button",
    button_text: str = "Button",
) -> dict[str, Any]:
    """A `block_actions` payload for one clicked element of a message (the message as the API returned it)."""
    action_ts = _event_ts()
    return {
        "type": "block_actions",
        "user": _user_ref(user, user_name, team_id),
        "api_app_id": api_app_id,
        "token": "verification-token-deprecated",
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel, "is_ephemeral": False},
        "trigger_id": trigger_id or new_trigger_id(),
        "team": {"id": team_id, "domain": "moatmetrics"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": channel_name},
        "message": message,
        "state": {"values": {}},
        "response_url": response_url or _response_url("actions", team_id),
        "actions": [{
            "action_id": action_id, "block_id": block_id, "value": value, "type": action_type, "action_ts": action_ts,
            "text": {"type": "plain_text", "text": button_text, "emoji": True},
        }],
    }


def view_submission_payload(
    user: str,
    view: dict[str, Any],
    values: dict[str, dict[str, dict[str, Any]]],
    *,
    user_name: str = "user",
    team_id: str = "T0000MOAT",
    api_app_id: str = "A000000001",
) -> dict[str, Any]:
    """A `view_submission` for a view (as views.open returned it) with the user's input:
    `values` is Slack's state shape, {block_id: {action_id: {"type": ..., "value": ...}}}."""
    return {
        "type": "view_submission",
        "team": {"id": team_id, "domain": "moatmetrics"},
        "user": _user_ref(user, user_name, team_id),
        "api_app_id": api_app_id,
        "token": "verification-token-deprecated",
        "trigger_id": new_trigger_id(),
        "view": {**view, "state": {"values": values}},
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def encode_form(fields: dict[str, str]) -> str:
    return urlencode(fields)


def encode_interactivity(payload: dict[str, Any]) -> str:
    """Interactivity requests are a form with one field: payload=<url-encoded JSON>."""
    return urlencode({"payload": json.dumps(payload)})


def signed_request(body: bytes | str, signing_secret: str, *, timestamp: int | None = None) -> tuple[bytes, dict[str, str]]:
    """The body as bytes and Slack's X-Slack-Request-Timestamp / X-Slack-Signature headers for it."""
    raw = body.encode() if isinstance(body, str) else body
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(signing_secret).generate_signature(timestamp=stamp, body=raw)
    return raw, {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature or ""}


def encode_body(kind: BodyKind, body: dict[str, Any]) -> str:
    """How Slack encodes each kind: events as JSON, commands as a form, interactions as payload=JSON."""
    if kind == "event":
        return json.dumps(body)
    if kind == "command":
        return encode_form(body)
    return encode_interactivity(body)


def post_to_bot(
    url: str,
    kind: BodyKind,
    body: dict[str, Any] | bytes | str,
    signing_secret: str,
    *,
    retry_num: int | None = None,
    retry_reason: str | None = None,
    timestamp: int | None = None,
    timeout: float = 10.0,
) -> httpx.Response:
    """POST a signed request to the bot as Slack would. A dict body is encoded for its kind; bytes or
    str are sent as given (to test tampering). `retry_num`/`retry_reason` mark a Slack redelivery."""
    if kind not in _CONTENT_TYPES:
        raise ValueError(f"kind must be one of {', '.join(_CONTENT_TYPES)}, not {kind!r}")
    encoded = encode_body(kind, body) if isinstance(body, dict) else body
    raw, headers = signed_request(encoded, signing_secret, timestamp=timestamp)
    headers["Content-Type"] = _CONTENT_TYPES[kind]
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
    return httpx.post(url, content=raw, headers=headers, timeout=timeout)
