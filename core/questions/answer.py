"""Question -> intent -> exact Result -> Answer with a confidence and review reasons.

The rule parser reads names, periods, ranking and the metric words; the language model gives a
second reading of the metric and grouping (and settles ties the parser could not); the engine
computes the number. Where the two readers disagree, or the data behind the number is thin, the
confidence drops and the answer goes to a human before anyone relies on it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date

from config.settings import Settings
from core.engine import catalog as catalog_module
from core.engine import query
from core.engine.intent import Intent, Result
from core.llm.base import LanguageModel, ModelError
from core.questions import parse as reader
from core.questions.confidence import Confidence
from core.questions.model_reading import NOT_DATA, ModelReading, read_question
from core.questions.wording import answer_sentence, explanation, metric_label
from storage.db import Database

NAME_DIMENSIONS = ("client", "staff", "vendor", "product", "category")
UNSURE_DECLINE = 0.3  # confidence of "I could not tell which figure you are asking about"
FORM_DECLINE = 0.5  # a figure was read, asked in a form not computed (an average, a rate): maybe a misreading
CAN_ANSWER = ("I can answer questions about your uploaded data: revenue, costs (labor, licenses), profit and "
              "margin, hours and utilization, license seats and waste, spend against budget, overdue "
              "invoices, and counts of clients and invoices, by client, technician, vendor, product, "
              "category, month or quarter, for any period.")


@dataclass(frozen=True)
class ReviewRules:
    """From the policy file: when an answer must be reviewed, and what each signal costs."""

    threshold: float
    penalties: dict[str, float]
    always_review: frozenset[str] = frozenset()
    model_alone_min_confidence: float = 1.0


@dataclass
class Answer:
    question: str
    answered: bool
    intent: Intent | None = None
    result: Result | None = None
    answer: str = ""
    explanation: str = ""
    confidence: float = 0.0
    needs_review: bool = False
    review_reasons: list[str] = field(default_factory=list)
    model: str = "none"
    latency_ms: int = 0

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answered": self.answered,
            "intent": self.intent.to_json() if self.intent else None,
            "result": self.result.to_json() if self.result else None,
            "answer": self.answer,
            "explanation": self.explanation,
            "confidence": self.confidence,
            "needs_review": self.needs_review,
            "review_reasons": list(self.review_reasons),
            "model": self.model,
            "latency_ms": self.latency_ms,
        }


class QuestionAnswerer:
    def __init__(self, db: Database, settings: Settings, review: ReviewRules, *,
                 model: LanguageModel | None, model_timeout_s: float = 5.0, rules_only: bool = False) -> None:
        self.db = db
        self.settings = settings
        self.review = review
        self.model = model
        self.model_timeout_s = model_timeout_s
        # Deliberately without a model (`eval --no-model`): no model is not then a failure to flag.
        self.rules_only = rules_only

    @property
    def model_name(self) -> str:
        return self.model.name if self.model else "rules only"

    def ask(self, question: str, *, as_of: date, context: Intent | None = None) -> Answer:
        started = time.perf_counter()
        answer = self._answer(question.strip(), as_of=as_of, context=context)
        answer.model = self.model_name
        answer.latency_ms = int((time.perf_counter() - started) * 1000)
        return answer

    def _answer(self, question: str, *, as_of: date, context: Intent | None) -> Answer:
        if not question:
            return _unanswered(question, "The question is empty. " + CAN_ANSWER)
        cat = catalog_module.catalog(self.db)
        names = {dimension: cat.names(dimension) for dimension in NAME_DIMENSIONS}
        parsed = reader.parse(question, as_of=as_of, names=names, date_order=self.settings.date_order,
                             context=context)
        confidence = Confidence(self.review.penalties)
        reading = self._model_reading(question, confidence)
        if parsed.out_of_scope:
            return _unanswered(question, f"{parsed.out_of_scope} {CAN_ANSWER}",
                               confidence=FORM_DECLINE if parsed.form_declined else 1.0)
        metric = self._metric(parsed, reading, confidence)
        if metric is None:
            return _unanswered(question, "I could not tell which figure you are asking about. " + CAN_ANSWER,
                               confidence=UNSURE_DECLINE)
        intent = parsed.intent()
        intent = replace(intent, metric=metric) if intent else Intent(metric=metric)
        self._grouping_signals(intent, reading, confidence)
        self._parse_signals(parsed, confidence)
        try:
            result = query.run_query(self.db, self.settings, intent, as_of=as_of)
        except query.QueryError as exc:
            return _unanswered(question, f"{exc}. {CAN_ANSWER}", intent=intent, confidence=FORM_DECLINE)
        no_data = self._coverage_signals(intent, result, confidence, as_of)
        if no_data:
            return _unanswered(question, no_data, intent=intent)
        needs_review = confidence.score < self.review.threshold or bool(
            self.review.always_review.intersection(confidence.signals))
        return Answer(question=question, answered=True, intent=intent, result=result,
                      answer=answer_sentence(intent, result), explanation=explanation(intent, result),
                      confidence=confidence.score, needs_review=needs_review,
                      review_reasons=confidence.reasons)

    def _model_reading(self, question: str, confidence: Confidence) -> ModelReading | None:
        if self.model is None:
            if self.rules_only:
                return None
            confidence.lower("model_unavailable", "no language model was available: read by the rules only")
            return None
        try:
            return read_question(self.model, question, timeout_s=self.model_timeout_s)
        except ModelError as exc:
            confidence.lower("model_unavailable", f"the language model failed ({exc}): read by the rules only")
            return None

    def _metric(self, parsed: reader.RuleParse, reading: ModelReading | None, confidence: Confidence) -> str | None:
        candidates = [c.metric for c in parsed.metric_candidates]
        if not candidates:
            if (reading is None or reading.metric == NOT_DATA
                    or reading.metric_choice.confidence < self.review.model_alone_min_confidence):
                return None
            confidence.lower("metric_from_model", f"no words for a metric were found; the model guessed "
                                                  f"{metric_label(reading.metric)}")
            return reading.metric
        metric = candidates[0]
        top_score = parsed.metric_candidates[0].score
        rivals = [c.metric for c in parsed.metric_candidates[1:] if c.score >= 0.8 * top_score]
        if rivals:
            options = [metric, *rivals]
            if reading is not None and reading.metric in options:
                metric = reading.metric
            confidence.lower("metric_ambiguous", f"the question could mean {_or([metric_label(o) for o in options])}; "
                                                 f"read as {metric_label(metric)}",
                             weight=0.5 if reading is not None and reading.metric in options else 1.0)
        if reading is not None and reading.metric != metric:
            other = "not a question about the data" if reading.metric == NOT_DATA else metric_label(reading.metric)
            confidence.lower("model_disagrees", f"the language model read it as {other}, the rules as "
                                                f"{metric_label(metric)}", weight=reading.metric_choice.confidence)
        return metric

    @staticmethod
    def _grouping_signals(intent: Intent, reading: ModelReading | None, confidence: Confidence) -> None:
        if reading is None or reading.group_choice is None or reading.group_by == intent.group_by:
            return
        confidence.lower("grouping_disagrees",
                         f"the language model would group by {reading.group_by or 'nothing'}, the rules by "
                         f"{intent.group_by or 'nothing'}", weight=reading.group_choice.confidence)

    @staticmethod
    def _parse_signals(parsed: reader.RuleParse, confidence: Confidence) -> None:
        for match in parsed.name_matches:
            if match.alternatives:
                confidence.lower("name_ambiguous", f"'{match.text}' could be {_or([match.name, *match.alternatives])}")
            elif match.score < 0.99:
                confidence.lower("name_fuzzy", f"'{match.text}' was read as {match.name}")
        period = parsed.period_match
        if period is not None and period.ambiguous:
            confidence.lower("period_ambiguous", period.note or f"'{period.text}' read as {period.period.label}")
        elif period is not None and period.note:
            confidence.lower("period_assumed", period.note)
        if parsed.is_follow_up:
            confidence.lower("follow_up", "a follow-up: the rest of the question came from the previous one")
        # Name, period and metric doubts were counted above (and in _metric); the rest only the parse records.
        for doubt in parsed.doubts:
            if doubt.counted_by is None:
                confidence.lower("parse_uncertain", doubt.text)
            elif doubt.counted_by == "ranking":
                confidence.lower("ranking_unapplied", doubt.text)
            elif doubt.counted_by == "figure":
                confidence.lower("figure_left_out", doubt.text)
            elif doubt.counted_by == "reading":
                confidence.lower("metric_ambiguous", doubt.text)
        if parsed.unexplained:
            confidence.lower("unexplained_words",
                             f"words I could not place: {', '.join(repr(w) for w in parsed.unexplained)}",
                             weight=min(1.0, len(parsed.unexplained) / 2))

    @staticmethod
    def _coverage_signals(intent: Intent, result: Result, confidence: Confidence, as_of: date) -> str | None:
        """Lower confidence for thin or messy data; return a message when there is no data at all."""
        facts = result.facts
        if intent.period is not None and facts.data_range is not None:
            first, last = (date.fromisoformat(d) for d in facts.data_range)
            if intent.period.end < first or intent.period.start > last:
                return (f"There is no data for {intent.period.label}: the data covers {first} to {last}. "
                        "Ask about a period inside that range.")
            missing = _months_missing(intent.period.start, min(intent.period.end, as_of), first, last)
            if missing:
                confidence.lower("period_outside_data", f"{intent.period.label} is only partly covered: the data "
                                                        f"runs from {first} to {last} ({missing} not in it)")
        for gap in facts.gaps:
            confidence.lower("data_gaps", gap)
        if facts.rows_rejected:
            confidence.lower("rows_rejected", f"{facts.rows_rejected:,} rows were rejected in the uploads used",
                             weight=min(1.0, 0.2 + facts.rows_rejected / max(sum(facts.rows_used.values()), 1)))
        if len(facts.currencies) > 1:
            confidence.lower("mixed_currencies", f"amounts in {', '.join(facts.currencies)} were added together")
        if sum(facts.rows_used.values()) < 3:
            confidence.lower("tiny_sample", f"only {sum(facts.rows_used.values())} rows behind this number")
        return None


def _months_missing(start: date, end: date, first: date, last: date) -> str | None:
    """The months of start..end outside the data's months, in words; None when the data spans them.

    Compared by month: a month whose last invoice is on the 28th is not a gap, and the part of a
    period after the as-of date is the future, not missing data.
    """
    def month_index(d: date) -> int:
        return d.year * 12 + d.month

    before = month_index(first) - month_index(start)
    after = month_index(end) - month_index(last)
    parts = [f"{before} month{'s' * (before > 1)} before {first:%B %Y}" if before > 0 else "",
             f"{after} month{'s' * (after > 1)} after {last:%B %Y}" if after > 0 else ""]
    return " and ".join(p for p in parts if p) or None


def _or(labels: list[str]) -> str:
    return ", ".join(labels[:-1]) + f" or {labels[-1]}" if len(labels) > 1 else labels[0]


def _unanswered(question: str, why: str, *, intent: Intent | None = None, confidence: float = 1.0) -> Answer:
    """A decline shows no number, so nobody needs to review it; its confidence says how sure the
    decline is: sure for the weather or a client we do not have, unsure when the question simply
    was not understood (which the risk-coverage table then ranks with the doubtful answers)."""
    return Answer(question=question, answered=False, intent=intent, answer=why, explanation=why,
                  confidence=confidence, needs_review=False)
