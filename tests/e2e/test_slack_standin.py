"""The Slack Web API stand-in, driven over HTTP by the real slack_sdk WebClient.

If slack_sdk can talk to it unchanged (JSON and form bodies, the three-step files_upload_v2,
retry handlers reading Retry-After), the bot under test can too; and the errors asserted here are
the ones the bot's own tests rely on to catch its mistakes.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from slack_bolt import Ack, App, BoltRequest, Say
from slack_bolt.adapter.fastapi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from slack_standin import payloads
from slack_standin.slack_api import create_slack_api
from slack_standin.workspace import Channel, SlackWorkspace, User, WorkspaceEvent
from tests.servers import serve_in_thread

pytestmark = pytest.mark.e2e


@dataclass
class Slack:
    ws: SlackWorkspace
    url: str
    client: WebClient
    alice: User
    general: Channel

    def client_with(self, **kwargs: object) -> WebClient:
        return WebClient(base_url=f"{self.url}/api/", **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def slack() -> Iterator[Slack]:
    ws = SlackWorkspace()
    with serve_in_thread(create_slack_api(ws)) as url:
        ws.base_url = url
        alice = ws.add_user("alice", "Alice Analyst")
        general = ws.add_channel("general")
        client = WebClient(token=ws.bot_token, base_url=f"{url}/api/", retry_handlers=[])
        yield Slack(ws, url, client, alice, general)


def section(text: str) -> dict[str, object]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def test_auth_test_describes_the_bot(slack: Slack) -> None:
    response = slack.client.auth_test()
    assert response["ok"] is True
    assert (response["user_id"], response["bot_id"], response["team_id"]) == (
        slack.ws.bot_user.id, slack.ws.bot_id, slack.ws.team_id)
    assert slack.ws.calls_to("auth.test")[0].error is None


def test_post_then_update_keeps_edit_history(slack: Slack) -> None:
    posted = slack.client.chat_postMessage(channel=slack.general.id, text="v1", blocks=[section("*v1*")])
    ts = posted["ts"]
    assert posted["message"]["blocks"][0]["text"]["text"] == "*v1*"
    assert slack.ws.calls_to("chat.postMessage")[0].params["blocks"] == [section("*v1*")]

    updated = slack.client.chat_update(channel=slack.general.id, ts=ts, text="v2", blocks=[section("*v2*")])
    assert updated["message"]["edited"]["user"] == slack.ws.bot_user.id
    stored = slack.ws.message(slack.general.id, ts)
    assert (stored.text, [v.text for v in stored.edits]) == ("v2", ["v1"])
    history = slack.client.conversations_history(channel=slack.general.id)["messages"]
    assert [(m["ts"], m["text"]) for m in history] == [(ts, "v2")]


def test_thread_replies_and_thread_errors(slack: Slack) -> None:
    parent = slack.ws.post_user_message(slack.alice.id, slack.general.id, "what was revenue in Q3?")
    reply = slack.client.chat_postMessage(channel=slack.general.id, text="$1.2M", thread_ts=parent["ts"])
    thread = slack.client.conversations_replies(channel=slack.general.id, ts=parent["ts"])["messages"]
    assert [m["text"] for m in thread] == ["what was revenue in Q3?", "$1.2M"]
    assert thread[0]["reply_count"] == 1 and thread[1]["parent_user_id"] == slack.alice.id
    assert [m["ts"] for m in slack.client.conversations_history(channel=slack.general.id)["messages"]] == [parent["ts"]]

    with pytest.raises(SlackApiError) as reply_ts:
        slack.client.chat_postMessage(channel=slack.general.id, text="x", thread_ts=reply["ts"])
    assert reply_ts.value.response["error"] == "thread_not_found"
    with pytest.raises(SlackApiError) as float_ts:
        slack.client.chat_postMessage(channel=slack.general.id, text="x", thread_ts=float(parent["ts"][:-2] + "00"))
    assert float_ts.value.response["error"] == "invalid_thread_ts"


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_message_errors_surface_the_bots_mistakes(slack: Slack) -> None:
    def error_of(**kwargs: object) -> SlackApiError:
        with pytest.raises(SlackApiError) as caught:
            slack.client.chat_postMessage(**kwargs)  # type: ignore[arg-type]
        return caught.value

    too_many = error_of(channel=slack.general.id, text="t", blocks=[section(str(i)) for i in range(51)])
    assert too_many.response["error"] == "invalid_blocks"
    assert too_many.response["errors"] == ["no more than 50 items allowed [json-pointer:/blocks]"]
    long_text = error_of(channel=slack.general.id, text="t", blocks=[section("x" * 3001)])
    assert long_text.response["error"] == "invalid_blocks"
    assert "[json-pointer:/blocks/0/text/text]" in long_text.response["response_metadata"]["messages"][0]
    assert error_of(channel=slack.general.id).response["error"] == "no_text"
    assert error_of(channel="C404", text="hi").response["error"] == "channel_not_found"
    outside = slack.ws.add_channel("random", is_member=False)
    assert error_of(channel=outside.id, text="hi").response["error"] == "not_in_channel"
    with pytest.raises(SlackApiError) as missing:
        slack.client.chat_update(channel=slack.general.id, ts="1700000000.000100", text="x")
    assert missing.value.response["error"] == "message_not_found"
    fifty = slack.client.chat_postMessage(channel=slack.general.id, text="t", blocks=[section("ok")] * 50)
    assert len(fifty["message"]["blocks"]) == 50


def test_form_encoded_calls_and_unknown_method(slack: Slack) -> None:
    response = httpx.post(f"{slack.url}/api/chat.postMessage",
                          data={"token": slack.ws.bot_token, "channel": slack.general.id, "text": "form",
                                "blocks": '[{"type": "divider"}]'})
    assert response.json()["ok"] is True and response.json()["message"]["blocks"] == [{"type": "divider"}]
    bad_format = httpx.post(f"{slack.url}/api/chat.postMessage",
                            data={"token": slack.ws.bot_token, "channel": slack.general.id, "blocks": "not json"})
    assert bad_format.json() == {"ok": False, "error": "invalid_blocks_format"}
    with pytest.raises(SlackApiError) as unknown:
        slack.client.api_call("files.upload")
    assert unknown.value.response["error"] == "unknown_method"


def test_ephemeral_goes_to_one_user_only(slack: Slack) -> None:
    response = slack.client.chat_postEphemeral(channel=slack.general.id, user=slack.alice.id, text="only you")
    [ephemeral] = slack.ws.ephemeral_for(slack.alice.id)
    assert (ephemeral.message_ts, ephemeral.text) == (response["message_ts"], "only you")
    assert slack.client.conversations_history(channel=slack.general.id)["messages"] == []
    with pytest.raises(SlackApiError) as stranger:
        slack.client.chat_postEphemeral(channel=slack.general.id, user="U404", text="x")
    assert stranger.value.response["error"] == "user_not_in_channel"


def test_file_download_needs_the_bot_token(slack: Slack) -> None:
    content = b"client,revenue\nAcme,1200\n"
    uploaded = slack.ws.add_file(slack.alice.id, slack.general.id, "q3.csv", content)
    shared = slack.ws.post_user_message(slack.alice.id, slack.general.id, "", files=[uploaded])
    info = slack.client.files_info(file=uploaded["id"])["file"]
    assert info["url_private_download"] == uploaded["url_private_download"]
    assert info["url_private_download"].startswith(f"{slack.url}/files-pri/")
    assert info["shares"]["public"][slack.general.id][0]["ts"] == shared["ts"]
    assert (info["size"], info["filetype"], info["mimetype"]) == (len(content), "csv", "text/csv")

    good = httpx.get(info["url_private_download"], headers={"Authorization": f"Bearer {slack.ws.bot_token}"})
    assert good.status_code == 200 and good.content == content
    assert good.headers["content-type"].startswith("text/csv")
    for headers in ({}, {"Authorization": "Bearer xoxb-wrong"}):
        trap = httpx.get(info["url_private_download"], headers=headers)
        assert trap.status_code == 200 and trap.headers["content-type"].startswith("text/html")
        assert trap.text.startswith("<!DOCTYPE html>") and "Sign in to Slack" in trap.text
    assert [d.authorized for d in slack.ws.downloads] == [True, False, False]
    with pytest.raises(SlackApiError) as missing:
        slack.client.files_info(file="F404")
    assert missing.value.response["error"] == "file_not_found"


def test_files_upload_v2_posts_the_file_in_the_thread(slack: Slack) -> None:
    parent = slack.ws.post_user_message(slack.alice.id, slack.general.id, "send me the report")
    content = b"metric,value\nrevenue,1200\n"
    response = slack.client.files_upload_v2(content=content, filename="report.csv", title="Q3 report",
                                            channel=slack.general.id, thread_ts=parent["ts"], initial_comment="Here it is")
    file_id = response["file"]["id"]
    assert response["file"]["title"] == "Q3 report"
    thread = slack.client.conversations_replies(channel=slack.general.id, ts=parent["ts"])["messages"]
    assert thread[-1]["text"] == "Here it is" and thread[-1]["bot_id"] == slack.ws.bot_id
    assert [f["id"] for f in thread[-1]["files"]] == [file_id]
    download = httpx.get(thread[-1]["files"][0]["url_private_download"],
                         headers={"Authorization": f"Bearer {slack.ws.bot_token}"})
    assert download.content == content
    assert [c.method for c in slack.ws.calls] == ["files.getUploadURLExternal", "files.completeUploadExternal",
                                                   "conversations.replies"]


def test_multipart_upload_and_completing_an_unuploaded_file(slack: Slack) -> None:
    target = slack.client.files_getUploadURLExternal(filename="a.xlsx", length=3)
    assert httpx.post(target["upload_url"], files={"file": ("a.xlsx", b"abc")}).status_code == 200
    done = slack.client.files_completeUploadExternal(files=[{"id": target["file_id"]}], channel_id=slack.general.id)
    assert done["files"][0]["size"] == 3 and done["files"][0]["filetype"] == "xlsx"
    pending = slack.client.files_getUploadURLExternal(filename="b.csv", length=1)
    with pytest.raises(SlackApiError) as early:
        slack.client.files_completeUploadExternal(files=[{"id": pending["file_id"]}], channel_id=slack.general.id)
    assert early.value.response["error"] == "file_not_found"


def test_views_open_update_and_publish(slack: Slack) -> None:
    modal = {"type": "modal", "callback_id": "review", "title": {"type": "plain_text", "text": "Review"},
             "submit": {"type": "plain_text", "text": "Send"}, "blocks": [section("Approve?")]}
    trigger = slack.ws.issue_trigger_id(slack.alice.id)
    opened = slack.client.views_open(trigger_id=trigger, view=modal)["view"]
    assert opened["callback_id"] == "review" and opened["state"] == {"values": {}}
    with pytest.raises(SlackApiError) as reused:
        slack.client.views_open(trigger_id=trigger, view=modal)
    assert reused.value.response["error"] == "exchanged_trigger_id"
    with pytest.raises(SlackApiError) as made_up:
        slack.client.views_open(trigger_id="123.456.abc", view=modal)
    assert made_up.value.response["error"] == "invalid_trigger_id"

    slack.client.views_update(view_id=opened["id"], view={**modal, "blocks": [section("Done")]})
    [shown] = slack.ws.modal_views(slack.alice.id)
    assert shown["blocks"] == [section("Done")]

    home = {"type": "home", "blocks": [section("Welcome")]}
    published = slack.client.views_publish(user_id=slack.alice.id, view=home)["view"]
    assert slack.ws.home_views[slack.alice.id]["id"] == published["id"]
    with pytest.raises(SlackApiError) as too_big:
        slack.client.views_publish(user_id=slack.alice.id, view={"type": "home", "blocks": [section("x")] * 101})
    assert too_big.value.response["error"] == "invalid_arguments"
    assert too_big.value.response["response_metadata"]["messages"] == [
        "[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"]


def test_rate_limit_is_retried_by_the_retry_handler(slack: Slack) -> None:
    slack.ws.fail_next("chat.postMessage", status=429, retry_after=1)
    client = slack.client_with(token=slack.ws.bot_token, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
    assert client.chat_postMessage(channel=slack.general.id, text="eventually")["ok"] is True
    assert [c.error for c in slack.ws.calls_to("chat.postMessage")] == ["ratelimited", None]


def test_rate_limit_without_handler_raises_429(slack: Slack) -> None:
    slack.ws.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as limited:
        slack.client.chat_postMessage(channel=slack.general.id, text="too fast")
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "7"
    assert slack.client.chat_postMessage(channel=slack.general.id, text="later")["ok"] is True


def test_injected_error_and_auth_errors(slack: Slack) -> None:
    slack.ws.fail_next("chat.update", error="edit_window_closed", times=2)
    posted = slack.client.chat_postMessage(channel=slack.general.id, text="x")
    for _ in range(2):
        with pytest.raises(SlackApiError) as closed:
            slack.client.chat_update(channel=slack.general.id, ts=posted["ts"], text="y")
        assert closed.value.response.status_code == 200 and closed.value.response["error"] == "edit_window_closed"
    assert slack.client.chat_update(channel=slack.general.id, ts=posted["ts"], text="y")["ok"] is True

    with pytest.raises(SlackApiError) as invalid:
        slack.client_with(token="xoxb-not-the-bot").auth_test()
    assert invalid.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as anonymous:
        slack.client_with().auth_test()
    assert anonymous.value.response["error"] == "not_authed"


def test_subscribers_and_wait_for_see_changes_from_other_threads(slack: Slack) -> None:
    seen: list[WorkspaceEvent] = []
    unsubscribe = slack.ws.subscribe(seen.append)
    threading.Timer(0.2, lambda: slack.client.chat_postMessage(channel=slack.general.id, text="async")).start()
    [call] = slack.ws.wait_for(lambda: slack.ws.calls_to("chat.postMessage"), timeout=5)
    assert call.params["text"] == "async"
    assert [(e.kind, e.data["text"]) for e in seen] == [("message", "async")]
    unsubscribe()
    slack.client.chat_postMessage(channel=slack.general.id, text="unseen")
    assert len(seen) == 1
    with pytest.raises(TimeoutError, match="chat.postMessage"):
        slack.ws.wait_for(lambda: slack.ws.calls_to("views.open"), timeout=0.2)


def test_urls_follow_the_mount_prefix() -> None:
    """The sandbox mounts the stand-in under a prefix; upload and file URLs must include it."""
    ws = SlackWorkspace()
    outer = FastAPI()
    outer.mount("/sandbox/slack", create_slack_api(ws))
    with serve_in_thread(outer) as url:
        client = WebClient(token=ws.bot_token, base_url=f"{url}/sandbox/slack/api/")
        channel = ws.add_channel("general")
        uploaded = client.files_upload_v2(content=b"a,b\n", filename="q 3.csv", channel=channel.id)["file"]
        assert uploaded["url_private_download"] == (
            f"{url}/sandbox/slack/files-pri/{ws.team_id}-{uploaded['id']}/download/q%203.csv")
        download = httpx.get(uploaded["url_private_download"], headers={"Authorization": f"Bearer {ws.bot_token}"})
        assert download.content == b"a,b\n"


def test_bolt_accepts_the_built_requests(slack: Slack) -> None:
    """The payload builders and signer against real Bolt, talking to the stand-in as its Slack."""
    secret = "test-signing-secret"
    bolt = App(token=slack.ws.bot_token, signing_secret=secret, client=slack.client_with(token=slack.ws.bot_token))

    retries: list[tuple[str, str]] = []

    @bolt.event("app_mention")
    def mention(event: dict, say: Say, request: BoltRequest) -> None:
        retries.append((request.headers["x-slack-retry-num"][0], request.headers["x-slack-retry-reason"][0]))
        say(text=f"heard: {event['text']}", thread_ts=event["ts"])

    @bolt.command("/moat")
    def command(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view={
            "type": "modal", "title": {"type": "plain_text", "text": "Ask"}, "blocks": [section(body["text"])]})

    @bolt.action("approve")
    def approve(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        client.chat_update(channel=body["channel"]["id"], ts=body["container"]["message_ts"], text="approved")

    api = FastAPI()
    handler = SlackRequestHandler(bolt)

    @api.post("/slack/events")
    async def events(request: Request) -> Response:
        return await handler.handle(request)

    with serve_in_thread(api) as bot_url:
        endpoint = f"{bot_url}/slack/events"
        asked = slack.ws.post_user_message(slack.alice.id, slack.general.id, f"<@{slack.ws.bot_user.id}> revenue?")
        event = payloads.app_mention_event(slack.alice.id, slack.general.id, asked["text"], asked["ts"])
        envelope = payloads.event_callback(event, team_id=slack.ws.team_id, api_app_id=slack.ws.app_id,
                                           bot_user_id=slack.ws.bot_user.id)
        assert payloads.post_to_bot(endpoint, "event", envelope, "wrong-secret").status_code == 401
        redelivered = payloads.post_to_bot(endpoint, "event", envelope, secret, retry_num=1, retry_reason="http_timeout")
        assert redelivered.status_code == 200
        slack.ws.wait_for(lambda: slack.ws.calls_to("chat.postMessage"))
        assert retries == [("1", "http_timeout")]
        [reply] = slack.ws.replies(slack.general.id, asked["ts"])[1:]
        assert reply.text.startswith("heard: <@")

        form = payloads.slash_command_form("/moat", "churn?", slack.alice.id, "alice", slack.general.id,
                                           slack.ws.team_id, trigger_id=slack.ws.issue_trigger_id(slack.alice.id))
        assert payloads.post_to_bot(endpoint, "command", form, secret).status_code == 200
        [modal] = slack.ws.wait_for(lambda: slack.ws.modal_views(slack.alice.id))
        assert modal["blocks"] == [section("churn?")]

        posted = slack.client.chat_postMessage(channel=slack.general.id, text="approve?")
        click = payloads.block_actions_payload(slack.alice.id, slack.general.id, posted["message"], "approve", "1", "b1")
        assert payloads.post_to_bot(endpoint, "interactivity", click, secret).status_code == 200
        slack.ws.wait_for(lambda: slack.ws.message(slack.general.id, posted["ts"]).text == "approved")
