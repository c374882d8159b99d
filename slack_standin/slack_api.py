"""A Slack-compatible Web API over a `SlackWorkspace`, served as a FastAPI sub-application.

Point `slack_sdk.WebClient(base_url=f"{served_at}/api/")` at it. It answers the way Slack does:
HTTP 200 with `{"ok": true, ...}` or `{"ok": false, "error": "..."}`, HTTP 429 with Retry-After
when a test asks for it, and an HTML sign-in page instead of a file's bytes when the download
carries no valid token. It enforces the Block Kit limits a bot most often breaks, so those mistakes
fail in tests rather than in a customer's workspace.

Mount it (`app.mount("/slack", create_slack_api(ws))`) or serve it alone; file and upload URLs
are built from the request (host and mount prefix), so they point back at wherever it is served.
"""
from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.datastructures import UploadFile

from slack_standin.workspace import TS_PATTERN, ApiFailure, InjectedFailure, Message, SlackWorkspace

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000

LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="utf-8"><title>Slack</title></head>
<body>
<div class="p-refreshed_page">
<h1 class="p-refreshed_page__heading">Sign in to Slack</h1>
<p>We suggest using the <strong>email address you use at work.</strong></p>
<form action="/signin" method="post"><input type="email" name="email" placeholder="name@work-email.com">
<button type="submit">Sign In With Email</button></form>
</div>
</body>
</html>
"""

Handler = Callable[[SlackWorkspace, dict[str, Any], str], dict[str, Any]]


# --------------------------------------------------------------------------- Block Kit limits

def _too_long(value: Any, limit: int, at: str) -> list[str]:
    if isinstance(value, str) and len(value) > limit:
        return [f"must be less than {limit + 1} characters [json-pointer:{at}]"]
    return []


def _text_object_errors(obj: Any, limit: int, at: str, *, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return [f"must provide an object with a text string [json-pointer:{at}]"]
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    if obj.get("type") not in allowed:
        return [f"must be one of: {', '.join(allowed)} [json-pointer:{at}/type]"]
    if not obj["text"]:
        return [f"must be more than 0 characters [json-pointer:{at}/text]"]
    return _too_long(obj["text"], limit, f"{at}/text")


def _element_errors(element: Any, at: str) -> list[str]:
    if not isinstance(element, dict) or not isinstance(element.get("type"), str):
        return [f"missing required field: type [json-pointer:{at}]"]
    errors = _too_long(element.get("action_id"), 255, f"{at}/action_id")
    if element["type"] == "button":
        errors += _text_object_errors(element.get("text"), 75, f"{at}/text", plain_only=True)
        errors += _too_long(element.get("value"), 2000, f"{at}/value")
        errors += _too_long(element.get("url"), 3000, f"{at}/url")
    return errors


def _section_errors(block: dict[str, Any], at: str) -> list[str]:
    if "text" not in block and "fields" not in block:
        return [f"must provide either text or fields [json-pointer:{at}]"]
    errors = []
    if "text" in block:
        errors += _text_object_errors(block["text"], 3000, f"{at}/text")
    fields = block.get("fields")
    if fields is not None:
        if not isinstance(fields, list) or len(fields) > 10:
            errors.append(f"no more than 10 items allowed [json-pointer:{at}/fields]")
        else:
            for j, item in enumerate(fields):
                errors += _text_object_errors(item, 2000, f"{at}/fields/{j}")
    if "accessory" in block:
        errors += _element_errors(block["accessory"], f"{at}/accessory")
    return errors


def _elements_errors(block: dict[str, Any], at: str, limit: int, check: Callable[[Any, str], list[str]]) -> list[str]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        return [f"must provide a non-empty elements array [json-pointer:{at}/elements]"]
    if len(elements) > limit:
        return [f"no more than {limit} items allowed [json-pointer:{at}/elements]"]
    return [error for j, element in enumerate(elements) for error in check(element, f"{at}/elements/{j}")]


def _context_element_errors(element: Any, at: str) -> list[str]:
    if isinstance(element, dict) and element.get("type") == "image":
        return []
    return _text_object_errors(element, 3000, at)


def block_errors(blocks: Sequence[Any], pointer: str, max_blocks: int) -> list[str]:
    """Slack's validation messages for the limits bots break most (SLACK_NOTES: Block Kit limits)."""
    if len(blocks) > max_blocks:
        return [f"no more than {max_blocks} items allowed [json-pointer:{pointer}]"]
    errors: list[str] = []
    for i, block in enumerate(blocks):
        at = f"{pointer}/{i}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            errors.append(f"missing required field: type [json-pointer:{at}]")
            continue
        errors += _too_long(block.get("block_id"), 255, f"{at}/block_id")
        kind = block["type"]
        if kind == "section":
            errors += _section_errors(block, at)
        elif kind == "header":
            errors += _text_object_errors(block.get("text"), 150, f"{at}/text", plain_only=True)
        elif kind == "actions":
            errors += _elements_errors(block, at, 25, _element_errors)
        elif kind == "context":
            errors += _elements_errors(block, at, 10, _context_element_errors)
    return errors


