"""In-memory state of one Slack workspace, as the Web API stand-in (`slack_api.py`) serves it.

The same object backs two users: the bot's end-to-end tests (which play users, inject failures and
assert on the calls the bot made) and the in-product sandbox page (which shows the conversation
live through `subscribe`). Everything a handler or a test touches goes through one re-entrant lock,
because uvicorn's thread, the bot's worker threads and the test thread all use it at once.

Slack-shaped failures are raised as `ApiFailure(error)`, so the HTTP layer and a direct caller
(the sandbox) get the same error codes Slack would give.
"""
from __future__ import annotations

import itertools
import logging
import mimetypes
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, TypeVar
from urllib.parse import quote

log = logging.getLogger(__name__)

T = TypeVar("T")

TS_PATTERN = re.compile(r"^\d{10}\.\d{6}$")
# (filetype, pretty_type, mimetype) as Slack reports them, for the formats this product meets.
_FILE_TYPES: dict[str, tuple[str, str, str]] = {
    ".csv": ("csv", "CSV", "text/csv"),
    ".xlsx": ("xlsx", "Excel Spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".xls": ("xls", "Excel Spreadsheet", "application/vnd.ms-excel"),
    ".txt": ("text", "Plain Text", "text/plain"),
    ".json": ("json", "JSON", "application/json"),
    ".pdf": ("pdf", "PDF", "application/pdf"),
    ".png": ("png", "PNG", "image/png"),
}


class ApiFailure(Exception):
    """A Slack Web API error: `error` is Slack's code; `messages` are the details Slack lists in
    response_metadata.messages (without the "[ERROR] " prefix the HTTP layer adds)."""

    def __init__(self, error: str, messages: Iterable[str] = ()) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)


@dataclass(frozen=True)
class ApiCall:
    """One request the stand-in received; `error` is the Slack error it answered with, None if ok."""

    method: str
    params: dict[str, Any]
    time: float
    error: str | None = None


@dataclass(frozen=True)
class Download:
    """One request for a file's bytes; `authorized` is False when the login page was served instead."""

    file_id: str
    authorized: bool
    time: float


@dataclass(frozen=True)
class WorkspaceEvent:
    """What `subscribe` callbacks receive: kind is message, message_changed, ephemeral or view."""

    kind: str
    channel: str | None
    user: str | None
    data: dict[str, Any]


@dataclass
class User:
    id: str
    name: str
    real_name: str
    is_bot: bool = False
    email: str | None = None

    def to_slack(self, team_id: str, bot_id: str | None = None) -> dict[str, Any]:
        profile: dict[str, Any] = {
            "real_name": self.real_name,
            "display_name": self.name,
            "real_name_normalized": self.real_name,
            "display_name_normalized": self.name,
            "team": team_id,
        }
        if self.email:
            profile["email"] = self.email
        if bot_id:
            profile["bot_id"] = bot_id
        return {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": False,
            "real_name": self.real_name,
            "tz": "Europe/London",
            "tz_label": "Greenwich Mean Time",
            "tz_offset": 0,
            "profile": profile,
            "is_admin": False,
            "is_owner": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": 1700000000,
        }


@dataclass
class Channel:
    id: str
    name: str
    is_member: bool = True
    is_private: bool = False
    im_user: str | None = None  # set for the bot's direct-message channel with that user
    created: int = field(default_factory=lambda: int(time.time()))

    def to_slack(self) -> dict[str, Any]:
        if self.im_user:
            return {"id": self.id, "created": self.created, "is_im": True, "is_org_shared": False,
                    "user": self.im_user, "is_user_deleted": False, "priority": 0}
        blank = {"value": "", "creator": "", "last_set": 0}
        return {
            "id": self.id, "name": self.name, "name_normalized": self.name, "created": self.created,
            "is_channel": not self.is_private, "is_group": self.is_private, "is_im": False, "is_mpim": False,
            "is_private": self.is_private, "is_archived": False, "is_general": self.name == "general",
            "is_shared": False, "is_org_shared": False, "is_ext_shared": False, "is_member": self.is_member,
            "topic": dict(blank), "purpose": dict(blank),
        }


