"""Backup then restore gives back everything; a wrong key, a used data dir or a damaged file fail clearly."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, select, text

from config.settings import Settings, load_settings
from core.governance.audit import as_utc, verify
from core.ops.backup import BackupError, create_backup, prune_backups, restore_backup
from core.governance.keys import KEY_FILE_NAME, load_key
from core.governance.policy import Actor
from core.ingest.rawstore import RawStore
from core.ops.schedules import Schedules
from core.service import Service
from storage import tables
from storage.db import Database
from storage.governance import audit_events
from tests.small_dataset import load_small

OPERATOR = Actor.cli("ops")
RAW = b"client_name,status\nAcme Corp,active\n" * 5000  # ~180 kB: more than one line of anything


@pytest.fixture
def source(db_settings: Settings) -> Iterator[tuple[Service, str]]:
    """A data dir with rows, a snapshot, a raw file, audit events, a schedule and a review."""
    service = Service(db_settings, load_language_model=False)
    load_small(service.db)
    sha = service.raw_store.put([RAW]).sha256
    service.record(OPERATOR, "upload", target="S-test", details={"file": "clients.csv"})
    Schedules(service).add(OPERATOR, "0 8 * * MON", "#finance", tz="Europe/Paris")
    with service.db.begin() as conn:
        service.reviews.create(conn, {"question": "margin of Acme?"}, Actor("U1", "Una", "slack", channel="C1"))
    yield service, sha
    service.db.dispose()


def fresh_settings(tmp_path: Path, name: str, secret: str = "test-secret-key", **overrides: object) -> Settings:
    return load_settings(**{"data_dir": tmp_path / name, "secret_key": secret, "database_url": None, **overrides})


def contents(db: Database) -> dict[str, list]:
    """Every row of every table, comparable across SQLite and PostgreSQL."""
    def plain(value: object) -> object:
        if isinstance(value, datetime):
            return as_utc(value).isoformat()
        if isinstance(value, (dict, list)):
            return json.dumps(value, sort_keys=True)
        return value

    found = {}
    with db.connect() as conn:
        for table in tables.metadata.sorted_tables:
            if table.name != "schema_version":
                rows = conn.execute(select(table)).mappings()
                found[table.name] = sorted((tuple((k, plain(v)) for k, v in row.items()) for row in rows), key=repr)
    return found


def test_backup_then_restore_round_trips_everything(source: tuple[Service, str], tmp_path: Path) -> None:
    service, sha = source
    before = contents(service.db)
    report = create_backup(service, OPERATOR, tmp_path / "moat.backup")
    assert report.path.read_bytes()[:4] != b"SQLi" and b"Acme Corp" not in report.path.read_bytes()
    assert report.raw_files == 1 and report.tables["invoices"] == 9 and report.database == service.db.engine.dialect.name
    (backup_event,) = [e for e in _events(service.db) if e.action == "backup"]
    assert backup_event.details["audit_head"] == report.audit_head

    target = fresh_settings(tmp_path, "restored")
    restored = restore_backup(target, report.path, OPERATOR)
    assert restored.audit.ok and restored.audit_head_found and restored.raw_files == 1

    db = Database(target.resolved_database_url)
    try:
        after = contents(db)
        events = _events(db)
    finally:
        db.dispose()
    audit_before, audit_after = before.pop("audit_events"), after.pop("audit_events")
    assert after == before  # data rows, snapshots, raw file rows, schedules, reviews: all identical
    assert audit_after[:len(audit_before)] == audit_before  # the chain up to the backup, byte for byte
    assert [e.action for e in events][-2:] == ["digest_schedule_added", "restore"]
    assert events[-1].details["audit_ok"] is True
    assert RawStore.open(target).read_bytes(sha) == RAW
    # The restored data dir works as a data dir: the service opens it and the chain still verifies.
    reopened = Service(target, load_language_model=False)
    try:
        assert reopened.catalog().entities["invoices"].rows == 9
        assert Schedules(reopened).list()[0].channel == "#finance"
        assert verify(reopened.db, load_key(target)).ok
    finally:
        reopened.db.dispose()


@pytest.mark.postgres
def test_restore_into_an_empty_postgresql_database(tmp_path: Path, settings: Settings, postgres_server: str) -> None:
    service = Service(settings, load_language_model=False)
    load_small(service.db)
    report = create_backup(service, OPERATOR)
    service.db.dispose()
    name = f"moat_restore_{os.getpid()}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    target = fresh_settings(tmp_path, "pg-restored", database_url=postgres_server.rsplit("/", 1)[0] + f"/{name}")
    restored = restore_backup(target, report.path, OPERATOR)
    assert restored.database == "postgresql" and restored.audit.ok
    db = Database(target.resolved_database_url)
    try:
        with db.begin() as conn:  # sequences moved past the restored ids: a new row does not collide
            conn.execute(insert(tables.DATA_TABLES["clients"]).values(nk="clients:new", row_hash="n",
                                                                      snapshot_id="S-test", client_name="New Co"))
        assert contents(db)["clients"] and len(contents(db)["clients"]) == 5
    finally:
        db.dispose()
    with pytest.raises(BackupError, match="already has .* tables; restore needs an empty database"):
        restore_backup(fresh_settings(tmp_path, "again", database_url=target.database_url), report.path, OPERATOR)


def _events(db: Database) -> list:
    with db.connect() as conn:
        return conn.execute(select(audit_events).order_by(audit_events.c.seq)).all()


@pytest.fixture
def archive(settings: Settings, tmp_path: Path) -> Path:
    service = Service(settings, load_language_model=False)
    load_small(service.db)
    service.raw_store.put([RAW])
    try:
        return create_backup(service, OPERATOR, tmp_path / "a.backup").path
    finally:
        service.db.dispose()


def test_a_wrong_key_fails_clearly_and_leaves_the_data_dir_empty(archive: Path, tmp_path: Path) -> None:
    target = fresh_settings(tmp_path, "other-key", secret="another-secret-key")
    with pytest.raises(BackupError, match=r"this backup was made with a different key "
                                          r"\(MOAT_SECRET_KEY / data/secret.key\)"):
        restore_backup(target, archive, OPERATOR)
    assert list(Path(target.data_dir).iterdir()) == []


def test_restore_needs_the_key_and_never_creates_one(archive: Path, tmp_path: Path) -> None:
    target = load_settings(data_dir=tmp_path / "no-key", secret_key=None, database_url=None)
    with pytest.raises(BackupError, match="set MOAT_SECRET_KEY, or copy the old secret.key into"):
        restore_backup(target, archive, OPERATOR)
    assert not (tmp_path / "no-key" / KEY_FILE_NAME).exists()


def test_a_key_file_in_the_empty_data_dir_is_used(tmp_path: Path) -> None:
    made_with_file = load_settings(data_dir=tmp_path / "keyfile", secret_key=None, database_url=None)
    service = Service(made_with_file, load_language_model=False)
    load_small(service.db)
    report = create_backup(service, OPERATOR, tmp_path / "k.backup")
    service.db.dispose()
    target = tmp_path / "keyfile-restored"
    target.mkdir()
    (target / KEY_FILE_NAME).write_text((tmp_path / "keyfile" / KEY_FILE_NAME).read_text())
    restored = restore_backup(load_settings(data_dir=target, secret_key=None, database_url=None), report.path,
                              OPERATOR)
    assert restored.audit.ok and restored.tables["clients"] == 4


def test_restore_refuses_a_data_dir_that_is_not_empty(archive: Path, tmp_path: Path) -> None:
    target = fresh_settings(tmp_path, "used")
    Path(target.data_dir).mkdir()
    (Path(target.data_dir) / "moatmetrics.db").write_bytes(b"live data")
    with pytest.raises(BackupError, match="is not empty \\(moatmetrics.db\\); restore only into an empty data dir"):
        restore_backup(target, archive, OPERATOR)
    assert (Path(target.data_dir) / "moatmetrics.db").read_bytes() == b"live data"


def test_files_that_are_not_whole_backups_fail_clearly(archive: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello, this is not a backup")
    with pytest.raises(BackupError, match="or it is not a MoatMetrics backup"):
        restore_backup(fresh_settings(tmp_path, "t1"), other, OPERATOR)
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(archive.read_bytes()[:-100])
    with pytest.raises(BackupError, match="damaged|not a readable MoatMetrics backup"):
        restore_backup(fresh_settings(tmp_path, "t2"), damaged, OPERATOR)
    assert list((tmp_path / "t2").iterdir()) == []
    with pytest.raises(BackupError, match="is not a file"):
        restore_backup(fresh_settings(tmp_path, "t3"), tmp_path / "missing.backup", OPERATOR)


def test_backup_never_overwrites_and_audits_failures(settings: Settings, tmp_path: Path) -> None:
    service = Service(settings, load_language_model=False)
    try:
        existing = tmp_path / "taken.backup"
        existing.write_bytes(b"keep me")
        with pytest.raises(BackupError, match="already exists"):
            create_backup(service, OPERATOR, existing)
        assert existing.read_bytes() == b"keep me"
        (failed,) = [e for e in _events(service.db) if e.action == "backup"]
        assert failed.outcome == "failed" and "already exists" in failed.details["error"]
        assert not list(tmp_path.glob(".moat-staging-*"))
    finally:
        service.db.dispose()


def test_prune_keeps_recent_archives_and_other_files(tmp_path: Path) -> None:
    names = ["moatmetrics-20250101T020000Z.backup", "moatmetrics-20250125T020000Z.backup",
             "moatmetrics-20250131T020000Z.backup", "moatmetrics-garbage.backup", "mine.backup"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    removed = prune_backups(tmp_path, 7, now=datetime(2025, 2, 3, tzinfo=timezone.utc))
    assert [p.name for p in removed] == ["moatmetrics-20250101T020000Z.backup", "moatmetrics-20250125T020000Z.backup"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:])  # cut-off: 2025-01-27 00:00 UTC
