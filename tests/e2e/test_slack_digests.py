"""Digests reach Slack: `/moat digest add|list|remove` through signed commands, and the server's own
scheduler (built as `serve` builds it) posting a due digest to the channel through the stand-in."""
from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest

from bot.digests import SlackDigestSender
from slack_standin.workspace import EphemeralMessage, Message
from bot.slack_app import create_web_client
from config.settings import load_settings
from core.governance.policy import Actor
from core.ops.schedules import DeliveryError, LogSender, Scheduler
from core.service import Service
from tests.e2e.slack_harness import BotWorld, bot_world
from tests.servers import serve_in_thread
from web.app import create_app, server_scheduler

pytestmark = pytest.mark.e2e

WEEKLY = '"0 8 * * MON"'


@dataclasses.dataclass
class DigestWorld:
    world: BotWorld
    scheduler: Scheduler


@pytest.fixture
def digests(tmp_path: Path) -> Iterator[DigestWorld]:
    """The bot world, answered by a server that also runs the scheduler `serve` runs; rob is an admin."""
    with bot_world(tmp_path) as world:
        world.load("clients.csv", "invoices.csv")
        world.service.set_role(Actor.cli("tests"), world.rob.id, "admin")
        scheduler = server_scheduler(world.service)
        with serve_in_thread(create_app(world.service, scheduler=scheduler)) as url:
            yield DigestWorld(dataclasses.replace(world, endpoint=f"{url}/slack/events"), scheduler)


def whispers(world: BotWorld, user_id: str, count: int) -> list[EphemeralMessage]:
    return world.ws.wait_for(lambda: len(world.ws.ephemeral_for(user_id)) >= count and world.ws.ephemeral_for(user_id))


def eventually(check: Callable[[], list], timeout: float = 5.0) -> list:
    """For what is stored after the last Slack call (the stand-in's wait_for wakes on Slack calls only)."""
    deadline = time.monotonic() + timeout
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def general_ref(world: BotWorld) -> str:
    return f"<#{world.general.id}|general>"  # what Slack puts in the command text for a picked #general


def posted_digests(world: BotWorld, channel_id: str) -> list[Message]:
    return [m for m in world.ws.messages[channel_id] if m.bot_id and m.text.startswith("MoatMetrics digest")]


def test_an_admin_schedules_a_digest_and_the_server_posts_it_when_due(digests: DigestWorld) -> None:
    world = digests.world
    world.command(world.rob, f"digest add {WEEKLY} {general_ref(world)} profitability licenses")
    [added] = whispers(world, world.rob.id, 1)
    assert added.text == f"Digest schedule 1 added: 0 8 * * MON (UTC) to <#{world.general.id}>."
    [schedule] = world.service.schedules.list()
    assert (schedule.channel, schedule.sections) == (world.general.id, ("profitability", "licenses"))
    [event] = world.audit("digest_schedule_added")
    assert (event["actor_id"], event["target"]) == (world.rob.id, "1")

    world.command(world.rob, "digest list")
    listing = whispers(world, world.rob.id, 2)[1]
    assert f"`1` `0 8 * * MON` (UTC) to <#{world.general.id}>" in json.dumps(listing.blocks)

    digests.scheduler.sync()  # what the scheduler's poll does within DEFAULT_POLL_SECONDS
    digests.scheduler.apscheduler.modify_job(schedule.job_id, jobstore="default",
                                             next_run_time=datetime.now(timezone.utc))
    [posted] = world.ws.wait_for(lambda: posted_digests(world, world.general.id), timeout=10)
    shown = json.dumps(posted.blocks)
    assert posted.blocks[0]["type"] == "header" and "Revenue and margin" in shown and "License waste" in shown
    assert "Staff utilization" not in shown and "As of " in shown
    [sent] = eventually(lambda: world.audit("digest_sent"))
    assert (sent["actor_id"], sent["outcome"], sent["target"]) == ("system", "ok", world.general.id)
    assert (sent["details"]["message_ts"], sent["details"]["sender"]) == (posted.ts, "SlackDigestSender")


