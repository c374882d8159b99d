"""Snapshots: what each upload changed, listed and undone.

Every sheet of an upload is one snapshot. Rows it inserted carry its id; rows it updated carry its
id too and their previous content sits in `row_versions`. Rolling back therefore needs no replay:
delete what the snapshot inserted, put back what it replaced, and leave alone whatever a later
snapshot has changed since (the newer upload is what the user sees now).

Snapshot ids are "S" + a zero-padded sequence ("S000042"): short enough to type into a
rollback command, and sortable. Taking the next number and every write that depends on it
happen under one database-wide writer lock (see :func:`lock_writes`), which also keeps two
concurrent uploads from racing on the same natural keys.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import Connection, Date, DateTime, Table, bindparam, false, func, select, text, union

from core.errors import UserError
from storage import tables
from storage.db import Database

ID_PREFIX = "S"
ID_DIGITS = 6
_PG_LOCK_KEY = 0x4D4F4154  # "MOAT": the advisory lock every writer of snapshots takes


class SnapshotError(UserError):
    """A rollback that cannot happen (unknown id, already rolled back); the message says which."""


@dataclass(frozen=True)
class SnapshotInfo:
    id: str
    entity: str
    file: str
    sheet: str | None
    sha256: str
    uploader: str
    created_at: datetime
    rows_total: int
    rows_accepted: int
    rows_rejected: int
    rows_inserted: int
    rows_updated: int
    rows_unchanged: int
    warnings: list[str]
    status: str
    rolled_back_at: datetime | None

    def to_json(self) -> dict:
        return {
            "id": self.id, "entity": self.entity, "file": self.file, "sheet": self.sheet,
            "sha256": self.sha256, "uploader": self.uploader, "created_at": self.created_at.isoformat(),
            "rows_total": self.rows_total, "rows_accepted": self.rows_accepted,
            "rows_rejected": self.rows_rejected, "rows_inserted": self.rows_inserted,
            "rows_updated": self.rows_updated, "rows_unchanged": self.rows_unchanged,
            "warnings": list(self.warnings), "status": self.status,
            "rolled_back_at": self.rolled_back_at.isoformat() if self.rolled_back_at else None,
        }


@dataclass
class RollbackReport:
    snapshot_id: str
    entity: str
    rows_deleted: int = 0
    rows_restored: int = 0
    rows_kept: int = 0
    clients_deleted: int = 0
    clients_kept: int = 0
    messages: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"snapshot_id": self.snapshot_id, "entity": self.entity, "rows_deleted": self.rows_deleted,
                "rows_restored": self.rows_restored, "rows_kept": self.rows_kept,
                "clients_deleted": self.clients_deleted, "clients_kept": self.clients_kept,
                "messages": list(self.messages)}


def lock_writes(conn: Connection) -> None:
    """Become the only writer of uploads and rollbacks until this transaction ends.

    SQLite: a no-op DELETE opens the write transaction now (the driver only begins on DML), so
    the id read next cannot go stale. PostgreSQL: a transaction-scoped advisory lock.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    else:
        conn.execute(tables.snapshots.delete().where(false()))


def next_snapshot_id(conn: Connection) -> str:
    """The next id in sequence; call under :func:`lock_writes`."""
    ids = tables.snapshots.c.id
    last = conn.execute(select(ids).order_by(func.length(ids).desc(), ids.desc()).limit(1)).scalar()
    number = int(last[len(ID_PREFIX):]) + 1 if last else 1
    return f"{ID_PREFIX}{number:0{ID_DIGITS}d}"


def list_snapshots(db: Database) -> list[SnapshotInfo]:
    """Every snapshot, newest first."""
    s = tables.snapshots
    with db.connect() as conn:
        rows = conn.execute(select(s).order_by(s.c.created_at.desc(), func.length(s.c.id).desc(), s.c.id.desc()))
        return [SnapshotInfo(
            id=r.id, entity=r.entity, file=r.file_name, sheet=r.sheet, sha256=r.sha256, uploader=r.uploader,
            created_at=_aware(r.created_at), rows_total=r.rows_total, rows_accepted=r.rows_accepted,
            rows_rejected=r.rows_rejected, rows_inserted=r.rows_inserted, rows_updated=r.rows_updated,
            rows_unchanged=r.rows_unchanged, warnings=list(r.warnings or []), status=r.status,
            rolled_back_at=_aware(r.rolled_back_at) if r.rolled_back_at else None) for r in rows]


def _aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def rollback(db: Database, snapshot_id: str) -> RollbackReport:
    """Return the snapshot's rows to what they were before it, in one transaction."""
    s = tables.snapshots
    with db.begin() as conn:
        lock_writes(conn)
        snap = conn.execute(select(s).where(s.c.id == snapshot_id.strip().upper())).first()
        if snap is None:
            raise SnapshotError(f"no snapshot {snapshot_id!r}; `snapshots` lists them")
        if snap.status != "active":
            raise SnapshotError(f"snapshot {snap.id} was already rolled back "
                                f"({_aware(snap.rolled_back_at):%Y-%m-%d %H:%M} UTC)")
        report = RollbackReport(snap.id, snap.entity)
        if snap.entity != "clients":
            _undo_rows(conn, snap, snap.entity, report)
        _undo_rows(conn, snap, "clients", report)
        conn.execute(s.update().where(s.c.id == snap.id).values(
            status="rolled_back", rolled_back_at=datetime.now(timezone.utc)))
    return report


