"""Filters: the names said in the question ("for Acme", "Luis's hours"), and a client status."""
from __future__ import annotations

from dataclasses import replace

from core.engine.metrics import METRICS
from core.questions import lexicon as lx
from core.questions.names import NameMatch
from core.questions.parse.reading import NOUN_LABELS, Reading, or_join
from core.questions.wording import metric_label


def read_status(r: Reading) -> None:
    """A client count of another status than active ("inactive clients", "prospects")."""
    if r.p.metric != "client_count":
        return
    found = sorted((m.start(), status) for status, pattern in lx.CLIENT_STATUS_WORDS.items()
                   for m in pattern.finditer(r.low))
    if found and found[0][1] != "active":  # active is what client_count counts by default
        r.p.status_filter = found[0][1]


def read_filters(r: Reading) -> None:
    """The names said become filters on the dimensions the figure can be filtered by; several names of
    one dimension show every one of them (grouped by it) instead."""
    metric = r.p.metric
    allowed = METRICS[metric].filters if metric else None
    filters: dict[str, list[NameMatch]] = {}
    kept = []
    for match in r.p.name_matches:
        options = [c for c in match.candidates if allowed is None or c[0] in allowed]
        if not options:
            # A name said only in the context ("Luis thinks it's creeping up - what did we pay
            # Upwork?") need not fit the figure: it is not the question's filter.
            if match.score < 0.99 or match.dimension == "category" or r.plain(match) \
                    or match.span[0] < r.start:
                r.p.doubt(f"'{match.text}' looked like {match.name}, but {metric_label(metric)} "
                          f"cannot be filtered by {NOUN_LABELS[match.dimension]}: ignored")
                continue
            options = [match.candidates[0]]
        dimension, name = options[0]
        if (dimension, name) != (match.dimension, match.name):
            match = replace(match, dimension=dimension, name=name)
        kept.append(match)
        filters.setdefault(dimension, []).append(match)
        _describe_name(r, match)
    r.p.name_matches = kept
    for dimension, matches in filters.items():
        distinct = list(dict.fromkeys(m.name for m in matches))
        if len(distinct) == 1:
            r.p.filters[dimension] = distinct[0]
            continue
        r.p.doubt(f"{or_join(distinct)} were all named: showing every "
                  f"{NOUN_LABELS[dimension]} instead of one")
        if r.p.group_by is None:
            r.p.group_by = dimension


def _describe_name(r: Reading, match: NameMatch) -> None:
    if match.alternatives:
        r.p.doubt(f"'{match.text}' could be {or_join([match.name, *match.alternatives])}; "
                  f"read as {match.name}", "name")
    elif match.how == "typo":
        r.p.doubt(f"'{match.text}' matched {match.name} with a typo", "name")
    elif match.how == "family":
        r.p.doubt(f"'{match.text}' starts the names of several products: read as "
                  f"{NOUN_LABELS[match.dimension]} {match.name}, whose names they all start with", "name")
    elif match.how == "initials":
        r.p.doubt(f"'{match.text}' read as the initials of {match.name}", "name")
    elif match.how == "partial" and match.score < 0.99:
        r.p.doubt(f"'{match.text}' read as {match.name} (part of the name, and an "
                  "ordinary word too)", "name")


def apply_status(r: Reading) -> None:
    if r.p.status_filter:
        r.p.filters["status"] = r.p.status_filter
