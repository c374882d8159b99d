"""Backup and restore: one encrypted archive holding everything needed to start again elsewhere.

The archive is a tar stream (manifest first, then the database copy, then the raw files) sealed
with the data key in the raw store's chunked Fernet format (`core.ingest.rawstore.RawStore.put`), so a
backup is never readable without MOAT_SECRET_KEY / data/secret.key, and a large data dir never
sits in memory.

The database copy is consistent:
- SQLite: the sqlite3 online-backup API copies every page in one step, under one read snapshot.
- PostgreSQL: every table of the schema is dumped as JSON lines inside one REPEATABLE READ
  transaction, through SQLAlchemy, so no pg_dump (and no matching server version) is needed.
The manifest records the newest audit event's hash: a later restore that verifies the chain up to
that hash shows the log was not truncated in between.

Restore goes into an EMPTY data dir only (it never merges with or overwrites live data): the
archive is unpacked into a staging dir first, so a failure leaves the data dir as it was. A
SQLite copy restored to SQLite is placed as-is; any other pairing (a PostgreSQL dump, or a
restore into the database named by MOAT_DATABASE_URL) is loaded row by row, table by table.
"""
from __future__ import annotations

import base64
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Date, DateTime, Integer, LargeBinary, Table, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from core.errors import UserError
from config.settings import Settings
from core.ops import observability
from core.governance.audit import AuditLog, VerifyReport, as_utc, verify
from core.governance.guard import Guard
from core.governance.keys import KEY_FILE_NAME, KeyFileError, fernet, load_key
from core.governance.policy import Actor, Policy, PolicyError, Roles, parse_admins
from core.ingest.rawstore import RawStore, RawStoreError, file_chunks
from storage import tables
from storage.db import LATEST_VERSION, Database
from storage.governance import audit_events

log = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/moatmetrics.sqlite"
SQLITE_FILE_NAME = "moatmetrics.db"  # the embedded database's name in a data dir (Settings.resolved_database_url)
BACKUP_DIR_NAME = "backups"
_NAME_TIME = "%Y%m%dT%H%M%SZ"
_BACKUP_NAME = re.compile(r"moatmetrics-(\d{8}T\d{6}Z)\.backup")
_MEMBER = re.compile(r"manifest\.json|database/moatmetrics\.sqlite|database/[a-z_]{1,64}\.jsonl|raw/[0-9a-f]{64}\.fernet")
_WRONG_KEY = "this backup was made with a different key (MOAT_SECRET_KEY / data/secret.key)"
_BATCH = 1000
# Written by the target's own migrations when it is restored, so not copied.
_NOT_DUMPED = {"schema_version"}


class BackupHost(Protocol):
    """What a backup reads (core.service.Service is one): the database, the settings, the guard."""

    @property
    def db(self) -> Database: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def guard(self) -> Guard: ...


class BackupError(UserError):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size_bytes: int
    database: str  # sqlite | postgresql
    schema_version: int
    tables: dict[str, int]  # rows per table in the copy
    raw_files: int
    audit_head: dict | None  # {"seq", "hash"} of the newest audit event in the copy

    def to_json(self) -> dict:
        return {**asdict(self), "path": str(self.path)}


@dataclass(frozen=True)
class RestoreReport:
    data_dir: Path
    database: str  # where the rows went: sqlite | postgresql
    created_at: str  # when the backup was made
    tables: dict[str, int]
    raw_files: int
    audit: VerifyReport
    audit_head_found: bool  # the backup's newest audit event is in the restored chain

    def to_json(self) -> dict:
        return {**asdict(self), "data_dir": str(self.data_dir), "audit": asdict(self.audit)}


def default_backup_dir(settings: Settings) -> Path:
    return Path(settings.data_dir) / BACKUP_DIR_NAME


def backup_name(moment: datetime) -> str:
    return f"moatmetrics-{as_utc(moment):{_NAME_TIME}}.backup"


# --------------------------------------------------------------------------- backup