def _undo_rows(conn: Connection, snap, entity: str, report: RollbackReport) -> None:  # noqa: ANN001 - a snapshots row
    """Put back what the snapshot replaced in one table, then delete what it inserted there.

    Clients it created (from another file's references, or a clients file's new rows) stay while
    rows of other uploads still point at them. Works in pages of row versions, so undoing a
    million-row snapshot never holds them all in memory.
    """
    table = tables.DATA_TABLES[entity]
    _count_later_changes(conn, snap, entity, report)
    for previous in _version_pages(conn, snap.id, entity):
        owned = set(conn.execute(select(table.c.id).where(table.c.id.in_(list(previous)),
                                                          table.c.snapshot_id == snap.id)).scalars())
        restore_rows(conn, table, [previous[row_id] for row_id in sorted(owned)])
        report.rows_restored += len(owned)
    # What the snapshot still owns now is what it inserted.
    inserted = table.delete().where(table.c.snapshot_id == snap.id)
    if entity != "clients":
        report.rows_deleted += conn.execute(inserted).rowcount
        return
    used = union(*(select(t.c.client_pk).where(t.c.client_pk.is_not(None))
                   for t in tables.DATA_TABLES.values() if "client_pk" in t.c))
    report.clients_deleted += conn.execute(inserted.where(table.c.id.not_in(used))).rowcount
    kept = conn.execute(select(func.count()).select_from(table).where(table.c.snapshot_id == snap.id)).scalar()
    report.clients_kept += kept
    if kept:
        report.messages.append(f"{kept} client{'s' if kept != 1 else ''} kept: still used by rows of other uploads")


def _version_pages(conn: Connection, snapshot_id: str, entity: str, size: int = 900) -> Iterator[dict[int, dict]]:
    """The snapshot's saved previous rows for one table, {row id: previous}, a page at a time."""
    v = tables.row_versions
    last = -1
    while True:
        page = {row.row_id: row.previous for row in conn.execute(
            select(v.c.row_id, v.c.previous).where(v.c.snapshot_id == snapshot_id, v.c.entity == entity,
                                                   v.c.row_id > last).order_by(v.c.row_id).limit(size))}
        if not page:
            return
        yield page
        last = max(page)


def _count_later_changes(conn: Connection, snap, entity: str, report: RollbackReport) -> None:  # noqa: ANN001
    """Rows this snapshot wrote that a later snapshot has changed since: they stay as they are now.

    Which rows it wrote: those it updated (its own row versions) and those whose previous content,
    as a later snapshot saved it, names this snapshot, even when that later snapshot was rolled
    back since and a third one changed the row after it.
    """
    v, s = tables.row_versions, tables.snapshots
    updated = select(v.c.row_id).where(v.c.snapshot_id == snap.id, v.c.entity == entity)
    later_versions = (select(v.c.row_id, v.c.previous).join(s, s.c.id == v.c.snapshot_id)
                      .where(v.c.entity == entity, v.c.snapshot_id != snap.id, s.c.created_at >= snap.created_at))
    written = set(conn.execute(updated).scalars())
    written |= {row.row_id for row in conn.execute(later_versions) if row.previous.get("snapshot_id") == snap.id}
    table = tables.DATA_TABLES[entity]
    later: Counter[str] = Counter()
    for batch in _batches(sorted(written)):
        later.update(conn.execute(select(table.c.snapshot_id).where(table.c.id.in_(batch),
                                                                    table.c.snapshot_id != snap.id)).scalars())
    for newer, count in sorted(later.items()):
        report.rows_kept += count
        report.messages.append(f"{count} {entity} row{'s' if count != 1 else ''} kept: changed later by {newer}")


def restore_rows(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Put rows back to the content saved in `row_versions.previous` (matched by their id)."""
    if rows:
        params = [{("b_id" if k == "id" else k): v for k, v in row_from_json(table, row).items()} for row in rows]
        conn.execute(table.update().where(table.c.id == bindparam("b_id")), params)


def _batches(items: list, size: int = 900) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def row_to_json(row: dict) -> dict:
    """A stored row as JSON-safe values (dates as ISO text), for `row_versions.previous`."""
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in row.items()}


def row_from_json(table: Table, previous: dict) -> dict:
    """The inverse of :func:`row_to_json` for this table's column types."""
    restored = {}
    for name, value in previous.items():
        column_type = table.c[name].type
        if value is not None and isinstance(column_type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column_type, Date):
            value = date.fromisoformat(value)
        restored[name] = value
    return restored