def view_errors(view: dict[str, Any], allowed_types: tuple[str, ...]) -> list[str]:
    if view.get("type") not in allowed_types:
        return [f"must be one of: {', '.join(allowed_types)} [json-pointer:/view/type]"]
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        return ["missing required field: blocks [json-pointer:/view/blocks]"]
    errors = block_errors(blocks, "/view/blocks", MAX_VIEW_BLOCKS)
    if view["type"] == "modal":
        errors += _text_object_errors(view.get("title"), 24, "/view/title", plain_only=True)
        for key in ("submit", "close"):
            if key in view:
                errors += _text_object_errors(view[key], 24, f"/view/{key}", plain_only=True)
    errors += _too_long(view.get("callback_id"), 255, "/view/callback_id")
    errors += _too_long(view.get("external_id"), 255, "/view/external_id")
    errors += _too_long(view.get("private_metadata"), 3000, "/view/private_metadata")
    return errors


# --------------------------------------------------------------------------- argument parsing

def _text(params: dict[str, Any], key: str) -> str | None:
    value = params.get(key)
    return None if value is None else str(value)


def _flag(params: dict[str, Any], key: str) -> bool:
    return params.get(key) in (True, 1, "1", "true", "True")


def _json_arg(params: dict[str, Any], key: str, failure: ApiFailure) -> Any:
    """Slack takes structured arguments as JSON values (JSON bodies) or JSON strings (forms)."""
    value = params.get(key)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise failure from None
    return value


def _thread_ts(params: dict[str, Any]) -> str | None:
    value = _text(params, "thread_ts")
    if value is None or value == "":
        return None
    if not TS_PATTERN.match(value):  # e.g. a float that lost its trailing zeros
        raise ApiFailure("invalid_thread_ts", [f"{value} is not a valid thread_ts"])
    return value


def _blocks(params: dict[str, Any]) -> list[dict[str, Any]] | None:
    if params.get("blocks") is None:
        return None
    blocks = _json_arg(params, "blocks", ApiFailure("invalid_blocks_format"))
    if not isinstance(blocks, list):
        raise ApiFailure("invalid_blocks_format")
    errors = block_errors(blocks, "/blocks", MAX_MESSAGE_BLOCKS)
    if errors:
        raise ApiFailure("invalid_blocks", errors)
    return blocks


def _content(params: dict[str, Any]) -> tuple[str | None, list[dict[str, Any]] | None]:
    """(text, blocks) of a message call; Slack wants at least one and caps the text at 40,000."""
    text, blocks = _text(params, "text"), _blocks(params)
    if not text and not blocks:
        raise ApiFailure("no_text")
    if text and len(text) > MAX_MESSAGE_TEXT:
        raise ApiFailure("msg_too_long")
    return text, blocks


def _required(params: dict[str, Any], key: str, error: str) -> str:
    value = _text(params, key)
    if not value:
        raise ApiFailure(error, [f"missing required field: {key}"] if error == "invalid_arguments" else [])
    return value