def create_backup(host: BackupHost, actor: Actor, output: Path | None = None) -> BackupReport:
    """Write one encrypted archive of the database and the raw files; audited `backup`."""
    now = datetime.now(timezone.utc)
    path = Path(output) if output else default_backup_dir(host.settings) / backup_name(now)
    try:
        report = _write_backup(host, path, now)
    except (BackupError, KeyFileError, OSError, sqlite3.Error, SQLAlchemyError) as exc:
        observability.BACKUPS.labels(outcome="failed").inc()
        message = str(exc) if isinstance(exc, BackupError) else f"cannot write the backup {path}: {exc}"
        host.guard.record(actor, "backup", target=str(path), outcome="failed", details={"error": message})
        raise BackupError(message) from exc
    observability.BACKUPS.labels(outcome="ok").inc()
    host.guard.record(actor, "backup", target=str(path), details={
        "bytes": report.size_bytes, "database": report.database, "raw_files": report.raw_files,
        "rows": sum(report.tables.values()), "audit_head": report.audit_head})
    return report


def _write_backup(host: BackupHost, path: Path, now: datetime) -> BackupReport:
    if path.exists():
        raise BackupError(f"{path} already exists; choose another file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    db = host.db
    with _staging(path.parent) as staging:
        counts, head = (_copy_sqlite(db, staging / SQLITE_MEMBER) if db.is_sqlite
                        else _dump_tables(db, staging / "database"))
        raw_dir = Path(host.settings.data_dir) / "raw"
        raw_files = sorted(raw_dir.glob("*.fernet")) if raw_dir.is_dir() else []
        manifest = {"format": FORMAT, "created_at": now.isoformat(), "database": db.engine.dialect.name,
                    "schema_version": db.schema_version(), "tables": counts,
                    "raw_files": [p.name for p in raw_files], "audit_head": head}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1))
        plain = staging / "archive.tar"
        with tarfile.open(plain, "w") as tar:
            tar.add(staging / MANIFEST, arcname=MANIFEST)
            for member in sorted((staging / "database").rglob("*")):
                tar.add(member, arcname=member.relative_to(staging).as_posix())
            for raw in raw_files:
                tar.add(raw, arcname=f"raw/{raw.name}")
        sealed = RawStore(staging / "sealed", fernet(host.settings)).put(file_chunks(plain))
        os.replace(sealed.path, path)
    return BackupReport(path=path, size_bytes=path.stat().st_size, database=manifest["database"],
                        schema_version=manifest["schema_version"], tables=counts, raw_files=len(raw_files),
                        audit_head=head)


@contextmanager
def _staging(parent: Path) -> Iterator[Path]:
    """A private (0700) scratch dir next to the target, removed whatever happens."""
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".moat-staging-", dir=parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _copy_sqlite(db: Database, target: Path) -> tuple[dict[str, int], dict | None]:
    target.parent.mkdir(parents=True)
    source = sqlite3.connect(make_url(db.url).database, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one consistent snapshot
    finally:
        source.close()
        copy.close()
    copied = Database(f"sqlite:///{target}")
    try:
        with copied.connect() as conn:
            return _counts(conn), _audit_head(conn)
    finally:
        copied.dispose()


def _dumped_tables(conn: Connection) -> list[Table]:
    present = set(inspect(conn).get_table_names())
    return [t for t in tables.metadata.sorted_tables if t.name in present and t.name not in _NOT_DUMPED]


def _counts(conn: Connection) -> dict[str, int]:
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in _dumped_tables(conn)}


def _audit_head(conn: Connection) -> dict | None:
    if not inspect(conn).has_table(audit_events.name):
        return None
    row = conn.execute(select(audit_events.c.seq, audit_events.c.hash)
                       .order_by(audit_events.c.seq.desc()).limit(1)).first()
    return {"seq": row.seq, "hash": row.hash} if row else None


def _dump_tables(db: Database, directory: Path) -> tuple[dict[str, int], dict | None]:
    """Every table as JSON lines, all read inside one REPEATABLE READ transaction (one snapshot)."""
    directory.mkdir(parents=True)
    counts: dict[str, int] = {}
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        for table in _dumped_tables(conn):
            count = 0
            with (directory / f"{table.name}.jsonl").open("w", encoding="utf-8") as out:
                result = conn.execution_options(yield_per=_BATCH).execute(select(table))
                for row in result.mappings():
                    out.write(json.dumps(dict(row), default=_encode, ensure_ascii=False) + "\n")
                    count += 1
            counts[table.name] = count
        head = _audit_head(conn)
    return counts, head


def _encode(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} cannot be written to a backup")


# --------------------------------------------------------------------------- restore

def restore_backup(settings: Settings, archive: Path, actor: Actor) -> RestoreReport:
    """Restore `archive` into `settings.data_dir` (which must be empty), then verify the audit chain."""
    try:
        return _restore(settings, Path(archive), actor)
    except (OSError, SQLAlchemyError, KeyFileError, PolicyError) as exc:
        raise BackupError(f"cannot restore {archive} into {settings.data_dir}: {exc}") from exc


