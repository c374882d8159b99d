"""A question, from a mention, a DM or `/moat ask`, answered in a thread.

The thread gets "Looking into it…" at once and that same message becomes the answer (or the
waiting-for-review notice), so the asker watches one message rather than a trail of them. The
thread's root ts goes to the service with the question: that is what lets a follow-up in the
thread build on the previous question.
"""
from __future__ import annotations

from collections.abc import Callable

from slack_sdk.errors import SlackApiError

from core.governance.policy import Actor

from bot.flows.review import request_review
from bot.flows.runtime import BotRuntime, telling_user
from bot.messages.answer import (
    AnswerView,
    answer_message,
    no_review_channel,
    question_posted,
    thinking,
    waiting_for_review,
)
from bot.messages.common import problem
from bot.requests.commands import SlashCommand

NOT_IN_CHANNEL = ("I cannot post in this conversation, so I could not start a thread for your question. "
                  "Invite me with /invite @MoatMetrics, or ask me in a DM.")


def answer_question(rt: BotRuntime, asker: Actor, question: str, *, channel: str, thread_root: str) -> None:
    _, placeholder = rt.post(channel, thinking(), thread_ts=thread_root)
    with telling_user(rt, asker, "question", lambda text: rt.update(channel, placeholder, problem(text))):
        outcome = rt.service.ask(question, asker, thread_ts=thread_root, placeholder_ts=placeholder)
        view = AnswerView.of(outcome.answer)
        if outcome.review is None:
            rt.update(channel, placeholder, answer_message(view))
        elif request_review(rt, outcome.review):
            rt.update(channel, placeholder, waiting_for_review(view, outcome.review.id))
        else:
            rt.update(channel, placeholder, no_review_channel(outcome.review.id))


def ask_from_command(rt: BotRuntime, command: SlashCommand, question: str, respond: Callable[..., object]) -> None:
    """`/moat ask` has no message to reply to: the question is posted in the channel and answered under it."""
    try:
        channel, ts = rt.post(command.channel_id, question_posted(command.user_id, question))
    except SlackApiError:
        respond(response_type="ephemeral", **problem(NOT_IN_CHANNEL).as_kwargs())
        return
    asker = rt.actor(command.user_id, command.user_name, channel=channel, message_ts=ts)
    answer_question(rt, asker, question, channel=channel, thread_root=ts)
