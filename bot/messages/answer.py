"""What the asker sees in their thread: the placeholder, the answer, the review notices.

An answer reaches this module in two shapes: the `Answer` the service just returned, and the
`Answer.to_json()` document a review stored. Both become one `AnswerView`, so an answer released
by a reviewer looks exactly like one that never needed review.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from core.engine.formatting import format_value

from bot.messages.common import (
    SlackMessage,
    code_block,
    context,
    escape,
    mention,
    message,
    section,
    slack_date,
    truncate,
)

if TYPE_CHECKING:  # the question pipeline is not needed to render its Answer
    from core.questions.answer import Answer

TABLE_ROWS = 25  # a compact table; the full list is what `app.py ask --json` is for
_LABEL_WIDTH = 28


@dataclass(frozen=True)
class TableRow:
    label: str
    value: float | int | None
    change_pct: float | None = None


@dataclass(frozen=True)
class AnswerView:
    question: str
    answered: bool
    answer: str
    explanation: str
    confidence: float
    unit: str | None = None
    group_by: str | None = None
    rows: tuple[TableRow, ...] = ()
    snapshot_ids: tuple[str, ...] = ()
    review_reasons: tuple[str, ...] = ()

    @classmethod
    def of(cls, answer: Answer) -> AnswerView:
        """From the service's Answer, with the snapshot ids that its JSON form leaves out."""
        snapshots = tuple(answer.result.facts.snapshot_ids) if answer.result else ()
        return replace(cls.from_json(answer.to_json()), snapshot_ids=snapshots)

    @classmethod
    def from_json(cls, document: dict) -> AnswerView:
        """From `Answer.to_json()` (what a review stores)."""
        result = document.get("result") or {}
        intent = document.get("intent") or {}
        rows = tuple(TableRow(str(row.get("label", "")), row.get("value"), row.get("change_pct"))
                     for row in result.get("rows") or [])
        return cls(question=str(document.get("question", "")), answered=bool(document.get("answered")),
                   answer=str(document.get("answer", "")), explanation=str(document.get("explanation", "")),
                   confidence=float(document.get("confidence") or 0.0), unit=result.get("unit"),
                   group_by=intent.get("group_by"), rows=rows,
                   review_reasons=tuple(document.get("review_reasons") or ()))


def answer_table(view: AnswerView) -> str | None:
    """Groups as an aligned code block (label, value, change), or None for a single number."""
    if not view.rows or (view.group_by is None and len(view.rows) < 2):
        return None
    unit = view.unit or ""
    width = min(_LABEL_WIDTH, max(len(row.label) for row in view.rows))
    values = [format_value(row.value, unit) for row in view.rows[:TABLE_ROWS]]
    value_width = max(len(v) for v in values)
    lines = []
    for row, value in zip(view.rows, values):
        label = truncate(row.label, width).ljust(width)
        change = f"  {row.change_pct:+,.1f}%" if row.change_pct is not None else ""
        lines.append(f"{label}  {value.rjust(value_width)}{change}")
    if len(view.rows) > TABLE_ROWS:
        lines.append(f"… {len(view.rows) - TABLE_ROWS} more")
    return code_block(lines)


def answer_details(view: AnswerView) -> str:
    parts = [f"Confidence {view.confidence:.2f}"]
    if view.snapshot_ids:
        parts.append("snapshots " + ", ".join(f"`{s}`" for s in view.snapshot_ids[:10]))
    return " · ".join(parts)


def thinking() -> SlackMessage:
    return message("Looking into it…", [section(":hourglass_flowing_sand: Looking into it…")])


def answer_message(view: AnswerView, *, approved_by: str | None = None,
                   approved_at: datetime | None = None) -> SlackMessage:
    """The answer in the asker's thread; `approved_by` adds who released it after review."""
    if not view.answered:
        return message(view.answer, [section(escape(view.answer))])
    approval = (f":white_check_mark: Checked and approved by {mention(approved_by)} {slack_date(approved_at)}"
                if approved_by else None)
    table = answer_table(view)
    return message(view.answer, [
        section(f"*{escape(view.answer)}*"),
        section(table) if table else None,
        context(f"How: {escape(view.explanation)}") if view.explanation else None,
        context(answer_details(view)),
        context(approval) if approval else None,
    ])


def question_posted(user_id: str, question: str) -> SlackMessage:
    """`/moat ask` has no message to thread under: this one, in the channel, becomes it."""
    text = f"{mention(user_id)} asked: {escape(question)}"
    return message(f"Question from {mention(user_id)}: {question}", [section(text)])


def waiting_for_review(view: AnswerView, review_id: str) -> SlackMessage:
    """Tells the asker to wait; deliberately without the number, which nobody may rely on yet."""
    text = (f":mag: I have an answer, but my confidence is {view.confidence:.2f}, so a reviewer checks it "
            "before you rely on it. I will post it here once it is approved.")
    return message("Your answer is waiting for a reviewer's check.",
                   [section(text), context(f"Review `{review_id}`")])


def no_review_channel(review_id: str) -> SlackMessage:
    text = (":warning: This answer needs a reviewer's check, but no reviewers channel is set up "
            "(MOAT_REVIEW_CHANNEL), so nobody has been asked. Please tell an admin.")
    return message("This answer needs review, but no reviewers channel is set up.",
                   [section(text), context(f"Review `{review_id}`")])


def review_rejected(question: str, reviewer_id: str | None, reason: str | None,
                    decided_at: datetime | None) -> SlackMessage:
    why = f": {escape(reason)}" if reason else ""
    text = (f":x: A reviewer ({mention(reviewer_id)}) rejected my answer to “{escape(question)}”{why}\n"
            "Try asking again with more detail (the client, the period, the figure you want).")
    return message(f"A reviewer rejected the answer{': ' + reason if reason else ''}",
                   [section(text), context(f"Decided {slack_date(decided_at)}")])
