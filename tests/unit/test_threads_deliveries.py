"""Delivery de-duplication and thread memory, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import update

from core.governance import deliveries, threads
from core.engine import periods
from core.engine.intent import Intent
from storage.db import Database
from storage.workflow import deliveries as deliveries_table


def test_a_delivery_key_is_claimed_once(database: Database) -> None:
    assert deliveries.claim(database, "event:Ev1")
    assert not deliveries.claim(database, "event:Ev1")
    assert deliveries.claim(database, "file:F1")


def test_old_delivery_keys_are_forgotten_and_recent_ones_kept(database: Database) -> None:
    deliveries.claim(database, "event:old")
    deliveries.claim(database, "event:new")
    with database.begin() as conn:
        conn.execute(update(deliveries_table).where(deliveries_table.c.key == "event:old")
                     .values(received_at=datetime.now(timezone.utc) - timedelta(days=2)))
    assert deliveries.forget(database, older_than=timedelta(days=1)) == 1
    assert not deliveries.claim(database, "event:new")
    assert deliveries.claim(database, "event:old")


def test_a_thread_remembers_its_last_intent_whole(database: Database) -> None:
    assert threads.recall(database, "C1", "1.0") is None
    first = Intent(metric="revenue", group_by="client", filters={"client": "Acme"},
                   period=periods.quarter(2026, 3), order="desc", limit=3, compare=True)
    threads.remember(database, "C1", "1.0", first)
    assert threads.recall(database, "C1", "1.0") == first
    second = Intent(metric="margin_pct", period=periods.between(date(2026, 1, 1), date(2026, 1, 31)))
    threads.remember(database, "C1", "1.0", second)
    assert threads.recall(database, "C1", "1.0") == second
    assert threads.recall(database, "C1", "2.0") is None
