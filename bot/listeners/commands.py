"""`/moat help|ask|status|snapshots|rollback ID|role @user ROLE [reviewer]`.

Help and mistyped commands are answered in the acknowledgement itself (nothing to look up);
everything else is acknowledged empty and answered by the lazy part, privately to the user,
except `ask`, whose answer goes in a thread everyone in the channel can follow.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from core.policy import Actor

from bot.flows import ask
from bot.flows.runtime import BotRuntime, telling_user
from bot.listeners import guarded
from bot.messages.common import SlackMessage, problem
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
    Rollback,
    SetRole,
    ShowStatus,
    parse_command,
    parse_moat,
)


Reply = Callable[[BotRuntime, Actor, Any], SlackMessage]
# Sub-command -> (audit action for its failures, what it answers).
_PRIVATE_REPLIES: dict[type, tuple[str, Reply]] = {
    ShowStatus: ("status", lambda rt, actor, request: status_message(rt.service.status())),
    ListSnapshots: ("snapshots", lambda rt, actor, request: snapshots_message(rt.service.snapshots())),
    Rollback: ("rollback", lambda rt, actor, request: rollback_message(rt.service.rollback(request.snapshot_id, actor))),
    SetRole: ("role_changed", lambda rt, actor, request: role_changed(
        request.user_id, rt.service.set_role(actor, request.user_id, request.role, request.reviewer))),
}


def register(app: App, rt: BotRuntime) -> None:
    def ack_moat(ack: Ack, body: dict) -> None:
        try:
            request = parse_moat(parse_command(body).text)
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
            request = parse_moat(command.text)
        except CommandError:
            return  # answered in the acknowledgement
        if isinstance(request, Help) or not rt.first_time(f"command:{command.trigger_id}"):
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
