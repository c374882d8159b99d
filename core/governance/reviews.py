"""Human review of low-confidence answers: the queue, and decisions where the first one wins.

A decision is a single conditional UPDATE (`WHERE status = 'pending'`), so two reviewers
clicking at once, or one double click, can never produce two decisions, on SQLite or PostgreSQL.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, insert, or_, select, update

from core.errors import UserError
from core.governance.policy import Actor
from storage.db import Database
from storage.workflow import reviews as reviews_table

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


class ReviewError(UserError, LookupError):
    """No such review (the message is fit for the user)."""


@dataclass(frozen=True)
class Review:
    id: str
    status: str
    question: str
    answer: dict
    asker_id: str
    asker_name: str | None
    channel: str | None
    thread_ts: str | None
    placeholder_ts: str | None
    review_channel: str | None
    review_ts: str | None
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decided_by_name: str | None
    reason: str | None
    reminders_sent: int


@dataclass(frozen=True)
class Decision:
    review: Review
    # False when the review had already been decided: the earlier decision stands.
    changed: bool


def _review(row) -> Review:  # noqa: ANN001 - SQLAlchemy Row
    return Review(**{key: row._mapping[key] for key in Review.__dataclass_fields__})


def new_review_id() -> str:
    return "R" + secrets.token_hex(4).upper()


class Reviews:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, conn: Connection, answer: dict, asker: Actor, *, thread_ts: str | None = None,
               placeholder_ts: str | None = None) -> Review:
        review_id = new_review_id()
        conn.execute(insert(reviews_table).values(
            id=review_id, status=PENDING, question=answer["question"], answer=answer, asker_id=asker.user_id,
            asker_name=asker.name, channel=asker.channel, thread_ts=thread_ts, placeholder_ts=placeholder_ts,
            created_at=datetime.now(timezone.utc), reminders_sent=0))
        return self._get(conn, review_id)

    def attach_message(self, review_id: str, review_channel: str, review_ts: str) -> None:
        """Remember the reviewers' message so the decision can update it."""
        with self.db.begin() as conn:
            conn.execute(update(reviews_table).where(reviews_table.c.id == review_id)
                         .values(review_channel=review_channel, review_ts=review_ts))

    def get(self, review_id: str) -> Review:
        with self.db.connect() as conn:
            return self._get(conn, review_id)

    @staticmethod
    def _get(conn: Connection, review_id: str) -> Review:
        row = conn.execute(select(reviews_table).where(reviews_table.c.id == review_id)).first()
        if row is None:
            raise ReviewError(f"there is no review {review_id!r}")
        return _review(row)

    def decide(self, conn: Connection, review_id: str, reviewer: Actor, *, approve: bool,
               reason: str | None = None) -> Decision:
        self._get(conn, review_id)
        result = conn.execute(
            update(reviews_table)
            .where(reviews_table.c.id == review_id, reviews_table.c.status == PENDING)
            .values(status=APPROVED if approve else REJECTED, decided_at=datetime.now(timezone.utc),
                    decided_by=reviewer.user_id, decided_by_name=reviewer.name, reason=reason))
        return Decision(self._get(conn, review_id), changed=result.rowcount == 1)

    def pending(self, limit: int = 50) -> list[Review]:
        with self.db.connect() as conn:
            rows = conn.execute(select(reviews_table).where(reviews_table.c.status == PENDING)
                                .order_by(reviews_table.c.created_at).limit(limit))
            return [_review(row) for row in rows]

    def count_pending(self) -> int:
        return len(self.pending(limit=10_000))

    def due_reminders(self, *, after: timedelta, now: datetime | None = None) -> list[Review]:
        """Pending reviews untouched for `after` since creation or the last reminder."""
        cutoff = (now or datetime.now(timezone.utc)) - after
        with self.db.connect() as conn:
            rows = conn.execute(select(reviews_table).where(
                reviews_table.c.status == PENDING,
                reviews_table.c.created_at <= cutoff,
                or_(reviews_table.c.last_reminder_at.is_(None), reviews_table.c.last_reminder_at <= cutoff)))
            return [_review(row) for row in rows]

    def mark_reminded(self, review_id: str, review_ts: str | None = None) -> None:
        values: dict = {"reminders_sent": reviews_table.c.reminders_sent + 1,
                        "last_reminder_at": datetime.now(timezone.utc)}
        if review_ts:
            values["review_ts"] = review_ts
        with self.db.begin() as conn:
            conn.execute(update(reviews_table).where(reviews_table.c.id == review_id).values(**values))
