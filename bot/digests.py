"""Digests in Slack: the sender the scheduler posts with, and the `/moat digest` sub-commands.

Channels: a schedule added from Slack stores the channel's id, read from the `<#C123|name>` token
Slack puts in the command text when the channel is picked from its # list (the manifest's
`should_escape`). A typed `#name` Slack did not recognise is refused: it names no channel. Schedules
added from the command line may hold `#name`; chat.postMessage accepts a public channel's name as
well as an id, so the sender posts to either as stored and needs no `conversations.list` (nor its
`channels:read` scope).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from core.errors import UserError
from core.ops.digest import Digest, DigestError, check_sections
from core.ops.schedules import ScheduleError, cron_trigger

from bot.messages.digest import ADD_EXAMPLE, digest_message
from bot.requests.commands import CommandError

_CHANNEL_REF = re.compile(r"<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>|([CG][A-Z0-9]{2,})")
_QUOTES = {'"': '"', "“": "”", "”": "”", "'": "'", "‘": "’"}
_CRON_FIELDS = 5
_HINTS = {
    "not_in_channel": "invite @MoatMetrics to the channel (/invite @MoatMetrics)",
    "channel_not_found": "the channel does not exist or is private and the bot is not in it; "
                         "schedule the digest with the channel picked from Slack's # list",
    "is_archived": "the channel is archived; schedule the digest for another channel",
}
ADD_USAGE = f"Usage: {ADD_EXAMPLE} [sections...]"


class DigestPostError(UserError):
    """Slack refused a digest; the message says what Slack answered and what to do about it."""


class SlackDigestSender:
    """`core.ops.schedules.DigestSender` for Slack: posts the digest's blocks, returns the message ts."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def send(self, channel: str, digest: Digest) -> str | None:
        try:
            response = self.client.chat_postMessage(channel=channel, **digest_message(digest).as_kwargs())
        except SlackApiError as exc:
            error = exc.response.get("error", "unknown_error")
            hint = _HINTS.get(error)
            raise DigestPostError(f"Slack answered {error}" + (f"; {hint}" if hint else "")) from exc
        return response["ts"]


# --------------------------------------------------------------------------- /moat digest

@dataclass(frozen=True)
class AddDigest:
    cron: str
    channel: str  # a channel id
    sections: tuple[str, ...]  # empty: every section


@dataclass(frozen=True)
class ListDigests:
    pass


@dataclass(frozen=True)
class RemoveDigest:
    schedule_id: int


DigestRequest = AddDigest | ListDigests | RemoveDigest


def parse_channel(token: str) -> str:
    """A channel id from Slack's escaped `<#C123|name>` (or `<#C123>`), or a bare id."""
    match = _CHANNEL_REF.fullmatch(token)
    if match:
        return match.group(1) or match.group(2)
    raise CommandError(f"I could not tell which channel {token!r} is: pick it from Slack's # list (so the command "
                       "carries its id) or give its id (C0123ABCD, at the bottom of the channel's details).")


def _split_cron(text: str) -> tuple[str, list[str]]:
    """The cron expression (quoted, or the first five words) and the words after it."""
    text = text.strip()
    closing = _QUOTES.get(text[:1])
    if closing is not None:
        end = text.find(closing, 1)
        if end < 0:
            raise CommandError(f"The cron expression has no closing quote. {ADD_USAGE}")
        return text[1:end], text[end + 1:].split()
    words = text.split()
    return " ".join(words[:_CRON_FIELDS]), words[_CRON_FIELDS:]


def _add(text: str) -> AddDigest:
    cron, rest = _split_cron(text)
    if not cron.strip() or not rest:
        raise CommandError(ADD_USAGE)
    sections = tuple(part for word in rest[1:] for part in word.lower().split(",") if part)
    try:
        cron_trigger(cron, "UTC")  # the syntax only: the time zone is the policy's, checked when stored
        channel = parse_channel(rest[0])
        check_sections(sections)
    except (ScheduleError, DigestError) as exc:
        raise CommandError(f"{exc}. {ADD_USAGE}") from None
    return AddDigest(" ".join(cron.split()), channel, sections)


def parse_digest(text: str) -> DigestRequest:
    """The `/moat digest ...` sub-command in the text after `digest`; CommandError says what to type."""
    words = text.split(None, 1)
    action, rest = (words[0].lower() if words else ""), (words[1] if len(words) > 1 else "")
    if action == "add":
        return _add(rest)
    if action == "list":
        if rest.strip():
            raise CommandError("/moat digest list takes no arguments.")
        return ListDigests()
    if action == "remove":
        if not re.fullmatch(r"\d{1,9}", rest.strip()):
            raise CommandError("Usage: /moat digest remove ID (the number shown by /moat digest list)")
        return RemoveDigest(int(rest.strip()))
    raise CommandError(f"{ADD_USAGE}; /moat digest list; /moat digest remove ID")
