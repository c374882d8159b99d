"""`POST /slack/events`: Slack's events, slash commands and interactivity, verified then given to Bolt.

The signature (v0 HMAC of timestamp and raw body, timestamp within 5 minutes) is checked here,
before anything else reads the body: a forged or replayed request gets 401 and an audit event
that says why, without the body or the secret ever reaching a log. Bolt's dispatch then runs in
the thread pool, because it blocks (database claims, the ack function) and the event loop must
stay free to accept Slack's next delivery.
"""
from __future__ import annotations

import logging
import time

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier

from core.policy import Actor
from core.service import Service

log = logging.getLogger("bot.http")

MAX_AGE_S = 5 * 60


def signature_problem(verifier: SignatureVerifier, body: bytes, timestamp: str | None,
                      signature: str | None, *, now: float | None = None) -> str | None:
    """None for a genuine, fresh request; else why it is refused (for the audit record)."""
    if not timestamp or not signature:
        return "missing_signature"
    try:
        stamp = int(timestamp)
    except ValueError:
        return "bad_timestamp"
    if abs((time.time() if now is None else now) - stamp) > MAX_AGE_S:
        return "expired_timestamp"
    try:
        genuine = verifier.is_valid(body, timestamp, signature)
    except UnicodeDecodeError:
        return "bad_signature"
    return None if genuine else "bad_signature"


def _audit_refusal(service: Service, problem: str, retry: str | None) -> None:
    try:
        service.record(Actor.system(), "signature_rejected", outcome="denied",
                       details={"reason": problem, "retry_num": int(retry) if retry and retry.isdigit() else None})
    except Exception:  # noqa: BLE001 - the request is refused either way; a 500 would invite retries
        log.exception("could not audit a refused Slack request (%s)", problem)


def slack_router(app: App, service: Service) -> APIRouter:
    verifier = SignatureVerifier(service.settings.slack_signing_secret or "")
    router = APIRouter()

    @router.post("/slack/events")
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        problem = signature_problem(verifier, body, request.headers.get("x-slack-request-timestamp"),
                                    request.headers.get("x-slack-signature"))
        if problem is not None:
            log.warning("refused a Slack request: %s", problem)
            await run_in_threadpool(_audit_refusal, service, problem, request.headers.get("x-slack-retry-num"))
            return JSONResponse({"error": "invalid request"}, status_code=401)
        bolt_response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    return router
