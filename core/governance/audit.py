"""The tamper-evident audit log: writing, verifying and exporting events.

Every event is a link in a hash chain: its `hash` is sha256 over the previous event's hash plus a
canonical JSON of its own fields (sequence number included), and its `hmac` signs that hash with a
key derived from the data key, which lives outside the database. So:

- changing, removing, inserting or reordering an event breaks the chain at that point, and
- someone with database access only cannot repair the chain afterwards, because without the key
  they cannot produce valid HMACs for the hashes they would have to recompute.

The canonical JSON has sorted keys, no whitespace, ASCII only and timestamps as ISO-8601 UTC with
microseconds, so an event hashes the same whether it was read back from SQLite or PostgreSQL.

What the chain cannot show is the loss of its newest events (or of all of them): anchoring the
latest hash elsewhere (e.g. in backups) is what covers that.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timezone
from typing import Any, Literal, TextIO

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, Text, cast, func, insert, select, text
from sqlalchemy.engine import Row
from sqlalchemy.exc import SQLAlchemyError

from core.errors import UserError
from core.ingest.values import escape_formula
from storage.db import Database
from storage.governance import audit_events

GENESIS_HASH = "0" * 64
OUTCOMES = ("ok", "denied", "failed", "rejected")
CONTENT_FIELDS = ("seq", "at", "actor_id", "actor_name", "role", "action", "target", "outcome", "details",
                  "channel", "message_ts")
CHAIN_FIELDS = ("prev_hash", "hash", "hmac")
EXPORT_FORMATS = ("csv", "jsonl")

# The PostgreSQL advisory lock every append takes, so concurrent writers (threads or processes)
# queue up instead of forking the chain. The value is arbitrary but must never change.
_APPEND_LOCK_ID = 0x4D4F41545F415544  # "MOAT_AUD"
_HKDF_INFO = b"moatmetrics-audit"
_ACTION = re.compile(r"[a-z][a-z_]{0,63}")


class AuditError(UserError):
    """An event could not be recorded (or read): the action that wanted it must fail too."""


@dataclass(frozen=True)
class AuditEvent:
    """What happened, as the caller describes it; `AuditLog.record` adds sequence, time and the chain."""

    actor_id: str
    actor_name: str
    role: str
    action: str
    target: str | None = None
    outcome: str = "ok"
    details: Mapping[str, Any] = field(default_factory=dict)
    channel: str | None = None
    message_ts: str | None = None


@dataclass(frozen=True)
class AuditRecord:
    """One stored event, as written (and as read back)."""

    seq: int
    at: datetime
    actor_id: str
    actor_name: str
    role: str
    action: str
    target: str | None
    outcome: str
    details: dict[str, Any]
    channel: str | None
    message_ts: str | None
    prev_hash: str
    hash: str
    hmac: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the timestamp in its canonical ISO form."""
        return {**asdict(self), "at": _iso(self.at)}


@dataclass(frozen=True)
class VerifyReport:
    """The outcome of `verify`: on failure, the first bad seq and a sentence saying what happened to it."""

    ok: bool
    events_checked: int
    first_bad_seq: int | None = None
    problem: str | None = None

    def describe(self) -> str:
        if self.ok:
            return f"audit log intact: {self.events_checked} events verified"
        return f"audit log TAMPERED at event {self.first_bad_seq}: {self.problem}"


def _mac_key(data_key: bytes) -> bytes:
    """The audit HMAC key: derived, so it is useless for decrypting anything else the data key protects."""
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(data_key)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back naive (they were stored as UTC); PostgreSQL in the session zone."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _iso(moment: datetime) -> str:
    return as_utc(moment).isoformat(timespec="microseconds")