@dataclass(frozen=True)
class MessageVersion:
    """A message's text and blocks before an edit (Slack keeps no such history; tests want it)."""

    text: str
    blocks: list[dict[str, Any]] | None
    replaced_at: str


@dataclass
class Message:
    channel: str
    ts: str
    user: str
    text: str
    blocks: list[dict[str, Any]] | None = None
    thread_ts: str | None = None
    bot_id: str | None = None
    file_ids: list[str] = field(default_factory=list)
    broadcast: bool = False
    edits: list[MessageVersion] = field(default_factory=list)


@dataclass
class EphemeralMessage:
    channel: str
    user: str
    message_ts: str
    text: str
    blocks: list[dict[str, Any]] | None
    thread_ts: str | None


@dataclass(frozen=True)
class Share:
    channel: str
    ts: str
    thread_ts: str | None
    user: str


@dataclass
class StoredFile:
    id: str
    name: str
    title: str
    mimetype: str
    filetype: str
    pretty_type: str
    content: bytes
    user: str
    channels: list[str]
    created: int
    shares: list[Share] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class _PendingUpload:
    file_id: str
    filename: str
    length: int
    content: bytes | None = None


@dataclass
class _Failure:
    status: int
    retry_after: int
    error: str | None
    remaining: int


@dataclass(frozen=True)
class InjectedFailure:
    """What the HTTP layer must answer instead of running the method (see `fail_next`)."""

    status: int
    retry_after: int
    error: str | None


@dataclass
class _Trigger:
    user: str
    issued: float
    used: bool = False


def file_kind(name: str, mimetype: str | None) -> tuple[str, str, str]:
    """(filetype, pretty_type, mimetype) as Slack reports them, from the name and any given mimetype."""
    suffix = PurePosixPath(name).suffix.lower()
    filetype, pretty, known_mime = _FILE_TYPES.get(
        suffix, (suffix.lstrip(".") or "binary", (suffix.lstrip(".") or "binary").upper(), "")
    )
    guessed = known_mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return filetype, pretty, mimetype or guessed


