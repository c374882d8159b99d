"""Governance tables: the tamper-evident audit log and the users' roles.

`audit_events` is a hash chain (see `core.governance.audit`); the database itself refuses UPDATE, DELETE and
(on PostgreSQL) TRUNCATE on it, so a mistake or a careless script cannot rewrite history. Someone
with full database rights can still drop those guards, which is why every event also carries an
HMAC under a key the database never holds: `core.governance.audit.verify` catches what the guards cannot stop.
"""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Connection, DateTime, Integer, String, Table, Text, text

from storage.tables import metadata

APPEND_ONLY_MESSAGE = "audit_events is append-only"

audit_events = Table(
    "audit_events", metadata,
    # Assigned by core.governance.audit under a lock (never by the database), so the sequence has no gaps.
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("actor_id", Text, nullable=False),
    Column("actor_name", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("action", String(64), nullable=False, index=True),
    Column("target", Text),
    Column("outcome", String(16), nullable=False),
    Column("details", JSON, nullable=False),
    Column("channel", Text),
    Column("message_ts", Text),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    Column("hmac", String(64), nullable=False),
)

user_roles = Table(
    "user_roles", metadata,
    Column("user_id", String(128), primary_key=True),
    Column("role", String(32), nullable=False),
    Column("reviewer", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", Text, nullable=False),
)

_SQLITE_GUARDS = [
    f"""CREATE TRIGGER audit_events_no_{op.lower()} BEFORE {op} ON audit_events
        BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"""
    for op in ("UPDATE", "DELETE")
]

_POSTGRES_GUARDS = [
    f"""CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE} (% refused)', TG_OP; END $$""",
    """CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()""",
    """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()""",
]


def create_governance_tables(conn: Connection) -> None:
    """Migration 2: both tables, then the database-side append-only guards for `audit_events`."""
    metadata.create_all(conn, tables=[audit_events, user_roles])
    guards = _SQLITE_GUARDS if conn.dialect.name == "sqlite" else _POSTGRES_GUARDS
    for statement in guards:
        conn.execute(text(statement))