def _json(value: object, *, ascii_only: bool = True) -> str:
    """Canonical JSON (ASCII, what is hashed); exports keep non-ASCII text readable."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=ascii_only, allow_nan=False)


def _chain_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    canonical = _json({**content, "at": _iso(content["at"])})
    return hashlib.sha256((prev_hash + canonical).encode("ascii")).hexdigest()


def _sign(mac_key: bytes, chain_hash: str) -> str:
    return hmac.new(mac_key, chain_hash.encode("ascii"), hashlib.sha256).hexdigest()


def _json_extra(value: object) -> object:
    """Dates are the only non-JSON values details may carry; anything else is a caller bug."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _event_fields(event: AuditEvent) -> dict[str, Any]:
    """Validated fields of `event` with its details normalised to exactly what is stored and hashed."""
    for name in ("actor_id", "actor_name", "role"):
        if not isinstance(getattr(event, name), str) or not getattr(event, name):
            raise AuditError(f"audit event needs a non-empty {name}")
    if not isinstance(event.action, str) or not _ACTION.fullmatch(event.action):
        raise AuditError(f"audit action must be a lower_case word, got {event.action!r}")
    if event.outcome not in OUTCOMES:
        raise AuditError(f"audit outcome must be one of {', '.join(OUTCOMES)}, got {event.outcome!r}")
    for name in ("target", "channel", "message_ts"):
        if getattr(event, name) is not None and not isinstance(getattr(event, name), str):
            raise AuditError(f"audit {name} must be text, got {type(getattr(event, name)).__name__}")
    if not isinstance(event.details, Mapping):
        raise AuditError(f"audit details must be a mapping, got {type(event.details).__name__}")
    try:
        details = json.loads(json.dumps(dict(event.details), default=_json_extra, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise AuditError(f"audit details for {event.action!r} are not JSON: {exc}") from exc
    fields = {name: getattr(event, name) for name in CONTENT_FIELDS if name not in ("seq", "at")}
    return {**fields, "details": details}


class AuditLog:
    """Appends events to the chain; one instance per process is enough (it holds no connection)."""

    def __init__(self, db: Database, key: bytes) -> None:
        """`key` is the data key (`core.governance.keys.load_key`); the HMAC key is derived from it."""
        self.db = db
        self._mac_key = _mac_key(key)

    def record(self, event: AuditEvent, *, conn: Connection | None = None) -> AuditRecord:
        """Append `event`; with `conn`, inside the caller's transaction, so both commit or neither does."""
        fields = _event_fields(event)
        try:
            if conn is not None:
                return self._append(conn, fields)
            with self.db.begin() as own:
                return self._append(own, fields)
        except SQLAlchemyError as exc:
            cause = getattr(exc, "orig", None) or exc
            raise AuditError(f"could not write the audit event {event.action!r}: {cause}") from exc

    def _append(self, conn: Connection, fields: dict[str, Any]) -> AuditRecord:
        _hold_append_lock(conn)
        last = conn.execute(select(audit_events.c.seq, audit_events.c.hash)
                            .order_by(audit_events.c.seq.desc()).limit(1)).first()
        seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
        content = {**fields, "seq": seq, "at": datetime.now(timezone.utc)}
        chain_hash = _chain_hash(prev_hash, content)
        record = AuditRecord(**content, prev_hash=prev_hash, hash=chain_hash, hmac=_sign(self._mac_key, chain_hash))
        conn.execute(insert(audit_events).values(**asdict(record)))
        return record


def _hold_append_lock(conn: Connection) -> None:
    """Serialise appends until the transaction ends, BEFORE the last hash is read.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: its single write lock, taken by a write
    that matches no row (a plain SELECT would only take a read snapshot, and two writers could
    then both read the same last hash).
    """
    if conn.dialect.name == "sqlite":
        conn.execute(text("DELETE FROM audit_events WHERE 0"))
    else:
        conn.execute(select(func.pg_advisory_xact_lock(_APPEND_LOCK_ID)))


def _stored_rows(conn: Connection, since: date | None = None) -> Iterator[Row]:
    """Every event in seq order, streamed; details as the stored text so a damaged value can be reported."""
    columns = [cast(c, Text).label("details") if c.name == "details" else c for c in audit_events.c]
    query = select(*columns).order_by(audit_events.c.seq)
    if since is not None:
        query = query.where(audit_events.c.at >= datetime.combine(since, time.min, tzinfo=timezone.utc))
    result = conn.execution_options(yield_per=1000).execute(query)
    try:
        yield from result
    finally:
        result.close()


def latest(db: Database, *, action: str, actor_id: str | None = None, limit: int = 10) -> list[AuditRecord]:
    """The newest events of one kind (optionally one actor's), newest first: for "recent questions"."""
    columns = [cast(c, Text).label("details") if c.name == "details" else c for c in audit_events.c]
    query = select(*columns).where(audit_events.c.action == action)
    if actor_id is not None:
        query = query.where(audit_events.c.actor_id == actor_id)
    with db.connect() as conn:
        rows = conn.execute(query.order_by(audit_events.c.seq.desc()).limit(limit)).all()
    return [_record_from_row(row) for row in rows]


def _record_from_row(row: Row) -> AuditRecord:
    """Raises ValueError when the stored details are not a JSON object."""
    details = json.loads(row.details)
    if not isinstance(details, dict):
        raise ValueError("details are not a JSON object")
    return AuditRecord(**{**row._asdict(), "at": as_utc(row.at), "details": details})


def _content(record: AuditRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in CONTENT_FIELDS}


def verify(db: Database, key: bytes) -> VerifyReport:
    """Walk the chain in seq order and name the first event that was changed, removed, inserted or moved."""
    mac_key = _mac_key(key)
    checked, prev_hash = 0, GENESIS_HASH
    try:
        with db.connect() as conn, closing(_stored_rows(conn)) as rows:
            failure = None
            for row in rows:
                failure = _check(row, checked + 1, prev_hash, mac_key)
                if failure is not None:
                    break
                checked, prev_hash = checked + 1, row.hash
            rows.close()  # before the diagnosis below runs its own queries on this connection
            if failure is None:
                return VerifyReport(ok=True, events_checked=checked)
            bad_seq, problem, record = failure
            if record is not None:
                problem = _explain_hash_mismatch(conn, record, checked + 1) or problem
            return VerifyReport(ok=False, events_checked=checked, first_bad_seq=bad_seq, problem=problem)
    except (SQLAlchemyError, ValueError) as exc:
        return VerifyReport(ok=False, events_checked=checked, first_bad_seq=checked + 1,
                            problem=f"the audit log could not be read after event {checked}: {exc}")


def _check(row: Row, expected_seq: int, prev_hash: str,
           mac_key: bytes) -> tuple[int, str, AuditRecord | None] | None:
    """None when `row` is the genuine next link; else (bad seq, problem, record whose hash is off)."""
    if row.seq > expected_seq:
        gap = f"{expected_seq}" if row.seq == expected_seq + 1 else f"{expected_seq} to {row.seq - 1}"
        return expected_seq, f"event {gap} missing: events were removed from the log", None
    if row.seq < expected_seq:
        return row.seq, f"event {row.seq} is outside the sequence (which starts at 1): it was inserted", None
    try:
        record = _record_from_row(row)
    except ValueError as exc:
        return row.seq, f"event {row.seq} was changed: its stored details are unreadable ({exc})", None
    if _chain_hash(record.prev_hash, _content(record)) != record.hash:
        return row.seq, f"event {row.seq} was changed: its content no longer matches its hash", record
    if not hmac.compare_digest(_sign(mac_key, record.hash), record.hmac):
        return row.seq, (f"event {row.seq} was not written by MoatMetrics (its HMAC is invalid): an event was "
                         "inserted or forged, unless the data key (MOAT_SECRET_KEY or the key file) "
                         "is not the one that wrote the log"), None
    if record.prev_hash != prev_hash:
        return row.seq, (f"event {row.seq} does not follow event {row.seq - 1} (prev_hash mismatch): "
                         "events were inserted or reordered"), None
    return None


def _explain_hash_mismatch(conn: Connection, record: AuditRecord, first_unverified: int) -> str | None:
    """If `record` is intact but sits at the wrong seq, say where it was recorded (a reorder).

    Its original position is found by following prev_hash links back to an event already
    verified (or to the start of the chain), then confirmed by the hash matching at that seq.
    """
    link, distance = record.prev_hash, 1
    limit = conn.execute(select(func.count()).select_from(audit_events)).scalar_one()
    while link != GENESIS_HASH:
        if distance > limit:
            return None
        before = conn.execute(select(audit_events.c.seq, audit_events.c.prev_hash)
                              .where(audit_events.c.hash == link)).first()
        if before is None:
            return None
        if before.seq < first_unverified:
            distance += before.seq
            break
        link, distance = before.prev_hash, distance + 1
    recorded_seq = distance
    if recorded_seq == record.seq or _chain_hash(record.prev_hash,
                                                 {**_content(record), "seq": recorded_seq}) != record.hash:
        return None
    return f"event {record.seq} holds the event recorded as event {recorded_seq}: events were reordered"


def export(db: Database, since: date | None, fmt: Literal["csv", "jsonl"], out: TextIO) -> int:
    """Write events (from `since`, a UTC day, on) to `out` as CSV or JSON lines; returns how many.

    CSV cells that a spreadsheet would run as a formula are escaped, because exports get opened in
    Excel and an actor name or a target comes from users.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    writer = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
    if writer is not None:
        writer.writerow(CONTENT_FIELDS + CHAIN_FIELDS)
    count = 0
    with db.connect() as conn, closing(_stored_rows(conn, since)) as rows:
        for row in rows:
            try:
                record = _record_from_row(row)
            except ValueError as exc:
                raise AuditError(f"event {row.seq} cannot be exported ({exc}); run `audit verify`") from exc
            document = record.as_dict()
            if writer is not None:
                document["details"] = _json(record.details, ascii_only=False)
                writer.writerow([escape_formula(value) if isinstance(value, str) else value
                                 for value in (document[name] for name in CONTENT_FIELDS + CHAIN_FIELDS)])
            else:
                out.write(_json(document, ascii_only=False) + "\n")
            count += 1
    return count
