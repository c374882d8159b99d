"""Storing uploads: snapshots, upserts by natural key, client references, limits and rollback.

Every test runs on SQLite and on PostgreSQL (the `database` fixture).
"""
from __future__ import annotations

import io
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from config.settings import Settings
from core.ingest.pipeline import MAX_REPORTED_REJECTIONS, IngestError, UploadReport, ingest_file
from core.ingest.rawstore import RawStore
from core.ingest.snapshots import SnapshotError, list_snapshots, rollback
from storage import tables
from storage.db import Database
from tests.conftest import UPSTREAM

UPSTREAM_FILES = ["clients.csv", "invoices.csv", "licenses.csv", "time_logs.csv"]


def upload(database: Database, settings: Settings, source: Path | bytes, name: str = "upload.csv",
           **overrides: object) -> UploadReport:
    settings = settings.model_copy(update=overrides) if overrides else settings
    return ingest_file(database, settings, RawStore.open(settings), source, file_name=name, uploader="cli:tester")


def rows(database: Database, entity: str) -> list[dict]:
    table = tables.DATA_TABLES[entity]
    with database.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(table.c.id))]


def count(database: Database, table_name: str) -> int:
    table = tables.metadata.tables[table_name]
    with database.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def everything(database: Database) -> dict[str, list[dict]]:
    """Every data table and the bookkeeping tables, for 'nothing changed' checks."""
    names = [*tables.DATA_TABLES, "snapshots", "rejected_rows", "row_versions", "raw_files"]
    out = {}
    with database.connect() as conn:
        for name in names:
            table = tables.metadata.tables[name]
            out[name] = [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
    return out


def test_upstream_fixtures_ingest_with_zero_rejected_rows(database: Database, settings: Settings) -> None:
    reports = [upload(database, settings, UPSTREAM / name, name) for name in UPSTREAM_FILES]
    examples = sorted((UPSTREAM / "docs_examples").glob("*.csv"))
    reports += [upload(database, settings, path, path.name) for path in examples]
    sheets = [sheet for report in reports for sheet in report.files]
    assert [s.rows_rejected for s in sheets] == [0] * 7
    assert all(s.stored and s.error is None for s in sheets)
    assert [s.entity for s in sheets] == ["clients", "invoices", "licenses", "time_entries",
                                          "clients", "invoices", "time_entries"]
    assert [s.rows_accepted for s in sheets] == [10, 50, 30, 200, 3, 3, 3]
    assert sheets[4].warnings == ["ignored columns: contract_value"]
    assert count(database, "clients") == 13 and count(database, "time_entries") == 203
    acme = [r for r in rows(database, "clients") if r["client_name"] == "Client 001 Corp"][0]
    assert acme["status"] == "active" and acme["contact_phone"] == "5551419610"


def test_report_json_shape(database: Database, settings: Settings) -> None:
    data = b"invoice_number,client,date,total_amount\nI-1,Acme,2025-01-02,10\nI-2,Acme,2025-01-03,abc\n"
    (sheet,) = upload(database, settings, data, "invoices.csv").files
    assert sheet.to_json() == {
        "file": "invoices.csv", "sheet": None, "entity": "invoices", "snapshot_id": "S000001",
        "rows_total": 2, "rows_accepted": 1, "rows_rejected": 1, "rows_inserted": 1, "rows_updated": 0,
        "rows_unchanged": 0, "rejected": [{"row": 3, "column": "total_amount", "reason": "not a number: 'abc'"}],
        "rejected_truncated": False, "warnings": ["created 1 unknown client: Acme"], "error": None}
    stored = rows(database, "invoices")[0]
    assert stored["date"] == date(2025, 1, 2) and stored["status"] == "pending" and stored["currency"] == "USD"
    with database.connect() as conn:
        (kept,) = conn.execute(select(tables.rejected_rows)).all()
    assert (kept.snapshot_id, kept.row, kept.column) == ("S000001", 3, "total_amount")
    assert kept.raw == {"invoice_number": "I-2", "client": "Acme", "date": "2025-01-03", "total_amount": "abc"}


def test_same_file_twice_changes_nothing(database: Database, settings: Settings) -> None:
    for name in UPSTREAM_FILES:
        upload(database, settings, UPSTREAM / name, name)
    before = everything(database)
    again = [upload(database, settings, UPSTREAM / name, name).files[0] for name in UPSTREAM_FILES]
    assert [(s.rows_inserted, s.rows_updated, s.rows_unchanged) for s in again] == \
           [(0, 0, 10), (0, 0, 50), (0, 0, 30), (0, 0, 200)]
    after = everything(database)
    for name in tables.DATA_TABLES:
        assert after[name] == before[name], name
    assert after["row_versions"] == []


def test_corrected_re_export_replaces_the_rows_it_repeats(database: Database, settings: Settings) -> None:
    header = "invoice_number,client,date,total_amount,status\n"
    upload(database, settings, (header + "I-1,Acme,2025-01-01,100,unpaid\nI-2,Acme,2025-01-02,200,unpaid\n").encode())
    (sheet,) = upload(database, settings, (header + "I-2,Acme,2025-01-02,250,paid\nI-1,ACME ,2025-01-01,100,unpaid\n"
                                           "I-3,Acme,2025-02-01,300,unpaid\n").encode()).files
    assert (sheet.rows_inserted, sheet.rows_updated, sheet.rows_unchanged) == (1, 1, 1)
    stored = {r["invoice_number"]: r for r in rows(database, "invoices")}
    assert sorted(stored) == ["I-1", "I-2", "I-3"]
    assert (stored["I-2"]["total_amount"], stored["I-2"]["status"], stored["I-2"]["snapshot_id"]) == \
           (250.0, "paid", "S000002")
    assert stored["I-1"]["snapshot_id"] == "S000001"  # unchanged rows keep the snapshot that wrote them
    assert count(database, "clients") == 1


def test_duplicate_keys_in_one_file_last_one_wins(database: Database, settings: Settings) -> None:
    data = ("invoice_number,client,date,total_amount\n" + "".join(
        f"I-{i % 3},Acme,2025-01-01,{i}\n" for i in range(7))).encode()
    (sheet,) = upload(database, settings, data, chunk_rows=2).files  # repeats within and across chunks
    assert (sheet.rows_accepted, sheet.rows_inserted, sheet.rows_updated, sheet.rows_unchanged) == (7, 3, 0, 0)
    assert {r["invoice_number"]: r["total_amount"] for r in rows(database, "invoices")} == \
           {"I-0": 6.0, "I-1": 4.0, "I-2": 5.0}
    assert "4 rows with the same key as an earlier row: the last one wins (rows 5, 6, 7, 8)" in sheet.warnings
    (again,) = upload(database, settings, data, chunk_rows=2).files
    assert (again.rows_inserted, again.rows_updated, again.rows_unchanged) == (0, 0, 3)


def test_repeat_of_an_unchanged_row_with_new_content_counts_once(database: Database, settings: Settings) -> None:
    header = "invoice_number,client,date,total_amount\n"
    upload(database, settings, (header + "I-1,Acme,2025-01-01,1\n").encode())
    data = (header + "I-1,Acme,2025-01-01,1\nI-9,Acme,2025-01-01,1\nI-1,Acme,2025-01-01,2\n").encode()
    (sheet,) = upload(database, settings, data, chunk_rows=1).files
    assert (sheet.rows_inserted, sheet.rows_updated, sheet.rows_unchanged) == (1, 1, 0)
    assert rows(database, "invoices")[0]["total_amount"] == 2.0
    assert count(database, "row_versions") == 1


def test_time_entries_keyed_by_entry_id_else_all_fields(database: Database, settings: Settings) -> None:
    data = (b"entry_id,client,staff_name,date,hours\n"
            b"E1,Acme,Jane,2025-01-01,1\nE1,Acme,Jane,2025-01-01,2\n"
            b",Acme,Jane,2025-01-02,1\n,Acme,Jane,2025-01-02,1\n,acme,Jane,2025-01-02,1.5\n")
    (sheet,) = upload(database, settings, data, "time.csv").files
    assert sheet.rows_inserted == 3
    assert "1 row identical to an earlier row: stored once (row 5)" in sheet.warnings
    assert "1 row with the same key as an earlier row: the last one wins (row 3)" in sheet.warnings
    stored = rows(database, "time_entries")
    assert sorted(r["hours"] for r in stored) == [1.0, 1.5, 2.0]
    assert len({r["client_pk"] for r in stored}) == 1  # "acme" is Acme
    (corrected,) = upload(database, settings, b"entry_id,client,staff_name,date,hours\nE1,Acme,Jane,2025-01-01,3\n",
                          "time.csv").files
    assert (corrected.rows_updated, corrected.rows_inserted) == (1, 0)


def test_expenses_budgets_staff_licenses_natural_keys(database: Database, settings: Settings) -> None:
    upload(database, settings, b"month,category,budget,client\n2025-01,Travel,100,\n2025-01,Travel,50,Acme\n",
           "budgets.csv")
    (budgets,) = upload(database, settings, b"month,category,budget\n2025-01,travel,120\n", "budgets.csv").files
    assert budgets.rows_updated == 1
    assert sorted(r["budget_amount"] for r in rows(database, "budgets")) == [50.0, 120.0]
    upload(database, settings, b"staff_name,hourly_cost\nJane Doe,50\n", "staff.csv")
    (staff,) = upload(database, settings, b"staff_name,hourly_cost\n jane  DOE ,55\n", "staff.csv").files
    assert staff.rows_updated == 1 and len(rows(database, "staff")) == 1
    (expenses,) = upload(database, settings, b"expense_id,date,category,amount\nX1,2025-01-01,Travel,5\n"
                                             b",2025-01-01,Travel,5\n,2025-01-01,Travel,5\n", "expenses.csv").files
    assert expenses.rows_inserted == 2
    licenses = (b"client,vendor,product,seats\nAcme,Microsoft,M365,10\nAcme,microsoft,m365,12\n"
                b"Beta,Microsoft,M365,3\n")
    (lic,) = upload(database, settings, licenses, "licenses.csv").files
    assert lic.rows_inserted == 2
    assert sorted(r["seats_purchased"] for r in rows(database, "licenses")) == [3, 12]


def test_unknown_clients_are_created_then_adopted_by_the_clients_file(database: Database,
                                                                     settings: Settings) -> None:
    (time_sheet,) = upload(database, settings, b"client,staff_name,date,hours\nZeta Ltd,Jane,2025-01-01,1\n"
                                               b"  zeta   LTD,Jane,2025-01-02,1\nOmega,Jane,2025-01-02,1\n",
                           "time.csv").files
    assert "created 2 unknown clients: Zeta Ltd, Omega" in time_sheet.warnings
    created = rows(database, "clients")
    assert [(c["client_name"], c["status"], c["snapshot_id"]) for c in created] == \
           [("Zeta Ltd", None, "S000001"), ("Omega", None, "S000001")]
    (clients,) = upload(database, settings, b"client_id,name,status\nC-9,ZETA LTD,active\nC-1,Alpha,prospect\n",
                        "clients.csv").files
    assert (clients.rows_inserted, clients.rows_updated) == (1, 1)
    after = {c["client_name"]: c for c in rows(database, "clients")}
    assert sorted(after) == ["Alpha", "Omega", "ZETA LTD"]
    assert (after["ZETA LTD"]["client_id"], after["ZETA LTD"]["status"]) == ("C-9", "active")
    # References by client_id now find it, and a clients row with that id renames it in place
    upload(database, settings, b"client_id,staff_name,date,hours\nC-9,Jane,2025-01-03,1\n", "time.csv")
    (renamed,) = upload(database, settings, b"client_id,name\nC-9,Zeta Limited\n", "clients.csv").files
    assert renamed.rows_updated == 1
    zeta = [c for c in rows(database, "clients") if c["client_id"] == "C-9"]
    assert [c["client_name"] for c in zeta] == ["Zeta Limited"]
    assert {r["client_pk"] for r in rows(database, "time_entries")} == {zeta[0]["id"], after["Omega"]["id"]}


def test_client_rename_onto_another_clients_name_is_rejected(database: Database, settings: Settings) -> None:
    upload(database, settings, b"client_id,name\nC-1,Alpha\nC-2,Beta\n", "clients.csv")
    (sheet,) = upload(database, settings, b"client_id,name\nC-1,beta\n", "clients.csv").files
    assert sheet.error == "no valid rows: 1 row rejected"
    assert [(r.row, r.column) for r in sheet.rejected] == [(2, "client_name")]


def test_unknown_client_id_without_a_name_is_created_under_its_id(database: Database, settings: Settings) -> None:
    (sheet,) = upload(database, settings, b"client_id,staff_name,date,hours\nC-7,Jane,2025-01-01,1\n").files
    assert sheet.warnings == ["created 1 unknown client: C-7"]
    assert [(c["client_id"], c["client_name"]) for c in rows(database, "clients")] == [("C-7", "C-7")]


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    clients = book.active
    clients.title = "Clients"
    clients.append(["Client Name", "Status", "Contract Start"])
    clients.append(["Acme", "Active", datetime(2024, 1, 15)])
    invoices = book.create_sheet("Invoices")
    invoices.append(["Invoice No", "Customer", "Issued", "Due Date", "Total"])
    invoices.append(["I-1", "Acme", datetime(2025, 3, 1), datetime(2025, 3, 31), 1200.5])
    invoices.append(["I-2", "Acme", datetime(2025, 4, 1), datetime(2025, 3, 1), 10])  # due before issued
    book.create_sheet("Notes").append(["remember to update monthly"])
    time_sheet = book.create_sheet("Time")
    time_sheet.append([None])
    time_sheet.append(["Client", "Technician", "Work Date", "Hours Worked", "Billable", "Task Description"])
    time_sheet.append(["Acme", "Jane", datetime(2025, 3, 2), 1.5, False, "=HYPERLINK(\"x\")"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_workbook_every_sheet_its_own_snapshot_in_one_upload(database: Database, settings: Settings) -> None:
    report = upload(database, settings, _workbook(), "book.xlsx")
    by_sheet = {s.sheet: s for s in report.files}
    assert [s.sheet for s in report.files] == ["Clients", "Invoices", "Notes", "Time"]
    assert [by_sheet[n].snapshot_id for n in ("Clients", "Invoices", "Time")] == ["S000001", "S000002", "S000003"]
    assert by_sheet["Notes"].error.startswith("could not tell what this file holds") and not by_sheet["Notes"].stored
    assert [(r.row, r.column) for r in by_sheet["Invoices"].rejected] == [(3, "due_date")]
    assert rows(database, "clients")[0]["contract_start"] == date(2024, 1, 15)
    (invoice,) = rows(database, "invoices")
    assert (invoice["date"], invoice["due_date"], invoice["total_amount"]) == (date(2025, 3, 1), date(2025, 3, 31),
                                                                              1200.5)
    (entry,) = rows(database, "time_entries")
    assert (entry["date"], entry["billable"], entry["task_description"]) == (date(2025, 3, 2), False,
                                                                           '=HYPERLINK("x")')
    assert count(database, "clients") == 1  # the invoices sheet found the client the first sheet stored
    assert not report.stored_all


@pytest.mark.parametrize("encode", [
    lambda text: text.encode("cp1252"),
    lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    lambda text: text.replace(",", ";").encode("utf-8"),
    lambda text: text.replace(",", "\t").encode("utf-8"),
], ids=["cp1252", "utf8-bom", "semicolon", "tab"])
def test_encodings_and_delimiters_store_the_same_rows(database: Database, settings: Settings,
                                                       encode: Callable[[str], bytes]) -> None:
    text = "client,staff_name,date,hours,task_description\r\nCafé Müller,Zoë,03/04/2025,2,Réparation €\r\n"
    (sheet,) = upload(database, settings, encode(text), "time.csv").files
    assert sheet.rows_accepted == 1
    assert rows(database, "clients")[0]["client_name"] == "Café Müller"
    entry = rows(database, "time_entries")[0]
    assert (entry["staff_name"], entry["task_description"], entry["date"]) == \
           ("Zoë", "Réparation €", date(2025, 3, 4))


def test_sheet_without_valid_rows_stores_nothing_and_says_why(database: Database, settings: Settings) -> None:
    (sheet,) = upload(database, settings, b"client,staff_name,date,hours\nAcme,Jane,2025-01-01,0\n").files
    assert (sheet.stored, sheet.snapshot_id, sheet.error) == (False, None, "no valid rows: 1 row rejected")
    assert sheet.rejected[0].reason == "must be > 0: 0"
    assert count(database, "snapshots") == 0 and count(database, "rejected_rows") == 0
    assert count(database, "clients") == 0
    (empty,) = upload(database, settings, b"client,staff_name,date,hours\n\n\n").files
    assert empty.error == "no data rows under the header"


def test_rejections_in_report_are_capped_but_all_kept(database: Database, settings: Settings) -> None:
    bad = MAX_REPORTED_REJECTIONS + 5
    data = "invoice_number,client,date,total_amount\nI-0,Acme,2025-01-01,1\n" + "".join(
        f"I-{i},Acme,2025-01-01,x\n" for i in range(1, bad + 1))
    (sheet,) = upload(database, settings, data.encode(), chunk_rows=300).files
    assert sheet.rows_rejected == bad and len(sheet.rejected) == MAX_REPORTED_REJECTIONS
    assert sheet.to_json()["rejected_truncated"] is True
    assert count(database, "rejected_rows") == bad


def test_file_over_the_size_limit_is_refused_before_reading(database: Database, settings: Settings) -> None:
    data = b"client,staff_name,date,hours\n" + b"Acme,Jane,2025-01-01,1\n" * 60_000
    with pytest.raises(IngestError) as caught:
        upload(database, settings, data, max_upload_mb=1)
    assert str(caught.value) == "file is 1.3 MB; the limit is 1 MB (MOAT_MAX_UPLOAD_MB)"
    assert not (settings.data_dir / "raw").exists()


def test_too_many_rows_rolls_back_everything(database: Database, settings: Settings) -> None:
    upload(database, settings, b"client,staff_name,date,hours\nAcme,Jane,2025-01-01,1\n")
    before = everything(database)
    data = b"client,staff_name,date,hours\n" + b"".join(b"New,Jane,2025-01-%02d,1\n" % d for d in range(1, 29))
    with pytest.raises(IngestError, match="more than 20 rows"):
        upload(database, settings, data, max_rows=20, chunk_rows=8)
    assert everything(database) == before


def test_refused_file_raw_bytes_are_still_kept(database: Database, settings: Settings) -> None:
    with pytest.raises(IngestError, match="PDF"):
        upload(database, settings, b"%PDF-1.4 whatever", "report.pdf")
    kept = list((settings.data_dir / "raw").glob("*.fernet"))
    assert len(kept) == 1 and b"%PDF" not in kept[0].read_bytes()  # encrypted at rest
    assert count(database, "raw_files") == 0 and count(database, "snapshots") == 0


def test_unrecognised_csv_is_refused_with_the_closest_entity(database: Database, settings: Settings) -> None:
    with pytest.raises(IngestError, match=r"closest is time_entries, missing columns: date, hours"):
        upload(database, settings, b"client,staff_name\nAcme,Jane\n")


def test_on_commit_runs_inside_the_transaction(database: Database, settings: Settings) -> None:
    def fail(conn, report) -> None:  # noqa: ANN001
        assert report.files[0].rows_inserted == 1
        raise RuntimeError("audit failed")

    with pytest.raises(RuntimeError):
        ingest_file(database, settings, RawStore.open(settings), b"staff_name\nJane\n", file_name="s.csv",
                    uploader="u", on_commit=fail)
    assert count(database, "staff") == 0 and count(database, "snapshots") == 0


def test_list_snapshots_newest_first(database: Database, settings: Settings) -> None:
    upload(database, settings, b"staff_name\nJane\n", "staff.csv")
    upload(database, settings, b"staff_name\nJoe\n", "team.csv")
    infos = list_snapshots(database)
    assert [(i.id, i.entity, i.file, i.status, i.rows_inserted, i.uploader) for i in infos] == [
        ("S000002", "staff", "team.csv", "active", 1, "cli:tester"),
        ("S000001", "staff", "staff.csv", "active", 1, "cli:tester")]
    assert infos[0].to_json()["created_at"].endswith("+00:00")


def test_rollback_of_an_insert_only_snapshot(database: Database, settings: Settings) -> None:
    upload(database, settings, b"client,staff_name,date,hours\nAcme,Jane,2025-01-01,1\n")
    before = {n: rows(database, n) for n in ("clients", "time_entries")}
    upload(database, settings, b"client,staff_name,date,hours\nAcme,Jane,2025-01-02,1\nNova,Jo,2025-01-02,1\n")
    report = rollback(database, "S000002")
    assert (report.rows_deleted, report.rows_restored, report.clients_deleted) == (2, 0, 1)
    assert {n: rows(database, n) for n in ("clients", "time_entries")} == before
    assert list_snapshots(database)[0].status == "rolled_back"


def test_rollback_of_an_update_snapshot_restores_previous_content(database: Database, settings: Settings) -> None:
    header = b"invoice_number,client,date,due_date,total_amount,status\n"
    upload(database, settings, header + b"I-1,Acme,2025-01-01,2025-01-31,100,unpaid\n")
    before = rows(database, "invoices")
    upload(database, settings, header + b"I-1,Acme,2025-01-01,2025-02-28,150,paid\nI-2,Acme,2025-01-05,,5,paid\n")
    report = rollback(database, "s000002")  # ids are typed in any case
    assert (report.rows_restored, report.rows_deleted) == (1, 1)
    assert rows(database, "invoices") == before


def test_rollback_leaves_rows_changed_later_alone(database: Database, settings: Settings) -> None:
    header = b"invoice_number,client,date,total_amount\n"
    upload(database, settings, header + b"I-1,Acme,2025-01-01,1\nI-2,Acme,2025-01-01,2\nI-3,Acme,2025-01-01,3\n")
    upload(database, settings, header + b"I-1,Acme,2025-01-01,10\nI-2,Acme,2025-01-01,20\n")
    upload(database, settings, header + b"I-2,Acme,2025-01-01,200\n")
    report = rollback(database, "S000002")
    assert (report.rows_restored, report.rows_kept) == (1, 1)
    assert report.messages == ["1 invoices row kept: changed later by S000003"]
    assert {r["invoice_number"]: r["total_amount"] for r in rows(database, "invoices")} == \
           {"I-1": 1.0, "I-2": 200.0, "I-3": 3.0}
    first = rollback(database, "S000001")
    assert first.rows_kept == 1 and first.rows_deleted == 2  # I-2 now belongs to S000003
    assert first.clients_kept == 1  # Acme is still used by I-2


def test_rollback_twice_or_unknown_id_is_a_clear_error(database: Database, settings: Settings) -> None:
    upload(database, settings, b"staff_name\nJane\n")
    rollback(database, "S000001")
    with pytest.raises(SnapshotError, match="S000001 was already rolled back"):
        rollback(database, "S000001")
    with pytest.raises(SnapshotError, match="no snapshot 'S999'"):
        rollback(database, "S999")


def test_rollback_of_a_clients_file_restores_adopted_clients(database: Database, settings: Settings) -> None:
    upload(database, settings, b"client,staff_name,date,hours\nZeta,Jane,2025-01-01,1\n")
    auto = rows(database, "clients")
    upload(database, settings, b"client_id,name,status\nC-1,Zeta,active\nC-2,Nova,active\n", "clients.csv")
    report = rollback(database, "S000002")
    assert (report.rows_restored, report.clients_deleted) == (1, 1)
    assert rows(database, "clients") == auto


def test_concurrent_uploads_take_turns(database: Database, settings: Settings) -> None:
    """Two uploads at once: both stored, distinct sequential snapshot ids, no lost or doubled rows."""
    results: list[UploadReport] = []
    errors: list[BaseException] = []

    def upload_many(worker: int) -> None:
        try:
            for n in range(4):
                data = f"invoice_number,client,date,total_amount\nW{worker}-{n},Client {n},2025-01-01,1\n".encode()
                results.append(upload(database, settings, data, f"w{worker}.csv"))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=upload_many, args=(w,)) for w in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.files[0].snapshot_id for r in results) == [f"S{n:06d}" for n in range(1, 9)]
    assert count(database, "invoices") == 8 and count(database, "clients") == 4