class SlackWorkspace:
    """One team, one bot, its users, channels, messages, files and views, plus test controls.

    `base_url` is where the stand-in app is served (the WebClient base_url without `api/`); it is
    needed for file URLs in objects made outside a request (`add_file`, `subscribe` events).
    `trigger_ttl` is how long a trigger_id stays valid (Slack: 3 seconds).
    """

    def __init__(
        self,
        *,
        team_id: str = "T0000MOAT",
        team_name: str = "MoatMetrics",
        team_domain: str = "moatmetrics",
        bot_name: str = "moatmetrics",
        bot_token: str | None = None,
        base_url: str | None = None,
        trigger_ttl: float = 3.0,
    ) -> None:
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._ids = itertools.count(1)
        self._last_ts_us = 0
        self.team_id = team_id
        self.team_name = team_name
        self.team_domain = team_domain
        self.base_url = base_url
        self.trigger_ttl = trigger_ttl
        self.app_id = self._new_id("A")
        self.bot_id = self._new_id("B")
        self.bot_user = User(self._new_id("U"), bot_name, bot_name.title(), is_bot=True)
        self.bot_token = bot_token or "-".join(
            ["xoxb", f"{secrets.randbelow(10**12):012d}", f"{secrets.randbelow(10**12):012d}", secrets.token_hex(12)]
        )
        self.users: dict[str, User] = {self.bot_user.id: self.bot_user}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, list[Message]] = {}
        self.ephemeral: dict[str, list[EphemeralMessage]] = {}
        self.files: dict[str, StoredFile] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.modals: dict[str, list[str]] = {}  # user id -> ids of modals opened for them, oldest first
        self.home_views: dict[str, dict[str, Any]] = {}
        self.calls: list[ApiCall] = []
        self.downloads: list[Download] = []
        self._view_users: dict[str, str] = {}
        self._uploads: dict[str, _PendingUpload] = {}
        self._failures: dict[str, list[_Failure]] = {}
        self._triggers: dict[str, _Trigger] = {}
        self._subscribers: list[Callable[[WorkspaceEvent], None]] = []

    # ----------------------------------------------------------------- ids and time

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):09d}"

    def _next_ts(self) -> str:
        """Slack message ts: wall-clock seconds with microseconds, strictly increasing per workspace."""
        with self._lock:
            self._last_ts_us = max(int(time.time() * 1_000_000), self._last_ts_us + 1)
            return f"{self._last_ts_us // 1_000_000}.{self._last_ts_us % 1_000_000:06d}"

    def _require_base_url(self) -> str:
        if not self.base_url:
            raise RuntimeError(
                "SlackWorkspace.base_url is not set: set it to the URL the stand-in is served at "
                "(the WebClient base_url without 'api/') before making file objects outside a request"
            )
        return self.base_url

    # ----------------------------------------------------------------- test controls

    def add_user(self, name: str, real_name: str | None = None, *, email: str | None = None) -> User:
        with self._lock:
            user = User(self._new_id("U"), name, real_name or name.title(), email=email)
            self.users[user.id] = user
            return user

    def add_channel(self, name: str, *, is_member: bool = True, is_private: bool = False) -> Channel:
        with self._lock:
            channel = Channel(self._new_id("G" if is_private else "C"), name, is_member, is_private)
            self.channels[channel.id] = channel
            self.messages[channel.id] = []
            return channel

    def dm_channel(self, user_id: str) -> Channel:
        """The bot's direct-message channel with a user, created on first use as Slack does."""
        with self._lock:
            self.user(user_id)
            for channel in self.channels.values():
                if channel.im_user == user_id:
                    return channel
            channel = Channel(self._new_id("D"), user_id, is_member=True, is_private=True, im_user=user_id)
            self.channels[channel.id] = channel
            self.messages[channel.id] = []
            return channel

    def fail_next(
        self, method: str, *, status: int = 429, retry_after: int = 1, error: str | None = None, times: int = 1
    ) -> None:
        """Make the next `times` calls of `method` fail: with `error`, HTTP 200 and ok:false; otherwise
        HTTP `status` (429 carries Retry-After: `retry_after`, as Slack's rate limiter does)."""
        if error is None and status < 400:
            raise ValueError(f"fail_next({method!r}): give error='...' for an ok:false answer, or an HTTP error status")
        with self._lock:
            self._failures.setdefault(method, []).append(_Failure(status, retry_after, error, times))

    def take_failure(self, method: str) -> InjectedFailure | None:
        with self._lock:
            queue = self._failures.get(method)
            if not queue:
                return None
            failure = queue[0]
            failure.remaining -= 1
            if failure.remaining <= 0:
                queue.pop(0)
            return InjectedFailure(failure.status, failure.retry_after, failure.error)

    def record_call(self, method: str, params: dict[str, Any], error: str | None) -> None:
        with self._lock:
            self.calls.append(ApiCall(method, params, time.time(), error))
            self._changed.notify_all()

    def record_download(self, file_id: str, authorized: bool) -> None:
        with self._lock:
            self.downloads.append(Download(file_id, authorized, time.time()))
            self._changed.notify_all()

    def calls_to(self, method: str) -> list[ApiCall]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, predicate: Callable[[], T], timeout: float = 15.0) -> T:
        """Block until `predicate()` is truthy (re-checked on every change) and return its value.

        Tests use it to wait for the bot's asynchronous work instead of sleeping."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                result = predicate()
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = ", ".join(f"{c.method}{'!' + c.error if c.error else ''}" for c in self.calls) or "none"
                    raise TimeoutError(f"condition not met within {timeout:g}s; API calls so far: {seen}")
                self._changed.wait(remaining)

    def subscribe(self, callback: Callable[[WorkspaceEvent], None]) -> Callable[[], None]:
        """Call `callback` after every new or changed message, ephemeral message and view; returns
        the function that unsubscribes. Callbacks run outside the lock, on the changing thread."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def _publish(self, event: WorkspaceEvent) -> None:
        with self._lock:
            self._changed.notify_all()
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(event)
            except Exception:  # a broken page connection must not fail the bot's API call
                log.exception("workspace subscriber failed on a %s event", event.kind)

    def add_file(
        self, user_id: str, channel_id: str, name: str, content: bytes, mimetype: str | None = None
    ) -> dict[str, Any]:
        """A user uploads a file into a channel; returns the Slack file object. Share it with
        `post_user_message(user, channel, text, files=[file])`, which is the message Slack posts."""
        with self._lock:
            base_url = self._require_base_url()
            self.user(user_id)
            self.channel(channel_id)
            stored = self._store_file(name, name, content, user_id, mimetype)
            stored.channels.append(channel_id)
            return self.file_object(stored.id, base_url)

    def post_user_message(
        self, user_id: str, channel_id: str, text: str, thread_ts: str | None = None,
        files: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A user posts in a channel (optionally in a thread, with files from `add_file`); returns the message."""
        self.user(user_id)
        file_ids = [f["id"] for f in files or []]
        for file_id in file_ids:
            self.file(file_id)
        message = self.post_message(channel_id, user=user_id, text=text, thread_ts=thread_ts, file_ids=file_ids)
        return self.message_object(message, self.base_url or "")

    def issue_trigger_id(self, user_id: str) -> str:
        """A trigger_id as Slack puts in a command or interaction payload, valid `trigger_ttl` seconds, once."""
        with self._lock:
            self.user(user_id)
            trigger_id = f"{int(time.time())}.{next(self._ids)}.{secrets.token_hex(16)}"
            self._triggers[trigger_id] = _Trigger(user_id, time.monotonic())
            return trigger_id

    # ----------------------------------------------------------------- lookups

    def user(self, user_id: str) -> User:
        with self._lock:
            if user_id not in self.users:
                raise ApiFailure("user_not_found")
            return self.users[user_id]

    def channel(self, channel_id: str) -> Channel:
        with self._lock:
            if channel_id not in self.channels:
                raise ApiFailure("channel_not_found")
            return self.channels[channel_id]

    def channel_for_post(self, ref: str) -> Channel:
        """Where chat.postMessage lands: a channel id, a user id (their DM with the bot) or a #name."""
        with self._lock:
            if ref in self.channels:
                return self.channels[ref]
            if ref in self.users and ref != self.bot_user.id:
                return self.dm_channel(ref)
            for channel in self.channels.values():
                if not channel.im_user and channel.name == ref.lstrip("#"):
                    return channel
            raise ApiFailure("channel_not_found")

    def readable_channel(self, channel_id: str) -> Channel:
        channel = self.channel(channel_id)
        if not channel.is_member:
            raise ApiFailure("not_in_channel")
        return channel

    def message(self, channel_id: str, ts: str) -> Message:
        with self._lock:
            for message in self.messages.get(self.channel(channel_id).id, []):
                if message.ts == ts:
                    return message
            raise ApiFailure("message_not_found")

    def file(self, file_id: str) -> StoredFile:
        with self._lock:
            if file_id not in self.files:
                raise ApiFailure("file_not_found")
            return self.files[file_id]

    def history(self, channel_id: str) -> list[Message]:
        """Channel-level messages, newest first: top-level ones and thread replies broadcast to the channel."""
        with self._lock:
            messages = self.messages[self.readable_channel(channel_id).id]
            return [m for m in reversed(messages) if m.thread_ts is None or m.broadcast]

    def replies(self, channel_id: str, ts: str) -> list[Message]:
        """A thread, oldest first, parent included; a message without replies is a thread of one."""
        with self._lock:
            self.readable_channel(channel_id)
            try:
                parent = self.message(channel_id, ts)
            except ApiFailure:
                raise ApiFailure("thread_not_found") from None
            root = parent.thread_ts or parent.ts
            return [m for m in self.messages[channel_id] if m.ts == root or m.thread_ts == root]

    def ephemeral_for(self, user_id: str) -> list[EphemeralMessage]:
        with self._lock:
            return list(self.ephemeral.get(user_id, []))

    def modal_views(self, user_id: str) -> list[dict[str, Any]]:
        """The modals opened for a user, oldest first, each in its latest version."""
        with self._lock:
            return [self.views[view_id] for view_id in self.modals.get(user_id, [])]

    # ----------------------------------------------------------------- operations behind the API

    def post_message(
        self,
        channel_ref: str,
        *,
        user: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
        bot_id: str | None = None,
        broadcast: bool = False,
        file_ids: list[str] | None = None,
    ) -> Message:
        with self._lock:
            channel = self.channel_for_post(channel_ref)
            if bot_id and not channel.is_member:
                raise ApiFailure("not_in_channel")
            if thread_ts is not None:
                self._check_thread(channel.id, thread_ts)
            message = Message(channel.id, self._next_ts(), user, text, blocks, thread_ts, bot_id,
                              list(file_ids or []), broadcast and thread_ts is not None)
            self.messages[channel.id].append(message)
            for file_id in message.file_ids:
                stored = self.files[file_id]
                stored.shares.append(Share(channel.id, message.ts, thread_ts, user))
                if channel.id not in stored.channels:
                    stored.channels.append(channel.id)
            event = WorkspaceEvent("message", channel.id, user, self.message_object(message, self.base_url or ""))
        self._publish(event)
        return message

    def _check_thread(self, channel_id: str, thread_ts: str) -> None:
        """Slack rejects a malformed thread_ts and a thread_ts naming no top-level message (a reply's
        ts included: "never use a reply's ts value; use its parent instead")."""
        if not TS_PATTERN.match(thread_ts):
            raise ApiFailure("invalid_thread_ts", [f"{thread_ts} is not a valid thread_ts"])
        for message in self.messages[channel_id]:
            if message.ts == thread_ts and message.thread_ts is None:
                return
        raise ApiFailure("thread_not_found")

    def update_message(self, channel_id: str, ts: str, *, editor: str, text: str, blocks: list[dict[str, Any]] | None) -> Message:
        with self._lock:
            message = self.message(channel_id, ts)
            if message.user != editor:
                raise ApiFailure("cant_update_message")
            edited_at = self._next_ts()
            message.edits.append(MessageVersion(message.text, message.blocks, edited_at))
            message.text = text
            message.blocks = blocks
            event = WorkspaceEvent("message_changed", channel_id, editor, self.message_object(message, self.base_url or ""))
        self._publish(event)
        return message

    def post_ephemeral(
        self, channel_id: str, user_id: str, *, text: str, blocks: list[dict[str, Any]] | None, thread_ts: str | None
    ) -> EphemeralMessage:
        with self._lock:
            channel = self.readable_channel(channel_id)
            if user_id not in self.users or channel.im_user not in (None, user_id):
                raise ApiFailure("user_not_in_channel")
            message = EphemeralMessage(channel.id, user_id, self._next_ts(), text, blocks, thread_ts)
            self.ephemeral.setdefault(user_id, []).append(message)
            event = WorkspaceEvent("ephemeral", channel.id, user_id, {
                "type": "message", "subtype": "ephemeral", "user": self.bot_user.id, "bot_id": self.bot_id,
                "text": text, "blocks": blocks or [], "ts": message.message_ts, "thread_ts": thread_ts,
            })
        self._publish(event)
        return message

    def _store_file(
        self, name: str, title: str, content: bytes, user_id: str, mimetype: str | None, file_id: str | None = None
    ) -> StoredFile:
        filetype, pretty, mime = file_kind(name, mimetype)
        stored = StoredFile(file_id or self._new_id("F"), name, title, mime, filetype, pretty, content, user_id, [],
                            int(time.time()))
        self.files[stored.id] = stored
        return stored

    def start_upload(self, filename: str, length: int) -> tuple[str, str]:
        """files.getUploadURLExternal: returns (file_id, upload key for the upload URL)."""
        with self._lock:
            key = secrets.token_urlsafe(18)
            self._uploads[key] = _PendingUpload(self._new_id("F"), filename, length)
            return self._uploads[key].file_id, key

    def receive_upload(self, key: str, content: bytes) -> bool:
        with self._lock:
            pending = self._uploads.get(key)
            if pending is None:
                return False
            pending.content = content
            return True

    def complete_upload(
        self, items: list[tuple[str, str | None]], *, channel_ids: list[str], thread_ts: str | None, initial_comment: str
    ) -> list[StoredFile]:
        """files.completeUploadExternal: turn uploaded bytes into files and share them in one message."""
        with self._lock:
            by_file_id = {p.file_id: (key, p) for key, p in self._uploads.items()}
            ready: list[tuple[str, _PendingUpload, str | None]] = []
            for file_id, title in items:
                if file_id not in by_file_id or by_file_id[file_id][1].content is None:
                    raise ApiFailure("file_not_found")
                key, pending = by_file_id[file_id]
                ready.append((key, pending, title))
            channels = [self.channel_for_post(ref) for ref in channel_ids]
            if thread_ts is not None and len(channels) != 1:
                raise ApiFailure("invalid_arguments", ["thread_ts needs exactly one channel"])
            for channel in channels:
                if not channel.is_member:
                    raise ApiFailure("not_in_channel")
                if thread_ts is not None:
                    self._check_thread(channel.id, thread_ts)
            stored_files = []
            for key, pending, title in ready:
                del self._uploads[key]
                stored_files.append(self._store_file(pending.filename, title or pending.filename, pending.content or b"",
                                                     self.bot_user.id, None, file_id=pending.file_id))
        for channel in channels:  # outside the lock, so subscribers are too
            self.post_message(channel.id, user=self.bot_user.id, text=initial_comment, thread_ts=thread_ts,
                              bot_id=self.bot_id, file_ids=[f.id for f in stored_files])
        return stored_files

    def redeem_trigger(self, trigger_id: str) -> str:
        """The user a trigger_id was issued for; Slack's errors for unknown, expired and reused ones."""
        with self._lock:
            trigger = self._triggers.get(trigger_id)
            if trigger is None:
                raise ApiFailure("invalid_trigger_id")
            if trigger.used:
                raise ApiFailure("exchanged_trigger_id")
            if time.monotonic() - trigger.issued > self.trigger_ttl:
                raise ApiFailure("expired_trigger_id")
            trigger.used = True
            return trigger.user

    def _view_object(self, view: dict[str, Any], view_id: str, root_view_id: str) -> dict[str, Any]:
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": view["type"],
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{time.time():.6f}.{secrets.token_hex(4)}",
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": None,
            "root_view_id": root_view_id,
            "app_id": self.app_id,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            user_id = self.redeem_trigger(trigger_id)
            view_id = self._new_id("V")
            self.views[view_id] = self._view_object(view, view_id, view_id)
            self._view_users[view_id] = user_id
            self.modals.setdefault(user_id, []).append(view_id)
            opened = self.views[view_id]
        self._publish(WorkspaceEvent("view", None, user_id, opened))
        return opened

    def update_view(
        self, view: dict[str, Any], *, view_id: str | None, external_id: str | None, hash_: str | None
    ) -> dict[str, Any]:
        with self._lock:
            found = view_id if view_id in self.views else next(
                (vid for vid, v in self.views.items() if external_id and v["external_id"] == external_id), None
            )
            if found is None:
                raise ApiFailure("not_found")
            current = self.views[found]
            if hash_ is not None and hash_ != current["hash"]:
                raise ApiFailure("hash_conflict")
            updated = self._view_object(view, found, current["root_view_id"])
            self.views[found] = updated
            user_id = self._view_users[found]
            if current["type"] == "home":
                self.home_views[user_id] = updated
        self._publish(WorkspaceEvent("view", None, user_id, updated))
        return updated

    def publish_view(self, user_id: str, view: dict[str, Any], hash_: str | None) -> dict[str, Any]:
        with self._lock:
            self.user(user_id)
            current = self.home_views.get(user_id)
            if current is not None and hash_ is not None and hash_ != current["hash"]:
                raise ApiFailure("hash_conflict")
            view_id = current["id"] if current else self._new_id("V")
            published = self._view_object(view, view_id, view_id)
            self.views[view_id] = published
            self._view_users[view_id] = user_id
            self.home_views[user_id] = published
        self._publish(WorkspaceEvent("view", None, user_id, published))
        return published

    # ----------------------------------------------------------------- Slack-shaped objects

    def permalink(self, channel_id: str, message: Message) -> str:
        link = f"https://{self.team_domain}.slack.com/archives/{channel_id}/p{message.ts.replace('.', '')}"
        if message.thread_ts and message.thread_ts != message.ts:
            link += f"?thread_ts={message.thread_ts}&cid={channel_id}"
        return link

    def message_object(self, message: Message, base_url: str) -> dict[str, Any]:
        """The message as conversations.history / chat.postMessage return it."""
        with self._lock:
            out: dict[str, Any] = {"type": "message", "ts": message.ts, "user": message.user, "text": message.text,
                                   "team": self.team_id}
            if message.bot_id:
                out["bot_id"] = message.bot_id
                out["app_id"] = self.app_id
                out["bot_profile"] = {"id": self.bot_id, "app_id": self.app_id, "name": self.bot_user.name,
                                      "deleted": False, "team_id": self.team_id}
            if message.blocks is not None:
                out["blocks"] = message.blocks
            if message.file_ids:
                out["files"] = [self.file_object(file_id, base_url) for file_id in message.file_ids]
                out["upload"] = True
                out["display_as_bot"] = False
            if message.broadcast:
                out["subtype"] = "thread_broadcast"
            if message.edits:
                out["edited"] = {"user": message.user, "ts": message.edits[-1].replaced_at}
            if message.thread_ts and message.thread_ts != message.ts:
                out["thread_ts"] = message.thread_ts
                parent = next((m for m in self.messages[message.channel] if m.ts == message.thread_ts), None)
                if parent is not None:
                    out["parent_user_id"] = parent.user
            replies = [m for m in self.messages[message.channel] if m.thread_ts == message.ts and m.ts != message.ts]
            if replies:
                reply_users = list(dict.fromkeys(m.user for m in replies))
                out.update({"thread_ts": message.ts, "reply_count": len(replies), "reply_users_count": len(reply_users),
                            "reply_users": reply_users, "latest_reply": replies[-1].ts, "is_locked": False, "subscribed": False})
            return out

    def file_object(self, file_id: str, base_url: str) -> dict[str, Any]:
        """The Slack file object; its private URLs point at the stand-in served at `base_url`."""
        with self._lock:
            f = self.file(file_id)
            base = base_url if base_url.endswith("/") else base_url + "/"
            name = quote(f.name)
            shares: dict[str, dict[str, list[dict[str, Any]]]] = {}
            for share in f.shares:
                channel = self.channels[share.channel]
                entry: dict[str, Any] = {"reply_users": [], "reply_users_count": 0, "reply_count": 0, "ts": share.ts,
                                         "channel_name": channel.name, "team_id": self.team_id, "share_user_id": share.user,
                                         "source": "UNKNOWN"}
                if share.thread_ts:
                    entry["thread_ts"] = share.thread_ts
                shares.setdefault("private" if channel.is_private else "public", {}).setdefault(share.channel, []).append(entry)
            kinds = {cid: self.channels[cid] for cid in f.channels}
            return {
                "id": f.id, "created": f.created, "timestamp": f.created, "name": f.name, "title": f.title,
                "mimetype": f.mimetype, "filetype": f.filetype, "pretty_type": f.pretty_type, "user": f.user,
                "user_team": self.team_id, "editable": False, "size": f.size, "mode": "hosted", "is_external": False,
                "external_type": "", "is_public": any(not c.is_private for c in kinds.values()), "public_url_shared": False,
                "display_as_bot": False, "username": "",
                "url_private": f"{base}files-pri/{self.team_id}-{f.id}/{name}",
                "url_private_download": f"{base}files-pri/{self.team_id}-{f.id}/download/{name}",
                "media_display_type": "unknown",
                "permalink": f"https://{self.team_domain}.slack.com/files/{f.user}/{f.id}/{name}",
                "channels": [cid for cid, c in kinds.items() if not c.is_private],
                "groups": [cid for cid, c in kinds.items() if c.is_private and not c.im_user],
                "ims": [cid for cid, c in kinds.items() if c.im_user],
                "shares": shares, "comments_count": 0, "has_rich_preview": False, "file_access": "visible",
            }

