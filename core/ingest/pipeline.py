"""An uploaded file -> validated rows, stored atomically as one snapshot per sheet.

The whole upload is one database transaction (SPEC 2): every accepted row of every sheet is
stored with its snapshot, or nothing is. The raw bytes go to the encrypted raw store first, so a
file that fails is still kept. Rows are upserted by natural key: identical content leaves the row
(and the snapshot that wrote it) alone, changed content is updated with its previous version kept
for rollback, and a key never seen is inserted.

Memory stays bounded by `chunk_rows` whatever the file size, except for one set of the natural
keys of the sheet being written (so a key repeated far apart in the file is still caught).
"""
from __future__ import annotations

import hashlib
import operator
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Index, Table, bindparam, func, select

from config.settings import Settings
from core.ingest.detect import Detection, detect
from core.entities import CLIENT_ID, CLIENT_NAME, Entity, normalize_name
from core.ingest.rawstore import CHUNK_BYTES, RawStore, StoredFile, file_chunks
from core.ingest.readers import IngestError, Probe, Sheet, read_sheets
from core.ingest.snapshots import lock_writes, next_snapshot_id, restore_rows, row_to_json
from core.ingest.validate import Rejection, RowNotes, Validator
from storage import tables
from storage.db import Database

__all__ = ["IngestError", "SheetReport", "UploadReport", "ingest_file"]

MAX_REPORTED_REJECTIONS = 1000
MAX_LISTED_NAMES = 10
NK_MAX = 128
# A sheet expected to add this many rows to a table holding fewer loads with its indexes dropped.
BULK_ROWS = 100_000
# Bind parameters per statement when looking rows up by key: under SQLite's historic limit of 999.
LOOKUP_BATCH = 900
# Field separator and "no value" marker inside hashed row text: control characters no export
# uses (NUL would do better, but numpy and pandas strings silently drop it).
_SEP, _NONE = "\x1f", "\x1e"
_INSERTED, _UPDATED, _UNCHANGED = "inserted", "updated", "unchanged"
DUPLICATE_KEY = "with the same key as an earlier row: the last one wins"
DUPLICATE_ROW = "identical to an earlier row: stored once"


@dataclass
class SheetReport:
    """What happened to one sheet (a CSV is one sheet): SPEC 4's `ingest` JSON for it."""

    file: str
    sheet: str | None
    entity: str | None
    snapshot_id: str | None = None
    rows_total: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)  # the first MAX_REPORTED_REJECTIONS
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @classmethod
    def failed(cls, file: str, message: str, sheet: str | None = None) -> SheetReport:
        """A file or sheet that stored nothing, for callers that report refused files alongside others."""
        return cls(file=file, sheet=sheet, entity=None, error=message)

    @property
    def stored(self) -> bool:
        return self.snapshot_id is not None

    @property
    def rejected_truncated(self) -> bool:
        return self.rows_rejected > len(self.rejected)

    def to_json(self) -> dict:
        return {
            "file": self.file, "sheet": self.sheet, "entity": self.entity, "snapshot_id": self.snapshot_id,
            "rows_total": self.rows_total, "rows_accepted": self.rows_accepted, "rows_rejected": self.rows_rejected,
            "rows_inserted": self.rows_inserted, "rows_updated": self.rows_updated,
            "rows_unchanged": self.rows_unchanged, "rejected": [r.to_json() for r in self.rejected],
            "rejected_truncated": self.rejected_truncated, "warnings": list(self.warnings), "error": self.error,
        }


@dataclass
class UploadReport:
    files: list[SheetReport]
    sha256: str | None = None

    @property
    def stored_all(self) -> bool:
        return bool(self.files) and all(f.stored for f in self.files)

    def to_json(self) -> dict:
        return {"files": [f.to_json() for f in self.files]}


