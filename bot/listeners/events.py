"""Events: mentions and DMs (questions), shared files (uploads), the Home tab opening.

Each arrives here once (bot/deliveries.py drops redeliveries and second announcements); a message
with files carries only the files no earlier delivery announced.
"""
from __future__ import annotations

from slack_bolt import App, BoltContext

from bot.deliveries import NEW_FILES
from bot.flows import ask, upload
from bot.flows.runtime import BotRuntime
from bot.listeners import acknowledge, guarded
from bot.listeners.home import publish_home
from bot.messages.help import help_message
from bot.requests.events import ChatMessage, parse_file_shared, parse_home_opened, parse_mention, parse_message


def _act_on(rt: BotRuntime, message: ChatMessage, context: BoltContext) -> None:
    """Files are uploads; otherwise the text is a question, or an empty mention asking for help."""
    if message.file_ids:
        upload.share_files(rt, context[NEW_FILES], user_id=message.user_id, channel=message.channel,
                           thread_root=message.thread_root)
    elif not message.text:
        rt.post(message.channel, help_message(), thread_ts=message.thread_root)
    else:
        asker = rt.actor(message.user_id, channel=message.channel, message_ts=message.ts)
        ask.answer_question(rt, asker, message.text, channel=message.channel, thread_root=message.thread_root)


def register(app: App, rt: BotRuntime) -> None:
    @guarded
    def on_mention(body: dict, context: BoltContext) -> None:
        _act_on(rt, parse_mention(body, context.bot_user_id), context)

    @guarded
    def on_message(body: dict, context: BoltContext) -> None:
        message = parse_message(body, context.bot_user_id)
        if message is not None:
            _act_on(rt, message, context)

    @guarded
    def on_file_shared(body: dict, context: BoltContext) -> None:
        event = parse_file_shared(body)
        upload.share_files(rt, context[NEW_FILES], user_id=event.user_id, channel=event.channel, thread_root=None)

    @guarded
    def on_home_opened(body: dict) -> None:
        event = parse_home_opened(body)
        if event.tab == "home":
            publish_home(rt, event.user_id)

    app.event("app_mention")(ack=acknowledge, lazy=[on_mention])
    app.event("message")(ack=acknowledge, lazy=[on_message])
    app.event("file_shared")(ack=acknowledge, lazy=[on_file_shared])
    app.event("app_home_opened")(ack=acknowledge, lazy=[on_home_opened])
