"""The FastAPI application served by `python app.py serve`.

Routes are thin: they call `core.service` and render. Later parts (the Slack bot, the sandbox)
mount onto the app built here. The operations routes live here too:

- `/health`: database, model, Slack connection and scheduler. Only the database is vital: without
  it nothing works, so it alone turns the answer into 503; the others are reported, not fatal
  (the product still answers from the CLI without Slack, and with rules only without a model).
- `/metrics`: Prometheus text format (`core.ops.observability`); every request is counted and timed
  by route template, so ids in paths do not explode the number of series.
- `/system/info`: what the machine has left (CPU, memory, disk of the data dir) and the model in use.
"""
from __future__ import annotations

import os
import platform
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psutil
from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.digests import SlackDigestSender
from sandbox.app import PREFIX as SANDBOX_PREFIX, create_sandbox
from bot.slack_app import create_slack_bot, create_web_client, slack_enabled
from config.settings import Settings
from core.ops import observability
from core.ops.schedules import DigestSender, LogSender, Scheduler
from core.service import Service

HealthCheck = Callable[[], dict]
SLACK_CHECK_TTL_S = 60.0  # a load balancer polling /health must not turn into an auth.test per poll


class _RequestMetrics:
    """ASGI middleware: count and time every HTTP request by method, route template and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            observability.observe_http(scope["method"], route, status, time.perf_counter() - started)


class SlackProbe:
    """Slack reachability and token validity through `auth.test`, cached for SLACK_CHECK_TTL_S."""

    def __init__(self, settings: Settings, *, ttl_s: float = SLACK_CHECK_TTL_S) -> None:
        self.settings = settings
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._last: tuple[float, dict] | None = None

    def __call__(self) -> dict:
        if not self.settings.slack_bot_token:
            return {"ok": True, "configured": False}
        with self._lock:
            if self._last is None or time.monotonic() - self._last[0] > self.ttl_s:
                self._last = (time.monotonic(), self._probe())
            return self._last[1]

    def _probe(self) -> dict:
        checked = datetime.now(timezone.utc).isoformat(timespec="seconds")
        client = WebClient(token=self.settings.slack_bot_token, base_url=self.settings.slack_api_url, timeout=3)
        try:
            reply = client.auth_test()
        except SlackApiError as exc:
            return {"ok": False, "configured": True, "error": exc.response.get("error", "slack_error"),
                    "checked_at": checked}
        except Exception as exc:  # noqa: BLE001 - unreachable Slack, DNS, TLS: all mean "not connected"
            return {"ok": False, "configured": True, "error": type(exc).__name__, "checked_at": checked}
        return {"ok": True, "configured": True, "team": reply.get("team"), "bot_user": reply.get("user"),
                "checked_at": checked}


def _model_info(service: Service) -> dict:
    """What answers questions, without loading the model just to say so."""
    choice = service.model_choice
    if choice is None:
        return {"loaded": False, "model": None, "detail": "loads with the first question (or at server start)"}
    name = choice.candidate.name if choice.candidate is not None else None
    return {"loaded": True, "model": name or ("server at MOAT_LLM_URL" if service.settings.llm_url else "none"),
            "detail": choice.explain()}


def _scheduler_check(scheduler: Scheduler | None) -> dict:
    if scheduler is None:
        return {"ok": True, "configured": False, "running": False}
    return {"configured": True, **scheduler.health()}


def _disk(path: Path) -> dict:
    existing = path.resolve()
    while not existing.exists():  # a data dir not created yet: report the disk it will live on
        existing = existing.parent
    usage = psutil.disk_usage(str(existing))
    return {"path": str(path), "total_bytes": usage.total, "free_bytes": usage.free, "percent": usage.percent}


def _system_info(service: Service, started: float) -> dict[str, Any]:
    memory = psutil.virtual_memory()
    process = psutil.Process()
    return {
        "cpu": {"count": psutil.cpu_count(), "percent": psutil.cpu_percent(interval=0.1),
                "load_average": list(os.getloadavg())},
        "memory": {"total_bytes": memory.total, "available_bytes": memory.available, "percent": memory.percent},
        "process": {"rss_bytes": process.memory_info().rss, "threads": process.num_threads(),
                    "uptime_s": round(time.monotonic() - started, 1)},
        "disk": _disk(Path(service.settings.data_dir)),
        "model": _model_info(service),
        "database": {"backend": service.database_backend},
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def server_scheduler(service: Service) -> Scheduler:
    """The scheduler `serve` runs with the app: digests are posted to Slack when the bot is
    configured, and written to the log (still audited) when it is not."""
    settings = service.settings
    sender: DigestSender = SlackDigestSender(create_web_client(settings)) if slack_enabled(settings) else LogSender()
    return service.scheduler(sender)


def create_app(service: Service, *, scheduler: Scheduler | Callable[[], Scheduler] | None = None,
               slack_check: HealthCheck | None = None, sandbox_url: str | None = None) -> FastAPI:
    """The app; `scheduler` (digests, backups) runs as long as the app does and shows in /health.
    Given as a factory, it is built after the sandbox, so the sandbox's digests go to its workspace.
    `sandbox_url` is where this server reaches itself: without Slack settings, the local workspace
    sandbox (`sandbox.app`) then runs the bot at /sandbox/; with them, no sandbox route exists."""
    # The Slack bot (when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set): its route is mounted
    # here, and its background threads (review reminders, Socket Mode) live as long as the app.
    bot = create_slack_bot(service)
    sandbox = create_sandbox(service, sandbox_url) if bot is None and sandbox_url else None
    if sandbox is not None:
        bot = sandbox.bot
    if callable(scheduler) and not isinstance(scheduler, Scheduler):
        scheduler = scheduler()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if sandbox is not None:
            sandbox.seed()
        if bot is not None:
            bot.start()
        if scheduler is not None:
            scheduler.start()
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.shutdown()
            if bot is not None:
                bot.stop()

    app = FastAPI(title="MoatMetrics", docs_url=None, redoc_url=None, lifespan=lifespan)
    if bot is not None:
        app.include_router(bot.router)
    if sandbox is not None:
        app.mount(SANDBOX_PREFIX, sandbox.app)
    app.state.sandbox = sandbox
    app.state.service = service
    app.state.scheduler = scheduler
    app.add_middleware(_RequestMetrics)
    observability.track_pending_reviews(service.count_pending_reviews)
    check_slack = slack_check or SlackProbe(service.settings)
    started = time.monotonic()

    @app.get("/health")
    def health() -> JSONResponse:
        checks = {"database": service.database_health(),
                  "model": {"ok": True, **_model_info(service)},
                  "slack": check_slack(),
                  "scheduler": _scheduler_check(scheduler)}
        vital = checks["database"]["ok"]
        status = "ok" if all(check["ok"] for check in checks.values()) else ("degraded" if vital else "down")
        return JSONResponse({"status": status, "checks": checks}, status_code=200 if vital else 503)

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(observability.exposition(), media_type=observability.CONTENT_TYPE)

    @app.get("/system/info")
    def system_info() -> dict[str, Any]:
        return _system_info(service, started)

    return app
