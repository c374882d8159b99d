"""The language model's reading of a question: which metric, which grouping.

A 135M-parameter model cannot write a query, but it can pick among labelled options. The fixed
prompt (instructions, every option, worked examples) is evaluated once at start-up; a question
then costs only its own tokens plus one extra step for the grouping. Its choices are a second
opinion beside the rule parser, and their probabilities feed the confidence.
"""
from __future__ import annotations

import string
from dataclasses import dataclass

from core.engine.metrics import GROUPINGS, by_precedence
from core.llm.base import Choice, LanguageModel, ModelError

NOT_DATA = "none"  # the option for "this is not a question about our data"
GROUP_OPTIONS = ("none", *GROUPINGS)

# The options in the registry's precedence order: their letters are part of the fixed prompt.
_METRIC_HINTS = {m.name: m.model_hint for m in by_precedence()}
METRIC_OPTIONS: tuple[str, ...] = (*_METRIC_HINTS, NOT_DATA)
METRIC_LABELS = tuple(string.ascii_uppercase[: len(METRIC_OPTIONS)])
GROUP_LABELS = tuple(string.ascii_uppercase[: len(GROUP_OPTIONS)])

# (question, metric, grouping): worked examples that teach the format, not the answers.
_EXAMPLES = (
    ("How much revenue did we bill last month?", "revenue", "none"),
    ("Which client had the worst margin last quarter?", "margin_pct", "client"),
    ("who's overbooked this month", "utilization_pct", "staff"),
    ("how many seats are we paying for that nobody uses", "unused_seats", "none"),
    ("What's the weather in Paris?", NOT_DATA, "none"),
    ("spend by category ytd", "spend", "category"),
    ("Which vendor wastes the most on licenses?", "license_waste", "vendor"),
    ("labor cost per month in 2025", "labor_cost", "month"),
    ("write me a poem about invoices", NOT_DATA, "none"),
    ("are we over budget on travel?", "budget_variance", "none"),
    ("how much do clients owe us past due", "overdue_amount", "client"),
    ("profit by quarter", "profit", "quarter"),
)


def _label(options: tuple[str, ...], labels: tuple[str, ...], value: str) -> str:
    return labels[options.index(value)]


def _fixed_prompt() -> str:
    metric_lines = "\n".join(f"{label}. {name} ({_METRIC_HINTS.get(name, 'not a question about our data')})"
                             for label, name in zip(METRIC_LABELS, METRIC_OPTIONS))
    group_lines = "\n".join(f"{label}. {name}" for label, name in zip(GROUP_LABELS, GROUP_OPTIONS))
    examples = "\n\n".join(
        f"Question: {q}\nMetric: {_label(METRIC_OPTIONS, METRIC_LABELS, m)}\n"
        f"Group: {_label(GROUP_OPTIONS, GROUP_LABELS, g)}"
        for q, m, g in _EXAMPLES)
    return ("You classify questions about a managed service provider's business data.\n"
            f"Pick the metric the question asks about:\n{metric_lines}\n\n"
            f"Pick how the answer is grouped:\n{group_lines}\n\n{examples}\n\n")


FIXED_PROMPT = _fixed_prompt()


@dataclass(frozen=True)
class ModelReading:
    metric: str  # a metric name or NOT_DATA
    metric_choice: Choice
    group_by: str | None
    group_choice: Choice | None

    def probability_of_metric(self, metric: str) -> float:
        return self.metric_choice.probabilities[METRIC_OPTIONS.index(metric)] if metric in METRIC_OPTIONS else 0.0


def read_question(model: LanguageModel, question: str, *, timeout_s: float) -> ModelReading:
    """Two multiple-choice steps sharing one prompt, so the second reuses the first's cache.

    Raises ModelError when the model fails or runs out of time; the caller degrades to rules.
    """
    clean = " ".join(question.split())[:400]
    prompt = f"{FIXED_PROMPT}Question: {clean}\nMetric:"
    metric_choice = model.choose(prompt, METRIC_LABELS, timeout_s=timeout_s)
    metric = METRIC_OPTIONS[metric_choice.index]
    if metric == NOT_DATA:
        return ModelReading(metric, metric_choice, None, None)
    group_choice = model.choose(f"{prompt} {metric_choice.label}\nGroup:", GROUP_LABELS, timeout_s=timeout_s)
    group = GROUP_OPTIONS[group_choice.index]
    return ModelReading(metric, metric_choice, None if group == "none" else group, group_choice)


__all__ = ["FIXED_PROMPT", "ModelError", "ModelReading", "NOT_DATA", "read_question"]
