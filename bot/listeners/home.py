"""The App Home tab, published for a user whenever they open it."""
from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

from core import audit
from core.schedules import DigestSchedule, Schedules

from bot.flows.runtime import BotRuntime
from bot.messages.home import SHOWN_QUESTIONS, RecentQuestion, home_view

RECENT_DAYS = 7


def recent_questions(rt: BotRuntime, user_id: str) -> list[RecentQuestion]:
    """The user's latest questions of the past week, newest first, read from the audit store.

    Only the user's own: the Home tab is personal, and others' questions may come from channels
    the user cannot see. (Read through `core.audit.export` until the service offers a query.)
    """
    lines = io.StringIO()
    audit.export(rt.service.db, date.today() - timedelta(days=RECENT_DAYS), "jsonl", lines)
    asked = [json.loads(line) for line in lines.getvalue().splitlines()]
    mine = [e for e in asked if e["action"] == "question" and e["actor_id"] == user_id]
    return [RecentQuestion(str(e["details"].get("question", "")), datetime.fromisoformat(e["at"]))
            for e in reversed(mine[-SHOWN_QUESTIONS:])]


def next_digest(rt: BotRuntime) -> DigestSchedule | None:
    scheduled = [s for s in Schedules(rt.service).list() if s.next_run is not None]
    return min(scheduled, key=lambda s: s.next_run, default=None)


def publish_home(rt: BotRuntime, user_id: str) -> None:
    viewer = rt.actor(user_id)
    view = home_view(rt.service.status(), rt.service.pending_reviews(), recent_questions(rt, user_id),
                     can_review=rt.may(viewer, "review"), next_digest=next_digest(rt))
    rt.client.views_publish(user_id=user_id, view=view.to_dict())
