"""Periods: inclusive date ranges, and the period before them.

Every metric (SPEC section 3) is computed over a `Period`, and "compared with the previous
period" steps back from it, so the CLI's `--as-of`, the question reader and the digest all have
to agree on what a period is. This module is that agreement: pure functions of dates, never the
wall clock, so answers are reproducible and testable. Reading periods out of a question's words
("last quarter", "YTD", "Q3 2025") is core.questions.period_phrases.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

KINDS = ("day", "month", "quarter", "year", "range")
ANCHORS = ("ytd", "qtd", "mtd")
DATE_ORDERS = ("MDY", "DMY")

# English on purpose: calendar.month_name follows the process locale.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_ANCHOR_MONTHS = {"ytd": 12, "qtd": 3, "mtd": 1}


@dataclass(frozen=True)
class Period:
    """An inclusive date range with the human label answers print.

    `kind` names the calendar unit so `previous()` can step by it; `anchor` marks the to-date
    ranges (YTD/QTD/MTD), whose previous period is the same span one year/quarter/month earlier
    rather than the days just before.
    """

    start: date
    end: date
    label: str
    kind: str = "range"
    anchor: str | None = None

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if isinstance(value, datetime) or not isinstance(value, date):
                raise TypeError(f"Period.{name} must be a datetime.date, got {value!r}")
        if self.start > self.end:
            raise ValueError(f"a period cannot end before it starts: {self.start} is after {self.end}")
        if self.kind not in KINDS:
            raise ValueError(f"period kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.anchor is not None and (self.kind != "range" or self.anchor not in ANCHORS):
            raise ValueError(f"period anchor must be one of {', '.join(ANCHORS)} on a range, "
                             f"got {self.anchor!r} on a {self.kind}")

    def to_json(self) -> dict[str, str]:
        """The SPEC's `intent.period` shape."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[tuple[int, int]]:
        """Calendar months touched, (year, month): budgets and license months are counted by month."""
        first, last = _month_number(self.start), _month_number(self.end)
        return [(n // 12, n % 12 + 1) for n in range(first, last + 1)]

    def weekdays(self) -> int:
        """Mon-Fri days in the period: utilization capacity is weekly capacity x weekdays / 5."""
        full_weeks, rest = divmod(self.days(), 7)
        first = self.start.weekday()
        return full_weeks * 5 + sum(1 for i in range(rest) if (first + i) % 7 < 5)


# ---------------------------------------------------------------------------------------------
# Constructors and calendar arithmetic


def _check_year(y: int) -> None:
    if not 1 <= y <= 9999:
        raise ValueError(f"year must be between 1 and 9999, got {y}")


def _month_number(d: date) -> int:
    return d.year * 12 + d.month - 1


def end_of_month(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def is_month_end(d: date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def add_months(d: date, n: int) -> date:
    """Shift by n calendar months, clamping the day (Mar 31 - 1 month = Feb 28/29)."""
    y, m0 = divmod(_month_number(d) + n, 12)
    if not 1 <= y <= 9999:
        raise ValueError(f"{d} shifted by {n} months falls outside the years 1-9999")
    return date(y, m0 + 1, min(d.day, calendar.monthrange(y, m0 + 1)[1]))


def add_months_to_end(d: date, n: int) -> date:
    """Like add_months, but a month-end stays a month-end (to-date ranges ending Feb 28 2025
    compare with ones ending Feb 29 2024, and MTD to Feb 28 with all of January)."""
    shifted = add_months(d, n)
    return end_of_month(shifted.year, shifted.month) if is_month_end(d) else shifted


def add_days(d: date, n: int) -> date:
    try:
        return d + timedelta(days=n)
    except OverflowError:
        raise ValueError(f"{d} shifted by {n} days falls outside the years 1-9999") from None


def month(y: int, m: int) -> Period:
    _check_year(y)
    if not 1 <= m <= 12:
        raise ValueError(f"month must be 1-12, got {m}")
    return Period(date(y, m, 1), end_of_month(y, m), f"{MONTH_NAMES[m - 1]} {y}", "month")


def quarter(y: int, q: int) -> Period:
    _check_year(y)
    if not 1 <= q <= 4:
        raise ValueError(f"quarter must be 1-4, got {q}")
    return Period(date(y, 3 * q - 2, 1), end_of_month(y, 3 * q), f"Q{q} {y}", "quarter")


def year(y: int) -> Period:
    _check_year(y)
    return Period(date(y, 1, 1), date(y, 12, 31), str(y), "year")


def between(start: date, end: date, label: str | None = None) -> Period:
    """An explicit range; the default label is "YYYY-MM-DD to YYYY-MM-DD"."""
    if isinstance(start, date) and isinstance(end, date) and start > end:
        raise ValueError(f"the range starts on {start}, after its end {end}: swap the dates")
    return Period(start, end, label or f"{start} to {end}")


def half(y: int, h: int) -> Period:
    _check_year(y)
    return Period(date(y, 6 * h - 5, 1), end_of_month(y, 6 * h), f"H{h} {y}")


def day(d: date, label: str | None = None) -> Period:
    return Period(d, d, label or d.isoformat(), "day")


def to_date(anchor: str, start: date, end: date) -> Period:
    """A YTD/QTD/MTD range, labelled with the unit it runs through."""
    unit = {"ytd": str(start.year), "qtd": f"Q{(start.month - 1) // 3 + 1} {start.year}",
            "mtd": f"{MONTH_NAMES[start.month - 1]} {start.year}"}[anchor]
    return Period(start, end, f"{anchor.upper()} {unit} ({start} to {end})", "range", anchor)


def months_label(start: date, end: date) -> str:
    first = f"{MONTH_NAMES[start.month - 1]} {start.year}"
    last = f"{MONTH_NAMES[end.month - 1]} {end.year}"
    if first == last:
        return first
    if start.year == end.year:
        first = MONTH_NAMES[start.month - 1]
    return f"{first} to {last}"


def previous(p: Period) -> Period:
    """The period to compare with ("change vs previous period").

    Calendar units step back one unit; YTD/QTD/MTD take the same span one year/quarter/month
    earlier (a month-end stays a month-end). A range made of whole calendar months (H1, "Jan-Mar", "last 6 months") steps back by
    the same number of months, so Q1-shaped ranges compare with Q4 rather than with a range
    starting on Oct 3rd; any other range takes the same number of days just before it.
    """
    if p.kind == "day":
        return day(add_days(p.start, -1))
    if p.kind == "month":
        d = add_months(p.start, -1)
        return month(d.year, d.month)
    if p.kind == "quarter":
        d = add_months(p.start, -3)
        return quarter(d.year, (d.month - 1) // 3 + 1)
    if p.kind == "year":
        return year(p.start.year - 1)
    if p.anchor is not None:
        step = _ANCHOR_MONTHS[p.anchor]
        return to_date(p.anchor, add_months(p.start, -step), add_months_to_end(p.end, -step))
    if p.start.day == 1 and is_month_end(p.end):
        count = _month_number(p.end) - _month_number(p.start) + 1
        start, end = add_months(p.start, -count), add_days(p.start, -1)
        return Period(start, end, months_label(start, end))
    end = add_days(p.start, -1)
    return between(add_days(end, -(p.days() - 1)), end)


def parse_iso(s: str) -> date:
    """Strict YYYY-MM-DD (for `--as-of` and similar arguments)."""
    text = s.strip() if isinstance(s, str) else s
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {s!r}")
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise ValueError(f"{text!r} is not a real date: {err}") from None
