"""`POST /slack/events`: Slack's events, slash commands and interactivity, verified then given to Bolt.

The signature (v0 HMAC of timestamp and raw body, timestamp within 5 minutes) is checked here,
before anything else reads the body: a forged or replayed request gets 401 and an audit event
that says why, without the body or the secret ever reaching a log.

Then two paths, because Slack expects different answers:
- Events API deliveries (`event_callback`) need only an empty 200. They get it at once, and Bolt
  dispatches them on one dispatcher thread: under a burst of deliveries each acknowledgement
  costs a signature check, not a Bolt dispatch, so none waits behind the others.
- Slash commands, interactivity and `url_verification` may carry an answer in the response (help
  text, modal errors, the challenge), so Bolt dispatches them in the thread pool (its dispatch
  blocks; the event loop must stay free) and its response is returned.
"""
from __future__ import annotations

import json
import logging
import time
from concurrent.futures import Executor

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier

from core.governance.policy import Actor
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


def is_event_delivery(body: bytes, content_type: str | None) -> bool:
    """An Events API delivery (answered with an empty 200 whatever the bot does with it)."""
    if not (content_type or "").lower().startswith("application/json"):
        return False
    try:
        document = json.loads(body)
    except ValueError:
        return False
    return isinstance(document, dict) and document.get("type") == "event_callback"


def _dispatch_in_background(app: App, request: Request, body: bytes) -> None:
    """Runs on the dispatcher thread: even building Bolt's request (it parses the body again) is
    kept off the event loop, which only verifies and acknowledges."""
    try:
        app.dispatch(to_bolt_request(request, body))
    except Exception:  # noqa: BLE001 - already acknowledged; the log is where this can go
        log.exception("dispatching a Slack event failed")


def slack_router(app: App, service: Service, dispatcher: Executor) -> APIRouter:
    """The route; `dispatcher` runs Bolt's dispatch of acknowledged events (one thread suffices:
    a dispatch takes about a millisecond, the work itself goes to Bolt's lazy listeners)."""
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
        if is_event_delivery(body, request.headers.get("content-type")):
            dispatcher.submit(_dispatch_in_background, app, request, body)
            return Response(status_code=200)
        bolt_response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    return router
