"""Whatever bytes arrive, ingest ends in a report or a clear IngestError, and never half-stores.

Random bytes, truncated real files, wrong encodings, 1 MB cells, formula cells and random
header/row shapes (CSV and XLSX) all go through the real pipeline into one SQLite database; after
each upload the tables must have grown by exactly what the report says, or not at all.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings as hypothesis_settings, strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import func, select

from config.settings import Settings, load_settings
from core.entities import CLIENT_NAME, ENTITIES
from core.ingest.pipeline import IngestError, ingest_file
from core.ingest.rawstore import RawStore
from storage import tables
from storage.db import Database, open_database
from tests.conftest import UPSTREAM

ALL_HEADERS = sorted({name for e in ENTITIES.values() for c in e.all_columns for name in c.header_names})
CELLS = ["", " ", "Acme", "acme ", "Beta Corp", "2025-01-31", "01/31/2025", "31/01/2025", "2025/02/30", "1.5",
         "-3", "(120.00)", "$1,234.50", "USD 10", "abc", "true", "no", "maybe", "=SUM(A1)", "+1", "-x", "@cmd",
         "[]", "[1,", "{}", "usd", "2025-02", "0", "25", "1e5", "12.0", "Active", "paid", "x@y.com", "bob@",
         "\x00", "é€", '"', "a,b", "a;b", "line\nbreak"]
VALID_FILES = [(UPSTREAM / name).read_bytes() for name in ("clients.csv", "invoices.csv", "time_logs.csv")]
BIG_CELL = 1_000_000


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, Settings, RawStore]:
    data_dir = tmp_path_factory.mktemp("fuzz")
    settings = load_settings(data_dir=data_dir, secret_key="fuzz", database_url=None, chunk_rows=3)
    database = open_database(settings.resolved_database_url)
    yield database, settings, RawStore.open(settings)
    database.dispose()


def _csv(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _xlsx(sheets: list[list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for number, rows in enumerate(sheets):
        sheet = book.create_sheet(f"S{number}")
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


cell_text = st.one_of(st.sampled_from(CELLS), st.text(max_size=12))
cell_value = st.one_of(cell_text, st.integers(-5, 100), st.floats(-1e3, 1e3, allow_nan=False),
                       st.datetimes(datetime(1999, 1, 1), datetime(2031, 1, 1)), st.booleans())


@st.composite
def table(draw: st.DrawFn, cells: st.SearchStrategy = cell_text) -> list[list[object]]:
    """A header leaning towards a real entity's columns, then rows of random width."""
    entity = draw(st.sampled_from(list(ENTITIES.values())))
    header = list(entity.required_columns) + ([CLIENT_NAME.name] if entity.client_ref else [])
    header += draw(st.lists(st.one_of(st.sampled_from(ALL_HEADERS), st.text(max_size=8)), max_size=4))
    header = draw(st.permutations(header))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(header) + 2), max_size=12))
    return [list(header), *rows]


@st.composite
def csv_file(draw: st.DrawFn) -> bytes:
    text = _csv(draw(table()), draw(st.sampled_from([",", ";", "\t"])))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]))
    return text.encode(encoding, errors="replace")


@st.composite
def xlsx_file(draw: st.DrawFn) -> bytes:
    sheets = draw(st.lists(table(cell_value), min_size=1, max_size=3))
    # Control characters cannot be written into a workbook at all: drop them from the cells
    return _xlsx([[[ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row] for row in rows]
                  for rows in sheets])


# Built once: a workbook embeds its save time, and a draw must not depend on the clock.
VALID_FILES.append(_xlsx([[["client", "staff_name", "date", "hours"], ["Acme", "Jane", datetime(2025, 1, 2), 1.5]]]))


@st.composite
def truncated(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(VALID_FILES))
    return data[:draw(st.integers(0, len(data)))]


# 1 MB cells, built when drawn (a sampled 1 MB literal would flood hypothesis' failure reports)
huge = st.sampled_from([
    "client,staff_name,date,hours,task_description\nAcme,Jane,2025-01-01,1,{big}\n",
    'invoice_number,client,date,total_amount,lines_json\nI-1,Acme,2025-01-01,1,"[{big}"\n',
    "{big},b\n1,2\n",
]).map(lambda template: template.format(big="x" * BIG_CELL).encode())

uploads = st.one_of(st.binary(max_size=3000), csv_file(), csv_file(), xlsx_file(), truncated(), huge)


def _counts(database: Database) -> dict[str, int]:
    names = [*tables.DATA_TABLES, "snapshots", "rejected_rows", "row_versions", "raw_files"]
    with database.connect() as conn:
        return {n: conn.execute(select(func.count()).select_from(tables.metadata.tables[n])).scalar() for n in names}


def _auto_created_clients(database: Database, snapshot_ids: list[str]) -> int:
    clients = tables.DATA_TABLES["clients"]
    with database.connect() as conn:
        return conn.execute(select(func.count()).select_from(clients)
                            .where(clients.c.snapshot_id.in_(snapshot_ids))).scalar()


@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                              HealthCheck.data_too_large])
@given(data=uploads, max_rows=st.sampled_from([5_000_000, 6]))
def test_any_upload_ends_in_a_report_or_a_clear_error(store, data: bytes, max_rows: int) -> None:  # noqa: ANN001
    database, settings, raw_store = store
    before = _counts(database)
    try:
        report = ingest_file(database, settings.model_copy(update={"max_rows": max_rows}), raw_store, data,
                             file_name="fuzz.bin", uploader="fuzz")
    except IngestError as exc:
        event(f"refused: {str(exc)[:25]}")
        assert str(exc).strip()
        assert _counts(database) == before
        return
    after = _counts(database)
    stored = [s for s in report.files if s.stored]
    event(f"stored {len(stored)} of {len(report.files)} sheets")
    assert after["snapshots"] - before["snapshots"] == len(stored)
    assert after["rejected_rows"] - before["rejected_rows"] == sum(s.rows_rejected for s in stored)
    for name in tables.DATA_TABLES:
        inserted = sum(s.rows_inserted for s in stored if s.entity == name)
        if name == "clients":
            inserted += _auto_created_clients(database, [s.snapshot_id for s in stored if s.entity != "clients"])
        assert after[name] - before[name] == inserted, name
    for sheet in report.files:
        assert sheet.rows_accepted + sheet.rows_rejected == sheet.rows_total
        assert sheet.rows_inserted + sheet.rows_updated + sheet.rows_unchanged <= sheet.rows_accepted
        assert sheet.stored or sheet.error
