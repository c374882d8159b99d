"""Socket Mode: the same Bolt app fed over a WebSocket instead of HTTP (SLACK_APP_TOKEN).

Useful where the server has no public URL. Connecting calls apps.connections.open at
SLACK_API_URL, then keeps the socket alive and reconnects by itself; the connection is made on a
background thread so the HTTP server starts (and /health answers) even while Slack is unreachable.
"""
from __future__ import annotations

import logging
import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

log = logging.getLogger("bot.socket_mode")


class SocketModeRunner:
    def __init__(self, app: App, app_token: str) -> None:
        self.handler = SocketModeHandler(app, app_token)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._connect, name="slack-socket-mode", daemon=True)
        self._thread.start()

    def _connect(self) -> None:
        try:
            self.handler.connect()
            log.info("Socket Mode connected")
        except Exception:  # noqa: BLE001 - the HTTP endpoint keeps working; the log says why
            log.exception("Socket Mode could not connect (check SLACK_APP_TOKEN and connections:write)")

    def stop(self) -> None:
        self.handler.close()
