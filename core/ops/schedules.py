"""Scheduled digests (and backups): managing the schedules, and running them exactly once.

Two parts:

- `Schedules` is the data side every edge uses: add / list / remove a digest schedule
  (permission `manage_digests`, audited) and `deliver` a digest now (audited `digest_sent`).
  It needs no running scheduler, so `python app.py digest add` works while the server is down.
- `Scheduler` runs them: an APScheduler 3 `BackgroundScheduler` whose job store is the product's
  own database (`apscheduler_jobs`), so schedules survive restarts. Jobs are reconciled from the
  `digest_schedules` table on start and every `poll_seconds`, which is also how an instance
  notices schedules another process added.

Exactly once:
- A run missed while the process was down is found on start-up (its `next_run_time` is in the
  past) and, with `coalesce=True`, runs ONCE for all the missed times if the latest is within the
  grace period; older ones are dropped (APScheduler's `misfire_grace_time`).
- Several instances sharing one PostgreSQL database each see the job due. Before sending, each
  INSERTs (job, scheduled time) into `schedule_runs`; the unique constraint lets one INSERT win,
  and only the winner sends. The scheduled time comes from APScheduler itself (see
  `_RunContextExecutor`), so every instance claims the same key for the same run.

Jobs are stored by reference (`core.ops.schedules:run_digest_job`) with only ids as arguments, as
APScheduler pickles them; the function finds the `Scheduler` running it through a context
variable set by that scheduler's executor, so two schedulers in one process stay apart.
"""
from __future__ import annotations

import concurrent.futures
import logging
import os
import socket
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.base import BaseExecutor, run_job
from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError, JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

from core.errors import UserError
from config.settings import Settings
from core.governance.audit import as_utc
from core.governance.guard import Guard
from core.governance.policy import Actor
from core.ops import backup, observability
from core.ops.digest import Digest, DigestSource, build_digest, check_sections
from storage.db import Database
from storage.schedules import JOBS_TABLE, digest_schedules, schedule_runs

log = logging.getLogger(__name__)

DIGEST_JOB_PREFIX = "digest:"
BACKUP_JOB = "backup"
DEFAULT_GRACE_SECONDS = 3600
DEFAULT_POLL_SECONDS = 30
_MAX_CHANNEL = 128


class ScheduleError(UserError, ValueError):
    """A schedule that cannot be added or found as asked; the message says what would be valid."""


class DeliveryError(UserError):
    """The sender failed; the failure is already audited."""

    audited = True


class ScheduleHost(DigestSource, backup.BackupHost, Protocol):
    """What schedules need from their owner (core.service.Service is one): the database, the
    guard, the settings, and a digest's sources."""

    @property
    def db(self) -> Database: ...

    @property
    def guard(self) -> Guard: ...

    @property
    def settings(self) -> Settings: ...


class DigestSender(Protocol):
    """Where digests go. The Slack bot provides one; returns the message id (Slack ts) if any."""

    def send(self, channel: str, digest: Digest) -> str | None: ...


class LogSender:
    """Without Slack: the digest is written to the log (and the audit says where it went)."""

    def send(self, channel: str, digest: Digest) -> str | None:
        log.info("digest for %s (Slack is not connected):\n%s", channel, digest.to_text(),
                 extra={"channel": channel, "period": digest.period.label})
        return None


@dataclass(frozen=True)
class DigestSchedule:
    id: int
    cron: str
    channel: str
    sections: tuple[str, ...]
    timezone: str  # effective: the schedule's own, else the policy's digest.timezone
    created_at: datetime
    created_by: str
    next_run: datetime | None  # the next time the cron fires after now

    @property
    def job_id(self) -> str:
        return f"{DIGEST_JOB_PREFIX}{self.id}"

    def to_json(self) -> dict:
        return {"id": self.id, "cron": self.cron, "channel": self.channel, "sections": list(self.sections),
                "timezone": self.timezone, "created_at": self.created_at.isoformat(),
                "created_by": self.created_by, "next_run": self.next_run.isoformat() if self.next_run else None}