def ingest_file(db: Database, settings: Settings, raw_store: RawStore, source: Path | bytes, *,
                file_name: str, uploader: str,
                on_commit: Callable[[Connection, UploadReport], None] | None = None) -> UploadReport:
    """Validate and store every sheet of one uploaded file (CSV or XLSX) in one transaction.

    Raises IngestError when the file as a whole cannot be taken (too big, not a CSV/XLSX, no sheet
    whose content can be recognised, more rows than allowed); nothing is stored then but the raw
    bytes. A sheet with no valid row stores nothing and its report says why. `on_commit` runs
    inside the transaction with the finished report, so what it writes (the audit record) commits
    with the rows or not at all.
    """
    size = _size(source, file_name)
    if size > settings.max_upload_bytes:
        raise IngestError(f"file is {_megabytes(size)} MB; the limit is {settings.max_upload_mb:g} MB "
                          f"(MOAT_MAX_UPLOAD_MB)")
    probe = Probe()
    stored = raw_store.put(probe.watch(_chunks_of(source)))
    kind = probe.kind()  # refuse a PDF or an HTML page before waiting for the database
    sheets = read_sheets(source, probe, settings.chunk_rows)
    with db.begin() as conn:
        lock_writes(conn)
        _record_raw_file(conn, stored, file_name)
        upload = _Upload(conn, settings, file_name, stored.sha256, uploader,
                         expected_rows=probe.estimated_rows() if kind == "csv" else 0)
        reports = [upload.sheet(sheet) for sheet in sheets]
        if not reports:
            raise IngestError("the file holds no rows")
        if all(r.entity is None for r in reports):
            raise IngestError("; ".join(f"sheet {r.sheet!r}: {r.error}" if r.sheet else str(r.error) for r in reports))
        report = UploadReport(reports, stored.sha256)
        if on_commit is not None:
            on_commit(conn, report)
    return report


def _size(source: Path | bytes, file_name: str) -> int:
    if isinstance(source, bytes):
        return len(source)
    try:
        if not source.is_file():
            raise IngestError(f"{file_name} is not a file")
        return source.stat().st_size
    except OSError as exc:
        raise IngestError(f"cannot read {file_name}: {exc.strerror}") from exc


def _chunks_of(source: Path | bytes) -> Iterator[bytes | memoryview]:
    """The upload in slices, so neither the raw store nor the probe ever holds a second copy of it."""
    if isinstance(source, Path):
        yield from file_chunks(source)
    else:
        view = memoryview(source)
        for start in range(0, len(view), CHUNK_BYTES):
            yield view[start:start + CHUNK_BYTES]


def _megabytes(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:.1f}" if mb >= 1 else f"{mb:.3g}"


def _record_raw_file(conn: Connection, stored: StoredFile, file_name: str) -> None:
    raw = tables.raw_files
    if conn.execute(select(raw.c.sha256).where(raw.c.sha256 == stored.sha256)).first() is None:
        conn.execute(raw.insert().values(sha256=stored.sha256, file_name=file_name, size_bytes=stored.size_bytes,
                                         stored_at=datetime.now(timezone.utc), path=str(stored.path)))


class _Upload:
    """One file's transaction: the sheets in order, sharing the client registry and the row limit."""

    def __init__(self, conn: Connection, settings: Settings, file_name: str, sha256: str, uploader: str, *,
                 expected_rows: int) -> None:
        self.conn = conn
        self.expected_rows = expected_rows
        self.settings = settings
        self.file_name = file_name
        self.sha256 = sha256
        self.uploader = uploader
        self.rows_seen = 0
        self.clients = _ClientRegistry(conn)

    def sheet(self, sheet: Sheet) -> SheetReport:
        try:
            detection = detect(sheet.header, [sheet.name or "", Path(self.file_name).stem])
        except IngestError as exc:
            # A workbook may hold a notes sheet next to its data: that sheet alone is refused.
            for _ in sheet.chunks:
                pass
            return SheetReport.failed(self.file_name, str(exc), sheet.name)
        return _SheetIngest(self, sheet, detection).run()

    def count_rows(self, n: int) -> None:
        self.rows_seen += n
        if self.rows_seen > self.settings.max_rows:
            raise IngestError(f"the file has more than {self.settings.max_rows:,} rows, the limit "
                              f"(MOAT_MAX_ROWS); split it and upload the parts")