def _view(params: dict[str, Any], allowed_types: tuple[str, ...]) -> dict[str, Any]:
    bad = ApiFailure("invalid_arguments", ["view must be a JSON object [json-pointer:/view]"])
    view = _json_arg(params, "view", bad)
    if not isinstance(view, dict):
        raise bad
    errors = view_errors(view, allowed_types)
    if errors:
        raise ApiFailure("invalid_arguments", errors)
    return view


def _ts_bound(params: dict[str, Any], key: str) -> float | None:
    value = _text(params, key)
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ApiFailure(f"invalid_ts_{key}") from None


def _page(messages: list[Message], params: dict[str, Any]) -> tuple[list[Message], str]:
    """Cursor pagination as Slack does it: `limit` items, cursor = base64("next_ts:<ts>")."""
    try:
        limit = max(1, min(int(params.get("limit") or 100), 999))
    except ValueError:
        raise ApiFailure("invalid_limit") from None
    start = 0
    cursor = _text(params, "cursor")
    if cursor:
        try:
            next_ts = base64.b64decode(cursor, validate=True).decode().removeprefix("next_ts:")
        except (binascii.Error, UnicodeDecodeError):
            raise ApiFailure("invalid_cursor") from None
        start = next((i for i, m in enumerate(messages) if m.ts == next_ts), -1)
        if start < 0:
            raise ApiFailure("invalid_cursor")
    page = messages[start:start + limit]
    more = messages[start + limit:start + limit + 1]
    return page, base64.b64encode(f"next_ts:{more[0].ts}".encode()).decode() if more else ""


def _paged_response(ws: SlackWorkspace, messages: list[Message], params: dict[str, Any], base: str) -> dict[str, Any]:
    page, next_cursor = _page(messages, params)
    return {
        "messages": [ws.message_object(m, base) for m in page],
        "has_more": bool(next_cursor),
        "response_metadata": {"next_cursor": next_cursor},
    }


# --------------------------------------------------------------------------- methods