@dataclass(frozen=True)
class Delivery:
    digest: Digest
    channel: str
    message_ts: str | None


def cron_trigger(cron: str, zone: str) -> CronTrigger:
    """The trigger for a crontab line in `zone`; bad input is a ScheduleError that shows the format."""
    if not isinstance(cron, str) or not cron.strip():
        raise ScheduleError('a schedule needs a cron expression, e.g. "0 8 * * MON" (Mondays at 08:00)')
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"unknown time zone {zone!r}; use a name like 'Europe/Paris' or 'UTC'") from None
    try:
        return CronTrigger.from_crontab(cron.strip(), timezone=tz)
    except ValueError as exc:
        raise ScheduleError(f"invalid cron expression {cron!r} ({exc}); use five fields: minute hour "
                            f'day-of-month month day-of-week, e.g. "0 8 * * MON"') from None


def claim_run(db: Database, job: str, scheduled_for: datetime, claimed_by: str) -> bool:
    """True for the one caller whose INSERT of (job, scheduled_for) wins; everyone else gets False."""
    try:
        with db.begin() as conn:
            conn.execute(insert(schedule_runs).values(
                job=job, scheduled_for=as_utc(scheduled_for), claimed_by=claimed_by,
                claimed_at=datetime.now(timezone.utc)))
    except IntegrityError:
        return False
    return True


def _finish_run(db: Database, job: str, scheduled_for: datetime, outcome: str, detail: str | None) -> None:
    with db.begin() as conn:
        conn.execute(update(schedule_runs)
                     .where(schedule_runs.c.job == job, schedule_runs.c.scheduled_for == as_utc(scheduled_for))
                     .values(outcome=outcome, detail=detail))


class Schedules:
    """Digest schedules as data: add, list, remove, and delivering a digest. No scheduler needed."""

    def __init__(self, host: ScheduleHost) -> None:
        self.host = host

    @property
    def default_timezone(self) -> str:
        return self.host.policy.digest.timezone

    def add(self, actor: Actor, cron: str, channel: str, *, sections: Iterable[str] | None = None,
            tz: str | None = None) -> DigestSchedule:
        """Store a schedule (checked first: cron, time zone, channel, sections); audited with its row."""
        self.host.guard.authorize(actor, "manage_digests", target=channel)
        cron_trigger(cron, tz or self.default_timezone)
        chosen = check_sections(sections)
        channel = _checked_channel(channel)
        values = {"cron": " ".join(cron.split()), "channel": channel, "sections": list(chosen), "timezone": tz,
                  "created_at": datetime.now(timezone.utc), "created_by": actor.user_id}
        with self.host.db.begin() as conn:
            schedule_id = conn.execute(insert(digest_schedules).values(**values)).inserted_primary_key[0]
            self.host.guard.record(actor, "digest_schedule_added", target=str(schedule_id), conn=conn,
                                   details={"cron": values["cron"], "channel": channel, "sections": list(chosen),
                                            "timezone": tz or self.default_timezone})
        return self.get(schedule_id)

    def get(self, schedule_id: int | str) -> DigestSchedule:
        key = _schedule_id(schedule_id)
        with self.host.db.connect() as conn:
            row = conn.execute(select(digest_schedules).where(digest_schedules.c.id == key)).first()
        if row is None:
            raise ScheduleError(f"there is no digest schedule {schedule_id}; see `digest list`")
        return self._schedule(row)

    def list(self) -> list[DigestSchedule]:
        with self.host.db.connect() as conn:
            rows = conn.execute(select(digest_schedules).order_by(digest_schedules.c.id)).all()
        return [self._schedule(row) for row in rows]

    def remove(self, actor: Actor, schedule_id: int | str) -> DigestSchedule:
        self.host.guard.authorize(actor, "manage_digests", target=str(schedule_id))
        schedule = self.get(schedule_id)
        with self.host.db.begin() as conn:
            conn.execute(delete(digest_schedules).where(digest_schedules.c.id == schedule.id))
            self.host.guard.record(actor, "digest_schedule_removed", target=str(schedule.id), conn=conn,
                                   details={"cron": schedule.cron, "channel": schedule.channel})
        return schedule

    def deliver(self, actor: Actor, channel: str, sender: DigestSender, *, sections: Iterable[str] | None = None,
                as_of: date | None = None, schedule_id: int | None = None,
                scheduled_for: datetime | None = None) -> Delivery:
        """Build the digest and hand it to `sender`; audited `digest_sent` (outcome failed if the sender fails)."""
        self.host.guard.authorize(actor, "manage_digests", target=channel)
        channel = _checked_channel(channel)
        as_of = as_of or datetime.now(ZoneInfo(self.default_timezone)).date()
        digest = build_digest(self.host, as_of=as_of, sections=sections)
        details = {"channel": channel, "schedule_id": schedule_id,
                   "scheduled_for": as_utc(scheduled_for).isoformat() if scheduled_for else None,
                   "as_of": as_of.isoformat(), "period": digest.period.label,
                   "sections": [s.key for s in digest.sections], "sender": type(sender).__name__}
        try:
            message_ts = sender.send(channel, digest)
        except Exception as exc:  # noqa: BLE001 - any sender (Slack, log) failing is recorded the same way
            observability.DIGESTS.labels(outcome="failed").inc()
            self.host.guard.record(actor, "digest_sent", target=channel, outcome="failed",
                                details={**details, "error": f"{type(exc).__name__}: {exc}"})
            raise DeliveryError(f"the digest for {channel} could not be sent: {exc}") from exc
        observability.DIGESTS.labels(outcome="ok").inc()
        self.host.guard.record(actor, "digest_sent", target=channel, details={**details, "message_ts": message_ts})
        return Delivery(digest, channel, message_ts)

    def _schedule(self, row: Row) -> DigestSchedule:
        zone = row.timezone or self.default_timezone
        trigger = CronTrigger.from_crontab(row.cron, timezone=ZoneInfo(zone))
        return DigestSchedule(id=row.id, cron=row.cron, channel=row.channel, sections=tuple(row.sections),
                              timezone=zone, created_at=as_utc(row.created_at), created_by=row.created_by,
                              next_run=trigger.get_next_fire_time(None, datetime.now(timezone.utc)))


