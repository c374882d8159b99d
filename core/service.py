"""The façade every edge calls: the CLI, the HTTP routes, the Slack listeners and the sandbox.

Keeping one entry per action here means validation, permissions, review policy and audit happen
once, the same way, whoever asks.
"""
from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path

from config.settings import Settings
from core import ingest, query, snapshots
from core.intent import Intent, Result
from core.rawstore import RawStore
from storage.db import Database, open_database


class Service:
    def __init__(self, settings: Settings, db: Database | None = None) -> None:
        self.settings = settings
        self._db = db

    @cached_property
    def db(self) -> Database:
        return self._db or open_database(self.settings.resolved_database_url)

    @cached_property
    def raw_store(self) -> RawStore:
        return RawStore.open(self.settings)

    def upload(self, source: Path | bytes, file_name: str, uploader: str) -> ingest.UploadReport:
        """Ingest one file (every sheet of a workbook): validated, stored atomically, raw bytes kept encrypted."""
        return ingest.ingest_file(self.db, self.settings, self.raw_store, source, file_name=file_name,
                                  uploader=uploader)

    def snapshots(self) -> list[snapshots.SnapshotInfo]:
        return snapshots.list_snapshots(self.db)

    def rollback(self, snapshot_id: str) -> snapshots.RollbackReport:
        return snapshots.rollback(self.db, snapshot_id)

    def query(self, intent: Intent, as_of: date | None = None) -> Result:
        return query.run_query(self.db, self.settings, intent, as_of=as_of or date.today())
