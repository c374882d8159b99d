"""SQLAlchemy tables.

The seven data tables are generated from `core.entities` so the data model lives in one place;
each row carries its natural key (`nk`), a hash of its content (`row_hash`, so an identical
re-upload changes nothing) and the snapshot that last wrote it (`snapshot_id`, for rollback).
"""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary,
                        MetaData, String, Table, Text, UniqueConstraint)

from core.entities import ENTITIES, Entity, Kind

metadata = MetaData()

_SQL_TYPES = {
    Kind.DATE: Date,
    Kind.MONEY: Float,
    Kind.NUMBER: Float,
    Kind.INTEGER: Integer,
    Kind.BOOLEAN: Boolean,
}


def _data_table(entity: Entity) -> Table:
    columns = [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("nk", String(128), nullable=False, unique=True),
        Column("row_hash", String(40), nullable=False),
        Column("snapshot_id", String(32), nullable=False, index=True),
    ]
    if entity.client_ref is not None:
        columns.append(Column("client_pk", Integer, index=True, nullable=True))
    columns += [Column(c.name, _SQL_TYPES.get(c.kind, Text)) for c in entity.columns]
    table = Table(entity.name, metadata, *columns)
    if "date" in table.c:
        Index(f"ix_{entity.name}_date", table.c.date)
    return table


DATA_TABLES: dict[str, Table] = {name: _data_table(entity) for name, entity in ENTITIES.items()}
Index("ix_clients_client_id", DATA_TABLES["clients"].c.client_id)
Index("ix_time_entries_staff_date", DATA_TABLES["time_entries"].c.staff_name, DATA_TABLES["time_entries"].c.date)

schema_version = Table(
    "schema_version", metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

raw_files = Table(
    "raw_files", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("file_name", Text, nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    # Encrypted bytes live in the data dir (raw/<sha256>.fernet); this row says they exist.
    Column("path", Text, nullable=False),
)

snapshots = Table(
    "snapshots", metadata,
    Column("id", String(32), primary_key=True),
    Column("entity", String(32), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sheet", Text),
    Column("sha256", String(64), ForeignKey("raw_files.sha256"), nullable=False),
    Column("uploader", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("rows_total", Integer, nullable=False),
    Column("rows_accepted", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
    Column("rows_inserted", Integer, nullable=False),
    Column("rows_updated", Integer, nullable=False),
    Column("rows_unchanged", Integer, nullable=False),
    Column("warnings", JSON, nullable=False),
    Column("status", String(16), nullable=False),  # active | rolled_back
    Column("rolled_back_at", DateTime(timezone=True)),
)

rejected_rows = Table(
    "rejected_rows", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("snapshot_id", String(32), ForeignKey("snapshots.id"), nullable=False, index=True),
    Column("row", Integer, nullable=False),
    Column("column", Text),
    Column("reason", Text, nullable=False),
    Column("raw", JSON),
)

# What a snapshot replaced: the previous content of every row it changed (rows it inserted have
# no entry: rolling back deletes them). Rollback restores these.
row_versions = Table(
    "row_versions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("snapshot_id", String(32), ForeignKey("snapshots.id"), nullable=False, index=True),
    Column("entity", String(32), nullable=False),
    Column("row_id", Integer, nullable=False),
    Column("previous", JSON, nullable=False),
    UniqueConstraint("snapshot_id", "entity", "row_id"),
)

# Secrets the database must be able to check but never decrypt (e.g. which key encrypted the raw files).
key_checks = Table(
    "key_checks", metadata,
    Column("name", String(64), primary_key=True),
    Column("token", LargeBinary, nullable=False),
)
