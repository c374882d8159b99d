"""Period phrases in questions: "last quarter", "YTD", "in March", "Q3 2025", "between ... and ...".

The words become `Period`s (core.engine.periods) resolved against an explicit as-of date, never
the wall clock, and every assumption made to read them is returned with the match, because the
question reader turns each one into a doubt a reviewer can see.

Reading rules, chosen to match what an MSP operator means and stated once here:
- "last/this/next month|quarter|year|week" are calendar units: the one before / containing / after
  the as-of date. "this quarter" is the whole quarter, even the part after the as-of date (a note
  says so); "QTD" is the variant that stops at the as-of date.
- "last N days" is the N days ending at the as-of date inclusive ("last 90 days" on 2025-11-21 is
  2025-08-24..2025-11-21): days are complete as soon as they are over, and today is the freshest.
  "last N weeks|months|quarters|years" are the N *complete* calendar units before the current one
  ("last 6 months" on 2025-11-21 is 2025-05-01..2025-10-31), because a half-finished month would
  make month-by-month figures and the comparison with the previous period lopsided.
- A month, quarter or half named without a year ("in March", "Q3") is the latest one that has
  started by the as-of date; a note says so, and the match is ambiguous when this year's one is
  still to come (then the asker may well have meant it).
- "N months ago", "N months back" and "the month before last" are one calendar unit, N (or 2)
  before the current one.
- A two-digit year ("'26", "FY25") is 20xx, with a note; it is ambiguous only when that century
  is not obviously the as-of date's (an as-of date outside 2000-2099, or "'99" read as 2099).
- A bare "may" is a period only after in/for/during/of/since, inside a range, or before a year:
  "may I ask" must not become a filter. Month abbreviations follow the same rule when they stand
  alone ("Jan" may be a technician), full month names do not need it; an abbreviation set off by
  punctuation as a phrase of its own ("hours per tech, oct") is a month too.
- "From the start of this quarter to today" is QTD (likewise month and year); "2026 so far" is YTD
  2026. "2026 through the end of September" runs from the first period's start to the second's
  end; "through the end of September" with no start runs from the start of that September's year.
- Neighbouring periods listed ("September and October", "Q1, Q2 and Q3") are one stretch when a
  question does not compare them: `joined_list` builds it, the question parser decides.
- A date that cannot exist ("2025-02-30", "13/45/2025") or a range that ends before it starts
  raises ValueError: silently dropping it would answer for all data instead of what was asked.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Callable, Sequence

from core.engine.periods import (DATE_ORDERS, MONTH_NAMES, Period, add_days, add_months, add_months_to_end, between,
                                 day, end_of_month, half, is_month_end, month, months_label, quarter,
                                 to_date, year)


@dataclass(frozen=True)
class PeriodMatch:
    """A period phrase found in a question: where it was, and what was assumed to read it."""

    period: Period
    span: tuple[int, int]
    text: str
    ambiguous: bool
    note: str | None



# ---------------------------------------------------------------------------------------------
# Phrase grammar


_MONTH_WORDS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
_MONTH_WORDS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                     "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12})
_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
              "eighteen": 18, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4}
_PREPOSITIONS = {"in", "for", "during", "of", "since"}
_STEP = {"last": -1, "past": -1, "previous": -1, "prior": -1, "this": 0, "current": 0,
         "next": 1, "coming": 1}

_MON = "(?:" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\b\.?"
_YEAR = r"(?:(?:19|20)\d{2}|['’]\d{2})(?!\d)"
_NUM = "(?:\\d{1,4}|" + "|".join(_NUM_WORDS) + ")\\b"
_UNIT = r"(?P<unit>day|week|month|quarter|year)s?\b"
_ORD = r"(?P<o>first|second|third|fourth|1st|2nd|3rd|4th|last|final)"
_FULL_MONTHS = {name.lower() for name in MONTH_NAMES}
_YEAR_TAIL = rf"(?:\s*,?\s*(?:of|in)?\s*(?:fy\s*)?(?P<y>{_YEAR}))?"

# A yearless month/quarter/half followed by "last year", "of this year", ...
_YEAR_MODIFIER = re.compile(r"\s*,?\s*(?:of\s+|in\s+)?(?:the\s+)?(?P<mod>last|previous|prior|this|"
                            r"current|next)\s+year\b(?!\s+to\s+date)", re.I)
# "2026 through the end of September": the end of the second period is where the range stops.
_RANGE_SEP = re.compile(r"\s*(?:(?P<word>to|through|thru|until|till|up\s+to|and)(?:\s+the\s+end\s+of)?"
                        r"|(?P<dash>[-–—]))\s*", re.I)
_MAX_SEP = 24
_LOOKBACK = 60
_PREV_WORD = re.compile(r"([A-Za-z]+)\s+$")
_PHRASE_END = re.compile(r"\s*(?:$|[?!.,;:)])")
_SET_OFF_BEFORE = re.compile(r"(?:^|[,;:(]|\s[-–—])\s*$")
_START_OF = r"the\s+(?:start|beginning)\s+of\s+"
_RANGE_PREFIX = re.compile(rf"\b(?P<p>from|between)\s+(?:{_START_OF})?$", re.I)
_COMPARING = re.compile(r"\b(?:compar\w*|differen\w*|versus|vs)\b", re.I)
_SINCE_PREFIX = re.compile(rf"\b(?:since|starting(?:\s+(?:from|in))?)\s+(?:{_START_OF})?$|\bfrom\s+{_START_OF}$",
                           re.I)
# "Through the end of September" with no start named: from the start of that year.
_TO_END_PREFIX = re.compile(r"\b(?:(?:through|thru)\s+(?:the\s+end\s+of\s+)?|(?:until|till|up\s+to|to|by)\s+the"
                            r"\s+end\s+of\s+)$", re.I)
# "From the start of this quarter to today": to-date phrases.
_FROM_START = rf"(?:since|from)\s+{_START_OF}(?:the|this)\s+"
_TO_NOW = r"(?:\s+(?:to|until|till|through|up\s+to)\s+(?:today|now|date))?"
_OPEN_SUFFIX = re.compile(r"\s*(?P<on>onwards?|on\b)|\s+(?:to|until|till|through)\s+(?:now|date|today)\b",
                          re.I)
_LAST_PREFIX = re.compile(r"\b(?P<mod>last|previous|prior|this)\s+$", re.I)
_JOIN_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*|plus\s+)?|and\s+|&\s*|plus\s+)", re.I)
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*|vs\.?\s+|versus\s+|"
                       r"compared\s+(?:to|with)\s+|against\s+)", re.I)
_NOT_A_YEAR_BEFORE = re.compile(r"(?:[$€£#]\s*|\d[.,]|[a-z][-_/#])$", re.I)
_NOT_A_YEAR_AFTER = re.compile(
    r"(?:[.,]\d|[-/]\d{1,3}(?!\d)|\s*%|\s*(?:k|m|h|hours?|hrs?|seats?|licen[cs]es?|dollars?|usd|eur|gbp|"
    r"invoices?|clients?|customers?|entries|rows?|users?|tickets?|minutes?|mins?|units?)\b)", re.I)
_NOT_A_YEAR_WORDS = {"than", "above", "below", "over", "under", "exceeding", "least", "most",
                     "top", "bottom"}


@dataclass(frozen=True)
class _Ctx:
    text: str
    as_of: date
    date_order: str


@dataclass(frozen=True)
class _Spec:
    """A calendar unit as named in the text; `year` is None when the text gave none."""

    unit: str  # day, month, quarter, half, year
    year: int | None
    index: int = 0  # month 1-12, quarter 1-4, half 1-2
    day: int = 0
    two_digit: bool = False

    def name(self) -> str:
        """How the unit reads without its year ("March", "Q3", "H1", "March 15")."""
        if self.unit == "day":
            return f"{MONTH_NAMES[self.index - 1]} {self.day}"
        if self.unit == "month":
            return MONTH_NAMES[self.index - 1]
        return f"{'Q' if self.unit == 'quarter' else 'H'}{self.index}"

    def in_year(self, y: int) -> Period | None:
        """The unit in year y (None for a Feb 29 in a common year)."""
        if self.unit == "day":
            try:
                return day(date(y, self.index, self.day))
            except ValueError:
                return None
        if self.unit == "month":
            return month(y, self.index)
        if self.unit == "quarter":
            return quarter(y, self.index)
        return half(y, self.index) if self.unit == "half" else year(y)


@dataclass(frozen=True)
class _Hit:
    """A candidate reading of part of the text.

    `weak` candidates (a bare "may", "Jan") are only used when a range or "since" gives them
    context; `endpoint` says whether the candidate can be one end of a range.
    """

    start: int
    end: int
    period: Period
    ambiguous: bool = False
    notes: tuple[str, ...] = ()
    spec: _Spec | None = None
    weak: bool = False
    endpoint: bool = True


def _parse_year(text: str) -> tuple[int, bool]:
    """'2025' -> (2025, False); "'25" -> (2025, True): two-digit years are read as 20xx."""
    digits = text.lstrip("'’")
    return (2000 + int(digits), True) if len(digits) == 2 else (int(digits), False)


def _number(word: str) -> int:
    word = word.lower()
    return _NUM_WORDS.get(word) or (1 if word in ("a", "an") else int(word))


def _before(pattern: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
    """Search just the text before pos (positions stay absolute): context words sit right there,
    and scanning from the start for every candidate would make long messages quadratic."""
    return pattern.search(text, max(0, pos - _LOOKBACK), pos)


def _prev_word(text: str, pos: int) -> str:
    found = _before(_PREV_WORD, text, pos)
    return found.group(1).lower() if found else ""


def _explicit_date(raw: str, y: int, m: int, d: int, layout: str = "") -> date:
    try:
        return date(y, m, d)
    except ValueError as err:
        hint = f" as {layout}" if layout else ""
        raise ValueError(f"'{raw}' is not a valid date{hint}: {err}") from None


def _spec_hit(spec: _Spec, start: int, end: int, ctx: _Ctx, *, weak: bool = False,
              notes: tuple[str, ...] = ()) -> _Hit:
    """Resolve a spec against the as-of date and explain any year that had to be assumed."""
    notes, ambiguous = list(notes), False
    if spec.two_digit:
        # "'26" in 2026 can only be 2026; "'99" read as 2099 then may well mean 1999.
        notes.append(f"'{spec.year % 100:02d} read as {spec.year}")
        ambiguous = not 2000 <= ctx.as_of.year <= 2099 or spec.year > ctx.as_of.year + 1
    if spec.year is not None:
        period = spec.in_year(spec.year)
        if period is None:
            raise ValueError(f"'{ctx.text[start:end]}' is not a valid date in {spec.year}")
    else:
        y = ctx.as_of.year
        period = spec.in_year(y)
        while period is None or period.start > ctx.as_of:
            y -= 1
            period = spec.in_year(y)
        what = spec.name()
        note = f"'{what}' read as {period.label}, the latest {what} not after the as-of date {ctx.as_of}"
        upcoming = spec.in_year(ctx.as_of.year)
        if y < ctx.as_of.year and upcoming is not None:
            note += f" ({upcoming.label} is still to come)"
            ambiguous = True
        notes.append(note)
    return _Hit(start, end, period, ambiguous, tuple(notes), spec, weak)


def _with_year(hit: _Hit, y: int, ctx: _Ctx) -> _Hit:
    """The same yearless phrase with a year taken from its neighbour ("Jan-Mar 2025")."""
    return _spec_hit(replace(hit.spec, year=y, two_digit=False), hit.start, hit.end, ctx, weak=hit.weak)


# ---------------------------------------------------------------------------------------------
# Single phrases: each rule is a regex tried at every word start, and a reader of its match.

_Reader = Callable[[re.Match[str], _Ctx], "_Hit | None"]
_RULES: list[tuple[re.Pattern[str], _Reader]] = []


def _rule(pattern: str) -> Callable[[_Reader], _Reader]:
    def register(reader: _Reader) -> _Reader:
        _RULES.append((re.compile(pattern, re.I), reader))
        return reader
    return register


@_rule(r"(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d/-])")
def _iso_date(m: re.Match[str], ctx: _Ctx) -> _Hit:
    d = _explicit_date(m[0], int(m["y"]), int(m["m"]), int(m["d"]), "YYYY-MM-DD")
    return _spec_hit(_Spec("day", d.year, d.month, d.day), m.start(), m.end(), ctx)


@_rule(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/.-])")
def _numeric_date(m: re.Match[str], ctx: _Ctx) -> _Hit:
    a, b = int(m["a"]), int(m["b"])
    mo, d = (a, b) if ctx.date_order == "MDY" else (b, a)
    layout = "MM/DD/YYYY" if ctx.date_order == "MDY" else "DD/MM/YYYY"
    found = _explicit_date(m[0], int(m["y"]), mo, d, f"{layout} (the configured date order)")
    return _spec_hit(_Spec("day", found.year, found.month, found.day), m.start(), m.end(), ctx)


@_rule(rf"(?P<mon>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,\s*|\s+)(?P<y>{_YEAR})")
def _month_day_year(m: re.Match[str], ctx: _Ctx) -> _Hit:
    y, two = _parse_year(m["y"])
    mo = _MONTH_WORDS[m["mon"].lower().rstrip(".")]
    d = _explicit_date(m[0], y, mo, int(m["d"]))
    return _spec_hit(_Spec("day", y, mo, d.day, two), m.start(), m.end(), ctx)


@_rule(rf"(?P<d>\d{{1,2}})(?P<ord>st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON})(?:\s*,\s*|\s+)(?P<y>{_YEAR})")
def _day_month_year(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if not m["ord"] and _prev_word(ctx.text, m.start()) in _NOT_A_YEAR_WORDS | {"first", "last"}:
        return None  # "top 5 March 2025 clients" ranks five clients
    y, two = _parse_year(m["y"])
    mo = _MONTH_WORDS[m["mon"].lower().rstrip(".")]
    d = _explicit_date(m[0], y, mo, int(m["d"]))
    return _spec_hit(_Spec("day", y, mo, d.day, two), m.start(), m.end(), ctx)


@_rule(rf"(?P<mon>{_MON})\s+(?P<d>\d{{1,2}})(?P<ord>st|nd|rd|th)?\b(?![.,:]\d)")
def _month_day(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    return _yearless_day(m, ctx, _MONTH_WORDS[m["mon"].lower().rstrip(".")])


@_rule(rf"(?P<d>\d{{1,2}})(?P<ord>st|nd|rd|th)\s+(?:of\s+)?(?P<mon>{_MON})")
def _day_month(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    return _yearless_day(m, ctx, _MONTH_WORDS[m["mon"].lower().rstrip(".")])


def _yearless_day(m: re.Match[str], ctx: _Ctx, mo: int) -> _Hit | None:
    """"March 15th", "on March 15": a day, unless it reads as a count ("in March 3 clients")."""
    d = int(m["d"])
    if not 1 <= d <= (29 if mo == 2 else end_of_month(2001, mo).day):
        return None
    prev = _prev_word(ctx.text, m.start())
    ends_phrase = _PHRASE_END.match(ctx.text, m.end()) is not None
    is_may = m["mon"].lower() == "may"
    strong = (prev == "on" or bool(m["ord"]) or ends_phrase) and (
        not is_may or prev in _PREPOSITIONS | {"on"} or m.start() < m.start("mon"))
    return _spec_hit(_Spec("day", None, mo, d), m.start(), m.end(), ctx, weak=not strong)


@_rule(rf"(?P<mon>{_MON})(?:\s+of|\s*,)?[\s/-]*(?P<y>{_YEAR})")
def _month_year(m: re.Match[str], ctx: _Ctx) -> _Hit:
    y, two = _parse_year(m["y"])
    return _spec_hit(_Spec("month", y, _MONTH_WORDS[m["mon"].lower().rstrip(".")], two_digit=two),
                     m.start(), m.end(), ctx)


@_rule(r"(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])(?![\d-])")
def _iso_month(m: re.Match[str], ctx: _Ctx) -> _Hit:
    return _spec_hit(_Spec("month", int(m["y"]), int(m["m"])), m.start(), m.end(), ctx)


@_rule(r"(?P<m>0?[1-9]|1[0-2])/(?P<y>(?:19|20)\d{2})(?![\d/])")
def _numeric_month(m: re.Match[str], ctx: _Ctx) -> _Hit:
    return _spec_hit(_Spec("month", int(m["y"]), int(m["m"])), m.start(), m.end(), ctx)


@_rule(rf"(?P<mon>{_MON})")
def _bare_month(m: re.Match[str], ctx: _Ctx) -> _Hit:
    """"In March", "March": a month. "May" and the short forms ("Jan" may be a technician) need a
    preposition before them; a short form set off on its own ("hours per tech, oct") needs none."""
    word = m["mon"].lower().rstrip(".")
    set_off = word != "may" and _SET_OFF_BEFORE.search(ctx.text[:m.start()]) is not None \
        and _PHRASE_END.match(ctx.text, m.end()) is not None
    weak = (word == "may" or word not in _FULL_MONTHS) and _prev_word(ctx.text, m.start()) not in _PREPOSITIONS \
        and not set_off
    return _spec_hit(_Spec("month", None, _MONTH_WORDS[word]), m.start(), m.end(), ctx, weak=weak)


@_rule(rf"q(?P<i>[1-4])\b(?:\s*(?:of\s+|[-/,]\s*)?(?P<y>{_YEAR}))?")
def _quarter_first(m: re.Match[str], ctx: _Ctx) -> _Hit:
    return _unit_hit("quarter", int(m["i"]), m["y"], m, ctx)


@_rule(r"(?P<y>(?:19|20)\d{2})\s*[-/]?\s*q(?P<i>[1-4])\b")
def _year_quarter(m: re.Match[str], ctx: _Ctx) -> _Hit:
    return _unit_hit("quarter", int(m["i"]), m["y"], m, ctx)


@_rule(rf"{_ORD}\s+(?:fiscal\s+)?quarter\b{_YEAR_TAIL}")
def _ordinal_quarter(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    return _ordinal_hit("quarter", 4, m, ctx)


@_rule(rf"h(?P<i>[12])\b(?:\s*(?:of\s+|[-/,]\s*)?(?P<y>{_YEAR}))?")
def _half_first(m: re.Match[str], ctx: _Ctx) -> _Hit:
    return _unit_hit("half", int(m["i"]), m["y"], m, ctx)


@_rule(r"(?P<y>(?:19|20)\d{2})\s*[-/]?\s*h(?P<i>[12])\b")
def _year_half(m: re.Match[str], ctx: _Ctx) -> _Hit:
    return _unit_hit("half", int(m["i"]), m["y"], m, ctx)


@_rule(rf"{_ORD}\s+half\b{_YEAR_TAIL}")
def _ordinal_half(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    return _ordinal_hit("half", 2, m, ctx)


def _unit_hit(unit: str, index: int, year_text: str | None, m: re.Match[str], ctx: _Ctx) -> _Hit:
    y, two = _parse_year(year_text) if year_text else (None, False)
    return _spec_hit(_Spec(unit, y, index, two_digit=two), m.start(), m.end(), ctx)


def _ordinal_hit(unit: str, last: int, m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"third quarter of 2025"; "last quarter" alone is the relative phrase, so it stays weak
    (it still reads "last quarter of 2024" and "last quarter of last year")."""
    word = m["o"].lower()
    index = last if word in ("last", "final") else _ORDINALS[word]
    if index > last:
        return None  # "third half"
    hit = _unit_hit(unit, index, m["y"], m, ctx)
    relative = word in ("last", "final") and not m["y"]
    return replace(hit, weak=relative, endpoint=not relative)


