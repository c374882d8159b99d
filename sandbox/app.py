"""The local workspace sandbox: the real bot, with this server playing Slack, and a page to use it.

When the product runs without Slack credentials, `create_sandbox` builds:
- a `SlackWorkspace` and its Slack-compatible Web API (the same stand-in the Slack tests use),
  mounted at `/sandbox/slack`; the bot's WebClient points at `/sandbox/slack/api/` with a token
  and signing secret made up for this process only;
- the real Bolt app, listeners and engine, behind the usual `POST /slack/events`;
- the page (`/sandbox/`) and its JSON API (`/sandbox/api/...`). What a person does on the page is
  turned into the signed request Slack would send for it (`slack_standin.payloads`) and POSTed to
  `/slack/events` over HTTP, so the bot cannot tell the sandbox from Slack. The page follows the
  conversation through a Server-Sent Events stream fed by `SlackWorkspace.subscribe`.

The service's settings are replaced by the sandbox's (token, secret, API URL, review channel): the
sandbox IS this process's Slack, so everything that talks to Slack (bot, digests, /health) talks to it.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from config.settings import Settings
from core.errors import UserError
from core.governance.policy import Actor
from core.service import Service

from bot.digests import SlackDigestSender
from slack_standin import payloads
from sandbox.seed import PEOPLE, SandboxPeople, seed_dataset, seed_roles, seed_workspace
from slack_standin.slack_api import create_slack_api
from slack_standin.workspace import ApiFailure, SlackWorkspace, User, WorkspaceEvent
from bot.slack_app import SlackBot, create_slack_bot

log = logging.getLogger(__name__)

PREFIX = "/sandbox"
STATIC_DIR = Path(__file__).resolve().parent / "static"
STREAM_SECONDS = 15.0  # an event stream ends after this (the page reconnects), so shutdown never waits long
MAX_FILE_BYTES = 200 * 1024 * 1024


class PostMessage(BaseModel):
    user: str
    channel: str
    text: str
    thread_ts: str | None = None


class RunCommand(BaseModel):
    user: str
    channel: str
    text: str


class ClickButton(BaseModel):
    user: str
    channel: str
    ts: str
    action_id: str


class RunDigest(BaseModel):
    user: str
    channel: str


class SubmitView(BaseModel):
    user: str
    values: dict[str, dict[str, dict[str, Any]]] = {}


class CloseView(BaseModel):
    user: str


@dataclass
class Sandbox:
    """The sandbox of one server: `url` is where that server is reachable from itself."""

    service: Service
    url: str
    workspace: SlackWorkspace
    people: SandboxPeople
    bot: SlackBot
    app: FastAPI = field(init=False)
    _closed_views: set[str] = field(default_factory=set)
    _response_urls: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.app = _page_app(self)

    @property
    def page_url(self) -> str:
        return f"{self.url}{PREFIX}/"

    @property
    def events_url(self) -> str:
        return f"{self.url}/slack/events"

    def seed(self) -> None:
        """First-start data (roles, the sample dataset); run when the server starts."""
        seed_roles(self.service, self.people)
        seed_dataset(self.service)

    # --- acting as Slack -------------------------------------------------------------------------
    def deliver(self, kind: payloads.BodyKind, body: dict[str, Any]) -> dict[str, Any] | None:
        """POSTs a signed request to the bot as Slack would; returns the JSON it answered, if any."""
        secret = self.service.settings.slack_signing_secret or ""
        response = payloads.post_to_bot(self.events_url, kind, body, secret, timeout=30.0)
        if response.status_code != 200:
            raise HTTPException(502, f"the bot answered HTTP {response.status_code}: {response.text[:200]}")
        if not response.content.strip():
            return None
        try:
            answer = response.json()
        except ValueError:
            return {"text": response.text}
        return answer if isinstance(answer, dict) else None

    def envelope(self, event: dict[str, Any]) -> dict[str, Any]:
        ws = self.workspace
        return payloads.event_callback(event, team_id=ws.team_id, api_app_id=ws.app_id, bot_user_id=ws.bot_user.id)

    def person(self, user_id: str) -> User:
        if user_id not in {u.id for u in self.people.users.values()}:
            raise HTTPException(404, f"no such sandbox user: {user_id}")
        return self.workspace.user(user_id)

    def channel_name(self, channel_id: str) -> str:
        return self.workspace.channel(channel_id).name

    def post_message(self, request: PostMessage) -> dict[str, Any]:
        """A person posts; Slack delivers a `message` event, and an `app_mention` when the bot is named."""
        user = self.person(request.user)
        text = mention_bot(request.text.strip(), self.workspace.bot_user)
        if not text:
            raise HTTPException(422, "type a message first")
        posted = self.workspace.post_user_message(user.id, request.channel, text, thread_ts=request.thread_ts)
        channel_type = "im" if self.workspace.channel(request.channel).im_user else "channel"
        self.deliver("event", self.envelope(payloads.message_event(
            user.id, request.channel, text, posted["ts"], request.thread_ts, channel_type=channel_type)))
        if f"<@{self.workspace.bot_user.id}>" in text:
            self.deliver("event", self.envelope(payloads.app_mention_event(
                user.id, request.channel, text, posted["ts"], request.thread_ts)))
        return posted

    def upload(self, user_id: str, channel: str, name: str, content: bytes, comment: str,
               thread_ts: str | None) -> dict[str, Any]:
        """A person uploads a file: Slack stores it, shares it in a message, and sends both events."""
        user = self.person(user_id)
        file = self.workspace.add_file(user.id, channel, name, content)
        shared = self.workspace.post_user_message(user.id, channel, comment, thread_ts=thread_ts, files=[file])
        self.deliver("event", self.envelope(payloads.file_share_message_event(
            user.id, channel, file, shared["ts"], comment, thread_ts=thread_ts)))
        self.deliver("event", self.envelope(payloads.file_shared_event(file["id"], user.id, channel)))
        return shared

    def command(self, request: RunCommand) -> None:
        """`/moat ...`: what the bot answers in its acknowledgement is shown to that person only."""
        user = self.person(request.user)
        ws = self.workspace
        key = secrets.token_urlsafe(12)
        self._response_urls[key] = (request.channel, user.id)
        command, _, text = request.text.strip().partition(" ")
        form = payloads.slash_command_form(
            command or "/moat", text.strip(), user.id, user.name, request.channel, ws.team_id,
            trigger_id=ws.issue_trigger_id(user.id), response_url=f"{self.url}{PREFIX}/response/{key}",
            channel_name=self.channel_name(request.channel), team_domain=ws.team_domain, api_app_id=ws.app_id)
        answer = self.deliver("command", form)
        if answer and (answer.get("text") or answer.get("blocks")):
            ws.post_ephemeral(request.channel, user.id, text=answer.get("text") or "", blocks=answer.get("blocks"),
                              thread_ts=None)

    def respond(self, key: str, body: dict[str, Any]) -> None:
        """A command's response_url: Slack shows the message to the person, or in the channel."""
        if key not in self._response_urls:
            raise HTTPException(404, "unknown or expired response_url")
        channel, user_id = self._response_urls[key]
        text, blocks = str(body.get("text") or ""), body.get("blocks")
        if body.get("response_type") == "in_channel":
            self.workspace.post_message(channel, user=self.workspace.bot_user.id, text=text, blocks=blocks,
                                        bot_id=self.workspace.bot_id)
        else:
            self.workspace.post_ephemeral(channel, user_id, text=text, blocks=blocks, thread_ts=None)

    def click(self, request: ClickButton) -> None:
        """A person presses a button of a message the bot posted (the message as it is now)."""
        user = self.person(request.user)
        ws = self.workspace
        message = ws.message(request.channel, request.ts)
        found = [(block.get("block_id", ""), element) for block in message.blocks or [] if block["type"] == "actions"
                 for element in block["elements"] if element.get("action_id") == request.action_id]
        if not found:
            raise HTTPException(404, f"that message has no button {request.action_id!r} any more")
        block_id, element = found[0]
        payload = payloads.block_actions_payload(
            user.id, request.channel, ws.message_object(message, ws.base_url or ""), request.action_id,
            str(element.get("value", "")), block_id, trigger_id=ws.issue_trigger_id(user.id), user_name=user.name,
            channel_name=self.channel_name(request.channel), team_id=ws.team_id, api_app_id=ws.app_id,
            button_text=element.get("text", {}).get("text", "Button"))
        self.deliver("interactivity", payload)

    def submit_view(self, view_id: str, request: SubmitView) -> dict[str, Any]:
        """A person submits a modal; the bot's `response_action: errors` is handed back to the page."""
        user = self.person(request.user)
        view = self.own_view(view_id, user.id)
        ws = self.workspace
        payload = payloads.view_submission_payload(user.id, view, request.values, user_name=user.name,
                                                   team_id=ws.team_id, api_app_id=ws.app_id)
        answer = self.deliver("interactivity", payload) or {}
        if answer.get("response_action") == "errors":
            return {"errors": answer.get("errors", {})}
        self._closed_views.add(view_id)
        return {"errors": {}}

    def close_view(self, view_id: str, request: CloseView) -> None:
        self.own_view(view_id, self.person(request.user).id)
        self._closed_views.add(view_id)

    def own_view(self, view_id: str, user_id: str) -> dict[str, Any]:
        for view in self.workspace.modal_views(user_id):
            if view["id"] == view_id:
                return view
        raise HTTPException(404, "no such dialog for this user")

    def fire_digest(self, request: RunDigest) -> None:
        """The page's "Run digest" button: the scheduler's own path (`Service.send_digest` posting
        through the bot's Web API client), for the person pressing it; a refusal is theirs alone."""
        user = self.person(request.user)
        actor = Actor(user_id=user.id, name=user.name, via="sandbox", channel=request.channel)
        try:
            self.service.send_digest(actor, request.channel, SlackDigestSender(self.bot.app.client))
        except UserError as exc:
            self.workspace.post_ephemeral(request.channel, user.id, text=f":warning: {exc}", blocks=None,
                                          thread_ts=None)

    # --- reading ---------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        ws = self.workspace
        people = []
        for person in PEOPLE:
            user = self.people.users[person.key]
            role = self.service.user_role(user.id)
            people.append({"id": user.id, "key": person.key, "name": user.name, "real_name": user.real_name,
                           "role": f"{role.role} + reviewer" if role.reviewer else role.role})
        return {
            "team": ws.team_name,
            "people": people,
            "users": {**{u.id: u.real_name for u in ws.users.values()}, ws.bot_user.id: "MoatMetrics"},
            "channels": [{"id": c.id, "name": c.name} for c in (self.people.analytics, self.people.reviewers)],
        }

    def conversation(self, channel_id: str, user_id: str) -> dict[str, Any]:
        """Every message of a channel (thread replies included, oldest first), the ephemeral ones
        this person was sent there, and the dialog open for them."""
        ws = self.workspace
        self.person(user_id)
        messages = [ws.message_object(m, ws.base_url or "") for m in list(ws.messages[ws.channel(channel_id).id])]
        ephemeral = [{"ts": e.message_ts, "text": e.text, "blocks": e.blocks or [], "thread_ts": e.thread_ts,
                      "user": ws.bot_user.id, "ephemeral": True}
                     for e in ws.ephemeral_for(user_id) if e.channel == channel_id]
        dialogs = [v for v in ws.modal_views(user_id) if v["id"] not in self._closed_views]
        return {"messages": messages, "ephemeral": ephemeral, "dialog": dialogs[-1] if dialogs else None}

    def file_bytes(self, file_id: str) -> tuple[str, str, bytes]:
        stored = self.workspace.file(file_id)
        return stored.name, stored.mimetype, stored.content


