"""Slack payloads -> the bot's request values, built with the same builders the e2e tests send.

Also the signature check of `/slack/events`: why a request is refused decides what the audit says.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.http import signature_problem
from bot.messages.review import APPROVE_ACTION, REASON_BLOCK, REASON_INPUT, REJECT_ACTION
from bot.requests import RequestError
from bot.requests.actions import parse_reject_reason, parse_review_click
from bot.requests.commands import (
    Ask,
    CommandError,
    Help,
    ListSnapshots,
    Rollback,
    SetRole,
    ShowStatus,
    parse_command,
    parse_moat,
)
from bot.requests.events import (
    ChatMessage,
    parse_file_shared,
    parse_home_opened,
    parse_mention,
    parse_message,
    plain_text,
)
from slack_standin import payloads

BOT = "U0BOT0001"
TEAM = "T0000MOAT"
TS, THREAD = "1700000100.000200", "1700000000.000100"


def envelope(event: dict, event_id: str = "Ev0001") -> dict:
    return payloads.event_callback(event, team_id=TEAM, api_app_id="A1", event_id=event_id, bot_user_id=BOT)


# --- events ----------------------------------------------------------------------------------

def test_mention_becomes_the_question_without_the_bot_and_without_markup() -> None:
    text = f"<@{BOT}> revenue for <https://acme.example|Acme &amp; Co> vs <@U0OTHER|bob> &lt;Q3&gt;?"
    message = parse_mention(envelope(payloads.app_mention_event("U0ANN", "C0GEN", text, TS)), BOT)
    assert message == ChatMessage(event_id="Ev0001", user_id="U0ANN", channel="C0GEN", ts=TS, thread_ts=None,
                                  text="revenue for Acme & Co vs @U0OTHER <Q3>?")
    assert message.thread_root == TS


def test_a_reply_in_a_thread_keeps_the_thread_as_its_root() -> None:
    event = payloads.app_mention_event("U0ANN", "C0GEN", f"<@{BOT}> and last quarter?", TS, thread_ts=THREAD)
    message = parse_mention(envelope(event), BOT)
    assert (message.thread_ts, message.thread_root, message.text) == (THREAD, THREAD, "and last quarter?")


def test_plain_text_handles_channels_and_special_mentions() -> None:
    assert plain_text("see <#C123|general> <!here> <mailto:a@b.c|mail>", BOT) == "see general mail"


def test_messages_the_bot_acts_on_dms_and_file_shares_only() -> None:
    dm = payloads.message_event("U0ANN", "D0ANN", "top clients by margin", TS, channel_type="im")
    assert parse_message(envelope(dm), BOT) == ChatMessage("Ev0001", "U0ANN", "D0ANN", TS, None,
                                                           "top clients by margin", is_dm=True)
    chatter = payloads.message_event("U0ANN", "C0GEN", "lunch?", TS)
    assert parse_message(envelope(chatter), BOT) is None
    file = {"id": "F0001", "name": "invoices.csv"}
    shared = parse_message(envelope(payloads.file_share_message_event("U0ANN", "C0GEN", file, TS)), BOT)
    assert shared is not None and shared.file_ids == ("F0001",) and shared.thread_root == TS


@pytest.mark.parametrize("changes", [{"subtype": "message_changed"}, {"subtype": "bot_message"},
                                     {"bot_id": "B0OTHER"}, {"subtype": "channel_join"}])
def test_edits_bots_and_joins_are_ignored(changes: dict) -> None:
    event = {**payloads.message_event("U0ANN", "D0ANN", "hi", TS, channel_type="im"), **changes}
    assert parse_message(envelope(event), BOT) is None


def test_file_shared_and_home_opened() -> None:
    shared = parse_file_shared(envelope(payloads.file_shared_event("F0009", "U0ANN", "C0GEN"), "Ev0009"))
    assert (shared.event_id, shared.file_id, shared.user_id, shared.channel) == ("Ev0009", "F0009", "U0ANN", "C0GEN")
    opened = parse_home_opened(envelope(payloads.app_home_opened_event("U0ANN")))
    assert (opened.user_id, opened.tab) == ("U0ANN", "home")


def test_payloads_missing_what_the_bot_needs_are_refused_by_name() -> None:
    with pytest.raises(RequestError, match="event.file_id"):
        parse_file_shared(envelope({"type": "file_shared", "user_id": "U1", "channel_id": "C1"}))
    with pytest.raises(RequestError, match="payload has no user"):
        parse_mention(envelope({"type": "app_mention", "channel": "C1", "ts": TS, "text": "hi"}), BOT)
    with pytest.raises(RequestError, match="event_id"):
        parse_home_opened({"event": {"type": "app_home_opened", "user": "U1"}})


# --- commands --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("", Help()), ("help", Help()), ("HELP me", Help()),
    ("ask  revenue by client last quarter ", Ask("revenue by client last quarter")),
    ("status", ShowStatus()), ("snapshots", ListSnapshots()), ("rollback S000042", Rollback("S000042")),
    ("role <@U012AB3CD|ann> analyst", SetRole("U012AB3CD", "analyst", None)),
    ("role <@U012AB3CD> Admin reviewer", SetRole("U012AB3CD", "admin", True)),
    ("role U012AB3CD viewer not-reviewer", SetRole("U012AB3CD", "viewer", False)),
])
def test_moat_subcommands(text: str, expected: object) -> None:
    assert parse_moat(text) == expected


@pytest.mark.parametrize("text, message", [
    ("ask", "Ask what?"), ("stauts", "I do not know the command 'stauts'."),
    ("status now", "takes no arguments"), ("rollback", "Usage: /moat rollback"),
    ("rollback S1 S2", "Usage: /moat rollback"), ("rollback ../etc", "Usage: /moat rollback"),
    ("role @ann analyst", "pick the person from Slack's @ list"), ("role <@U012AB3CD>", "Usage: /moat role"),
    ("role <@U012AB3CD> analyst maybe", "'maybe' is not reviewer or not-reviewer"),
])
def test_moat_mistakes_explain_themselves(text: str, message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("?", r"\?").replace(".", r"\.")):
        parse_moat(text)


def test_slash_command_form() -> None:
    form = payloads.slash_command_form("/moat", " status ", "U0ANN", "ann", "C0GEN", TEAM, trigger_id="1.2.abc")
    command = parse_command(form)
    assert (command.user_id, command.user_name, command.channel_id, command.text, command.trigger_id) == (
        "U0ANN", "ann", "C0GEN", "status", "1.2.abc")
    with pytest.raises(RequestError, match="trigger_id"):
        parse_command({**form, "trigger_id": ""})


# --- interactivity -----------------------------------------------------------------------

def test_review_buttons() -> None:
    message = {"ts": TS, "text": "review"}
    click = parse_review_click(payloads.block_actions_payload("U0RITA", "C0REV", message, APPROVE_ACTION,
                                                              "R1A2B3C4D", "review:R1A2B3C4D", user_name="rita"))
    assert (click.user_id, click.user_name, click.review_id, click.approve, click.channel, click.message_ts) == (
        "U0RITA", "rita", "R1A2B3C4D", True, "C0REV", TS)
    reject = parse_review_click(payloads.block_actions_payload("U0RITA", "C0REV", message, REJECT_ACTION, "R1", "b"))
    assert reject.approve is False and reject.trigger_id


def test_reject_reason_from_the_modal() -> None:
    view = {"id": "V0001", "type": "modal", "callback_id": "x", "private_metadata": "R1A2B3C4D", "blocks": []}
    values = {REASON_BLOCK: {REASON_INPUT: {"type": "plain_text_input", "value": "  wrong quarter\nQ2 not Q3 "}}}
    reason = parse_reject_reason(payloads.view_submission_payload("U0RITA", view, values, user_name="rita"))
    assert (reason.review_id, reason.reason, reason.view_id, reason.user_name) == (
        "R1A2B3C4D", "wrong quarter\nQ2 not Q3", "V0001", "rita")
    empty = parse_reject_reason(payloads.view_submission_payload("U0RITA", view, {}))
    assert empty.reason == ""


# --- signatures ------------------------------------------------------------------------------

def test_signature_problems_name_the_reason() -> None:
    secret = "s3cret"
    verifier = SignatureVerifier(secret)
    body, headers = payloads.signed_request(b'{"type":"event_callback"}', secret)
    stamp, signature = headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    assert signature_problem(verifier, body, stamp, signature) is None
    assert signature_problem(verifier, body + b" ", stamp, signature) == "bad_signature"
    assert signature_problem(verifier, body, stamp, None) == "missing_signature"
    assert signature_problem(verifier, body, "soon", signature) == "bad_timestamp"
    assert signature_problem(verifier, body, stamp, signature, now=time.time() + 301) == "expired_timestamp"
    assert signature_problem(verifier, b"\xff\xfe", stamp, signature) == "bad_signature"


# --- the app manifest ---------------------------------------------------------------------------

def test_the_manifest_subscribes_to_what_the_listeners_handle() -> None:
    manifest = (Path(__file__).resolve().parents[2] / "bot" / "manifest.yml").read_text()
    for needed in ("- app_mention", "- message.im", "- message.channels", "- message.groups", "- file_shared",
                   "- app_home_opened", "command: /moat", "should_escape: true", "home_tab_enabled: true",
                   "messages_tab_enabled: true", "socket_mode_enabled: false", "is_enabled: true"):
        assert needed in manifest, needed
    for scope in ("app_mentions:read", "channels:history", "groups:history", "im:history", "chat:write",
                  "commands", "files:read", "files:write"):
        assert f"- {scope} " in manifest, scope
    assert manifest.count("/slack/events") == 3
