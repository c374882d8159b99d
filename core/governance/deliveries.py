"""Chat deliveries seen: each Slack event, command, click or shared file is acted on once.

Slack retries a delivery it thinks was lost and announces one upload twice (`message` +
`file_shared`); the first `claim` of a key wins (in the database, so also across instances sharing
it) and every later one is told to do nothing. The keys themselves are chosen at the edge
(bot/deliveries.py), where the payloads are known.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.workflow import deliveries

MEMORY = timedelta(days=1)  # Slack's last retry comes ~5 minutes after the first delivery


def claim(db: Database, key: str) -> bool:
    """True the first time `key` is seen (by any instance sharing the database), False after."""
    try:
        with db.begin() as conn:
            conn.execute(insert(deliveries).values(key=key[:200], received_at=datetime.now(timezone.utc)))
    except IntegrityError:
        return False
    return True


def forget(db: Database, *, older_than: timedelta = MEMORY) -> int:
    """Drop delivery keys past any redelivery window, so the table stays small; returns how many."""
    cutoff = datetime.now(timezone.utc) - older_than
    with db.begin() as conn:
        return conn.execute(delete(deliveries).where(deliveries.c.received_at < cutoff)).rowcount
