"""Ranking: the order asked for and how many of the top (or bottom) to show."""
from __future__ import annotations

import re

from core.engine.metrics import METRICS
from core.questions import lexicon as lx
from core.questions.parse.reading import Group, Reading, overlaps


def read_ranking(r: Reading) -> None:
    """Order and limit: "top 3", "the lowest", "worst first" (the metric's good direction), "rank"."""
    metric, group = r.p.metric, r.group
    if metric is None:
        return
    asks_one = group is not None and group.subject
    blocked = r.period_spans + r.name_spans + [
        m.span() for m in lx.NOT_RANKING.finditer(r.low) if not (asks_one and lx.SHARE_OF.fullmatch(m[0]))]

    def free(pattern: re.Pattern[str]) -> list[re.Match[str]]:
        return [m for m in pattern.finditer(r.low) if not overlaps((m.start(), m.end()), blocked)]

    good = METRICS[metric].higher_is_better is not False
    hint = next((h.phrase for h in r.hits if h.phrase.order and metric in h.phrase.weights), None)
    words = sorted([(m.start(), "desc") for m in free(lx.DESC_WORDS)]
                   + [(m.start(), "asc") for m in free(lx.ASC_WORDS)]
                   + [(m.start(), "desc" if good else "asc") for m in free(lx.GOOD_WORDS)]
                   + [(m.start(), "asc" if good else "desc") for m in free(lx.BAD_WORDS)])
    order = words[0][1] if words else None
    magnitude = free(lx.MAGNITUDE_WORDS)
    if hint is not None and magnitude and words and words[0][0] == magnitude[0].start():
        flip = {"asc": "desc", "desc": "asc"}
        order = hint.order if order == "desc" else flip[hint.order]
    superlative = order is not None
    if order is None and hint is not None and hint.ranks:
        order = hint.order
    if free(lx.RANK_VERBS):
        order = order or "desc"
    # An order said outright ("worst first", "smallest to largest") lists them all in it: no limit.
    explicit = sorted([(m.start(), "asc") for m in free(lx.EXPLICIT_ASC)]
                      + [(m.start(), "desc") for m in free(lx.EXPLICIT_DESC)]
                      + [(m.start(), "desc" if good else "asc") for m in free(lx.EXPLICIT_GOOD)]
                      + [(m.start(), "asc" if good else "desc") for m in free(lx.EXPLICIT_BAD)])
    if explicit:
        order, superlative = explicit[0][1], False
    limit = None
    top_n = free(lx.TOP_N)
    if top_n:
        found = top_n[0]
        limit = _number(found["n"] or found["m"])
        if order is None:
            order = "asc" if re.match(r"bottom|lowest|smallest", found[0]) else "desc"
    elif order is not None and free(lx.ONE_ONLY):
        limit = 1
    elif superlative and free(lx.N_NOUN):
        limit = _number(free(lx.N_NOUN)[0]["n"])
    elif superlative and group is not None and _one_asked(r, group):
        limit = 1
    r.p.order, r.p.limit = order, limit


def _one_asked(r: Reading, group: Group) -> bool:
    """"Who was our smallest client by revenue", "which vendor ... the most": one of them is the
    answer when any phrase of the grouping names a single subject, or "who" asks with no plural."""
    same = [g for g in r.groups if g.dimension == group.dimension] or [group]
    if any(g.plural for g in same if g.subject):
        return False
    return any(g.subject for g in same) or bool(lx.WHO.search(r.low))


def ranks(r: Reading) -> bool:
    """The words rank on their own ("top 5", "rank them"), with or without a superlative."""
    return bool(lx.TOP_N.search(r.low) or lx.RANK_VERBS.search(r.low))


def _number(word: str) -> int:
    return int(word) if word.isdigit() else lx.NUMBER_WORDS[word]
