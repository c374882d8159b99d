"""How deliveries are received: signatures, acknowledgement time, duplicates, Slack's rate limits,
Socket Mode, slash commands and the Home tab."""
from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest
from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk.socket_mode.request import SocketModeRequest

from slack_standin import payloads
from bot.slack_app import SlackSetupError, create_bolt_app
from bot.socket_mode import SocketModeRunner
from config.settings import load_settings
from tests.fakes.llm import FakeModel
from core.governance.policy import Actor
from core.ops.schedules import Schedules
from core.service import Service
from tests.e2e.slack_harness import SECRET, UPSTREAM, BotWorld, bot_world, read_as_the_rules
from tests.servers import serve_in_thread
from web.app import create_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(tmp_path: Path) -> Iterator[BotWorld]:
    with bot_world(tmp_path) as built:
        built.load("clients.csv", "invoices.csv")
        yield built


def mention_envelope(world: BotWorld, text: str) -> tuple[dict, dict]:
    asked = world.ws.post_user_message(world.ann.id, world.general.id, f"<@{world.ws.bot_user.id}> {text}")
    return asked, world.envelope(payloads.app_mention_event(world.ann.id, world.general.id, asked["text"], asked["ts"]))


# --- signatures ------------------------------------------------------------------------------

def test_a_bad_signature_is_refused_and_audited(world: BotWorld) -> None:
    _, envelope = mention_envelope(world, "What was revenue in Q3 2026?")
    forged = payloads.post_to_bot(world.endpoint, "event", envelope, "not-the-secret", retry_num=2)
    assert forged.status_code == 401
    [event] = world.audit("signature_rejected")
    assert (event["actor_id"], event["outcome"], event["details"]) == (
        "system", "denied", {"reason": "bad_signature", "retry_num": 2})
    assert json.dumps(envelope["event"]["text"]) not in json.dumps(event)
    assert world.calls("chat.postMessage") == []


def test_an_expired_timestamp_is_refused_and_audited(world: BotWorld) -> None:
    _, envelope = mention_envelope(world, "What was revenue in Q3 2026?")
    replayed = payloads.post_to_bot(world.endpoint, "event", envelope, SECRET, timestamp=int(time.time()) - 6 * 60)
    assert replayed.status_code == 401
    assert [e["details"]["reason"] for e in world.audit("signature_rejected")] == ["expired_timestamp"]
    assert world.calls("chat.postMessage") == []


def test_the_request_url_verification_is_answered_with_the_challenge(world: BotWorld) -> None:
    check = {"token": "verification-token-deprecated", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
             "type": "url_verification"}
    assert world.deliver("event", check).json() == {"challenge": check["challenge"]}


def test_without_slack_settings_there_is_no_bot(tmp_path: Path) -> None:
    service = Service(load_settings(data_dir=tmp_path / "data", secret_key="k", database_url=None,
                                    slack_bot_token=None, slack_signing_secret=None, slack_app_token=None),
                      load_language_model=False)
    with serve_in_thread(create_app(service)) as url:
        assert httpx.post(f"{url}/slack/events", content=b"{}").status_code == 404


def test_a_token_slack_refuses_stops_start_up_with_a_clear_message(world: BotWorld) -> None:
    settings = world.service.settings.model_copy(update={"slack_bot_token": "xoxb-revoked"})
    with pytest.raises(SlackSetupError, match="Slack refused the bot token .*invalid_auth"):
        create_bolt_app(world.service, settings)
    unreachable = world.service.settings.model_copy(update={"slack_api_url": "http://127.0.0.1:9/api/"})
    with pytest.raises(SlackSetupError, match="could not reach Slack at http://127.0.0.1:9/api/"):
        create_bolt_app(world.service, unreachable)


# --- acknowledgement and duplicates -----------------------------------------------------------

def test_acknowledgements_do_not_wait_for_slow_work(tmp_path: Path) -> None:
    """A model taking a second per reading: every delivery is still acknowledged at once."""
    def slow(prompt: str, labels: Sequence[str]) -> dict[str, float]:
        time.sleep(1)
        return read_as_the_rules(prompt, labels)

    with bot_world(tmp_path, model=FakeModel(slow)) as world:
        world.load("clients.csv", "invoices.csv")
        took = []
        for number in range(6):
            _, envelope = mention_envelope(world, f"What was revenue in Q3 2026? ({number})")
            started = time.perf_counter()
            world.deliver("event", envelope)
            took.append(time.perf_counter() - started)
        assert max(took) < 0.5, took
        world.ws.wait_for(lambda: len(world.calls("chat.update")) == 6, timeout=20)


def test_a_file_announced_twice_is_ingested_once(world: BotWorld) -> None:
    _, shared = world.share_file(world.ann, "time_logs.csv", (UPSTREAM / "time_logs.csv").read_bytes(),
                                 announce=("message", "file_shared"))
    world.wait_for_reply(world.general, shared["ts"], "Validation report")
    time.sleep(0.5)  # give a second (wrong) ingestion the time to show up
    assert [s.entity for s in world.service.snapshots()] == ["time_entries", "invoices", "clients"]
    assert len(world.ws.downloads) == 1 and len(world.replies(world.general, shared["ts"])) == 1
    assert len(world.audit("upload")) == 3  # clients, invoices (loaded by the test) and this one


