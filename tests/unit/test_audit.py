"""The audit chain: what it records, what the database refuses, and what `verify` catches.

Tampering is done the way an attacker with database access would: straight SQL, with the
append-only triggers dropped first. Every test runs on SQLite and PostgreSQL.
"""
from __future__ import annotations

import csv
import io
import json
import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from core.governance.audit import GENESIS_HASH, AuditError, AuditEvent, AuditLog, export, verify
from storage.db import Database
from storage.governance import audit_events

KEY = b"test-data-key-0123456789abcdef=="


def event(n: int = 0, **changes: object) -> AuditEvent:
    fields = {"actor_id": "U0ALICE", "actor_name": "Alice Ünal", "role": "analyst", "action": "upload",
              "target": f"snap-{n}", "details": {"n": n, "ratio": 0.1 + n, "note": "naïve ✓", "nested": [1, None]},
              "channel": "C0DATA", "message_ts": f"1700000000.{n:06d}"}
    return AuditEvent(**{**fields, **changes})


@pytest.fixture
def log(database: Database) -> AuditLog:
    return AuditLog(database, KEY)


def fill(log: AuditLog, count: int) -> list:
    return [log.record(event(n)) for n in range(1, count + 1)]


def drop_guards(db: Database) -> None:
    """What an attacker with database rights does before rewriting history."""
    with db.begin() as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER audit_events_no_update_delete ON audit_events"))


def stored(db: Database) -> list[dict]:
    out = io.StringIO()
    export(db, None, "jsonl", out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_records_form_a_chain_that_verifies_and_reads_back_exactly(database: Database, log: AuditLog) -> None:
    written = fill(log, 5)
    assert [r.seq for r in written] == [1, 2, 3, 4, 5]
    assert written[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in zip(written, written[1:]))
    assert verify(database, KEY) == verify(database, KEY)
    report = verify(database, KEY)
    assert report.ok and report.events_checked == 5 and report.first_bad_seq is None
    # Timestamps (microseconds, UTC) and JSON details survive the round trip on both databases.
    assert stored(database) == [r.as_dict() for r in written]


def test_empty_log_verifies(database: Database) -> None:
    assert verify(database, KEY).ok


def test_details_with_dates_are_stored_as_iso_text(log: AuditLog) -> None:
    record = log.record(event(details={"as_of": date(2025, 3, 31)}))
    assert record.details == {"as_of": "2025-03-31"}


def test_wrong_key_fails_at_the_first_event(database: Database, log: AuditLog) -> None:
    fill(log, 2)
    report = verify(database, b"another-key")
    assert not report.ok and report.first_bad_seq == 1 and "HMAC" in report.problem


@pytest.mark.parametrize("column", ["actor_name", "details", "at", "outcome"])
def test_changing_one_field_is_detected_at_that_event(database: Database, log: AuditLog, column: str) -> None:
    written = fill(log, 5)
    new_value = {"actor_name": "Mallory", "details": {"n": 999}, "outcome": "denied",
                 "at": written[2].at + timedelta(microseconds=1)}[column]
    drop_guards(database)
    with database.begin() as conn:
        conn.execute(update(audit_events).where(audit_events.c.seq == 3).values({column: new_value}))
    report = verify(database, KEY)
    assert (report.ok, report.first_bad_seq, report.events_checked) == (False, 3, 2)
    assert "event 3 was changed" in report.problem


def test_details_that_are_no_longer_an_object_are_reported(database: Database, log: AuditLog) -> None:
    fill(log, 3)
    drop_guards(database)
    with database.begin() as conn:
        conn.execute(update(audit_events).where(audit_events.c.seq == 2).values(details=[1, 2]))
    report = verify(database, KEY)
    assert (report.ok, report.first_bad_seq) == (False, 2)
    assert "unreadable" in report.problem


def test_deleting_an_event_is_detected_as_a_gap(database: Database, log: AuditLog) -> None:
    fill(log, 5)
    drop_guards(database)
    with database.begin() as conn:
        conn.execute(delete(audit_events).where(audit_events.c.seq.in_([3, 4])))
    report = verify(database, KEY)
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert "event 3 to 4 missing" in report.problem


def test_forged_event_with_a_correct_hash_but_no_valid_hmac_is_detected(database: Database, log: AuditLog) -> None:
    fill(log, 3)
    forger = AuditLog(database, b"attacker-guessed-key")  # computes sha256 correctly, signs with the wrong key
    forger.record(event(99, actor_name="Mallory"))
    report = verify(database, KEY)
    assert (report.ok, report.first_bad_seq, report.events_checked) == (False, 4, 3)
    assert "inserted or forged" in report.problem


def test_event_inserted_in_the_middle_is_detected(database: Database, log: AuditLog) -> None:
    fill(log, 5)
    drop_guards(database)
    with database.begin() as conn:
        later = [row._asdict() for row in conn.execute(select(audit_events).where(audit_events.c.seq >= 3))]
        conn.execute(delete(audit_events).where(audit_events.c.seq >= 3))
    AuditLog(database, b"attacker-guessed-key").record(event(99))  # lands at seq 3, linked to event 2
    with database.begin() as conn:
        conn.execute(insert(audit_events), [{**row, "seq": row["seq"] + 1} for row in later])
    report = verify(database, KEY)
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert "inserted or forged" in report.problem


def test_swapping_two_events_is_detected_as_a_reorder(database: Database, log: AuditLog) -> None:
    fill(log, 5)
    drop_guards(database)
    with database.begin() as conn:
        for old, new in ((3, -1), (4, 3), (-1, 4)):
            conn.execute(update(audit_events).where(audit_events.c.seq == old).values(seq=new))
    report = verify(database, KEY)
    assert (report.ok, report.first_bad_seq, report.events_checked) == (False, 3, 2)
    assert report.problem == "event 3 holds the event recorded as event 4: events were reordered"


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET actor_name = 'Mallory' WHERE seq = 1",
                                       "DELETE FROM audit_events WHERE seq = 1",
                                       "DELETE FROM audit_events"])
