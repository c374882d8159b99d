"""The Bolt app and everything that runs beside it: HTTP route, Socket Mode, reminders.

Design choices that the rest of the bot relies on:
- `process_before_response=True`: each listener's ack function runs on the request's own thread
  and only acknowledges, so Slack's 3-second deadline holds however busy the workers are (with
  Bolt's default, a command's ack function queues behind slow questions in the worker pool).
  The work itself runs in lazy listeners on `WORKERS` threads.
- Bolt's own signature check is off: `bot/http.py` verifies every request before Bolt sees it,
  so a refusal is answered once, audited, and never logged with its body (Bolt's check logs the
  body on failure). Socket Mode needs no signature: the WebSocket is authenticated.
- The Web API client retries 429s after Retry-After and connection errors, at the base URL from
  SLACK_API_URL (the stand-in in tests, Slack in production).
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from fastapi import APIRouter
from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from core.errors import UserError
from config.settings import Settings
from core.service import Service

from bot.deliveries import OncePerDelivery
from bot.flows.runtime import BotRuntime
from bot.http import slack_router
from bot.listeners import actions, commands, events
from bot.reminders import ReminderThread
from bot.socket_mode import SocketModeRunner

log = logging.getLogger("bot")

WORKERS = 4  # threads for the work behind acknowledgements (questions, uploads); the machine has 2 cores


class SlackSetupError(UserError):
    """The Slack settings cannot work (e.g. Slack refuses the bot token); the message says which."""


def slack_enabled(settings: Settings) -> bool:
    return bool(settings.slack_bot_token and settings.slack_signing_secret)


def create_web_client(settings: Settings) -> WebClient:
    return WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url,
                     retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2), ConnectionErrorRetryHandler()])


def create_bolt_app(service: Service, settings: Settings, *, client: WebClient | None = None,
                    executor: ThreadPoolExecutor | None = None, verify_token: bool = True) -> App:
    """The Bolt app with every listener. `executor` runs the work behind acknowledgements (one of
    WORKERS threads by default); `verify_token=False` skips Bolt's auth.test at start-up (for tools
    that build the app without a reachable Slack), the bot user id is then unknown."""
    client = client or create_web_client(settings)
    executor = executor or ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="slack-work")
    runtime = BotRuntime(service, settings, client)
    try:
        app = App(client=client, signing_secret=settings.slack_signing_secret, process_before_response=True,
                  request_verification_enabled=False, token_verification_enabled=verify_token, name="moatmetrics",
                  listener_executor=executor)
    except BoltError as exc:
        raise SlackSetupError(f"Slack refused the bot token (SLACK_BOT_TOKEN) at {settings.slack_api_url}: {exc}") from exc
    except OSError as exc:
        raise SlackSetupError(f"could not reach Slack at {settings.slack_api_url} (SLACK_API_URL) to check the bot "
                              f"token: {exc}") from exc
    app.use(OncePerDelivery(runtime))
    events.register(app, runtime)
    commands.register(app, runtime)
    actions.register(app, runtime)
    return app


@dataclass
class SlackBot:
    """The bot as the server runs it: the route to mount, and the threads to start and stop with it."""

    service: Service
    app: App
    router: APIRouter
    reminders: ReminderThread
    workers: ThreadPoolExecutor
    dispatcher: ThreadPoolExecutor
    socket_mode: SocketModeRunner | None = None
    _warm_up: threading.Thread | None = field(default=None, repr=False)

    def start(self) -> None:
        self.reminders.start()
        if self.socket_mode is not None:
            self.socket_mode.start()
        # The first question should not wait for the model to load.
        self._warm_up = threading.Thread(target=self._warm, name="model-warm-up", daemon=True)
        self._warm_up.start()

    def _warm(self) -> None:
        try:
            self.service.warm_up()
        except Exception:  # noqa: BLE001 - questions degrade to rules only; the log says why
            log.exception("the language model could not be warmed up")

    def stop(self) -> None:
        """Stops taking work: queued deliveries are dropped (Slack redelivers unanswered events),
        the ones running finish."""
        self.reminders.stop()
        if self.socket_mode is not None:
            self.socket_mode.stop()
        self.dispatcher.shutdown(wait=False, cancel_futures=True)
        self.workers.shutdown(wait=False, cancel_futures=True)


def create_slack_bot(service: Service, *, verify_token: bool = True) -> SlackBot | None:
    """The bot when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set (Socket Mode too with
    SLACK_APP_TOKEN); None otherwise, and the server runs without Slack.

    `verify_token=False` defers the token check to the first request: the sandbox serves its own
    auth.test, and it is not listening yet when the bot is built."""
    settings = service.settings
    if not slack_enabled(settings):
        return None
    workers = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="slack-work")
    dispatcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slack-dispatch")
    app = create_bolt_app(service, settings, executor=workers, verify_token=verify_token)
    runtime = BotRuntime(service, settings, app.client)
    socket_mode = SocketModeRunner(app, settings.slack_app_token) if settings.slack_app_token else None
    return SlackBot(service=service, app=app, router=slack_router(app, service, dispatcher),
                    reminders=ReminderThread(runtime), workers=workers, dispatcher=dispatcher, socket_mode=socket_mode)
