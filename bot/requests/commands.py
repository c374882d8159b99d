"""`/moat` slash commands: the form Slack posts, and the sub-command the text asks for."""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import UserError
from bot.requests import required

_USER_REF = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|([UW][A-Z0-9]{2,})")
_SNAPSHOT_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
_REVIEWER_FLAGS = {"reviewer": True, "+reviewer": True, "not-reviewer": False, "no-reviewer": False,
                   "-reviewer": False}


class CommandError(UserError, ValueError):
    """The command text could not be read; the message tells the user what to type instead."""


@dataclass(frozen=True)
class SlashCommand:
    user_id: str
    user_name: str
    channel_id: str
    text: str
    trigger_id: str
    response_url: str | None


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Ask:
    question: str


@dataclass(frozen=True)
class ShowStatus:
    pass


@dataclass(frozen=True)
class ListSnapshots:
    pass


@dataclass(frozen=True)
class Rollback:
    snapshot_id: str


@dataclass(frozen=True)
class SetRole:
    user_id: str
    role: str
    reviewer: bool | None  # None keeps the user's current reviewer grant


MoatRequest = Help | Ask | ShowStatus | ListSnapshots | Rollback | SetRole


def parse_command(body: dict) -> SlashCommand:
    return SlashCommand(user_id=required(body, "user_id"), user_name=str(body.get("user_name") or body["user_id"]),
                        channel_id=required(body, "channel_id"), text=str(body.get("text") or "").strip(),
                        trigger_id=required(body, "trigger_id"), response_url=body.get("response_url"))


def parse_user(token: str) -> str:
    """A user id from an escaped mention (`<@U123|ann>`) or a bare id; a typed `@name` has no id."""
    match = _USER_REF.fullmatch(token)
    if match:
        return match.group(1) or match.group(2)
    raise CommandError(f"I could not tell who {token!r} is: pick the person from Slack's @ list "
                       "(so the command carries their id) or give their member id (U012AB3CD).")


def _role(args: list[str]) -> SetRole:
    if len(args) not in (2, 3):
        raise CommandError("Usage: /moat role @user ROLE [reviewer|not-reviewer]")
    reviewer = None
    if len(args) == 3:
        if args[2].lower() not in _REVIEWER_FLAGS:
            raise CommandError(f"{args[2]!r} is not reviewer or not-reviewer.")
        reviewer = _REVIEWER_FLAGS[args[2].lower()]
    return SetRole(parse_user(args[0]), args[1].lower(), reviewer)


def parse_moat(text: str) -> MoatRequest:
    """The sub-command in `/moat` text; CommandError for anything it cannot read."""
    words = text.split()
    if not words or words[0].lower() == "help":
        return Help()
    name, args = words[0].lower(), words[1:]
    if name == "ask":
        question = text.split(None, 1)[1].strip() if args else ""
        if not question:
            raise CommandError("Ask what? For example: /moat ask revenue by client last quarter")
        return Ask(question)
    if name in ("status", "snapshots") and args:
        raise CommandError(f"/moat {name} takes no arguments.")
    if name == "status":
        return ShowStatus()
    if name == "snapshots":
        return ListSnapshots()
    if name == "rollback":
        if len(args) != 1 or not _SNAPSHOT_ID.fullmatch(args[0]):
            raise CommandError("Usage: /moat rollback SNAPSHOT_ID (see /moat snapshots for the ids)")
        return Rollback(args[0])
    if name == "role":
        return _role(args)
    raise CommandError(f"I do not know the command {words[0]!r}.")