class _SheetIngest:
    def __init__(self, upload: _Upload, sheet: Sheet, detection: Detection) -> None:
        self.upload = upload
        self.conn = upload.conn
        self.sheet = sheet
        self.entity = detection.entity
        self.notes = RowNotes()
        self.snapshot_id = next_snapshot_id(self.conn)
        self.report = SheetReport(file=upload.file_name, sheet=sheet.name, entity=self.entity.name,
                                  snapshot_id=self.snapshot_id)
        if detection.ignored:
            self.report.warnings.append(f"ignored columns: {', '.join(detection.ignored)}")
        self.validator = Validator(detection, sheet.header, currency=upload.settings.currency,
                                   date_order=upload.settings.date_order)
        self.created_clients: list[str] = []

    def run(self) -> SheetReport:
        snaps = tables.snapshots
        self.conn.execute(snaps.insert().values(
            id=self.snapshot_id, entity=self.entity.name, file_name=self.upload.file_name, sheet=self.sheet.name,
            sha256=self.upload.sha256, uploader=self.upload.uploader, created_at=datetime.now(timezone.utc),
            rows_total=0, rows_accepted=0, rows_rejected=0, rows_inserted=0, rows_updated=0, rows_unchanged=0,
            warnings=[], status="active"))
        writer = self._writer()
        for chunk in self.sheet.chunks:
            valid = self.validator.check(chunk)
            self.upload.count_rows(len(valid.values) + len(valid.rejected))
            for what, rows in valid.notes:
                self.notes.add(what, rows)
            rejected = valid.rejected
            if len(valid.values):
                rejected = rejected + writer.write(valid.values, valid.rows)
            self._reject(rejected)
            self.report.rows_total += len(valid.values) + len(valid.rejected)
        writer.finish()
        report = self.report
        report.rows_accepted = report.rows_total - report.rows_rejected
        report.rows_inserted, report.rows_updated, report.rows_unchanged = writer.counts()
        if report.rows_accepted == 0:
            return self._store_nothing()
        if self.created_clients:
            report.warnings.append(f"created {_count_of(len(self.created_clients), 'unknown client')}: "
                                   f"{_listed(self.created_clients)}")
        report.warnings += self.notes.lines()
        self.conn.execute(snaps.update().where(snaps.c.id == self.snapshot_id).values(
            rows_total=report.rows_total, rows_accepted=report.rows_accepted, rows_rejected=report.rows_rejected,
            rows_inserted=report.rows_inserted, rows_updated=report.rows_updated,
            rows_unchanged=report.rows_unchanged, warnings=report.warnings))
        return report

    def _writer(self) -> _Writer:
        if self.entity.name == "clients":
            return _ClientsWriter(self.conn, self.entity, self.snapshot_id, self.notes, self.upload.clients)
        return _RowsWriter(self.conn, self.entity, self.snapshot_id, self.notes, self._client_refs,
                           expected_rows=self.upload.expected_rows)

    def _client_refs(self, values: pd.DataFrame) -> np.ndarray:
        pks, created = self.upload.clients.resolve(values, self.snapshot_id)
        self.created_clients += created
        return pks

    def _reject(self, rejected: list[Rejection]) -> None:
        if not rejected:
            return
        room = MAX_REPORTED_REJECTIONS - len(self.report.rejected)
        self.report.rejected += rejected[:max(room, 0)]
        self.report.rows_rejected += len(rejected)
        self.conn.execute(tables.rejected_rows.insert(), [
            {"snapshot_id": self.snapshot_id, "row": r.row, "column": r.column, "reason": r.reason, "raw": r.raw}
            for r in rejected])

    def _store_nothing(self) -> SheetReport:
        """SPEC: a sheet with zero valid rows stores nothing and says why."""
        self.conn.execute(tables.rejected_rows.delete().where(tables.rejected_rows.c.snapshot_id == self.snapshot_id))
        self.conn.execute(tables.snapshots.delete().where(tables.snapshots.c.id == self.snapshot_id))
        report = self.report
        report.snapshot_id = None
        report.warnings += self.notes.lines()
        report.error = ("no data rows under the header" if report.rows_total == 0
                        else f"no valid rows: {_count_of(report.rows_rejected, 'row')} rejected")
        return report


