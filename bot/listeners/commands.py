"""`/moat help|ask|status|snapshots|rollback ID|role @user ROLE [reviewer]|digest add|list|remove`.

Help and mistyped commands are answered in the acknowledgement itself (nothing to look up);
everything else is acknowledged empty and answered by the lazy part, privately to the user,
except `ask`, whose answer goes in a thread everyone in the channel can follow.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from core.governance.policy import Actor

from bot.digests import AddDigest, DigestRequest, ListDigests, RemoveDigest, parse_digest
from bot.flows import ask
from bot.flows.runtime import BotRuntime, telling_user
from bot.listeners import guarded
from bot.messages.common import SlackMessage, problem
from bot.messages.digest import schedule_added, schedule_removed, schedules_message
from bot.messages.help import help_message, usage_error
from bot.messages.roles import role_changed
from bot.messages.snapshots import rollback_message, snapshots_message
from bot.messages.status import status_message
from bot.requests import RequestError
from bot.requests.commands import (
    Ask,
    CommandError,
    Help,
    ListSnapshots,
    MoatRequest,
    Rollback,
    SetRole,
    ShowStatus,
    parse_command,
    parse_moat,
)


Reply = Callable[[BotRuntime, Actor, Any], SlackMessage]


def _list_digests(rt: BotRuntime, actor: Actor, request: ListDigests) -> SlackMessage:
    rt.authorize(actor, "manage_digests")  # schedules name channels and their cadence: admins' business
    return schedules_message(rt.service.digest_schedules())


# Sub-command -> (audit action for its failures, what it answers).
_PRIVATE_REPLIES: dict[type, tuple[str, Reply]] = {
    ShowStatus: ("status", lambda rt, actor, request: status_message(rt.service.status())),
    ListSnapshots: ("snapshots", lambda rt, actor, request: snapshots_message(rt.service.snapshots())),
    Rollback: ("rollback", lambda rt, actor, request: rollback_message(rt.service.rollback(request.snapshot_id, actor))),
    SetRole: ("role_changed", lambda rt, actor, request: role_changed(
        request.user_id, rt.service.set_role(actor, request.user_id, request.role, request.reviewer))),
    AddDigest: ("digest_schedule_added", lambda rt, actor, request: schedule_added(rt.service.add_digest(
        actor, request.cron, request.channel, sections=request.sections or None))),
    ListDigests: ("digest_schedules_listed", _list_digests),
    RemoveDigest: ("digest_schedule_removed", lambda rt, actor, request: schedule_removed(
        rt.service.remove_digest(actor, request.schedule_id))),
}


def _parse(text: str) -> MoatRequest | DigestRequest:
    """The sub-command; `digest ...` is read by bot.digests, everything else by bot.requests."""
    words = text.split(None, 1)
    if words and words[0].lower() == "digest":
        return parse_digest(words[1] if len(words) > 1 else "")
    return parse_moat(text)


def register(app: App, rt: BotRuntime) -> None:
    def ack_moat(ack: Ack, body: dict) -> None:
        try:
            request = _parse(parse_command(body).text)
        except (CommandError, RequestError) as exc:
            ack(**usage_error(str(exc)).as_kwargs())
            return
        if isinstance(request, Help):
            ack(**help_message().as_kwargs())
        else:
            ack()

    @guarded
    def run_moat(body: dict, respond: Callable[..., object]) -> None:
        command = parse_command(body)
        try:
            request = _parse(command.text)
        except CommandError:
            return  # answered in the acknowledgement
        if isinstance(request, Help):
            return
        if isinstance(request, Ask):
            ask.ask_from_command(rt, command, request.question, respond)
            return
        actor = rt.actor(command.user_id, command.user_name, channel=command.channel_id)
        action, reply = _PRIVATE_REPLIES[type(request)]

        def tell(content: SlackMessage) -> None:
            rt.whisper(command.channel_id, command.user_id, content, respond=respond)

        with telling_user(rt, actor, action, lambda text: tell(problem(text))):
            tell(reply(rt, actor, request))

    app.command("/moat")(ack=ack_moat, lazy=[run_moat])