def _restore(settings: Settings, archive: Path, actor: Actor) -> RestoreReport:
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file")
    data_dir = Path(settings.data_dir)
    _require_empty(settings, data_dir)
    key = _restore_key(settings, data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with _staging(data_dir) as staging:
            manifest = _unpack(archive, settings, staging)
            db = _restore_database(settings, manifest, staging)
            try:
                raw_count = _move_raw_files(staging / "raw", data_dir / "raw")
                audit = verify(db, key)
                head = manifest.get("audit_head")
                head_found = head is None or _has_event(db, head)
                with db.connect() as conn:
                    counts = _counts(conn)
                roles = Roles(db, Policy.load(settings.policy_file), parse_admins(settings.admins))
                AuditLog(db, key).record(roles.event(actor, "restore", target=str(archive), details={
                    "backup_created_at": manifest["created_at"], "rows": sum(counts.values()),
                    "raw_files": raw_count, "audit_ok": audit.ok, "audit_events_checked": audit.events_checked,
                    "audit_head_found": head_found}))
            finally:
                db.dispose()
    except BaseException:
        _empty_again(data_dir)
        raise
    return RestoreReport(data_dir=data_dir, database=db.engine.dialect.name, created_at=manifest["created_at"],
                         tables=counts, raw_files=raw_count, audit=audit, audit_head_found=head_found)


def _require_empty(settings: Settings, data_dir: Path) -> None:
    if data_dir.exists() and not data_dir.is_dir():
        raise BackupError(f"{data_dir} is not a directory")
    leftovers = sorted(p.name for p in data_dir.iterdir() if p.name != KEY_FILE_NAME) if data_dir.exists() else []
    if leftovers:
        shown = ", ".join(leftovers[:5]) + (" …" if len(leftovers) > 5 else "")
        raise BackupError(f"the data dir {data_dir} is not empty ({shown}); restore only into an empty data dir "
                          "(--data-dir NEW_DIR), it never overwrites data")
    if settings.database_url:
        target = Database(settings.database_url)
        try:
            with target.connect() as conn:
                existing = inspect(conn).get_table_names()
        finally:
            target.dispose()
        if existing:
            raise BackupError(f"the database in MOAT_DATABASE_URL already has {len(existing)} tables; "
                              "restore needs an empty database")


def _empty_again(data_dir: Path) -> None:
    """After a failed restore, leave the data dir as empty as it was found (the key file stays)."""
    for path in data_dir.iterdir():
        if path.name == KEY_FILE_NAME:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _restore_key(settings: Settings, data_dir: Path) -> bytes:
    """The key must be given, never generated: a new key could not open the backup anyway."""
    if not settings.secret_key and not (data_dir / KEY_FILE_NAME).exists():
        raise BackupError(f"restore needs the key the backup was made with: set MOAT_SECRET_KEY, or copy the "
                          f"old {KEY_FILE_NAME} into {data_dir}")
    return load_key(settings)


class _ChunkReader(io.RawIOBase):
    """A read-only file over an iterator of byte chunks (the decrypted archive), for tarfile's stream mode."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = chunk
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def _decrypted(archive: Path, settings: Settings, staging: Path) -> Iterator[bytes]:
    """The archive's plaintext chunks; the first chunk is the key check."""
    view = staging / "sealed"
    view.mkdir()
    (view / "archive.fernet").symlink_to(archive.resolve())
    chunks = RawStore(view, fernet(settings)).read("archive")
    first = True
    try:
        for chunk in chunks:
            first = False
            yield chunk
    except RawStoreError:
        if first:
            raise BackupError(f"cannot open {archive}: {_WRONG_KEY}, or it is not a MoatMetrics backup") from None
        raise BackupError(f"{archive} is damaged: it stops decrypting part-way") from None


def _unpack(archive: Path, settings: Settings, staging: Path) -> dict:
    manifest: dict | None = None
    try:
        with tarfile.open(fileobj=_ChunkReader(_decrypted(archive, settings, staging)), mode="r|") as tar:
            for member in tar:
                if not member.isfile() or not _MEMBER.fullmatch(member.name):
                    raise BackupError(f"{archive} holds an unexpected entry {member.name!r}; not restoring it")
                if manifest is None and member.name != MANIFEST:
                    raise BackupError(f"{archive} does not start with its manifest; not a MoatMetrics backup")
                source = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = _checked_manifest(json.load(source), archive)
                    continue
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    shutil.copyfileobj(source, out)
    except tarfile.TarError as exc:
        raise BackupError(f"{archive} is not a readable MoatMetrics backup ({exc})") from None
    if manifest is None:
        raise BackupError(f"{archive} is empty")
    return manifest


def _checked_manifest(manifest: Any, archive: Path) -> dict:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} has an unknown backup format; it needs another MoatMetrics version")
    if manifest["schema_version"] > LATEST_VERSION:
        raise BackupError(f"{archive} was made by a newer MoatMetrics (schema {manifest['schema_version']}, "
                          f"this one knows up to {LATEST_VERSION}); upgrade first")
    return manifest