def _count_of(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_LISTED_NAMES])
    return shown + (f" and {len(names) - MAX_LISTED_NAMES} more" if len(names) > MAX_LISTED_NAMES else "")


# --- row content -> stored values, hashes and keys -------------------------------------------------


def _hash_texts(texts: Iterable[str]) -> list[str]:
    return [hashlib.sha1(t.encode("utf-8", "surrogatepass")).hexdigest() for t in texts]


def _canonical(series: pd.Series) -> np.ndarray:
    """A column as stable text for hashing: the same value always gives the same text, in any
    chunk, run or version (floats by repr, dates as ISO, a missing value as a marker no text is).
    Every stored `row_hash` and hashed natural key depends on these texts: never change them.

    Each distinct value is converted once (columns repeat their values heavily)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = np.array([_value_text(u) for u in uniques] + [_NONE], dtype=object)
    return texts[codes]  # code -1 (missing) picks the marker at the end


def _value_text(value: object) -> str:
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (np.integer, np.bool_)):
        return str(value.item())
    return str(value)


def content_hashes(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """sha1 of each row's stored content (the `row_hash`): equal iff the rows would be stored equal."""
    texts = (_SEP.join(parts) for parts in zip(*(_canonical(frame[c]).tolist() for c in columns)))
    return _hash_texts(texts)


def _exact(column: str) -> bool:
    """Codes (invoice_number, entry_id, ...) are compared as written; names case/space-insensitively."""
    return column.endswith(("_id", "_number"))


def _key_part(frame: pd.DataFrame, column: str) -> list[str]:
    if column == "client":
        return ["" if pk is None else str(pk) for pk in frame["client_pk"].tolist()]
    values = frame[column].tolist()
    if _exact(column):
        return ["" if v is None else str(v) for v in values]
    return ["" if v is None else normalize_name(str(v)) for v in values]


def _short_key(key: str) -> str:
    return key if len(key) <= NK_MAX else "#k" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()


def natural_keys(entity: Entity, frame: pd.DataFrame, hashes: list[str]) -> list[str]:
    """SPEC natural keys: the id column when filled (entry_id, expense_id), the key columns
    (client as its stored id), or else the hash of all fields."""
    if entity.key_column:
        ids = frame[entity.key_column].tolist()
        return [_short_key("id:" + i) if i is not None else "#" + h for i, h in zip(ids, hashes)]
    if not entity.natural_key:
        return ["#" + h for h in hashes]
    parts = zip(*(_key_part(frame, c) for c in entity.natural_key))
    return [_short_key(_SEP.join(p)) for p in parts]


