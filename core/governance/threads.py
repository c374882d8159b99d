"""Delivery de-duplication and thread memory for chat edges.

Slack retries deliveries and announces one upload twice (`message` + `file_shared`); the
first `claim` of a key wins and every later one is told to do nothing. A thread remembers the
last question's intent so a follow-up ("and last quarter?") can build on it.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from core.engine.intent import Intent
from storage.db import Database
from storage.workflow import conversations, deliveries


def claim(db: Database, key: str) -> bool:
    """True the first time `key` is seen (by any instance sharing the database), False after."""
    try:
        with db.begin() as conn:
            conn.execute(insert(deliveries).values(key=key[:200], received_at=datetime.now(timezone.utc)))
    except IntegrityError:
        return False
    return True


def forget_deliveries(db: Database, *, older_than: timedelta) -> int:
    """Drop delivery keys past any redelivery window (Slack retries within minutes), so the table
    stays small; returns how many were dropped."""
    cutoff = datetime.now(timezone.utc) - older_than
    with db.begin() as conn:
        return conn.execute(delete(deliveries).where(deliveries.c.received_at < cutoff)).rowcount


def remember(db: Database, channel: str, thread_ts: str, intent: Intent) -> None:
    with db.begin() as conn:
        conn.execute(delete(conversations).where(conversations.c.channel == channel,
                                                 conversations.c.thread_ts == thread_ts))
        conn.execute(insert(conversations).values(channel=channel, thread_ts=thread_ts, intent=intent.to_record(),
                                                  updated_at=datetime.now(timezone.utc)))


def recall(db: Database, channel: str, thread_ts: str) -> Intent | None:
    with db.connect() as conn:
        row = conn.execute(select(conversations.c.intent).where(conversations.c.channel == channel,
                                                                conversations.c.thread_ts == thread_ts)).first()
    return Intent.from_record(row.intent) if row else None
