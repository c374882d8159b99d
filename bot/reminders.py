"""Reminders for reviews left pending longer than the policy's `review.reminder_minutes`.

`send_due_reminders` re-posts each such review in the reviewers channel (the old copy loses its
buttons, so exactly one copy can be clicked) and records when; the scheduler can call it, and
`ReminderThread` calls it every minute while the server runs.
"""
from __future__ import annotations

import logging
import threading
from bot.flows.runtime import BotRuntime
from bot.messages.review import reminder_moved, review_reminder

log = logging.getLogger("bot.reminders")

CHECK_EVERY_S = 60.0


def send_due_reminders(rt: BotRuntime) -> int:
    """Re-post every review due a reminder; returns how many were re-posted."""
    sent = 0
    for review in rt.service.reviews_due_reminder():
        channel = review.review_channel or rt.settings.review_channel
        if not channel:
            continue
        posted_channel, ts = rt.post(channel, review_reminder(review))
        if review.review_channel and review.review_ts:
            rt.update(review.review_channel, review.review_ts, reminder_moved(review))
        rt.service.attach_review_message(review.id, posted_channel, ts)
        rt.service.mark_reminded(review, ts)
        sent += 1
    return sent


class ReminderThread:
    """Runs `send_due_reminders` every `interval_s` until stopped (and forgets delivery keys too old
    to be redelivered); a failed round is logged and retried."""

    def __init__(self, rt: BotRuntime, interval_s: float = CHECK_EVERY_S) -> None:
        self.rt = rt
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="review-reminders", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                send_due_reminders(self.rt)
                self.rt.service.forget_old_deliveries()
            except Exception:  # noqa: BLE001 - Slack or the database may be down; try next round
                log.exception("sending review reminders failed")
