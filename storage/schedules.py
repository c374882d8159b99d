"""Tables for scheduled work: digest schedules, and the claims that make each run happen once.

`digest_schedules` is the source of truth for what should be sent where and when; APScheduler's
own job table (`apscheduler_jobs`, created by its job store) only remembers when each job runs
next, so a run missed while the process was down is noticed on start-up.

`schedule_runs` holds one row per run that some instance started: the INSERT is the claim, and the
unique (job, scheduled_for) pair lets exactly one instance win when several share a PostgreSQL
database. Backups claim their runs here too (job "backup"), which is why the table is not named
after digests.
"""
from __future__ import annotations

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy import JSON, Column, Connection, DateTime, Integer, String, Table, Text, UniqueConstraint

from storage.tables import metadata

digest_schedules = Table(
    "digest_schedules", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cron", String(120), nullable=False),  # five crontab fields, e.g. "0 8 * * MON"
    Column("channel", String(128), nullable=False),
    Column("sections", JSON, nullable=False),  # list of core.ops.digest section keys
    Column("timezone", String(64)),  # NULL: the policy's digest.timezone
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", Text, nullable=False),
    # Ids are typed by people (`digest remove 3`): never hand out a removed schedule's id again.
    sqlite_autoincrement=True,
)

schedule_runs = Table(
    "schedule_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job", String(64), nullable=False),  # "digest:<schedule id>" or "backup"
    Column("scheduled_for", DateTime(timezone=True), nullable=False),  # UTC
    Column("claimed_by", Text, nullable=False),  # host:pid of the winning instance
    Column("claimed_at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(16)),  # NULL while running, then ok | failed
    Column("detail", Text),
    UniqueConstraint("job", "scheduled_for", name="uq_schedule_runs_job_time"),
)

JOBS_TABLE = "apscheduler_jobs"


def create_schedule_tables(conn: Connection) -> None:
    """Migration 4: our two tables, and APScheduler's job table with APScheduler's own definition.

    The job store would create its table on start, but two instances starting together on a fresh
    PostgreSQL database would race to CREATE it; inside the versioned migration it exists first.
    """
    metadata.create_all(conn, tables=[digest_schedules, schedule_runs])
    SQLAlchemyJobStore(engine=conn.engine, tablename=JOBS_TABLE).jobs_t.create(conn, checkfirst=True)
