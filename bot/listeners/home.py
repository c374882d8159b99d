"""The App Home tab, published for a user whenever they open it."""
from __future__ import annotations

from core.ops.schedules import DigestSchedule

from bot.flows.runtime import BotRuntime
from bot.messages.home import SHOWN_QUESTIONS, RecentQuestion, home_view


def recent_questions(rt: BotRuntime, user_id: str) -> list[RecentQuestion]:
    """The user's own latest questions, newest first: the Home tab is personal, and others'
    questions may come from channels the user cannot see."""
    return [RecentQuestion(str(event.details.get("question", "")), event.at)
            for event in rt.service.recent_questions(user_id, limit=SHOWN_QUESTIONS)]


def next_digest(rt: BotRuntime) -> DigestSchedule | None:
    scheduled = [s for s in rt.service.digest_schedules() if s.next_run is not None]
    return min(scheduled, key=lambda s: s.next_run, default=None)


def publish_home(rt: BotRuntime, user_id: str) -> None:
    viewer = rt.actor(user_id)
    view = home_view(rt.service.status(), rt.service.pending_reviews(), recent_questions(rt, user_id),
                     can_review=rt.may(viewer, "review"), next_digest=next_digest(rt))
    rt.client.views_publish(user_id=user_id, view=view.to_dict())
