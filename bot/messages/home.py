"""The App Home tab: the data and its freshness, reviews waiting, the user's recent questions, the next digest."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from slack_sdk.models.views import View

from core.governance.reviews import Review

if TYPE_CHECKING:  # the service stack is not needed to render its Status
    from core.ops.schedules import DigestSchedule
    from core.service import Status

from bot.messages.common import (
    MAX_VIEW_BLOCKS,
    bullets,
    channel_ref,
    context,
    divider,
    escape,
    header,
    mention,
    section,
    slack_date,
)
from bot.messages.status import dataset_lines

SHOWN_REVIEWS = 5
SHOWN_QUESTIONS = 5


@dataclass(frozen=True)
class RecentQuestion:
    question: str
    asked_at: datetime


def _reviews(pending: Sequence[Review], can_review: bool) -> str:
    count = f"*Reviews*: {len(pending)} answer{'s' if len(pending) != 1 else ''} waiting"
    if not pending or not can_review:
        return count
    lines = [f"`{r.id}` “{escape(r.question)}” from {mention(r.asker_id)}, {slack_date(r.created_at)}"
             for r in pending[:SHOWN_REVIEWS]]
    return count + "\n" + bullets(lines)


def _digest(next_digest: DigestSchedule | None) -> str:
    if next_digest is None or next_digest.next_run is None:
        return "*Digests*: no digests scheduled."
    return f"*Next digest*: {slack_date(next_digest.next_run)} in {channel_ref(next_digest.channel)}"


def home_view(status: Status, pending: Sequence[Review], recent: Sequence[RecentQuestion], *,
              can_review: bool, next_digest: DigestSchedule | None = None) -> View:
    questions = (bullets([f"“{escape(q.question)}” {slack_date(q.asked_at)}" for q in recent[:SHOWN_QUESTIONS]])
                 if recent else "None yet: mention me in a channel, DM me, or use `/moat ask`.")
    blocks = [
        header("MoatMetrics"),
        section("*Data*\n" + bullets(dataset_lines(status))),
        divider(),
        section(_reviews(pending, can_review)),
        divider(),
        section("*Your recent questions*\n" + questions),
        divider(),
        section(_digest(next_digest)),
        context(f"Model: {status.model} · `/moat help` lists the commands"),
    ]
    return View(type="home", blocks=blocks[:MAX_VIEW_BLOCKS])
