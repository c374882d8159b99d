"""What a Slack delivery is, for de-duplication: its own id, and the things it announces.

Slack retries a delivery it thinks was lost with the same id (an event's `event_id`, an
interaction's `trigger_id`), and announces some things in more than one delivery: one upload is a
`message` (subtype file_share) and a `file_shared` event per file, and a mention in a DM can come
as both `app_mention` and `message`. The first key is the delivery; the others are what it is
about, so whichever delivery comes first acts and the rest do nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.requests.events import ChatMessage, parse_file_shared, parse_mention, parse_message


@dataclass(frozen=True)
class DeliveryKeys:
    delivery: str | None  # None: a request with no id (url_verification), never de-duplicated
    items: tuple[str, ...] = ()  # files or a question this delivery announces


def file_key(file_id: str) -> str:
    return f"file:{file_id}"


def _message_items(message: ChatMessage | None) -> tuple[str, ...]:
    if message is None:
        return ()
    if message.file_ids:
        return tuple(file_key(f) for f in message.file_ids)
    if message.text:  # a question; an empty mention is answered with help every time
        return (f"question:{message.channel}:{message.ts}",)
    return ()


def delivery_keys(body: dict, bot_user_id: str | None) -> DeliveryKeys:
    """The keys of an Events API, slash command or interactivity payload (RequestError if unreadable)."""
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        kind = event.get("type")
        if kind == "app_mention":
            items = _message_items(parse_mention(body, bot_user_id))
        elif kind == "message":
            items = _message_items(parse_message(body, bot_user_id))
        elif kind == "file_shared":
            items = (file_key(parse_file_shared(body).file_id),)
        else:
            items = ()
        return DeliveryKeys(f"event:{body.get('event_id')}", items) if body.get("event_id") else DeliveryKeys(None)
    trigger = body.get("trigger_id")
    return DeliveryKeys(f"trigger:{trigger}" if trigger else None)
