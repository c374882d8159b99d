"""Tables for the question workflow: reviews, conversation threads and seen Slack deliveries."""
from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, Text

from storage.tables import metadata

reviews = Table(
    "reviews", metadata,
    Column("id", String(32), primary_key=True),
    Column("status", String(16), nullable=False, index=True),  # pending | approved | rejected
    Column("question", Text, nullable=False),
    Column("answer", JSON, nullable=False),  # the proposed Answer.to_json()
    Column("asker_id", Text, nullable=False),
    Column("asker_name", Text),
    # Where the asker is waiting: the thread that gets the decision.
    Column("channel", Text),
    Column("thread_ts", Text),
    Column("placeholder_ts", Text),
    # Where the reviewers' copy lives, so the decision can replace its buttons.
    Column("review_channel", Text),
    Column("review_ts", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", Text),
    Column("decided_by_name", Text),
    Column("reason", Text),
    Column("reminders_sent", Integer, nullable=False, default=0),
    Column("last_reminder_at", DateTime(timezone=True)),
)

# The last intent asked in a Slack thread, so "and last quarter?" can build on it.
conversations = Table(
    "conversations", metadata,
    Column("channel", String(64), primary_key=True),
    Column("thread_ts", String(64), primary_key=True),
    Column("intent", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Slack retries deliveries and sends two events for one upload: each key is processed once.
deliveries = Table(
    "deliveries", metadata,
    Column("key", String(200), primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

WORKFLOW_TABLES = ("reviews", "conversations", "deliveries")
