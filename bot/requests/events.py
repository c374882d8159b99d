"""Events API payloads: messages that mention or DM the bot, shared files, the Home tab opening."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.requests import RequestError, required

# Message subtypes that are a person posting; edits, deletions, joins and bot posts are not.
_USER_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_LINK = re.compile(r"<((?:https?|mailto):[^>|]*)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<[#!][^>|]*(?:\|([^>]*))?>")


@dataclass(frozen=True)
class ChatMessage:
    """A person's message the bot should act on: a mention, a DM, or a file shared with it."""

    event_id: str
    user_id: str
    channel: str
    ts: str
    thread_ts: str | None  # the thread it was posted in; None for a top-level message
    text: str  # what they typed, the bot's mention removed and Slack's markup undone
    file_ids: tuple[str, ...] = ()  # files shared with the message
    is_dm: bool = False

    @property
    def thread_root(self) -> str:
        """Where replies go: the message's own thread, or a new thread under it."""
        return self.thread_ts or self.ts


@dataclass(frozen=True)
class FileShared:
    event_id: str
    file_id: str
    user_id: str
    channel: str


@dataclass(frozen=True)
class HomeOpened:
    event_id: str
    user_id: str
    tab: str


def plain_text(text: str, bot_user_id: str | None) -> str:
    """Slack's message markup back to what the user typed: the bot's own mention dropped, other
    mentions kept as ids, links as their label, `&amp;` entities decoded."""
    def person(match: re.Match[str]) -> str:
        return "" if match.group(1) == bot_user_id else f"@{match.group(1)}"

    text = _MENTION.sub(person, text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SPECIAL.sub(lambda m: m.group(1) or "", text)
    return " ".join(html.unescape(text).split())


def _file_ids(event: dict) -> tuple[str, ...]:
    return tuple(str(f["id"]) for f in event.get("files") or [] if isinstance(f, dict) and f.get("id"))


def _message(body: dict, bot_user_id: str | None, *, is_dm: bool) -> ChatMessage:
    event = body.get("event") or {}
    return ChatMessage(event_id=required(body, "event_id"), user_id=required(event, "user"),
                       channel=required(event, "channel"), ts=required(event, "ts"),
                       thread_ts=event.get("thread_ts") if event.get("thread_ts") != event.get("ts") else None,
                       text=plain_text(str(event.get("text") or ""), bot_user_id), file_ids=_file_ids(event), is_dm=is_dm)


def parse_mention(body: dict, bot_user_id: str | None) -> ChatMessage:
    return _message(body, bot_user_id, is_dm=False)


def parse_message(body: dict, bot_user_id: str | None) -> ChatMessage | None:
    """The `message` events the bot acts on: a DM, or a file shared anywhere; None for the rest
    (channel chatter is reached through `app_mention`, edits and bot posts are ignored)."""
    event = body.get("event") or {}
    if event.get("subtype") not in _USER_SUBTYPES or event.get("bot_id"):
        return None
    is_dm = event.get("channel_type") == "im"
    if not is_dm and event.get("subtype") != "file_share":
        return None
    return _message(body, bot_user_id, is_dm=is_dm)


def parse_file_shared(body: dict) -> FileShared:
    event = body.get("event") or {}
    file_id = event.get("file_id") or (event.get("file") or {}).get("id")
    if not file_id:
        raise RequestError("payload has no event.file_id")
    return FileShared(event_id=required(body, "event_id"), file_id=str(file_id),
                      user_id=required(event, "user_id"), channel=required(event, "channel_id"))


def parse_home_opened(body: dict) -> HomeOpened:
    event = body.get("event") or {}
    return HomeOpened(event_id=required(body, "event_id"), user_id=required(event, "user"),
                      tab=str(event.get("tab") or "home"))