_MENTION = re.compile(r"@moatmetrics\b", re.IGNORECASE)


def mention_bot(text: str, bot: User) -> str:
    """What the Slack client sends when a person picks @MoatMetrics: the bot's `<@U...>` mention."""
    return _MENTION.sub(f"<@{bot.id}>", text)


def sandbox_settings(settings: Settings, url: str, workspace: SlackWorkspace, review_channel: str) -> Settings:
    return settings.model_copy(update={
        "slack_bot_token": workspace.bot_token,
        "slack_signing_secret": secrets.token_hex(24),
        "slack_app_token": None,
        "slack_api_url": f"{url}{PREFIX}/slack/api/",
        "review_channel": review_channel,
    })


def create_sandbox(service: Service, url: str) -> Sandbox:
    """The sandbox for a server reachable (from itself) at `url`, e.g. "http://127.0.0.1:8000".
    Mount `sandbox.app` at PREFIX and include `sandbox.bot.router`; call `seed()` at start."""
    url = url.rstrip("/")
    workspace = SlackWorkspace(base_url=f"{url}{PREFIX}/slack")
    people = seed_workspace(workspace)
    service.settings = sandbox_settings(service.settings, url, workspace, people.reviewers.id)
    return Sandbox(service=service, url=url, workspace=workspace, people=people, bot=create_slack_bot(service, verify_token=False))