def _auth_test(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    return {"url": f"https://{ws.team_domain}.slack.com/", "team": ws.team_name, "user": ws.bot_user.name,
            "team_id": ws.team_id, "user_id": ws.bot_user.id, "bot_id": ws.bot_id, "is_enterprise_install": False}


def _post_message(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    channel = _required(params, "channel", "channel_not_found")
    text, blocks = _content(params)
    message = ws.post_message(channel, user=ws.bot_user.id, text=text or "", blocks=blocks or None,
                              thread_ts=_thread_ts(params), bot_id=ws.bot_id, broadcast=_flag(params, "reply_broadcast"))
    return {"channel": message.channel, "ts": message.ts, "message": ws.message_object(message, base)}


def _update(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    """chat.update keeps the text or blocks it is not given; `blocks=[]` removes the blocks."""
    channel = _required(params, "channel", "channel_not_found")
    ts = _required(params, "ts", "message_not_found")
    text, blocks = _content(params)
    current = ws.message(channel, ts)
    message = ws.update_message(channel, ts, editor=ws.bot_user.id,
                                text=current.text if text is None else text,
                                blocks=current.blocks if blocks is None else (blocks or None))
    return {"channel": channel, "ts": ts, "text": message.text, "message": ws.message_object(message, base)}


def _post_ephemeral(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    channel = _required(params, "channel", "channel_not_found")
    user = _required(params, "user", "user_not_in_channel")
    text, blocks = _content(params)
    message = ws.post_ephemeral(channel, user, text=text or "", blocks=blocks or None, thread_ts=_thread_ts(params))
    return {"message_ts": message.message_ts}


def _permalink(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    channel = _required(params, "channel", "channel_not_found")
    message = ws.message(channel, _required(params, "message_ts", "message_not_found"))
    return {"channel": channel, "permalink": ws.permalink(channel, message)}


def _conversation_info(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    return {"channel": ws.channel(_required(params, "channel", "channel_not_found")).to_slack()}


def _history(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    messages = ws.history(_required(params, "channel", "channel_not_found"))
    inclusive = _flag(params, "inclusive")
    oldest, latest = _ts_bound(params, "oldest"), _ts_bound(params, "latest")
    if oldest is not None:
        messages = [m for m in messages if float(m.ts) > oldest or (inclusive and float(m.ts) == oldest)]
    if latest is not None:
        messages = [m for m in messages if float(m.ts) < latest or (inclusive and float(m.ts) == latest)]
    return {**_paged_response(ws, messages, params, base), "pin_count": 0}


def _replies(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    channel = _required(params, "channel", "channel_not_found")
    messages = ws.replies(channel, _required(params, "ts", "thread_not_found"))
    return _paged_response(ws, messages, params, base)


def _user_info(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    user = ws.user(_required(params, "user", "user_not_found"))
    return {"user": user.to_slack(ws.team_id, ws.bot_id if user.id == ws.bot_user.id else None)}


def _file_info(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    file_id = _required(params, "file", "file_not_found")
    return {"file": ws.file_object(file_id, base), "comments": [], "response_metadata": {"next_cursor": ""}}


def _upload_url(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    filename = _required(params, "filename", "invalid_arguments")
    try:
        length = int(_required(params, "length", "invalid_arguments"))
    except ValueError:
        raise ApiFailure("invalid_arguments", ["length must be an integer"]) from None
    file_id, key = ws.start_upload(filename, length)
    return {"upload_url": f"{base}upload/v1/{key}", "file_id": file_id}


def _complete_upload(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    bad = ApiFailure("invalid_arguments", ["files must be a JSON array of {id, title} objects"])
    items = _json_arg(params, "files", bad)
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) and i.get("id") for i in items):
        raise bad
    channel_ids = [c for c in [_text(params, "channel_id"), *(_text(params, "channels") or "").split(",")] if c]
    stored = ws.complete_upload([(str(i["id"]), i.get("title")) for i in items], channel_ids=channel_ids,
                                thread_ts=_thread_ts(params), initial_comment=_text(params, "initial_comment") or "")
    return {"files": [ws.file_object(f.id, base) for f in stored]}


def _views_open(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    trigger_id = _required(params, "trigger_id", "invalid_arguments")
    return {"view": ws.open_view(trigger_id, _view(params, ("modal",)))}


def _views_update(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    view_id, external_id = _text(params, "view_id"), _text(params, "external_id")
    if not view_id and not external_id:
        raise ApiFailure("invalid_arguments", ["missing required field: view_id or external_id"])
    view = _view(params, ("modal", "home"))
    return {"view": ws.update_view(view, view_id=view_id, external_id=external_id, hash_=_text(params, "hash"))}


def _views_publish(ws: SlackWorkspace, params: dict[str, Any], base: str) -> dict[str, Any]:
    user_id = _required(params, "user_id", "invalid_arguments")
    return {"view": ws.publish_view(user_id, _view(params, ("home",)), _text(params, "hash"))}


METHODS: dict[str, Handler] = {
    "auth.test": _auth_test,
    "chat.postMessage": _post_message,
    "chat.update": _update,
    "chat.postEphemeral": _post_ephemeral,
    "chat.getPermalink": _permalink,
    "conversations.info": _conversation_info,
    "conversations.history": _history,
    "conversations.replies": _replies,
    "users.info": _user_info,
    "files.info": _file_info,
    "files.getUploadURLExternal": _upload_url,
    "files.completeUploadExternal": _complete_upload,
    "views.open": _views_open,
    "views.update": _views_update,
    "views.publish": _views_publish,
}


# --------------------------------------------------------------------------- HTTP

def _failure_body(failure: ApiFailure) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": False, "error": failure.error}
    if failure.messages:
        if failure.error == "invalid_blocks":
            body["errors"] = failure.messages
        body["response_metadata"] = {"messages": [f"[ERROR] {m}" for m in failure.messages]}
    return body


async def _read_params(request: Request) -> dict[str, Any]:
    """Query string plus the body: JSON (chat.*, views.*), url-encoded or multipart form (the rest)."""
    params: dict[str, Any] = dict(request.query_params)
    if request.method != "POST":
        return params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        raw = await request.body()
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                raise ApiFailure("invalid_json") from None
            if not isinstance(body, dict):
                raise ApiFailure("json_not_object")
            params.update(body)
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        params.update({key: value for key, value in form.items() if isinstance(value, str)})
    return params


def _injected_status(workspace: SlackWorkspace, method: str, params: dict[str, Any], injected: InjectedFailure) -> Response:
    """A `fail_next` HTTP failure: 429 with Retry-After as Slack's rate limiter sends, or a 5xx."""
    error = "ratelimited" if injected.status == 429 else "fatal_error"
    workspace.record_call(method, params, error)
    headers = {"Retry-After": str(injected.retry_after)} if injected.status == 429 else {}
    return JSONResponse({"ok": False, "error": error}, status_code=injected.status, headers=headers)


def _served_at(request: Request) -> str:
    """This app's public base URL, mount prefix included: request.base_url stops at the outermost
    app's root, so a stand-in mounted at /sandbox/slack would hand out URLs it does not serve."""
    return str(request.base_url.replace(path=request.scope.get("root_path", "") + "/"))


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def create_slack_api(workspace: SlackWorkspace) -> FastAPI:
    """The stand-in as a FastAPI app: `POST|GET /api/{method}`, the upload URL and file downloads."""
    app = FastAPI(title="Slack Web API stand-in", docs_url=None, redoc_url=None, openapi_url=None)

    @app.api_route("/api/{method}", methods=["GET", "POST"])
    async def web_api(method: str, request: Request) -> Response:
        handler = METHODS.get(method)
        if handler is None:
            workspace.record_call(method, dict(request.query_params), "unknown_method")
            return JSONResponse({"ok": False, "error": "unknown_method", "req_method": method})
        params: dict[str, Any] = {}
        try:
            params = await _read_params(request)
            token = _bearer(request) or _text(params, "token")
            params.pop("token", None)
            if not token:
                raise ApiFailure("not_authed")
            if token != workspace.bot_token:
                raise ApiFailure("invalid_auth")
            injected = workspace.take_failure(method)
            if injected is not None and injected.error is not None:
                raise ApiFailure(injected.error)
            if injected is not None:
                return _injected_status(workspace, method, params, injected)
            body = {"ok": True, **handler(workspace, params, _served_at(request))}
        except ApiFailure as failure:
            workspace.record_call(method, params, failure.error)
            return JSONResponse(_failure_body(failure))
        workspace.record_call(method, params, None)
        return JSONResponse(body)

    @app.post("/upload/v1/{key}")
    async def upload(key: str, request: Request) -> Response:
        """The upload URL takes raw bytes (slack_sdk) or a multipart form with the file (curl -F)."""
        if request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
            form = await request.form()
            uploads = [(k, v) for k, v in form.multi_items() if isinstance(v, UploadFile)]
            if not uploads:
                return PlainTextResponse("no file in the form", status_code=400)
            content = await next((v for k, v in uploads if k == "file"), uploads[0][1]).read()
        else:
            content = await request.body()
        if not workspace.receive_upload(key, content):
            return PlainTextResponse("upload URL not found or expired", status_code=404)
        return PlainTextResponse(f"OK - {len(content)}")

    def serve_file(team_file: str, request: Request, *, download: bool) -> Response:
        team_id, _, file_id = team_file.partition("-")
        authorized = _bearer(request) == workspace.bot_token
        workspace.record_download(file_id, authorized)
        if not authorized:
            return HTMLResponse(LOGIN_PAGE)  # Slack's trap: 200 and a web page, not the file
        try:
            stored = workspace.file(file_id)
        except ApiFailure:
            stored = None
        if stored is None or team_id != workspace.team_id:
            return HTMLResponse("<!DOCTYPE html><html><body><h1>File not found</h1></body></html>", status_code=404)
        headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(stored.name)}"} if download else {}
        return Response(stored.content, media_type=stored.mimetype, headers=headers)

    @app.get("/files-pri/{team_file}/download/{name}")
    async def file_download(team_file: str, name: str, request: Request) -> Response:
        return serve_file(team_file, request, download=True)

    @app.get("/files-pri/{team_file}/{name}")
    async def file_private(team_file: str, name: str, request: Request) -> Response:
        return serve_file(team_file, request, download=False)

    return app