def test_a_rate_limited_call_is_retried_after_retry_after(world: BotWorld) -> None:
    world.ws.fail_next("chat.postMessage", status=429, retry_after=1)
    asked, envelope = mention_envelope(world, "What was revenue in Q3 2026?")
    world.deliver("event", envelope)
    world.wait_for_reply(world.general, asked["ts"], "Revenue in Q3 2026")
    limited, posted = world.calls("chat.postMessage")
    assert (limited.error, posted.error) == ("ratelimited", None)
    assert posted.time - limited.time >= 1.0


def test_socket_mode_requests_reach_the_same_listeners_without_a_signature(world: BotWorld) -> None:
    app = create_bolt_app(world.service, world.service.settings)
    asked, envelope = mention_envelope(world, "What was revenue in Q3 2026?")
    request = SocketModeRequest(type="events_api", envelope_id="env-1", payload=envelope, retry_attempt=1,
                                retry_reason="timeout")
    assert run_bolt_app(app, request).status == 200  # what SocketModeHandler.handle runs for each envelope
    world.wait_for_reply(world.general, asked["ts"], "Revenue in Q3 2026")


def test_socket_mode_connects_through_slack_api_url_and_a_failure_does_not_stop_the_server(world: BotWorld) -> None:
    runner = SocketModeRunner(create_bolt_app(world.service, world.service.settings), "xapp-1-A0-0-test")
    runner.start()
    try:
        # The stand-in has no WebSocket endpoint: apps.connections.open is unknown there.
        [opened] = world.ws.wait_for(lambda: world.calls("apps.connections.open"))
        assert opened.error == "unknown_method"
    finally:
        runner.stop()
    assert world.deliver("event", mention_envelope(world, "What was revenue in Q3 2026?")[1]).status_code == 200


# --- commands -------------------------------------------------------------------------------

def whispers(world: BotWorld, user_id: str, count: int = 1) -> list:
    return world.ws.wait_for(lambda: len(world.ws.ephemeral_for(user_id)) >= count and world.ws.ephemeral_for(user_id))


def test_help_and_mistakes_are_answered_in_the_acknowledgement(world: BotWorld) -> None:
    help_reply = world.command(world.ann, "help").json()
    assert help_reply["text"].startswith("MoatMetrics commands") and help_reply["blocks"]
    mistake = world.command(world.ann, "rollback").json()
    assert mistake["text"].startswith("Usage: /moat rollback SNAPSHOT_ID")


def test_status_and_snapshots_are_shown_privately(world: BotWorld) -> None:
    world.command(world.ann, "status")
    [status] = whispers(world, world.ann.id)
    assert status.text.startswith("MoatMetrics: 2 of ") and "*invoices*: 50 rows" in json.dumps(status.blocks)
    world.command(world.ann, "snapshots")
    listing = whispers(world, world.ann.id, 2)[1]
    assert "S000002" in json.dumps(listing.blocks) and "S000001" in json.dumps(listing.blocks)


def test_rollback_and_roles_are_for_admins(tmp_path: Path) -> None:
    with bot_world(tmp_path) as world:
        world.load("clients.csv", "invoices.csv")
        world.command(world.ann, "rollback S000002")
        [refused] = whispers(world, world.ann.id)
        assert refused.text.startswith("You need the rollback permission")
        world.service.set_role(Actor.cli("tests"), world.rob.id, "admin")
        world.command(world.rob, f"role <@{world.vic.id}|vic> analyst reviewer")
        [changed] = whispers(world, world.rob.id)
        assert changed.text == f"<@{world.vic.id}> now has the analyst role and may review answers."
        world.command(world.rob, "rollback S000002")
        undone = whispers(world, world.rob.id, 2)[1]
        assert undone.text.startswith("Rolled back S000002 (invoices): 50 rows removed")
        world.command(world.rob, "rollback S000002")
        again = whispers(world, world.rob.id, 3)[2]
        assert "S000002" in again.text and "rolled back" in again.text
        assert [e["outcome"] for e in world.audit("rollback")] == ["ok", "rejected"]
        assert [e["target"] for e in world.audit("role_changed")][-1] == world.vic.id


# --- App Home -------------------------------------------------------------------------------

def test_the_home_tab_shows_data_reviews_and_my_recent_questions(world: BotWorld) -> None:
    Schedules(world.service).add(Actor.cli("tests"), "0 8 * * MON", world.general.id)
    asked = world.mention(world.ann, "What was revenue in Q3 2026?")
    world.wait_for_reply(world.general, asked["ts"], "Revenue in Q3 2026")
    world.deliver("event", world.envelope(payloads.app_home_opened_event(world.ann.id)))
    home = world.ws.wait_for(lambda: world.ws.home_views.get(world.ann.id))
    shown = json.dumps(home["blocks"])
    assert "*invoices*: 50 rows" in shown and "0 answers waiting" in shown
    assert "What was revenue in Q3 2026?" in shown and f"in <#{world.general.id}>" in shown