# ----------------------------------------------------------------------------------- HTTP

def _summary(event: WorkspaceEvent) -> str:
    return json.dumps({"kind": event.kind, "channel": event.channel, "user": event.user})


def _page_app(sandbox: Sandbox) -> FastAPI:
    app = FastAPI(title="MoatMetrics sandbox", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/slack", create_slack_api(sandbox.workspace))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="sandbox-static")

    @app.exception_handler(ApiFailure)
    async def slack_error(_: Request, exc: ApiFailure) -> JSONResponse:
        """A channel, message or file that does not exist: Slack's error code, not a traceback."""
        return JSONResponse({"detail": exc.error}, status_code=404)

    @app.get("/")
    def page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    @app.get("/api/state")
    def state() -> dict[str, Any]:
        return sandbox.state()

    @app.get("/api/channels/{channel_id}")
    def conversation(channel_id: str, user: str) -> dict[str, Any]:
        return sandbox.conversation(channel_id, user)

    @app.post("/api/messages")
    def post_message(request: PostMessage) -> dict[str, Any]:
        return sandbox.post_message(request)

    @app.post("/api/files")
    async def upload(user: str = Form(...), channel: str = Form(...), file: UploadFile = File(...),
                     comment: str = Form(""), thread_ts: str | None = Form(None)) -> dict[str, Any]:
        content = await file.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            raise HTTPException(413, f"files up to {MAX_FILE_BYTES // (1024 * 1024)} MB")
        name = Path(file.filename or "upload").name
        return await asyncio.to_thread(sandbox.upload, user, channel, name, content, comment, thread_ts or None)

    @app.post("/api/commands")
    def command(request: RunCommand) -> dict[str, bool]:
        sandbox.command(request)
        return {"ok": True}

    @app.post("/api/digest")
    def digest(request: RunDigest) -> dict[str, bool]:
        sandbox.fire_digest(request)
        return {"ok": True}

    @app.post("/api/actions")
    def click(request: ClickButton) -> dict[str, bool]:
        sandbox.click(request)
        return {"ok": True}

    @app.post("/api/views/{view_id}/submit")
    def submit_view(view_id: str, request: SubmitView) -> dict[str, Any]:
        return sandbox.submit_view(view_id, request)

    @app.post("/api/views/{view_id}/close")
    def close_view(view_id: str, request: CloseView) -> dict[str, bool]:
        sandbox.close_view(view_id, request)
        return {"ok": True}

    @app.post("/response/{key}")
    async def response_url(key: str, request: Request) -> dict[str, bool]:
        try:
            body = await request.json()
        except ValueError:
            raise HTTPException(400, "the body must be JSON") from None
        await asyncio.to_thread(sandbox.respond, key, body if isinstance(body, dict) else {})
        return {"ok": True}

    @app.get("/files/{file_id}")
    def file(file_id: str) -> Response:
        """A file for the page's download link (the stand-in's own URLs want the bot's token)."""
        name, mimetype, content = sandbox.file_bytes(file_id)
        return Response(content, media_type=mimetype,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    @app.get("/api/events")
    async def events(request: Request) -> StreamingResponse:
        return StreamingResponse(_event_stream(sandbox.workspace, request), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache"})

    return app


async def _event_stream(workspace: SlackWorkspace, request: Request) -> AsyncIterator[str]:
    """Server-Sent Events: one line per workspace change, for STREAM_SECONDS (then the page reconnects)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str] = asyncio.Queue()
    lock = threading.Lock()
    open_ = [True]

    def on_change(event: WorkspaceEvent) -> None:
        with lock:
            if open_[0]:
                loop.call_soon_threadsafe(queue.put_nowait, _summary(event))

    unsubscribe = workspace.subscribe(on_change)
    deadline = loop.time() + STREAM_SECONDS
    try:
        yield "retry: 500\ndata: {\"kind\": \"hello\"}\n\n"
        while (remaining := deadline - loop.time()) > 0 and not await request.is_disconnected():
            try:
                yield f"data: {await asyncio.wait_for(queue.get(), timeout=min(remaining, 1.0))}\n\n"
            except TimeoutError:
                continue
    finally:
        with lock:
            open_[0] = False
        unsubscribe()
