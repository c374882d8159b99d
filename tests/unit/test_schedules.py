"""Digest schedules: managing them, firing on time, once after a restart, once across instances.

Runs on SQLite and PostgreSQL (`db_settings`). Nothing waits for the wall clock to reach a cron
minute: a job is made due by moving its `next_run_time` (as an operator's clock would), which is
exactly the state a stopped process finds on start-up.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from config.settings import Settings
from core.governance.audit import verify
from core.ops.digest import Digest
from core.governance.keys import load_key
from core.governance.policy import Actor, PermissionDenied
from core.ops.schedules import (BACKUP_JOB, DeliveryError, Scheduler, Schedules, ScheduleError, claim_run,
                            run_digest_job)
from core.service import Service
from storage.governance import audit_events
from storage.schedules import schedule_runs
from tests.small_dataset import load_small

ADMIN = Actor.cli("ops")
VIEWER = Actor("U0VIEW", "Vi", "slack", channel="C1")


class Recorder:
    """A DigestSender that keeps what it was given (thread-safe: jobs run on worker threads)."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[str, Digest]] = []
        self.fail = fail
        self._lock = threading.Lock()

    def send(self, channel: str, digest: Digest) -> str | None:
        if self.fail:
            raise ConnectionError("slack is unreachable")
        with self._lock:
            self.sent.append((channel, digest))
            return f"1700000000.{len(self.sent):06d}"


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Generous: a loaded 2-core CI machine can take seconds to run a due job; success returns at once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def services(db_settings: Settings) -> Iterator[Callable[[], Service]]:
    """Makes Services on the same database, like separate processes would be (each its own engine)."""
    made: list[Service] = []

    def make() -> Service:
        made.append(Service(db_settings, load_language_model=False))
        return made[-1]

    yield make
    for service in made:
        service.db.dispose()


@pytest.fixture
def schedulers() -> Iterator[Callable[..., Scheduler]]:
    started: list[Scheduler] = []

    def make(service: Service, sender: Recorder, **options: object) -> Scheduler:
        started.append(Scheduler(service, sender=sender, **options))
        return started[-1]

    yield make
    for scheduler in started:
        scheduler.shutdown(wait=True)


@pytest.fixture
def service(services: Callable[[], Service]) -> Service:
    svc = services()
    load_small(svc.db)
    return svc


@pytest.fixture
def sqlite_service(settings: Settings) -> Iterator[Service]:
    """For checks that never reach the database engine's differences (input validation)."""
    svc = Service(settings, load_language_model=False)
    yield svc
    svc.db.dispose()


def runs(service: Service) -> list:
    with service.db.connect() as conn:
        return conn.execute(select(schedule_runs).order_by(schedule_runs.c.id)).all()


def actions(service: Service, action: str) -> list:
    with service.db.connect() as conn:
        return conn.execute(select(audit_events).where(audit_events.c.action == action)
                            .order_by(audit_events.c.seq)).all()


def make_due(service: Service, schedulers: Callable[..., Scheduler], job_id: str, when: datetime) -> None:
    """Leave the stored job with a past next run, as a process stopped before that time would."""
    editor = schedulers(service, Recorder())
    editor.start(paused=True)
    editor.apscheduler.modify_job(job_id, jobstore="default", next_run_time=when)
    editor.shutdown()


# --------------------------------------------------------------------------- managing schedules

def test_add_list_remove_are_checked_audited_and_permissioned(service: Service) -> None:
    schedules = Schedules(service)
    added = schedules.add(ADMIN, "0  8 * * MON", "#finance", sections=["budget", "profitability"],
                          tz="Europe/Paris")
    assert (added.cron, added.channel, added.sections, added.timezone) == (
        "0 8 * * MON", "#finance", ("profitability", "budget"), "Europe/Paris")
    local = added.next_run.astimezone(ZoneInfo("Europe/Paris"))
    assert (local.weekday(), local.hour, local.minute) == (0, 8, 0)
    default_tz = schedules.add(ADMIN, "30 7 1 * *", "C0123")
    assert default_tz.timezone == service.policy.digest.timezone and default_tz.sections[0] == "profitability"
    assert [s.id for s in schedules.list()] == [added.id, default_tz.id]

    schedules.remove(ADMIN, str(added.id))
    assert [s.id for s in schedules.list()] == [default_tz.id]
    assert [e.target for e in actions(service, "digest_schedule_added")] == [str(added.id), str(default_tz.id)]
    assert actions(service, "digest_schedule_removed")[0].details["channel"] == "#finance"
    # A removed id is never handed out again: `digest remove 3` must not hit a newer schedule.
    assert schedules.add(ADMIN, "0 9 * * *", "#x").id > default_tz.id

    with pytest.raises(PermissionDenied, match="manage_digests"):
        schedules.add(VIEWER, "0 8 * * MON", "#finance")
    assert actions(service, "action_denied")[-1].details == {"permission": "manage_digests"}


