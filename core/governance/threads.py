"""Thread memory: a Slack thread remembers its last question's intent, so a follow-up ("and last
quarter?", "what about Acme?") can build on it."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import delete, insert, select

from core.engine.intent import Intent
from storage.db import Database
from storage.workflow import conversations


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
