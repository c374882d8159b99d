"""Load `tests/data/small/` straight into the tables, without the ingest code.

The metric tests must not depend on ingestion (written and tested separately), so this helper
parses the CSVs with the csv module, types each cell from `core.entities` and inserts rows with
`table.insert()`. The same files are later pushed through the real ingest path by its own tests,
which checks both ends against one dataset.
"""
from __future__ import annotations

import csv
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import insert

from core.entities import ENTITIES, Kind
from storage import tables
from storage.db import Database

SMALL = Path(__file__).parent / "data" / "small"
SNAPSHOT_ID = "S-test"
# The test snapshot claims this many rejected rows, so facts.rows_rejected has something to report.
REJECTED_IN_SNAPSHOT = 2
# Clients first: every other entity refers to them by name.
LOAD_ORDER = ("clients", "staff", "time_entries", "invoices", "licenses", "expenses", "budgets")


def _typed(kind: Kind, text: str) -> object:
    if text == "":
        return None
    if kind is Kind.DATE:
        return date.fromisoformat(text)
    if kind in (Kind.MONEY, Kind.NUMBER):
        return float(text)
    if kind is Kind.INTEGER:
        return int(text)
    if kind is Kind.BOOLEAN:
        return text.lower() == "true"
    return text


def _default(value: object, default: object) -> object:
    return default if value is None else value


def load_small(db: Database, directory: Path = SMALL) -> None:
    """Insert every CSV of `directory` as one snapshot `S-test` (with its snapshot row)."""
    now = datetime(2025, 10, 1, 12, 0, tzinfo=timezone.utc)
    with db.begin() as conn:
        conn.execute(insert(tables.raw_files).values(sha256="0" * 64, file_name="small", size_bytes=0,
                                                     stored_at=now, path="-"))
        conn.execute(insert(tables.snapshots).values(
            id=SNAPSHOT_ID, entity="clients", file_name="small", sha256="0" * 64, uploader="tests",
            created_at=now, rows_total=0, rows_accepted=0, rows_rejected=REJECTED_IN_SNAPSHOT,
            rows_inserted=0, rows_updated=0, rows_unchanged=0, warnings=[], status="active"))
        client_pks: dict[str, int] = {}
        for name in LOAD_ORDER:
            path = directory / f"{name}.csv"
            if not path.exists():
                continue
            entity = ENTITIES[name]
            table = tables.DATA_TABLES[name]
            with path.open(newline="", encoding="utf-8") as handle:
                for number, raw in enumerate(csv.DictReader(handle), start=1):
                    # Empty cells take the column default, as ingestion does (billable, capacity, ...).
                    row = {col.name: _default(_typed(col.kind, raw.get(col.name, "")), col.default)
                           for col in entity.columns}
                    row.update(nk=f"{name}:{number}", row_hash="t", snapshot_id=SNAPSHOT_ID)
                    if entity.client_ref is not None:
                        row["client_pk"] = client_pks.get(raw.get("client_name") or "")
                    pk = conn.execute(insert(table).values(**row)).inserted_primary_key[0]
                    if name == "clients":
                        client_pks[row["client_name"]] = pk
