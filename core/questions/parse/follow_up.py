"""Follow-ups in a thread ("and last quarter?", "what about Acme?"): the previous question's intent,
with only what the follow-up names replaced."""
from __future__ import annotations

from core.engine.intent import Intent
from core.engine.metrics import METRICS
from core.questions import lexicon as lx
from core.questions.parse.reading import MetricCandidate, Reading, RuleParse
from core.questions.wording import metric_label


def detect(r: Reading) -> None:
    """A question in a thread that builds on the one before; with no metric words of its own it asks
    for the same figure."""
    r.follow_up = r.context is not None and _is_follow_up(r)
    if r.follow_up and r.context is not None and not r.p.metric_candidates:
        r.p.metric_candidates = [MetricCandidate(r.context.metric, 1.0, ("the previous question",))]


def build_on_context(r: Reading) -> None:
    if r.follow_up and r.context is not None:
        _follow_up(r.p, r, r.context)


def _is_follow_up(r: Reading) -> bool:
    """Says so ("and ...", "what about ...", "same for ...") or names only what to change."""
    if lx.FOLLOW_UP.search(r.text):
        return True
    return not r.p.metric_candidates and bool(
        r.periods or r.p.name_matches or r.groups or lx.TOP_N.search(r.low)
        or lx.ALL_TIME.search(r.low) or lx.NO_GROUPING.search(r.low))


def _follow_up(parse: RuleParse, reader: Reading, context: Intent) -> None:
    """Start from the previous question's intent and replace only what the follow-up says."""
    metric = parse.metric or context.metric
    allowed = METRICS[metric].filters
    filters = {d: v for d, v in context.filters.items() if d in allowed or (d == "status" and metric == "client_count")}
    if len(filters) < len(context.filters):
        parse.doubt(f"filters of the previous question that do not apply to {metric_label(metric)} "
                    "were dropped")
    filters.update(parse.filters)
    if parse.period_match is None:
        parse.period = None if lx.ALL_TIME.search(reader.low) else context.period
    own_group = parse.group_by
    if own_group is None and not lx.NO_GROUPING.search(reader.low):
        parse.group_by = context.group_by
    if parse.group_by is not None and parse.order is None and parse.limit is None:
        parse.order, parse.limit = context.order, context.limit  # "how about by tech" keeps "the highest"
    if parse.group_by in parse.filters and own_group is None:  # "what about Acme?" after "which client ..."
        parse.group_by, parse.order, parse.limit = None, None, None
    if own_group is None and parse.group_by is not None and parse.group_by not in METRICS[metric].groupings:
        parse.doubt(f"{metric_label(metric)} cannot be grouped by {parse.group_by} like the previous "
                    "question: not grouped")
        parse.group_by, parse.order, parse.limit = None, None, None
    parse.filters = filters
    parse.compare = parse.compare or (context.compare and parse.period is not None)
    parse.is_follow_up = True