@pytest.mark.parametrize(("cron", "channel", "options", "message"), [
    ("0 8 * *", "#a", {}, "invalid cron expression '0 8 \\* \\*'.*five fields"),
    ("61 8 * * *", "#a", {}, "invalid cron expression"),
    ("", "#a", {}, "needs a cron expression"),
    ("0 8 * * *", "#a", {"tz": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
    ("0 8 * * *", "two words", {}, "needs one channel"),
    ("0 8 * * *", "#a", {"sections": ["profit"]}, "unknown digest section.*profit"),
])
def test_bad_schedules_are_refused_with_a_clear_message(sqlite_service: Service, cron: str, channel: str,
                                                       options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Schedules(sqlite_service).add(ADMIN, cron, channel, **options)
    assert Schedules(sqlite_service).list() == []


def test_unknown_schedule_ids_are_clear_errors(sqlite_service: Service) -> None:
    with pytest.raises(ScheduleError, match="there is no digest schedule 42"):
        Schedules(sqlite_service).remove(ADMIN, 42)
    with pytest.raises(ScheduleError, match="a schedule id is a number"):
        Schedules(sqlite_service).get("abc")


def test_a_run_is_claimed_once(service: Service) -> None:
    when = datetime(2025, 10, 6, 8, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert claim_run(service.db, "digest:1", when, "a") is True
    assert claim_run(service.db, "digest:1", when.astimezone(timezone.utc), "b") is False
    assert claim_run(service.db, "digest:1", when + timedelta(days=7), "b") is True
    assert claim_run(service.db, "digest:2", when, "b") is True


def test_the_job_function_only_runs_inside_a_scheduler() -> None:
    with pytest.raises(RuntimeError, match="only inside core.ops.schedules.Scheduler"):
        run_digest_job(1)


# --------------------------------------------------------------------------- running

def test_a_digest_fires_on_schedule_and_is_audited(service: Service, schedulers: Callable[..., Scheduler]) -> None:
    sender = Recorder()
    scheduler = schedulers(service, sender)
    scheduler.start()
    schedule = Schedules(service).add(ADMIN, "* * * * *", "#ops", sections=["profitability", "reviews"])
    scheduler.sync()  # what the poll does within DEFAULT_POLL_SECONDS
    due = datetime.now(timezone.utc) + timedelta(seconds=0.3)
    scheduler.apscheduler.modify_job(schedule.job_id, jobstore="default", next_run_time=due)

    assert wait_for(lambda: len(sender.sent) == 1 and runs(service) and runs(service)[0].outcome == "ok")
    channel, digest = sender.sent[0]
    assert channel == "#ops" and [s.key for s in digest.sections] == ["profitability", "reviews"]
    (run,) = runs(service)
    assert run.job == schedule.job_id and run.claimed_by == scheduler.instance
    assert abs(as_aware(run.scheduled_for) - due) < timedelta(milliseconds=1)
    (sent,) = actions(service, "digest_sent")
    assert (sent.actor_id, sent.target, sent.outcome) == ("system", "#ops", "ok")
    assert sent.details["schedule_id"] == schedule.id and sent.details["message_ts"] == "1700000000.000001"
    assert scheduler.apscheduler.get_job(schedule.job_id).next_run_time > datetime.now(timezone.utc)
    assert scheduler.health()["running"] is True and scheduler.health()["jobs"] == 1


def as_aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def test_a_run_missed_while_down_runs_once_after_restart(services: Callable[[], Service],
                                                         schedulers: Callable[..., Scheduler]) -> None:
    first = services()
    load_small(first.db)
    schedule = Schedules(first).add(ADMIN, "* * * * *", "#ops", sections=["reviews"])
    # Down for three and a half minutes: four every-minute runs were missed.
    make_due(first, schedulers, schedule.job_id, datetime.now(timezone.utc) - timedelta(minutes=3, seconds=30))

    after_restart = Recorder()
    schedulers(services(), after_restart).start()
    assert wait_for(lambda: len(after_restart.sent) >= 1)
    time.sleep(0.5)
    assert len(after_restart.sent) == 1, "missed runs must coalesce into one"
    assert len(runs(first)) == 1 and len(actions(first, "digest_sent")) == 1

    again = Recorder()  # and a second restart does not send it again
    schedulers(services(), again).start()
    time.sleep(0.6)
    assert again.sent == []
    assert verify(first.db, load_key(first.settings)).ok


def test_a_run_missed_beyond_the_grace_period_is_skipped(services: Callable[[], Service],
                                                         schedulers: Callable[..., Scheduler]) -> None:
    first = services()
    schedule = Schedules(first).add(ADMIN, "0 0 1 1 *", "#ops")
    make_due(first, schedulers, schedule.job_id, datetime.now(timezone.utc) - timedelta(hours=2))
    late = Recorder()
    scheduler = schedulers(services(), late, grace_seconds=60)
    scheduler.start()
    assert wait_for(lambda: scheduler.apscheduler.get_job(schedule.job_id).next_run_time
                    > datetime.now(timezone.utc))
    time.sleep(0.3)
    assert late.sent == [] and runs(first) == []


def test_two_schedulers_on_one_database_send_once(services: Callable[[], Service],
                                                  schedulers: Callable[..., Scheduler]) -> None:
    first = services()
    load_small(first.db)
    schedule = Schedules(first).add(ADMIN, "* * * * *", "#ops", sections=["profitability"])
    make_due(first, schedulers, schedule.job_id, datetime.now(timezone.utc) - timedelta(seconds=20))

    senders = [Recorder(), Recorder()]
    instances = [schedulers(services(), sender) for sender in senders]
    for instance in instances:
        instance.start(paused=True)
    for instance in instances:  # both see the same due job at (nearly) the same moment
        instance.apscheduler.resume()
    assert wait_for(lambda: sum(len(s.sent) for s in senders) >= 1)
    time.sleep(0.8)
    assert sum(len(s.sent) for s in senders) == 1
    (run,) = runs(first)
    assert run.claimed_by in {i.instance for i in instances} and run.outcome == "ok"
    assert len(actions(first, "digest_sent")) == 1


def test_a_failing_sender_is_audited_and_the_run_marked_failed(service: Service,
                                                               schedulers: Callable[..., Scheduler]) -> None:
    with pytest.raises(DeliveryError, match="could not be sent: slack is unreachable"):
        Schedules(service).deliver(ADMIN, "#ops", Recorder(fail=True))
    (failed,) = actions(service, "digest_sent")
    assert failed.outcome == "failed" and "ConnectionError" in failed.details["error"]

    scheduler = schedulers(service, Recorder(fail=True))
    scheduler.start()
    schedule = Schedules(service).add(ADMIN, "* * * * *", "#ops")
    scheduler.sync()
    scheduler.apscheduler.modify_job(schedule.job_id, jobstore="default",
                                     next_run_time=datetime.now(timezone.utc))
    assert wait_for(lambda: bool(runs(service)) and runs(service)[0].outcome == "failed")
    assert "slack is unreachable" in runs(service)[0].detail


def test_scheduled_backups_run_and_prune_old_archives(services: Callable[[], Service], db_settings: Settings,
                                                      schedulers: Callable[..., Scheduler]) -> None:
    settings = db_settings.model_copy(update={"backup_cron": "0 3 * * *", "backup_retention_days": 7})
    service = Service(settings, load_language_model=False)
    try:
        backups = Path(settings.data_dir) / "backups"
        backups.mkdir(parents=True)
        (backups / "moatmetrics-20200101T000000Z.backup").write_bytes(b"old")
        (backups / "notes.txt").write_text("not ours")
        scheduler = schedulers(service, Recorder())
        scheduler.start()
        job = scheduler.apscheduler.get_job(BACKUP_JOB)
        assert job is not None and job.trigger.timezone == ZoneInfo(settings.timezone)
        scheduler.apscheduler.modify_job(BACKUP_JOB, jobstore="default", next_run_time=datetime.now(timezone.utc))
        assert wait_for(lambda: bool(runs(service)) and runs(service)[0].outcome == "ok")
        names = sorted(p.name for p in backups.iterdir())
        assert "moatmetrics-20200101T000000Z.backup" not in names and "notes.txt" in names
        assert len([n for n in names if n.endswith(".backup")]) == 1
        assert [e.outcome for e in actions(service, "backup")] == ["ok"]
    finally:
        service.db.dispose()

    # Without MOAT_BACKUP_CRON the stored backup job goes away on the next start.
    plain = services()
    scheduler = schedulers(plain, Recorder())
    scheduler.start()
    assert scheduler.apscheduler.get_job(BACKUP_JOB) is None
