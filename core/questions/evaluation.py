"""Measuring the question path against a question set with independently computed answers.

A question counts as right when an answerable one is answered with the expected number (and the
expected leading rows for grouped questions), or an unanswerable one is declined. Confidently
wrong = wrong and not sent to review: the number that must stay at zero.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.questions.answer import Answer, QuestionAnswerer

TOLERANCE = 0.011  # values are rounded to cents / hundredths on both sides


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    as_of: date
    answerable: bool
    expected: dict | None
    intent: dict | None = None  # the ground-truth reading, for reports and order checks
    tags: tuple[str, ...] = ()

    @property
    def ranked(self) -> bool:
        return bool(self.intent and self.intent.get("order"))

    @classmethod
    def from_json(cls, data: dict) -> EvalQuestion:
        return cls(id=data["id"], question=data["question"], as_of=date.fromisoformat(data["as_of"]),
                   answerable=bool(data["answerable"]), expected=data.get("expected"),
                   intent=data.get("intent"), tags=tuple(data.get("tags", ())))


@dataclass
class Outcome:
    question: EvalQuestion
    answer: Answer
    correct: bool
    why: str = ""

    @property
    def confidently_wrong(self) -> bool:
        """A wrong number (or an answer to what should be declined) shown as final.

        Declining an answerable question is wrong too (it costs accuracy) but shows no number, so it
        is counted apart as `declined_answerable`.
        """
        return not self.correct and self.answer.answered and not self.answer.needs_review

    def to_json(self) -> dict:
        return {"id": self.question.id, "question": self.question.question, "correct": self.correct,
                "why": self.why, "answered": self.answer.answered, "confidence": self.answer.confidence,
                "needs_review": self.answer.needs_review, "review_reasons": self.answer.review_reasons,
                "intent": self.answer.intent.to_json() if self.answer.intent else None,
                "value": self.answer.result.value if self.answer.result else None,
                "expected": self.question.expected, "expected_intent": self.question.intent,
                "latency_ms": self.answer.latency_ms}


@dataclass
class EvalReport:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def accuracy(self) -> float:
        return sum(o.correct for o in self.outcomes) / max(self.total, 1)

    @property
    def auto_answered(self) -> float:
        """Share of questions settled without a reviewer (answers shown as final, or declined)."""
        return sum(not o.answer.needs_review for o in self.outcomes) / max(self.total, 1)

    @property
    def confidently_wrong(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.confidently_wrong]

    def latency_percentile(self, pct: float) -> int:
        values = sorted(o.answer.latency_ms for o in self.outcomes)
        if not values:
            return 0
        return values[min(len(values) - 1, math.ceil(pct / 100 * len(values)) - 1)]

    def risk_coverage(self, steps: int = 10) -> list[dict]:
        """Error rate among the most confident k% of answers, for k = 10%, 20%, … 100%."""
        ranked = sorted(self.outcomes, key=lambda o: -o.answer.confidence)
        table = []
        for step in range(1, steps + 1):
            covered = ranked[: max(1, round(len(ranked) * step / steps))]
            errors = sum(not o.correct for o in covered)
            table.append({"coverage": round(len(covered) / max(len(ranked), 1), 2),
                          "min_confidence": covered[-1].answer.confidence if covered else None,
                          "answers": len(covered), "errors": errors,
                          "risk": round(errors / max(len(covered), 1), 4)})
        return table

    def summary(self) -> dict:
        return {"questions": self.total, "accuracy": round(self.accuracy, 4),
                "auto_answered": round(self.auto_answered, 4),
                "confidently_wrong": len(self.confidently_wrong),
                "wrong_flagged_for_review": sum(not o.correct and o.answer.needs_review for o in self.outcomes),
                "declined_answerable": sum(o.question.answerable and not o.answer.answered for o in self.outcomes),
                "latency_ms_p50": self.latency_percentile(50), "latency_ms_p95": self.latency_percentile(95)}


def load_questions(path: Path) -> list[EvalQuestion]:
    with path.open(encoding="utf-8") as handle:
        return [EvalQuestion.from_json(json.loads(line)) for line in handle if line.strip()]


def _close(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= TOLERANCE


def judge(question: EvalQuestion, answer: Answer) -> tuple[bool, str]:
    if not question.answerable:
        return (not answer.answered, "" if not answer.answered else "answered a question it should decline")
    if not answer.answered or answer.result is None:
        return False, f"declined: {answer.answer[:120]}"
    expected = question.expected or {}
    if not _close(answer.result.value, expected.get("value")):
        return False, f"value {answer.result.value} != expected {expected.get('value')}"
    got = {row.label: row.value for row in answer.result.rows}
    for row in expected.get("rows") or []:
        if row["label"] not in got or not _close(got[row["label"]], row["value"]):
            return False, f"row {row['label']}: {got.get(row['label'])} != expected {row['value']}"
    wanted = [row["label"] for row in expected.get("rows") or []]
    ranked = [row.label for row in answer.result.rows[: len(wanted)]]
    if question.ranked and ranked != wanted:
        return False, f"order {ranked} != expected {wanted}"
    return True, ""


def run_eval(answerer: QuestionAnswerer, questions: Iterable[EvalQuestion]) -> EvalReport:
    report = EvalReport()
    for question in questions:
        answer = answerer.ask(question.question, as_of=question.as_of)
        correct, why = judge(question, answer)
        report.outcomes.append(Outcome(question, answer, correct, why))
    return report