def _restore_database(settings: Settings, manifest: dict, staging: Path) -> Database:
    copy = staging / SQLITE_MEMBER
    if copy.exists() and not settings.database_url:
        target = Path(settings.data_dir) / SQLITE_FILE_NAME
        shutil.move(copy, target)
        db = Database(settings.resolved_database_url)
        db.migrate()
        return db
    db = Database(settings.resolved_database_url)
    db.migrate(manifest["schema_version"])  # the schema the rows were written under, upgraded after loading
    if copy.exists():
        source = Database(f"sqlite:///{copy}")
        try:
            with source.connect() as conn:
                for table in _dumped_tables(conn):
                    _load(db, table, (dict(row) for row in conn.execute(select(table)).mappings()))
        finally:
            source.dispose()
    else:
        for table in tables.metadata.sorted_tables:
            dump = staging / "database" / f"{table.name}.jsonl"
            if dump.exists() and table.name not in _NOT_DUMPED:
                _load(db, table, _read_jsonl(dump))
    db.migrate()
    return db


def _read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def _typed(table: Table, row: dict) -> dict:
    """Values as the column type wants them: dumps hold text for dates and bytes, SQLite naive UTC times."""
    out = {}
    for name, value in row.items():
        column = table.c[name]
        if value is not None:
            if isinstance(column.type, DateTime):
                value = datetime.fromisoformat(value) if isinstance(value, str) else value
                value = as_utc(value) if column.type.timezone else value
            elif isinstance(column.type, Date) and isinstance(value, str):
                value = date.fromisoformat(value)
            elif isinstance(column.type, LargeBinary) and isinstance(value, str):
                value = base64.b64decode(value)
        out[name] = value
    return out


def _load(db: Database, table: Table, rows: Iterator[dict]) -> None:
    with db.begin() as conn:
        batch: list[dict] = []
        for row in rows:
            batch.append(_typed(table, row))
            if len(batch) >= _BATCH:
                conn.execute(table.insert(), batch)
                batch = []
        if batch:
            conn.execute(table.insert(), batch)
        if conn.dialect.name == "postgresql":
            _advance_sequences(conn, table)


def _advance_sequences(conn: Connection, table: Table) -> None:
    """Rows came with their ids: move each serial sequence past them so new rows do not collide."""
    for column in table.primary_key.columns:
        if isinstance(column.type, Integer) and column.autoincrement is not False:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                              f'COALESCE(MAX("{column.name}"), 1), MAX("{column.name}") IS NOT NULL) '
                              f'FROM "{table.name}"'), {"table": table.name, "column": column.name})


def _move_raw_files(source: Path, target: Path) -> int:
    if not source.is_dir():
        return 0
    target.mkdir(parents=True, exist_ok=True)
    moved = 0
    for path in source.iterdir():
        shutil.move(path, target / path.name)
        moved += 1
    return moved


def _has_event(db: Database, head: dict) -> bool:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit_events).where(
            audit_events.c.seq == head["seq"], audit_events.c.hash == head["hash"])).scalar_one() == 1


# --------------------------------------------------------------------------- retention

def prune_backups(directory: Path, retention_days: int, *, now: datetime | None = None) -> list[Path]:
    """Delete this product's archives (moatmetrics-<UTC time>.backup) older than `retention_days`.

    The age comes from the name, not the file time (a copied archive keeps its age); any other
    file in the directory is never touched.
    """
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=retention_days)
    removed = []
    for path in sorted(Path(directory).glob("moatmetrics-*.backup")):
        match = _BACKUP_NAME.fullmatch(path.name)
        if match and datetime.strptime(match[1], _NAME_TIME).replace(tzinfo=timezone.utc) < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path)
            log.info("deleted backup %s (older than %d days)", path.name, retention_days)
    return removed

