"""Grouping: which dimension the answer is broken down by, and whether the reading can be computed so."""
from __future__ import annotations

import re

from core.engine.metrics import GROUPINGS, METRICS
from core.questions import lexicon as lx
from core.questions.parse import ranking
from core.questions.parse.reading import NOUN_LABELS, Group, Reading, or_join, overlaps
from core.questions.wording import metric_label


def read_groups(r: Reading) -> None:
    """Every phrase that asks for a grouping ("by client", "which tech", "the top 3 vendors")."""
    blocked = r.metric_spans + r.name_spans + r.period_spans + [s for s, _ in r.unknown_metric]
    # A name is one word to a grouping, however long: "which Microsoft 365 sku" is "which <name> sku".
    low = r.low
    for start, end in r.name_spans:
        low = low[:start] + "x" * (end - start) + low[end:]
    for gp in lx.GROUP_PATTERNS:
        for m in gp.pattern.finditer(low):
            noun = next((n for n in re.finditer(lx.GROUP_NOUNS[gp.dimension], m[0]) if n.end() == len(m[0])
                         or n.start() == 0), None)
            word = (noun[0] if noun else m[0]).split()[-1]  # the head noun: "category" of "expense category"
            end = m.start() + (noun.end() if noun else len(m[0]))
            if overlaps((end - len(word), end), blocked) or lx.NEGATED.search(r.low[:m.start()]):
                continue
            plural = word.endswith("s") or word in ("people", "staff")
            subject = gp.strength == 1 or m[0].split()[0] in ("which", "what", "whose", "any")
            r.groups.append(Group(gp.dimension, gp.strength, m.start(), plural, subject))


def choose_group(r: Reading) -> None:
    """The strongest grouping named first, among those the figure can take."""
    if not r.groups:
        return
    # "Monthly license waste by client": a grouping the figure cannot take is not a rival reading.
    metric = r.p.metric
    usable = [g for g in r.groups if metric is None or g.dimension in METRICS[metric].groupings]
    best = sorted(usable or r.groups, key=lambda g: (-g.strength, g.start))
    other = {g.dimension for g in best if g.dimension != best[0].dimension and g.strength == best[0].strength}
    if other:
        r.p.doubt(f"grouped by {NOUN_LABELS[best[0].dimension]}; the question also says "
                  f"{or_join(sorted(NOUN_LABELS[d] for d in other))}, and only one grouping is "
                  "possible at a time")
    r.group = best[0]


def who_group(r: Reading) -> None:
    """With no grouping named, "who" names one: a technician, else whom the figure says (the vendor
    we pay), else a client."""
    if r.group is not None:
        return
    metric = r.p.metric
    blocked = r.metric_spans + r.name_spans
    who = next((m for m in lx.WHO.finditer(r.low) if not overlaps((m.start(), m.end()), blocked)), None)
    if who is None or metric is None:
        return
    groupings = METRICS[metric].groupings
    dimension = "staff" if "staff" in groupings else lx.WHO_IS.get(metric) or (
        "client" if "client" in groupings else None)
    r.group = Group(dimension, 1, who.start(), False, True) if dimension else None


def take_group(r: Reading) -> None:
    if r.group is not None and r.group.dimension in GROUPINGS:
        r.p.group_by = r.group.dimension


def settle_shape(r: Reading) -> None:
    """Make the reading computable: a ranking needs a grouping, a time grouping needs dated rows.
    A follow-up's grouping came from the thread, so its own grouping words were taken already."""
    group = None if r.follow_up else r.group
    metric = r.p.metric
    if metric is None:
        return
    groupings = METRICS[metric].groupings
    if group is not None and r.p.group_by is None:
        r.p.group_by = group.dimension
    dim = r.p.group_by
    if dim in ("month", "quarter") and dim not in groupings:
        if dim == "month" and metric in lx.MONTHLY_FIGURES and lx.MONTHLY_UNIT.search(r.low):
            # "What are we wasting per month": the figure's own unit, not a breakdown.
            r.p.doubt(f"{metric_label(metric)} is a monthly figure (it is not dated by month): "
                      "the figure per month, not grouped by month", "stated")
        else:
            r.p.doubt(f"{metric_label(metric)} is not dated by {dim}: not grouped by {dim}")
        r.p.group_by = None
    if r.p.group_by is None and (r.p.limit is not None or (r.p.order and group is None and ranking.ranks(r))):
        if "client" in groupings:
            r.p.group_by = "client"
            r.p.doubt("a ranking without a grouping: ranked by client")
    if r.p.group_by is None and r.p.order:
        # A total shown for "which is the biggest" answers another question: never final.
        r.p.doubt("a superlative with nothing to rank: read as the total", "ranking")
    if r.p.group_by is None:
        r.p.order, r.p.limit = None, None
    if r.p.compare and r.p.period is None:
        r.p.doubt("a comparison needs a period, and none was given")
