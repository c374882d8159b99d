"""Periods: reading every period phrase, and choosing the one the answer covers."""
from __future__ import annotations

from dataclasses import replace

from core.engine.periods import previous
from core.questions import lexicon as lx
from core.questions.parse.reading import Reading, or_join
from core.questions.period_phrases import find_all_periods, joined_list


def read_periods(r: Reading) -> None:
    """Every period phrase (core.questions.period_phrases); a date that cannot exist stops the reading."""
    try:
        found = find_all_periods(r.text, r.as_of, r.date_order)
    except ValueError as err:
        r.p.out_of_scope = f"I could not read the period: {err}."
        return
    r.placed += [(match.span, "period") for match in found]
    for match in found:
        if not lx.AS_OF.search(r.low[:match.span[0]]):
            r.periods.append(match)
        elif not match.period.start == match.period.end == r.as_of:
            # "as of June 30" asks for another as-of date, which a question cannot set.
            r.periods.append(replace(match, ambiguous=True, note=f"'{match.text}' read as a period; figures "
                                                                 f"are as of {r.as_of}"))


def choose_period(r: Reading) -> None:
    """The period the answer covers: one stretch for a list, the later of two compared, none for a
    client count (today's count by status); every assumption becomes a doubt."""
    if r.p.metric in lx.BALANCE_METRICS:  # "what's past due today": the balance now, no period
        r.periods = [m for m in r.periods if not m.period.start == m.period.end == r.as_of]
    if not r.periods:
        return
    joined = None if r.p.compare else joined_list(r.periods, r.text)
    if joined is not None:  # "for September and October": one stretch
        r.periods = [joined]
    chosen = r.periods[0]
    notes = [chosen.note] if chosen.note else []
    ambiguous = chosen.ambiguous
    if len(r.periods) > 1:
        if r.p.compare:
            chosen = max(r.periods, key=lambda m: m.period.start)
            others = [m for m in r.periods if m is not chosen]
            notes = [m.note for m in r.periods if m.note]
            before = previous(chosen.period)
            others = [m for m in others if m.period not in (before, chosen.period)]  # "vs the previous month"
            # Each period's own assumption ("'August' read as August 2026") stays one; only a
            # period the comparison cannot use makes the reading doubtful.
            ambiguous = any(m.ambiguous for m in r.periods) or bool(others)
            if others:
                notes.append(f"compared {chosen.period.label} with the period just before it, {before.label}, "
                             f"not with {or_join([m.period.label for m in others])}")
        else:
            ambiguous = True
            notes.append(f"several periods named ({or_join([repr(m.text) for m in r.periods])}); "
                         f"used {chosen.period.label}")
    if r.p.metric == "client_count":
        notes.append(f"the client count is today's count by status; '{chosen.text}' is not used")
        r.p.period, ambiguous = None, True
    else:
        r.p.period = chosen.period
    note = "; ".join(dict.fromkeys(notes)) or None
    r.p.period_match = replace(chosen, note=note, ambiguous=ambiguous)
    for note in dict.fromkeys(notes):
        r.p.doubt(note, "period")