def _checked_channel(channel: str) -> str:
    if not isinstance(channel, str) or not channel.strip() or any(c.isspace() for c in channel.strip()):
        raise ScheduleError(f"a digest needs one channel, e.g. #finance or C0123ABCD; got {channel!r}")
    if len(channel.strip()) > _MAX_CHANNEL:
        raise ScheduleError(f"channel name is longer than {_MAX_CHANNEL} characters")
    return channel.strip()


def _schedule_id(value: int | str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise ScheduleError(f"a schedule id is a number (see `digest list`), got {value!r}") from None


# --------------------------------------------------------------------------- running

@dataclass(frozen=True)
class _RunContext:
    scheduler: Scheduler
    scheduled_for: datetime


_current_run: ContextVar[_RunContext | None] = ContextVar("moat_scheduled_run", default=None)


class _RunContextExecutor(BaseExecutor):
    """A small thread pool that tells each job which scheduler runs it, and for which scheduled time.

    APScheduler's documented extension point for executors is `_do_submit_job`; jobs always have
    `coalesce=True`, so `run_times` holds exactly one time: the latest one that was due.
    """

    def __init__(self, owner: Scheduler, workers: int = 2) -> None:
        super().__init__()
        self._owner = owner
        self._pool = concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="moat-scheduled")

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        future = self._pool.submit(self._run, job, run_times)
        future.add_done_callback(lambda done: self._done(job, done))

    def _run(self, job: Job, run_times: list[datetime]) -> list:
        token = _current_run.set(_RunContext(self._owner, run_times[-1]))
        try:
            return run_job(job, job._jobstore_alias, run_times, self._logger.name)
        finally:
            _current_run.reset(token)

    def _done(self, job: Job, future: concurrent.futures.Future) -> None:
        exc = future.exception()
        if exc is not None:
            self._run_job_error(job.id, exc, exc.__traceback__)
        else:
            self._run_job_success(job.id, future.result())

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait)