@dataclass
class _StoredRows:
    """A chunk's accepted rows as the table stores them: plain Python values per column (None where
    empty, dates as `date`), plus the same dates as ISO text for the SQLite bulk insert."""

    columns: dict[str, list]
    iso_dates: dict[str, list]

    @classmethod
    def of(cls, frame: pd.DataFrame, names: list[str]) -> _StoredRows:
        columns, iso_dates = {}, {}
        for name in names:
            series = frame[name]
            if pd.api.types.is_datetime64_any_dtype(series):
                days = series.to_numpy().astype("datetime64[D]")
                columns[name] = days.astype(object).tolist()  # NaT -> None
                text = np.datetime_as_string(days, unit="D").astype(object)
                text[np.isnat(days)] = None
                iso_dates[name] = text.tolist()
            else:
                values = series.to_numpy(dtype=object, na_value=None, copy=True)
                values[series.isna().to_numpy()] = None
                columns[name] = values.tolist()
        return cls(columns, iso_dates)

    def record(self, i: int) -> dict:
        return {name: values[i] for name, values in self.columns.items()}

    def tuples(self, positions: list[int]) -> list[tuple]:
        """Rows at these positions as tuples in column order, dates as ISO text."""
        lists = [self.iso_dates.get(name, values) for name, values in self.columns.items()]
        pick = operator.itemgetter(*positions)
        picked = [pick(values) for values in lists]
        return list(zip(*picked)) if len(positions) > 1 else [tuple(picked)]


# --- writing rows -------------------------------------------------------------------------------


class _Writer(ABC):
    """Insert/update primitives shared by both writers, and the counts of what happened."""

    def __init__(self, conn: Connection, entity: Entity, snapshot_id: str, notes: RowNotes) -> None:
        self.conn = conn
        self.entity = entity
        self.table: Table = tables.DATA_TABLES[entity.name]
        self.snapshot_id = snapshot_id
        self.notes = notes
        self.content = [c.name for c in self.table.columns if c.name not in ("id", "nk", "row_hash", "snapshot_id")]
        self.outcomes: dict[str, str] = {}  # what this sheet did to each key it wrote

    @abstractmethod
    def write(self, values: pd.DataFrame, rows: np.ndarray) -> list[Rejection]:
        """Store a chunk's accepted rows; returns the rows refused at this stage (clients only)."""

    def finish(self) -> None:
        """Called once the sheet's last chunk is written."""

    def counts(self) -> tuple[int, int, int]:
        tally = {_INSERTED: 0, _UPDATED: 0, _UNCHANGED: 0}
        for outcome in self.outcomes.values():
            tally[outcome] += 1
        return tally[_INSERTED], tally[_UPDATED], tally[_UNCHANGED]

    def _insert(self, stored: _StoredRows, positions: list[int]) -> None:
        if not positions:
            return
        if self.conn.dialect.name == "sqlite":
            # SQLAlchemy's per-row parameter handling costs as much again as SQLite's own insert;
            # the values already are what its SQLite types bind (ISO dates, ints, floats, text).
            quote = self.conn.dialect.identifier_preparer.quote
            names = list(stored.columns)
            sql = (f"INSERT INTO {quote(self.table.name)} ({', '.join(quote(n) for n in names)}) "
                   f"VALUES ({', '.join('?' * len(names))})")
            self.conn.exec_driver_sql(sql, stored.tuples(positions))
        else:
            self.conn.execute(self.table.insert(), [stored.record(i) for i in positions])

    def _update(self, updates: list[tuple[int, dict]], *, keep_previous: bool) -> None:
        """Overwrite rows by id; `keep_previous` saves what they held for rollback first (the first
        time this snapshot changes a row; later repeats in the same file overwrite its own write)."""
        if not updates:
            return
        if keep_previous:
            versions = []
            ids = [row_id for row_id, _ in updates]
            for start in range(0, len(ids), LOOKUP_BATCH):
                batch = ids[start:start + LOOKUP_BATCH]
                for row in self.conn.execute(select(self.table).where(self.table.c.id.in_(batch))):
                    versions.append({"snapshot_id": self.snapshot_id, "entity": self.entity.name, "row_id": row.id,
                                     "previous": row_to_json(dict(row._mapping))})
            self.conn.execute(tables.row_versions.insert(), versions)
        params = [{"b_id": row_id, **record} for row_id, record in updates]
        self.conn.execute(self.table.update().where(self.table.c.id == bindparam("b_id")), params)

    def _previous(self, row_ids: list[int]) -> dict[int, dict]:
        """What rows held before this snapshot first changed them (their saved versions)."""
        v = tables.row_versions
        found = {}
        for start in range(0, len(row_ids), LOOKUP_BATCH):
            query = select(v.c.row_id, v.c.previous).where(
                v.c.snapshot_id == self.snapshot_id, v.c.entity == self.entity.name,
                v.c.row_id.in_(row_ids[start:start + LOOKUP_BATCH]))
            found.update({row.row_id: row.previous for row in self.conn.execute(query)})
        return found

    def _revert(self, previous: dict[int, dict]) -> None:
        """A later repeat in the file put rows back to what they held before: the snapshot did not
        change them after all, so they get their old content and owner back, and lose the version."""
        if not previous:
            return
        restore_rows(self.conn, self.table, list(previous.values()))
        v = tables.row_versions
        ids = list(previous)
        for start in range(0, len(ids), LOOKUP_BATCH):
            self.conn.execute(v.delete().where(v.c.snapshot_id == self.snapshot_id, v.c.entity == self.entity.name,
                                               v.c.row_id.in_(ids[start:start + LOOKUP_BATCH])))