def test_database_refuses_update_and_delete(database: Database, log: AuditLog, statement: str) -> None:
    fill(log, 2)
    with pytest.raises(DBAPIError, match="audit_events is append-only"):
        with database.begin() as conn:
            conn.execute(text(statement))
    assert verify(database, KEY).events_checked == 2


def test_postgres_refuses_truncate(database: Database, log: AuditLog) -> None:
    if database.is_sqlite:
        pytest.skip("SQLite has no TRUNCATE (DELETE without WHERE is covered above)")
    fill(log, 1)
    with pytest.raises(DBAPIError, match="append-only"):
        with database.begin() as conn:
            conn.execute(text("TRUNCATE audit_events"))


def test_concurrent_writers_keep_one_gapless_chain(database: Database, log: AuditLog) -> None:
    start, errors = threading.Barrier(4), []

    def writer(worker: int) -> None:
        start.wait()
        try:
            for n in range(25):
                log.record(event(n, actor_id=f"U{worker}"))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify(database, KEY)
    assert report.ok and report.events_checked == 100
    assert [row["seq"] for row in stored(database)] == list(range(1, 101))


def test_record_inside_a_rolled_back_transaction_leaves_no_event(database: Database, log: AuditLog) -> None:
    with pytest.raises(RuntimeError):
        with database.begin() as conn:
            log.record(event(1), conn=conn)
            raise RuntimeError("the action failed after its audit event was written")
    assert stored(database) == []
    assert log.record(event(2)).seq == 1


def test_record_inside_a_committed_transaction_commits_with_it(database: Database, log: AuditLog) -> None:
    with database.begin() as conn:
        record = log.record(event(1), conn=conn)
    assert [row["hash"] for row in stored(database)] == [record.hash]


@pytest.mark.parametrize("bad", [
    {"details": {"value": object()}},
    {"details": {"ratio": float("nan")}},
    {"outcome": "maybe"},
    {"action": "Upload File"},
    {"actor_id": ""},
])
def test_invalid_event_raises_audit_error(log: AuditLog, bad: dict) -> None:
    with pytest.raises(AuditError):
        log.record(event(1, **bad))


def test_failing_database_write_raises_audit_error(database: Database, log: AuditLog) -> None:
    with database.begin() as conn:
        conn.execute(text("DROP TABLE audit_events"))
    with pytest.raises(AuditError, match="could not write the audit event 'upload'"):
        log.record(event(1))


def test_postgres_session_time_zone_does_not_change_hashes(database: Database, log: AuditLog) -> None:
    if database.is_sqlite:
        pytest.skip("PostgreSQL only: SQLite has no session time zone")
    fill(log, 3)
    elsewhere = Database(database.url + "?options=-c%20timezone%3DAsia/Kolkata")
    try:
        with elsewhere.connect() as conn:
            assert conn.execute(select(audit_events.c.at)).first().at.utcoffset() == timedelta(hours=5, minutes=30)
        assert verify(elsewhere, KEY).ok
        AuditLog(elsewhere, KEY).record(event(4))
        assert verify(database, KEY).events_checked == 4
    finally:
        elsewhere.dispose()


def test_csv_export_escapes_formulas(database: Database, log: AuditLog) -> None:
    log.record(event(1, actor_name="=SUM(A1)", target="+cmd", details={"f": "=1+1"}))
    out = io.StringIO()
    assert export(database, None, "csv", out) == 1
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    cells = dict(zip(header, row))
    assert cells["actor_name"] == "'=SUM(A1)"
    assert cells["target"] == "'+cmd"
    assert json.loads(cells["details"])["f"] == "=1+1"
    assert cells["seq"] == "1"


def test_export_since_filters_by_utc_day(database: Database, log: AuditLog) -> None:
    fill(log, 2)
    today = datetime.now(timezone.utc).date()
    assert export(database, today, "jsonl", io.StringIO()) == 2
    assert export(database, today + timedelta(days=1), "jsonl", io.StringIO()) == 0


def test_export_rejects_unknown_format(database: Database) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export(database, None, "xml", io.StringIO())  # type: ignore[arg-type]


def test_a_version_1_database_gains_the_audit_log_on_upgrade(db_url: str) -> None:
    db = Database(db_url)
    try:
        assert db.migrate(target=1) == 1
        assert db.migrate() >= 2
        AuditLog(db, KEY).record(event(1))
        assert verify(db, KEY).ok
    finally:
        db.dispose()
