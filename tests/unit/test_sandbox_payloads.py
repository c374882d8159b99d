"""Slack request builders: signatures Bolt accepts, encodings Slack uses, the envelopes' shape."""
from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

from slack_standin.payloads import (
    block_actions_payload,
    encode_body,
    encode_interactivity,
    event_callback,
    file_share_message_event,
    signed_request,
    slash_command_form,
)

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def test_signed_request_verifies_and_tampering_does_not() -> None:
    body, headers = signed_request('{"type":"event_callback"}', SECRET)
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid_request(body, headers)
    assert not verifier.is_valid_request(body + b" ", headers)
    assert not SignatureVerifier("another-secret").is_valid_request(body, headers)


def test_signed_request_with_an_old_timestamp_is_rejected_by_bolts_verifier() -> None:
    body, headers = signed_request(b"token=x", SECRET, timestamp=int(time.time()) - 6 * 60)
    assert headers["X-Slack-Request-Timestamp"] == str(int(time.time()) - 6 * 60)
    assert not SignatureVerifier(SECRET).is_valid_request(body, headers)


def test_interactivity_is_one_payload_field_of_json() -> None:
    message = {"type": "message", "ts": "1700000000.000100", "text": "hi"}
    payload = block_actions_payload("U1", "C1", message, "approve", "42", "review")
    fields = parse_qs(encode_interactivity(payload))
    assert list(fields) == ["payload"]
    decoded = json.loads(fields["payload"][0])
    assert decoded["container"]["message_ts"] == "1700000000.000100"
    assert decoded["actions"][0] | {"action_ts": None} == {
        "action_id": "approve", "block_id": "review", "value": "42", "type": "button", "action_ts": None,
        "text": {"type": "plain_text", "text": "Button", "emoji": True}}


def test_command_form_and_event_envelope() -> None:
    form = slash_command_form("/moat", "revenue last quarter", "U1", "alice", "C1", "T1", trigger_id="1.2.3")
    assert parse_qs(encode_body("command", form))["text"] == ["revenue last quarter"]
    assert form["trigger_id"] == "1.2.3" and form["response_url"].startswith("https://hooks.slack.com/commands/T1/")
    event = file_share_message_event("U1", "C1", {"id": "F1"}, "1700000000.000200")
    envelope = event_callback(event, team_id="T1", api_app_id="A1", event_id="Ev1", bot_user_id="UBOT")
    assert json.loads(encode_body("event", envelope))["event"]["subtype"] == "file_share"
    assert envelope["authorizations"][0]["user_id"] == "UBOT" and envelope["event_id"] == "Ev1"
