"""Engine, connections and the versioned schema.

SQLite (WAL) in the data dir is the embedded default; a PostgreSQL URL serves teams that run
several instances. The schema is versioned: each `Migration` brings the database from the
previous version to its own, so an older data dir upgrades in place on start-up.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, inspect, select
from sqlalchemy.engine import make_url

from core.errors import UserError
from storage import governance, schedules, tables, workflow


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _create(*table_names: str) -> Callable[[Connection], None]:
    def apply(conn: Connection) -> None:
        tables.metadata.create_all(conn, tables=[tables.metadata.tables[n] for n in table_names])
    return apply


MIGRATIONS: list[Migration] = [
    Migration(1, "data tables, snapshots, rejected rows, row versions, raw files",
              _create("schema_version", "raw_files", "snapshots", "rejected_rows", "row_versions", "key_checks",
                      *tables.DATA_TABLES)),
    Migration(2, "audit events (append-only) and user roles", governance.create_governance_tables),
    Migration(3, "reviews, conversation threads, seen chat deliveries", _create(*workflow.WORKFLOW_TABLES)),
    Migration(4, "digest schedules and scheduled-run claims", schedules.create_schedule_tables),
]
LATEST_VERSION = MIGRATIONS[-1].version


class SchemaError(UserError):
    """The database was written by a newer MoatMetrics than this one."""


class Database:
    """One engine per process; `begin()` gives a connection inside one transaction."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        kwargs: dict = {"echo": echo, "future": True}
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def schema_version(self) -> int:
        with self.connect() as conn:
            if not inspect(conn).has_table("schema_version"):
                return 0
            return conn.execute(select(func.max(tables.schema_version.c.version))).scalar() or 0

    def migrate(self, target: int = LATEST_VERSION) -> int:
        """Apply every migration above the stored version up to `target`; returns the new version."""
        current = self.schema_version()
        if current > LATEST_VERSION:
            raise SchemaError(f"database schema version {current} is newer than this MoatMetrics "
                              f"(knows up to {LATEST_VERSION}); upgrade MoatMetrics")
        for migration in MIGRATIONS:
            if current < migration.version <= target:
                with self.begin() as conn:
                    migration.apply(conn)
                    conn.execute(insert(tables.schema_version).values(
                        version=migration.version, applied_at=datetime.now(timezone.utc)))
                current = migration.version
        return current

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI objects
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def open_database(url: str) -> Database:
    """Open and upgrade the schema to the latest version."""
    db = Database(url)
    db.migrate()
    return db