@_rule(r"(?P<y>(?:19|20)\d{2})(?!\d)")
def _bare_year(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """A four-digit number is a year unless it reads as an amount, an id or a count."""
    if _before(_NOT_A_YEAR_BEFORE, ctx.text, m.start()) or _NOT_A_YEAR_AFTER.match(ctx.text, m.end()) or \
            _prev_word(ctx.text, m.start()) in _NOT_A_YEAR_WORDS:
        return None
    return _spec_hit(_Spec("year", int(m["y"])), m.start(), m.end(), ctx)


@_rule(rf"(?:fy\s*(?:(?P<y4>(?:19|20)\d{{2}})|['’]?(?P<y2>\d{{2}}))|fiscal\s+(?:year\s+)?(?P<y>{_YEAR}))(?!\d)")
def _fiscal_year(m: re.Match[str], ctx: _Ctx) -> _Hit:
    y, two = _parse_year(m["y4"] or (f"'{m['y2']}" if m["y2"] else m["y"]))
    note = f"fiscal year {y} read as the calendar year {y}"
    return _spec_hit(_Spec("year", y, two_digit=two), m.start(), m.end(), ctx, notes=(note,))


def _unit_at(unit: str, d: date, step: int) -> Period:
    """The calendar unit containing d, moved by `step` units (weeks run Monday to Sunday)."""
    if unit == "day":
        return day(add_days(d, step))
    if unit == "week":
        monday = add_days(d, 7 * step - d.weekday())
        sunday = add_days(monday, 6)
        return Period(monday, sunday, f"week of {monday} ({monday} to {sunday})")
    if unit == "month":
        s = add_months(date(d.year, d.month, 1), step)
        return month(s.year, s.month)
    if unit == "quarter":
        s = add_months(date(d.year, d.month - (d.month - 1) % 3, 1), 3 * step)
        return quarter(s.year, (s.month - 1) // 3 + 1)
    return year(d.year + step)


@_rule(r"(?P<mod>last|past|previous|prior|this|current|next|coming)\s+(?:(?:full|complete|whole|"
       r"calendar|fiscal)\s+)?(?P<unit>week|month|quarter|year)\b(?!'?s?\s+(?:of|to\s+date|so\s+far)\b)")
def _relative_unit(m: re.Match[str], ctx: _Ctx) -> _Hit:
    mod, unit = m["mod"].lower(), m["unit"].lower()
    step = _STEP[mod]
    period = _unit_at(unit, ctx.as_of, step)
    if unit == "week":
        word = {-1: "last", 0: "this", 1: "next"}[step]
        period = replace(period, label=f"{word} week ({period.start} to {period.end})")
    notes: list[str] = []
    if step == 0 and period.end > ctx.as_of:
        notes.append(f"'{m[0]}' read as all of {period.label}, which runs past the as-of date {ctx.as_of}")
    if mod == "past":
        notes.append(f"'{m[0]}' read as the previous calendar {unit}, {period.label}")
    if step > 0:
        notes.append(f"'{m[0]}' read as {period.label}, which has not happened yet")
    return _Hit(m.start(), m.end(), period, step > 0, tuple(notes))


@_rule(rf"(?P<mod>last|past|previous|prior|trailing|rolling|next)\s+(?P<n>{_NUM})\s+(?:(?:full|complete|"
       rf"whole|calendar)\s+)?{_UNIT}")
def _rolling(m: re.Match[str], ctx: _Ctx) -> _Hit:
    return _rolling_hit(_number(m["n"]), m["unit"].lower(), m["mod"].lower() == "next", m, ctx)


@_rule(r"(?:ttm|ltm|t12m)\b")
def _trailing_twelve(m: re.Match[str], ctx: _Ctx) -> _Hit:
    return _rolling_hit(12, "month", False, m, ctx)


def _unit_start(current: date, unit: str, k: int) -> date:
    """The start of the week/month/quarter/year k units after the one starting on `current`."""
    if unit == "week":
        return add_days(current, 7 * k)
    return add_months(current, {"month": 1, "quarter": 3, "year": 12}[unit] * k)


def _rolling_hit(n: int, unit: str, forward: bool, m: re.Match[str], ctx: _Ctx) -> _Hit:
    """See the module docstring: days end at the as-of date, larger units are complete ones."""
    if n == 0:
        raise ValueError(f"'{m[0]}' covers no time: ask for at least one {unit}")
    as_of = ctx.as_of
    if n == 1 and unit in ("month", "quarter", "year"):
        period = _unit_at(unit, as_of, 1 if forward else -1)
    else:
        if unit == "day":
            start, end = (add_days(as_of, 1), add_days(as_of, n)) if forward else \
                (add_days(as_of, 1 - n), as_of)
        else:
            current = _unit_at(unit, as_of, 0).start
            start, end = (_unit_start(current, unit, 1), add_days(_unit_start(current, unit, n + 1), -1)) \
                if forward else (_unit_start(current, unit, -n), add_days(current, -1))
        word = "next" if forward else "last"
        period = Period(start, end, f"{word} {n} {unit}{'s' if n != 1 else ''} ({start} to {end})")
    notes = (f"'{m[0]}' read as {period.label}, which has not happened yet",) if forward else ()
    return _Hit(m.start(), m.end(), period, forward, notes, endpoint=False)


@_rule(rf"(?P<n>{_NUM}|an?\b)\s+{_UNIT}\s+(?:ago|back|previously|earlier)\b"
       r"|(?:the\s+)?(?P<u2>week|month|quarter|year)\s+before\s+(?:the\s+)?last(?:\s+(?P=u2))?\b"
       r"|(?:the\s+)?last\s+(?P<u3>week|month|quarter|year)\s+but\s+one\b")
def _ago(m: re.Match[str], ctx: _Ctx) -> _Hit:
    """"2 months ago", "two months back"; "the month before last" and "the last month but one" are
    2 months ago."""
    n, unit = (_number(m["n"]), m["unit"].lower()) if m["n"] else (2, (m["u2"] or m["u3"]).lower())
    period = _unit_at(unit, ctx.as_of, -n)
    if unit in ("day", "week"):
        span = str(period.start) if unit == "day" else f"{period.start} to {period.end}"
        period = replace(period, label=f"{n} {unit}{'s' if n != 1 else ''} ago ({span})")
    return _Hit(m.start(), m.end(), period)


@_rule(r"(?P<w>today|yesterday)\b")
def _day_word(m: re.Match[str], ctx: _Ctx) -> _Hit:
    word = m["w"].lower()
    d = ctx.as_of if word == "today" else add_days(ctx.as_of, -1)
    return _Hit(m.start(), m.end(), day(d, f"{word} ({d})"))


@_rule(r"(?:ytd|year[\s-]+to[\s-]+date|so\s+far\s+this\s+year|this\s+year(?:'s)?\s+(?:so\s+far|to\s+date)|"
       rf"{_FROM_START}year{_TO_NOW})\b(?:\s+(?P<y>(?:19|20)\d{{2}})(?!\d))?"
       r"|(?P<y0>(?:19|20)\d{2})\s*,?\s+(?:so\s+far|to\s+date|until\s+now|up\s+to\s+now)\b")
def _year_to_date(m: re.Match[str], ctx: _Ctx) -> _Hit:
    """YTD; "YTD 2024" and "2024 so far" are 2024 up to the as-of date's day of year, for
    like-for-like comparisons."""
    as_of = ctx.as_of
    said = m["y"] or m["y0"]
    y = int(said) if said else as_of.year
    end = add_months_to_end(as_of, 12 * (y - as_of.year))
    period = to_date("ytd", date(y, 1, 1), end)
    if m["y0"] and y != as_of.year:  # "2025 so far" asked in 2026: the same stretch of 2025, or all of it?
        note = f"'{m[0]}' read as {period.label}, the same part of the year as the as-of date {as_of}"
        return _Hit(m.start(), m.end(), period, True, (note,), endpoint=False)
    return _Hit(m.start(), m.end(), period, endpoint=False)


@_rule(r"(?:(?P<a>q|m)td|(?P<b>quarter|month)[\s-]+to[\s-]+date|so\s+far\s+this\s+(?P<c>quarter|month)|"
       rf"this\s+(?P<d>quarter|month)(?:'s)?\s+(?:so\s+far|to\s+date)|{_FROM_START}(?P<e>quarter|month){_TO_NOW})\b")
def _quarter_month_to_date(m: re.Match[str], ctx: _Ctx) -> _Hit:
    unit = next(g for g in (m["a"], m["b"], m["c"], m["d"], m["e"]) if g).lower()[0]
    start = _unit_at("quarter" if unit == "q" else "month", ctx.as_of, 0).start
    return _Hit(m.start(), m.end(), to_date(f"{unit}td", start, ctx.as_of), endpoint=False)


# ---------------------------------------------------------------------------------------------
# Phrases made of phrases: "March last year", "last March", ranges, "since ...", lists.


def _singles(ctx: _Ctx) -> list[_Hit]:
    text, hits = ctx.text, []
    for pos, ch in enumerate(text):
        if ch.isalnum() and (pos == 0 or not text[pos - 1].isalnum()):
            for pattern, reader in _RULES:
                found = pattern.match(text, pos)
                if found and (hit := reader(found, ctx)) is not None:
                    hits.append(hit)
    return hits


def _yearless(hit: _Hit) -> bool:
    return hit.spec is not None and hit.spec.year is None


def _with_modifiers(hits: list[_Hit], ctx: _Ctx) -> list[_Hit]:
    """"March last year", "Q3 of this year", "last March", "this Q1"."""
    made = []
    for hit in hits:
        if not _yearless(hit):
            continue
        after = _YEAR_MODIFIER.match(ctx.text, hit.end)
        if after:
            step = _STEP[after["mod"].lower()]
            made.append(replace(_with_year(hit, ctx.as_of.year + step, ctx), end=after.end(), weak=False,
                                ambiguous=step > 0))
        before = _before(_LAST_PREFIX, ctx.text, hit.start)
        is_may = ctx.text[hit.start:hit.end].lower().startswith("may")
        if before and hit.spec.unit != "day" and not is_may:
            made.append(_named_with_prefix(hit, before, ctx))
    return made


def _named_with_prefix(hit: _Hit, before: re.Match[str], ctx: _Ctx) -> _Hit:
    """"this March" is this year's; "last March" the latest March that is already over."""
    y = ctx.as_of.year
    if before["mod"].lower() != "this":
        while (p := hit.spec.in_year(y)) is None or p.end >= ctx.as_of:
            y -= 1
    resolved = _with_year(hit, y, ctx)
    note = f"'{ctx.text[before.start():hit.end]}' read as {resolved.period.label}"
    return replace(resolved, start=before.start(), weak=False, notes=(note,))


def _ranges(hits: list[_Hit], ctx: _Ctx) -> list[_Hit]:
    """"from X to Y", "between X and Y", "X-Y": X's start to Y's end, sharing a year if one lacks it."""
    text, made = ctx.text, []
    ends = sorted((h for h in hits if h.endpoint), key=lambda h: h.start)
    starts = [h.start for h in ends]
    for first in ends:
        prefix = _before(_RANGE_PREFIX, text, first.start)
        # A separator is a word like "through" with its spaces: only look a little way ahead.
        nearby = ends[bisect_right(starts, first.end):bisect_right(starts, first.end + _MAX_SEP)]
        for second in nearby:
            sep = _RANGE_SEP.fullmatch(text, first.end, second.start)
            if not sep:
                continue
            word = (sep["word"] or "").lower()
            if word == "and" and (not prefix or prefix["p"].lower() != "between"
                                  or _before(_COMPARING, text, first.start)):
                continue
            if first.weak and second.weak and not prefix and not sep["dash"]:
                continue
            made.append(_range_hit(first, second, prefix.start() if prefix else first.start, ctx))
    return made


def _range_hit(first: _Hit, second: _Hit, start: int, ctx: _Ctx) -> _Hit:
    if _yearless(second) and not _yearless(first):
        later = _with_year(second, first.period.start.year, ctx)
        second = later if later.period.end >= first.period.start else \
            _with_year(second, first.period.start.year + 1, ctx)
    elif _yearless(first):
        y = second.period.end.year
        earlier = _with_year(first, y, ctx)
        first = earlier if earlier.period.start <= second.period.end else _with_year(first, y - 1, ctx)
    s, e = first.period.start, second.period.end
    if s > e:
        raise ValueError(f"'{ctx.text[start:second.end]}' ends before it starts ({s} is after {e})")
    left, right = _endpoint_label(first, s), _endpoint_label(second, e)
    tail = f" {e.year}"
    if left.endswith(tail) and right.endswith(tail) and left != str(e.year):
        left = left[:-len(tail)]
    return _Hit(start, second.end, Period(s, e, f"{left} to {right}"), first.ambiguous or second.ambiguous,
                tuple(dict.fromkeys(first.notes + second.notes)), endpoint=False)


def _endpoint_label(hit: _Hit, boundary: date) -> str:
    named = hit.period.kind in ("month", "quarter", "year") or (hit.spec is not None and hit.spec.unit == "half")
    return hit.period.label if named else boundary.isoformat()


def _open_ended(hits: list[_Hit], ctx: _Ctx) -> list[_Hit]:
    """"since June", "since 2025-06-01", "from March onwards": the start of X to the as-of date."""
    text, made = ctx.text, []
    for hit in (h for h in hits if h.endpoint):
        since = _before(_SINCE_PREFIX, text, hit.start)
        suffix = _OPEN_SUFFIX.match(text, hit.end)
        prefix = _before(_RANGE_PREFIX, text, hit.start)
        if suffix and suffix["on"] and not (prefix and prefix["p"].lower() == "from"):
            suffix = None
        if not since and not suffix:
            continue
        start = since.start() if since else (prefix.start() if prefix else hit.start)
        end = suffix.end() if suffix else hit.end
        if hit.period.start > ctx.as_of:
            note = f"'{text[start:end]}' starts after the as-of date {ctx.as_of}; read as {hit.period.label} only"
            made.append(replace(hit, start=start, end=end, ambiguous=True, notes=hit.notes + (note,),
                                weak=False, endpoint=False))
            continue
        period = between(hit.period.start, ctx.as_of)
        period = replace(period, label=f"since {_endpoint_label(hit, period.start)} ({period.label})")
        made.append(_Hit(start, end, period, hit.ambiguous, hit.notes, endpoint=False))
    return made


def _to_end_of(hits: list[_Hit], ctx: _Ctx) -> list[_Hit]:
    """"Margin through the end of September": with no start named, the year so far up to the end
    of that month (or quarter, or half). A range with a start ("2026 through the end of
    September") starts earlier and wins over this reading."""
    text, made = ctx.text, []
    for hit in hits:
        unit = hit.spec.unit if hit.spec is not None else None
        before = _before(_TO_END_PREFIX, text, hit.start)
        if unit not in ("month", "quarter", "half") or before is None:
            continue
        start = date(hit.period.end.year, 1, 1)
        period = Period(start, hit.period.end, months_label(start, hit.period.end))
        note = f"'{text[before.start():hit.end]}' read as {period.label}, from the start of {start.year}"
        made.append(_Hit(before.start(), hit.end, period, hit.ambiguous, hit.notes + (note,), endpoint=False))
    return made


def _share_list_years(chosen: list[_Hit], ctx: _Ctx) -> list[_Hit]:
    """"Q2 and Q3 2025", "March vs April 2024": the year written once applies to the whole list."""
    for i in range(len(chosen) - 2, -1, -1):
        left, right = chosen[i], chosen[i + 1]
        if _yearless(left) and right.spec is not None and right.spec.year is not None \
                and right.spec.unit == left.spec.unit and _LIST_SEP.fullmatch(ctx.text, left.end, right.start):
            chosen[i] = _with_year(left, right.spec.year, ctx)
    return chosen


def _check_inputs(text: str, as_of: date, date_order: str) -> date:
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if not isinstance(as_of, date):
        raise TypeError(f"as_of must be a datetime.date, got {as_of!r}")
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {', '.join(DATE_ORDERS)}, got {date_order!r}")
    return as_of.date() if isinstance(as_of, datetime) else as_of


def find_all_periods(text: str, as_of: date, date_order: str = "MDY") -> list[PeriodMatch]:
    """Every period phrase in `text`, left to right, non-overlapping ("compare Q2 and Q3 2025").

    Where phrases overlap, the one starting first wins, then the longest, so "from January to
    March 2025" is one range rather than a month and a month. See the module docstring for how
    relative phrases, missing years and impossible dates are handled.
    """
    ctx = _Ctx(text, _check_inputs(text, as_of, date_order), date_order)
    hits = _singles(ctx)
    hits += _with_modifiers(hits, ctx)
    hits += _open_ended(hits, ctx) + _ranges(hits, ctx) + _to_end_of(hits, ctx)
    chosen: list[_Hit] = []
    for hit in sorted((h for h in hits if not h.weak), key=lambda h: (h.start, h.start - h.end)):
        if not chosen or hit.start >= chosen[-1].end:
            chosen.append(hit)
    return [_to_match(hit, ctx) for hit in _share_list_years(chosen, ctx)]


def joined_list(matches: Sequence[PeriodMatch], text: str) -> PeriodMatch | None:
    """"For September and October", "Q1, Q2 and Q3": periods listed one after the other, each
    starting the day after the one before ends, are one stretch when the question does not compare
    them. None when they leave a gap ("January and March") or are not joined by a list word.
    """
    if len(matches) < 2:
        return None
    for left, right in zip(matches, matches[1:]):
        if right.period.start != left.period.end + timedelta(days=1) or \
                not _JOIN_SEP.fullmatch(text, left.span[1], right.span[0]):
            return None
    first, last = matches[0], matches[-1]
    start, end = first.period.start, last.period.end
    whole_months = start.day == 1 and is_month_end(end)
    period = Period(start, end, months_label(start, end) if whole_months else f"{start} to {end}")
    span = (first.span[0], last.span[1])
    said = text[span[0]:span[1]]
    notes = [m.note for m in matches if m.note] + [f"'{said}' read as one stretch, {period.label}"]
    return PeriodMatch(period, span, said, any(m.ambiguous for m in matches), "; ".join(dict.fromkeys(notes)))


def find_period(text: str, as_of: date, date_order: str = "MDY") -> PeriodMatch | None:
    """The first period phrase in a question, or None when it names no period (= all data)."""
    found = find_all_periods(text, as_of, date_order)
    return found[0] if found else None


def _to_match(hit: _Hit, ctx: _Ctx) -> PeriodMatch:
    notes = list(hit.notes)
    if hit.period.start > ctx.as_of:
        notes.append(f"period is after the as-of date {ctx.as_of}")
    note = "; ".join(dict.fromkeys(notes)) or None
    return PeriodMatch(hit.period, (hit.start, hit.end), ctx.text[hit.start:hit.end], hit.ambiguous, note)