class _RowsWriter(_Writer):
    """Every entity but clients: vectorised per chunk, existing rows looked up by natural key."""

    def __init__(self, conn: Connection, entity: Entity, snapshot_id: str, notes: RowNotes,
                 client_refs: Callable[[pd.DataFrame], np.ndarray], *, expected_rows: int) -> None:
        super().__init__(conn, entity, snapshot_id, notes)
        self.client_refs = client_refs
        stored_rows = conn.execute(select(func.count()).select_from(self.table)).scalar()
        # A table empty when the sheet starts needs no lookups: only this sheet's own keys can repeat.
        self.started_empty = stored_rows == 0
        self.dropped_indexes = self._drop_indexes_for_bulk(stored_rows, expected_rows)

    def _drop_indexes_for_bulk(self, stored_rows: int, expected_rows: int) -> list[Index]:
        """Loading many rows into a table that holds fewer: SQLite builds the secondary indexes
        several times faster afterwards, in one sorted pass, than row by row in random order. The
        DDL is part of the upload's transaction, so a failed upload gets the indexes back unchanged.
        (PostgreSQL would lock the table against readers for the whole upload: not there.)"""
        if self.conn.dialect.name != "sqlite" or expected_rows < BULK_ROWS or stored_rows >= expected_rows:
            return []
        dropped = sorted(self.table.indexes, key=lambda index: index.name)
        for index in dropped:
            index.drop(self.conn)
        return dropped

    def finish(self) -> None:
        for index in self.dropped_indexes:
            index.create(self.conn)

    def write(self, values: pd.DataFrame, rows: np.ndarray) -> list[Rejection]:
        frame = values.drop(columns=[CLIENT_ID.name, CLIENT_NAME.name], errors="ignore")
        if "client_pk" in self.table.c:
            pks = self.client_refs(values)
            frame["client_pk"] = pd.Series(pks, dtype=object)
        hashes = content_hashes(frame, self.content)
        keys = natural_keys(self.entity, frame, hashes)
        key_series = pd.Series(keys)
        repeats = key_series.duplicated(keep="first").to_numpy() | np.fromiter(
            (k in self.outcomes for k in keys), dtype=bool, count=len(keys))
        if repeats.any():
            whole_row = np.fromiter((not self.entity.natural_key and k.startswith("#") for k in keys), dtype=bool,
                                    count=len(keys))
            self.notes.add(DUPLICATE_ROW, rows[repeats & whole_row])
            self.notes.add(DUPLICATE_KEY, rows[repeats & ~whole_row])
        frame["nk"], frame["row_hash"], frame["snapshot_id"] = keys, hashes, self.snapshot_id
        stored = _StoredRows.of(frame, [*self.content, "nk", "row_hash", "snapshot_id"])
        positions = np.flatnonzero(~key_series.duplicated(keep="last").to_numpy()).tolist()
        fresh = [i for i in positions if keys[i] not in self.outcomes]
        repeated = [i for i in positions if keys[i] in self.outcomes]
        existing = {} if self.started_empty else self._existing([keys[i] for i in fresh])
        existing.update(self._existing([keys[i] for i in repeated]))
        # In key order: consecutive inserts land on neighbouring pages of the natural-key index.
        inserts = sorted((i for i in fresh if keys[i] not in existing), key=keys.__getitem__)
        self._insert(stored, inserts)
        self.outcomes.update((keys[i], _INSERTED) for i in inserts)
        self._write_existing([i for i in positions if keys[i] in existing], keys, hashes, existing, stored)
        return []

    def _write_existing(self, positions: list[int], keys: list[str], hashes: list[str],
                        existing: dict[str, tuple[int, str]], stored: _StoredRows) -> None:
        """Rows already in the table: unchanged, updated (keeping the previous content), or, when
        the file repeats a key this sheet already wrote, overwritten or put back as it was."""
        previous = self._previous([existing[keys[i]][0] for i in positions if self.outcomes.get(keys[i]) == _UPDATED])
        versioned, own, reverted = [], [], {}
        for i in positions:
            key, row_hash = keys[i], hashes[i]
            before = self.outcomes.get(key)
            row_id, current_hash = existing[key]
            if before == _UPDATED and previous[row_id]["row_hash"] == row_hash:
                reverted[row_id] = previous[row_id]
                self.outcomes[key] = _UNCHANGED
            elif before in (_INSERTED, _UPDATED):
                own.append((row_id, stored.record(i)))
            elif current_hash != row_hash:
                versioned.append((row_id, stored.record(i)))
                self.outcomes[key] = _UPDATED
            else:
                self.outcomes[key] = _UNCHANGED
        self._update(versioned, keep_previous=True)
        self._update(own, keep_previous=False)
        self._revert(reverted)

    def _existing(self, keys: list[str]) -> dict[str, tuple[int, str]]:
        """key -> (row id, row_hash) of the rows already stored under these keys."""
        t = self.table
        found = {}
        for start in range(0, len(keys), LOOKUP_BATCH):
            batch = keys[start:start + LOOKUP_BATCH]
            for row in self.conn.execute(select(t.c.nk, t.c.id, t.c.row_hash).where(t.c.nk.in_(batch))):
                found[row.nk] = (row.id, row.row_hash)
        return found


