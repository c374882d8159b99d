"""Socket Mode: the same Bolt app fed over a WebSocket instead of HTTP (SLACK_APP_TOKEN).

Useful where the server has no public URL. Connecting calls apps.connections.open at
SLACK_API_URL with the app-level token; once connected, slack_sdk keeps the socket alive and
reconnects by itself. The first connection is made on a background thread and retried with
growing pauses, so the HTTP server starts (and /health answers) while Slack is unreachable, and
Socket Mode comes up when it is back. The handler is created there too: its client starts threads
as soon as it exists.
"""
from __future__ import annotations

import logging
import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

log = logging.getLogger("bot.socket_mode")

FIRST_RETRY_S = 5.0
MAX_RETRY_S = 300.0


class SocketModeRunner:
    def __init__(self, app: App, app_token: str) -> None:
        self.app = app
        self.app_token = app_token
        self.handler: SocketModeHandler | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._connect, name="slack-socket-mode", daemon=True).start()

    def _connect(self) -> None:
        with self._lock:
            if self._stop.is_set():
                return
            self.handler = SocketModeHandler(self.app, self.app_token)
        pause = FIRST_RETRY_S
        while not self._stop.is_set():
            try:
                self.handler.connect()
                log.info("Socket Mode connected")
                return
            except Exception:  # noqa: BLE001 - the HTTP endpoint keeps working; retried below
                log.exception("Socket Mode could not connect (check SLACK_APP_TOKEN and its connections:write "
                              "scope); retrying in %.0f s", pause)
            self._stop.wait(pause)
            pause = min(pause * 2, MAX_RETRY_S)

    def stop(self) -> None:
        with self._lock:
            self._stop.set()
            if self.handler is not None:
                self.handler.close()