def _context() -> _RunContext:
    context = _current_run.get()
    if context is None:
        raise RuntimeError("scheduled jobs run only inside core.ops.schedules.Scheduler")
    return context


def run_digest_job(schedule_id: int) -> None:
    """The stored job of every digest schedule (referenced as core.ops.schedules:run_digest_job)."""
    context = _context()
    context.scheduler.run_digest(schedule_id, context.scheduled_for)


def run_backup_job() -> None:
    """The stored job of scheduled backups (MOAT_BACKUP_CRON)."""
    context = _context()
    context.scheduler.run_backup(context.scheduled_for)


class _BackgroundScheduler(BackgroundScheduler):
    """APScheduler 3.11's BackgroundScheduler without its last pass after shutdown.

    `shutdown()` stops the executors, then wakes the scheduler thread, which runs one more
    `_process_jobs` pass: a job due at that moment fails to submit (the pool is gone) but is still
    moved on to its next fire time, so that run is lost for every instance. Skipping the pass
    leaves the job due in the database, and the next start-up (or another instance) runs it.
    """

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()


class Scheduler:
    """The APScheduler instance of one process: start it with the server, shut it down with it."""

    def __init__(self, host: ScheduleHost, *, sender: DigestSender | None = None,
                 grace_seconds: int = DEFAULT_GRACE_SECONDS, poll_seconds: float = DEFAULT_POLL_SECONDS) -> None:
        self.host = host
        self.schedules = Schedules(host)
        self.sender: DigestSender = sender or LogSender()
        self.grace_seconds = grace_seconds
        self.poll_seconds = poll_seconds
        # Names the claim winner in schedule_runs; the object id tells apart two schedulers in one process.
        self.instance = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._scheduler: BackgroundScheduler | None = None

    @property
    def running(self) -> bool:
        return self._scheduler is not None and self._scheduler.running

    def start(self, *, paused: bool = False) -> None:
        """Start the scheduler; runs missed while down (within the grace period) go out once, now.

        `paused=True` loads the jobs without running anything (tests, and tools that edit jobs).
        """
        if self.running:
            return
        scheduler = _BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.host.db.engine, tablename=JOBS_TABLE),
                       "local": MemoryJobStore()},
            executors={"default": _RunContextExecutor(self)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": self.grace_seconds},
            timezone=timezone.utc)
        scheduler.add_listener(self._on_problem, EVENT_JOB_MISSED | EVENT_JOB_ERROR)
        scheduler.start(paused=paused)
        self._scheduler = scheduler
        self.sync()
        scheduler.add_job(self.sync, "interval", seconds=self.poll_seconds, id="sync", jobstore="local")

    def shutdown(self, wait: bool = True) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=wait)
        self._scheduler = None

    @property
    def apscheduler(self) -> BackgroundScheduler:
        """The running APScheduler, for inspecting or moving jobs (ops tools and tests)."""
        return self._require()

    def health(self) -> dict:
        if not self.running:
            return {"ok": False, "running": False}
        jobs = self._scheduler.get_jobs(jobstore="default")
        upcoming = [job.next_run_time for job in jobs if job.next_run_time is not None]
        return {"ok": True, "running": True, "jobs": len(jobs),
                "next_run": min(upcoming).isoformat() if upcoming else None}

    def sync(self) -> None:
        """Make the stored jobs match the digest schedules (and MOAT_BACKUP_CRON)."""
        scheduler = self._require()
        wanted = {schedule.job_id: schedule for schedule in self.schedules.list()}
        stored = {job.id: job for job in scheduler.get_jobs(jobstore="default")}
        for job_id in stored.keys() - wanted.keys() - {BACKUP_JOB}:
            self._remove_job(job_id)
        for job_id in wanted.keys() - stored.keys():
            schedule = wanted[job_id]
            trigger = CronTrigger.from_crontab(schedule.cron, timezone=ZoneInfo(schedule.timezone))
            self._add_job("core.ops.schedules:run_digest_job", trigger, job_id, [schedule.id],
                          name=f"digest {schedule.cron} to {schedule.channel}", since=schedule.created_at)
        self._sync_backup(stored.get(BACKUP_JOB))

    def _sync_backup(self, stored: Job | None) -> None:
        settings = self.host.settings
        name = f"backup {settings.backup_cron} {settings.timezone}" if settings.backup_cron else None
        if stored is not None and stored.name != name:
            self._remove_job(BACKUP_JOB)
            stored = None
        if name is not None and stored is None:
            trigger = CronTrigger.from_crontab(settings.backup_cron, timezone=ZoneInfo(settings.timezone))
            self._add_job("core.ops.schedules:run_backup_job", trigger, BACKUP_JOB, [], name=name,
                          since=datetime.now(timezone.utc))

    def _add_job(self, func: str, trigger: CronTrigger, job_id: str, args: list, *, name: str,
                 since: datetime) -> None:
        """Add a job whose first run is the first fire time after `since` (but never before the grace period).

        A schedule added while no scheduler ran still gets its first run, once, if it is recent.
        """
        now = datetime.now(timezone.utc)
        start = max(since, now - timedelta(seconds=self.grace_seconds))
        try:
            self._require().add_job(func, trigger, args=args, id=job_id, name=name, jobstore="default",
                                    next_run_time=trigger.get_next_fire_time(None, start))
        except ConflictingIdError:
            pass  # another instance added it first

    def _remove_job(self, job_id: str) -> None:
        try:
            self._require().remove_job(job_id, jobstore="default")
        except JobLookupError:
            pass  # another instance removed it first

    def _require(self) -> BackgroundScheduler:
        if self._scheduler is None:
            raise RuntimeError("the scheduler is not started")
        return self._scheduler

    def _on_problem(self, event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning("scheduled run of %s at %s was missed by more than %s s; skipped", event.job_id,
                        event.scheduled_run_time, self.grace_seconds, extra={"job": event.job_id})
        else:
            log.error("scheduled job %s failed: %s", event.job_id, event.exception, extra={"job": event.job_id})

    # --- the jobs ---------------------------------------------------------------------------
    def run_digest(self, schedule_id: int, scheduled_for: datetime) -> None:
        job = f"{DIGEST_JOB_PREFIX}{schedule_id}"
        try:
            schedule = self.schedules.get(schedule_id)
        except ScheduleError:
            log.info("digest schedule %s was removed; not sending", schedule_id, extra={"job": job})
            return
        if not claim_run(self.host.db, job, scheduled_for, self.instance):
            log.info("digest %s for %s already claimed by another instance", job, scheduled_for, extra={"job": job})
            return
        as_of = as_utc(scheduled_for).astimezone(ZoneInfo(schedule.timezone)).date()
        try:
            delivery = self.schedules.deliver(Actor.system(), schedule.channel, self.sender,
                                              sections=schedule.sections, as_of=as_of, schedule_id=schedule.id,
                                              scheduled_for=scheduled_for)
        except Exception as exc:  # the claim must not stay "running" forever, whatever broke
            _finish_run(self.host.db, job, scheduled_for, "failed", str(exc))
            raise
        _finish_run(self.host.db, job, scheduled_for, "ok", delivery.message_ts)

    def run_backup(self, scheduled_for: datetime) -> None:
        if not claim_run(self.host.db, BACKUP_JOB, scheduled_for, self.instance):
            return
        try:
            report = backup.create_backup(self.host, Actor.system())
            removed = backup.prune_backups(report.path.parent, self.host.settings.backup_retention_days)
        except Exception as exc:  # the claim must not stay "running" forever, whatever broke
            _finish_run(self.host.db, BACKUP_JOB, scheduled_for, "failed", str(exc))
            raise
        _finish_run(self.host.db, BACKUP_JOB, scheduled_for, "ok",
                    f"{report.path.name}; removed {len(removed)} old backup(s)")
