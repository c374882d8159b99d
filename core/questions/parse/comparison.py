"""Comparisons: whether the question compares with an earlier period, and which two periods.

A comparison is always with the period just before (core.engine.periods.previous); these steps
turn the ways people name the two ("Q1 to Q2", "vs last year", "this time last year", "Q1 vs Q4
last year") into that reading, and say so where the words meant something else.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from core.engine import periods
from core.engine.periods import Period, previous
from core.questions import lexicon as lx
from core.questions.parse.reading import Reading, overlaps
from core.questions.period_phrases import find_all_periods


def read_compare(r: Reading) -> None:
    """Whether the question compares with the period before ("vs", "change", "than last"), not two
    names ("Sarah vs Mike")."""
    blocked = r.metric_spans + r.name_spans + r.period_spans
    name_starts = {start for start, _ in r.name_spans}
    strong = [m for m in lx.COMPARE.finditer(r.low) if not overlaps((m.start(), m.end()), blocked)
              and not (lx.VERSUS.fullmatch(m[0]) and _next_word_start(r.low, m.end()) in name_starts)]
    # "Did Jane bill more hours in September than in August": a comparative inside the metric words.
    strong += [m for m in lx.COMPARATIVE.finditer(r.low)
               if not overlaps((m.start(), m.end()), r.name_spans + r.period_spans)]
    weak = [m for m in lx.COMPARE_WEAK.finditer(r.low) if not overlaps((m.start(), m.end()), blocked)]
    dimensions = [m.dimension for m in r.p.name_matches]
    names_compared = len(dimensions) > len(set(dimensions))  # "compare Acme and Brightside"
    r.p.compare = bool(strong) or (bool(weak) and bool(r.periods) and not names_compared)


def year_earlier(r: Reading) -> None:
    """"Travel $ YTD vs this time last yr": the same stretch a year earlier is what the period
    named is compared with, not a period of its own. The comparison is with the period just
    before, which is that stretch for a year or a year to date; for a month or a quarter it is
    not, and the reading says so."""
    said = [m.span() for m in lx.YEAR_EARLIER.finditer(r.low)]
    inside = [m for m in r.periods if overlaps(m.span, said)]
    others = [m for m in r.periods if m not in inside]
    if not inside or not others:
        return
    r.periods = others
    r.p.compare = True
    chosen = max(others, key=lambda m: m.period.start).period
    before = previous(chosen)
    if (before.start.year + 1, before.start.month, before.start.day) != \
            (chosen.start.year, chosen.start.month, chosen.start.day):
        r.p.doubt(f"compared {chosen.label} with the period just before it, {before.label}, not with "
                  "the same period a year earlier")


def split_compared_range(r: Reading) -> None:
    """"How did labor cost change from Q1 to Q2": two periods compared, not one range."""
    if not r.p.compare or len(r.periods) != 1 or not lx.RANGE_TEXT.search(r.periods[0].text):
        return
    match = r.periods[0]
    parts = lx.RANGE_TEXT.sub(" vs ", match.text)
    try:
        found = find_all_periods(parts, r.as_of, r.date_order)
    except ValueError:
        return
    if len(found) == 2:
        offset = match.span[0]
        r.periods = [replace(m, span=(offset, offset + len(match.text)), text=match.text) for m in found]


def compared_with_only(r: Reading) -> None:
    """"Revenue vs last year": the named period is the one compared with; read the one after it."""
    if not r.p.compare or len(r.periods) != 1:
        return
    match = r.periods[0]
    if not lx.VERSUS_BEFORE.search(r.low[:match.span[0]]):
        return
    following = _following(match.period)
    if following is not None:
        note = f"'{match.text}' is what the question compares with: read as {following.label} against it"
        r.periods = [replace(match, period=following, ambiguous=True, note=note)]


def consecutive_reading(r: Reading) -> None:
    """"Q1 vs Q4 last year": the year said once is shared by the list, which puts the two
    quarters a year apart, while "Q1" read alone is the latest Q1, right after Q4 2025. A
    comparison is always with the period just before, so take the reading that makes the two
    periods neighbours, and say so."""
    if not r.p.compare or len(r.periods) != 2 or _neighbours(*(m.period for m in r.periods)):
        return
    for i, match in enumerate(r.periods):
        other = r.periods[1 - i].period
        alone = find_all_periods(f"in {match.text}", r.as_of, r.date_order)  # "in": "jan" alone is no date
        if len(alone) == 1 and _neighbours(alone[0].period, other):
            note = f"'{match.text}' read as {alone[0].period.label}, next to {other.label} it is compared with"
            r.periods[i] = replace(match, period=alone[0].period, ambiguous=True, note=note)
            return


def _neighbours(a: Period, b: Period) -> bool:
    return previous(a) == b or previous(b) == a


def _following(p: Period) -> Period | None:
    """The calendar month, quarter or year after p (None for other ranges)."""
    after = p.end + timedelta(days=1)
    if p.kind == "month":
        return periods.month(after.year, after.month)
    if p.kind == "quarter":
        return periods.quarter(after.year, (after.month - 1) // 3 + 1)
    if p.kind == "year":
        return periods.year(after.year)
    return None


_WORD_CHAR = re.compile(r"\w")


def _next_word_start(text: str, pos: int) -> int:
    found = _WORD_CHAR.search(text, pos)
    return found.start() if found else len(text)