class _ClientsWriter(_Writer):
    """The clients file: a row matches a client by client_id, else by name, so a client created
    earlier from another file's reference is adopted, never duplicated. Clients files are small;
    rows are matched one by one against the in-memory registry."""

    def __init__(self, conn: Connection, entity: Entity, snapshot_id: str, notes: RowNotes,
                 registry: _ClientRegistry) -> None:
        super().__init__(conn, entity, snapshot_id, notes)
        self.registry = registry

    def write(self, values: pd.DataFrame, rows: np.ndarray) -> list[Rejection]:
        hashes = content_hashes(values, self.content)
        stored = _StoredRows.of(values, self.content)
        rejected, repeats = [], []
        for i, row_number in enumerate(rows):
            record = stored.record(i)
            name_key = _short_key(normalize_name(record["client_name"]))
            target = self.registry.match(record["client_id"], name_key)
            holder = self.registry.by_name.get(name_key)
            if target is not None and holder not in (None, target):
                rejected.append(Rejection(int(row_number), "client_name",
                                          f"{record['client_name']!r} is already the name of another client",
                                          {k: str(v) for k, v in record.items() if v is not None}))
                continue
            record.update(nk=name_key, row_hash=hashes[i], snapshot_id=self.snapshot_id)
            before = self.outcomes.get(str(target)) if target is not None else None
            if before is not None:
                repeats.append(row_number)
            previous = self._previous([target]).get(target) if before == _UPDATED else None
            if target is None:
                target = self.registry.insert(record)
                self.outcomes[str(target)] = _INSERTED
            elif previous is not None and previous["row_hash"] == hashes[i]:
                self._revert({target: previous})
                self.outcomes[str(target)] = _UNCHANGED
                record = previous
            elif before in (_INSERTED, _UPDATED):
                self._update([(target, record)], keep_previous=False)
            elif self.registry.row_hash[target] != hashes[i]:
                self._update([(target, record)], keep_previous=True)
                self.outcomes[str(target)] = _UPDATED
            else:
                self.outcomes[str(target)] = _UNCHANGED
            self.registry.remember(target, record)
        self.notes.add(DUPLICATE_KEY, repeats)
        return rejected