def test_deliver_posts_to_a_channel_by_name_and_a_refusal_is_clear_and_audited(digests: DigestWorld) -> None:
    world = digests.world
    sender = SlackDigestSender(create_web_client(world.service.settings))
    delivery = world.service.schedules.deliver(Actor.cli("tests"), "#general", sender, sections=["clients"])
    [posted] = posted_digests(world, world.general.id)
    assert delivery.message_ts == posted.ts and "Lowest-margin clients" in json.dumps(posted.blocks)

    outside = world.ws.add_channel("board", is_member=False)
    with pytest.raises(DeliveryError, match="could not be sent: Slack answered not_in_channel; invite @MoatMetrics"):
        world.service.schedules.deliver(Actor.cli("tests"), outside.id, sender)
    failed = [e for e in world.audit("digest_sent") if e["outcome"] == "failed"]
    assert [e["target"] for e in failed] == [outside.id] and posted_digests(world, outside.id) == []


def test_a_viewer_is_refused_privately_and_the_refusal_is_audited(digests: DigestWorld) -> None:
    world = digests.world
    world.command(world.vic, f"digest add {WEEKLY} {general_ref(world)}")
    [refused] = whispers(world, world.vic.id, 1)
    assert refused.text.startswith("You need the manage_digests permission")
    world.command(world.vic, "digest list")
    assert whispers(world, world.vic.id, 2)[1].text.startswith("You need the manage_digests permission")
    denied = world.ws.wait_for(lambda: len(world.audit("action_denied")) == 2 and world.audit("action_denied"))
    assert {(e["actor_id"], e["details"]["permission"]) for e in denied} == {(world.vic.id, "manage_digests")}
    assert world.service.schedules.list() == [] and world.calls("chat.postMessage") == []


def test_mistakes_are_answered_at_once_with_what_would_be_valid(digests: DigestWorld) -> None:
    world = digests.world

    def answer(text: str) -> str:
        return world.command(world.rob, text).json()["text"]

    assert answer(f'digest add "0 8 * *" {general_ref(world)}').startswith("invalid cron expression '0 8 * *'")
    assert "unknown digest section(s) weather" in answer(f"digest add {WEEKLY} {general_ref(world)} weather")
    assert answer(f"digest add {WEEKLY} #general").startswith("I could not tell which channel '#general' is")
    assert answer(f"digest add {WEEKLY}").startswith('Usage: /moat digest add "0 8 * * MON" #channel')
    assert answer("digest remove first").startswith("Usage: /moat digest remove ID")
    # An unquoted cron is the first five words; Slack's curly quotes are quotes too.
    world.command(world.rob, f"digest add 30 7 1 * * {general_ref(world)} budget")
    world.command(world.rob, f"digest add “0 8 * * MON” {world.general.id}")
    world.ws.wait_for(lambda: len(world.service.schedules.list()) == 2)
    assert {(s.cron, s.sections[:1]) for s in world.service.schedules.list()} == {
        ("30 7 1 * *", ("budget",)), ("0 8 * * MON", ("profitability",))}


def test_remove_stops_a_schedule_and_an_unknown_id_is_explained(digests: DigestWorld) -> None:
    world = digests.world
    world.command(world.rob, f"digest add {WEEKLY} {general_ref(world)}")
    whispers(world, world.rob.id, 1)
    world.command(world.rob, "digest remove 1")
    assert whispers(world, world.rob.id, 2)[1].text == f"Digest schedule 1 removed (0 8 * * MON to <#{world.general.id}>)."
    world.command(world.rob, "digest list")
    assert whispers(world, world.rob.id, 3)[2].text == "No digests scheduled."
    world.command(world.rob, "digest remove 1")
    assert "there is no digest schedule 1" in whispers(world, world.rob.id, 4)[3].text
    assert [e["outcome"] for e in world.audit("digest_schedule_removed")] == ["ok", "rejected"]
    assert world.service.schedules.list() == []


def test_without_slack_the_server_runs_the_scheduler_with_digests_to_the_log(tmp_path: Path) -> None:
    service = Service(load_settings(data_dir=tmp_path / "data", secret_key="k", database_url=None,
                                    slack_bot_token=None, slack_signing_secret=None, slack_app_token=None),
                      load_language_model=False)
    scheduler = server_scheduler(service)
    assert isinstance(scheduler.sender, LogSender)
    with serve_in_thread(create_app(service, scheduler=scheduler)) as url:
        assert httpx.get(f"{url}/health").json()["checks"]["scheduler"]["running"] is True
    assert not scheduler.running
