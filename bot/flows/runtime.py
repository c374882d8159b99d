"""What every flow needs: the service, the settings, the Slack client, and a way to fail aloud.

`telling_user` is the bot's one rule for errors: whatever goes wrong while working for someone
reaches them as a short message where they are waiting (a thread, an ephemeral note), the details
go to the log, and the audit store gets a record unless core already wrote one.
"""
from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from config.settings import Settings
from core.errors import UserError
from core.governance.policy import Actor
from core.service import Service

from bot.messages.common import SlackMessage

log = logging.getLogger("bot")


def failure_text(exc: BaseException, reference: str) -> str:
    """A UserError's message is the explanation; anything else gets a reference into the log."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, SlackApiError):
        return (f"Slack refused one of my requests ({exc.response.get('error', 'unknown error')}). "
                f"An admin can find the details in the server log (ref {reference}).")
    return f"Something went wrong on my side. An admin can find the details in the server log (ref {reference})."


@dataclass
class BotRuntime:
    service: Service
    settings: Settings
    client: WebClient

    def actor(self, user_id: str, name: str | None = None, *, channel: str | None = None,
              message_ts: str | None = None) -> Actor:
        return Actor(user_id=user_id, name=name or user_id, via="slack", channel=channel, message_ts=message_ts)

    def authorize(self, actor: Actor, permission: str, *, target: str | None = None) -> None:
        """Core's permission check (audited refusal) before work that should not even start."""
        self.service.authorize(actor, permission, target=target)

    def may(self, actor: Actor, permission: str) -> bool:
        """Whether to show something (no audit): enforcement stays with `authorize` and core."""
        return self.service.permits(actor, permission)

    # --- Slack calls ---------------------------------------------------------------------------
    def post(self, channel: str, content: SlackMessage, *, thread_ts: str | None = None) -> tuple[str, str]:
        """Posts and returns (channel id, ts): Slack answers with the id even when given a name."""
        response = self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, **content.as_kwargs())
        return response["channel"], response["ts"]

    def update(self, channel: str, ts: str, content: SlackMessage) -> None:
        self.client.chat_update(channel=channel, ts=ts, **content.as_kwargs())

    def whisper(self, channel: str, user_id: str, content: SlackMessage, *,
                respond: Callable[..., object] | None = None) -> None:
        """An ephemeral note to one user; through the command's response_url where the bot cannot
        post (a channel it is not in, a DM between two people)."""
        try:
            self.client.chat_postEphemeral(channel=channel, user=user_id, **content.as_kwargs())
        except SlackApiError:
            if respond is None:
                raise
            respond(response_type="ephemeral", **content.as_kwargs())


@contextmanager
def telling_user(rt: BotRuntime, actor: Actor, action: str, tell: Callable[[str], object]) -> Iterator[None]:
    """Run a piece of work for `actor`; on any exception tell them in a sentence, log, and audit."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the point is that nothing fails silently
        reference = secrets.token_hex(3)
        if isinstance(exc, UserError):
            log.info("%s for %s refused: %s", action, actor.user_id, exc)
        else:
            log.exception("%s for %s failed (ref %s)", action, actor.user_id, reference)
        if not (isinstance(exc, UserError) and exc.audited):
            _audit_failure(rt, actor, action, exc, reference)
        try:
            tell(failure_text(exc, reference))
        except Exception:  # noqa: BLE001 - Slack itself may be what failed
            log.exception("could not tell %s that %s failed (ref %s)", actor.user_id, action, reference)


def _audit_failure(rt: BotRuntime, actor: Actor, action: str, exc: Exception, reference: str) -> None:
    outcome = "rejected" if isinstance(exc, UserError) else "failed"
    try:
        rt.service.record(actor, action, outcome=outcome,
                          details={"error": type(exc).__name__, "message": str(exc)[:500], "ref": reference})
    except Exception:  # noqa: BLE001 - an audit outage must not hide the original problem
        log.exception("could not audit the failed %s (ref %s)", action, reference)