class _ClientRegistry:
    """The clients table in memory for one upload (it is small): resolves the client references of
    every other entity and creates the clients they name that are not known yet."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.table = tables.DATA_TABLES["clients"]
        self.by_id: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.row_hash: dict[int, str] = {}
        self._keys: dict[int, tuple[str | None, str]] = {}
        self._content = [c.name for c in self.table.columns if c.name not in ("id", "nk", "row_hash", "snapshot_id")]
        t = self.table
        for row in conn.execute(select(t.c.id, t.c.client_id, t.c.nk, t.c.row_hash)):
            self.remember(row.id, {"client_id": row.client_id, "nk": row.nk, "row_hash": row.row_hash})

    def match(self, client_id: str | None, name_key: str | None) -> int | None:
        if client_id is not None and client_id in self.by_id:
            return self.by_id[client_id]
        return self.by_name.get(name_key) if name_key is not None else None

    def remember(self, pk: int, record: dict) -> None:
        old_id, old_name = self._keys.get(pk, (None, None))
        if old_id is not None and self.by_id.get(old_id) == pk:
            del self.by_id[old_id]
        if old_name is not None and self.by_name.get(old_name) == pk:
            del self.by_name[old_name]
        if record["client_id"] is not None:
            self.by_id[record["client_id"]] = pk
        self.by_name[record["nk"]] = pk
        self.row_hash[pk] = record["row_hash"]
        self._keys[pk] = (record["client_id"], record["nk"])

    def insert(self, record: dict) -> int:
        pk = self.conn.execute(self.table.insert().values(**record)).inserted_primary_key[0]
        self.remember(pk, record)
        return pk

    def resolve(self, values: pd.DataFrame, snapshot_id: str) -> tuple[np.ndarray, list[str]]:
        """client_pk per row (None where the row names no client) and the names of clients created."""
        id_codes, ids = pd.factorize(values[CLIENT_ID.name], use_na_sentinel=False)
        name_codes, names = pd.factorize(values[CLIENT_NAME.name], use_na_sentinel=False)
        codes, pairs = pd.factorize(id_codes * len(names) + name_codes)
        created: list[str] = []
        pks = np.empty(len(pairs), dtype=object)
        for u, pair in enumerate(pairs):
            client_id, name = ids[pair // len(names)], names[pair % len(names)]
            pks[u] = self._find_or_create(None if pd.isna(client_id) else client_id,
                                          None if pd.isna(name) else name, snapshot_id, created)
        return pks[codes], created

    def _find_or_create(self, client_id: str | None, name: str | None, snapshot_id: str, created: list[str]
                        ) -> int | None:
        if client_id is None and name is None:
            return None
        name_key = _short_key(normalize_name(name)) if name is not None else None
        found = self.match(client_id, name_key)
        if found is None and client_id is not None and name is None:
            found = self.by_name.get(_short_key(normalize_name(client_id)))
        if found is not None:
            return found
        display = name if name is not None else client_id
        content = pd.DataFrame([{c: None for c in self._content} | {"client_id": client_id, "client_name": display}],
                               dtype=object)
        record = {c: content[c].iat[0] for c in self._content}
        record.update(nk=_short_key(normalize_name(display)),
                      row_hash=content_hashes(content, self._content)[0], snapshot_id=snapshot_id)
        created.append(display)
        return self.insert(record)

