"""The question reader: a question in plain English -> its best reading as a `RuleParse`.

It does the heavy lifting beside a small language model that can only pick among options. The
reading is a fixed sequence of steps, listed below in the order they run; each step reads the
question and what the steps before it found (a `Reading`), and fills in part of the parse. A step
that finds the question cannot be answered from the data (off-topic, a figure we do not hold, a
date that cannot exist) says why in `out_of_scope`, and the reading stops there.

The words themselves live in core/questions/lexicon.py and phrases.toml; the facts about each
metric in core/engine/metrics.py.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from core.engine.intent import Intent
from core.questions.names import name_words
from core.questions.parse import (
    comparison,
    filters,
    follow_up,
    grouping,
    metric,
    period,
    ranking,
    scope,
    spelling,
    unexplained,
    words,
)
from core.questions.parse.reading import Doubt, Reading, RuleParse

Step = Callable[[Reading], None]

STEPS: tuple[Step, ...] = (
    scope.not_empty,
    period.read_periods,               # every period phrase, with what was assumed to read it
    words.read_names_and_metrics,      # stored names, metric phrases, figures we do not hold
    scope.set_context_aside,           # chatty context before the question proper
    scope.off_topic,                   # weather, poems, actions, forecasts
    metric.score_metrics,              # the candidate figures, and the form asked (%, count, per hour)
    scope.check_scope,                 # unknown names or figures, averages, "everyone but"
    grouping.read_groups,              # "by client", "which tech", "top 3 vendors"
    grouping.choose_group,
    follow_up.detect,                  # "and last quarter?": builds on the thread's last question
    grouping.who_group,                # "who" names a technician, a vendor or a client
    metric.prefer_compatible,          # of equal readings, the one that can be grouped as asked
    ranking.read_ranking,              # order and limit
    comparison.read_compare,           # compared with the period before?
    comparison.year_earlier,           # "vs this time last year"
    comparison.split_compared_range,   # "from Q1 to Q2" compares two quarters
    comparison.compared_with_only,     # "vs last year": the year after it is the one asked
    comparison.consecutive_reading,    # "Q1 vs Q4 last year": the reading that makes neighbours
    filters.read_status,               # inactive clients, prospects
    period.choose_period,
    grouping.take_group,
    filters.read_filters,              # the names said become filters
    follow_up.build_on_context,        # the follow-up replaces only what it names
    grouping.settle_shape,             # a ranking needs a grouping, a time grouping dated rows
    unexplained.find_unexplained,      # words nothing placed
    metric.doubt_joined_figures,       # "labor and licenses": two figures, one answer
    metric.doubt_shadowed_figure,      # "budget variance" read as "budget"
    filters.apply_status,
    metric.explain_metric,             # rival metrics, a mere hint, no period given
)


def parse(question: str, *, as_of: date, names: Mapping[str, Sequence[str]], date_order: str = "MDY",
          context: Intent | None = None) -> RuleParse:
    """Read `question` as of `as_of` against the stored `names` (dimension -> names).

    `context` is the previous question's intent in the same thread: a follow-up ("and last
    quarter?", "what about Acme?") copies it and replaces what it names.
    """
    if not isinstance(question, str):
        raise TypeError(f"question must be a string, got {type(question).__name__}")
    if not isinstance(as_of, date):
        raise TypeError(f"as_of must be a datetime.date, got {as_of!r}")
    if context is not None and not isinstance(context, Intent):
        raise TypeError(f"context must be an Intent or None, got {type(context).__name__}")
    protected = name_words(names)
    text, fixes = spelling.fix_spelling(spelling.spell_out(question.strip(), protected), protected)
    result = RuleParse(question=question, text=text, doubts=[Doubt(fix) for fix in fixes])
    reading = Reading(result, as_of=as_of, date_order=date_order, names=names, context=context)
    for step in STEPS:
        step(reading)
        if result.out_of_scope:
            break
    return result
