"""Periods: phrase resolution against an as-of date, previous(), weekdays(), and what is not a period."""
from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.engine.periods import Period, between, month, parse_iso, previous, quarter, year
from core.questions.period_phrases import find_all_periods, find_period, joined_list

AS_OF = date(2025, 11, 21)  # a Friday

# (phrase inside a question, start, end, label)
PHRASES_2025_11_21 = [
    ("revenue last month", "2025-10-01", "2025-10-31", "October 2025"),
    ("what about this month?", "2025-11-01", "2025-11-30", "November 2025"),
    ("previous month", "2025-10-01", "2025-10-31", "October 2025"),
    ("prior month margin", "2025-10-01", "2025-10-31", "October 2025"),
    ("Which client had the worst margin last quarter?", "2025-07-01", "2025-09-30", "Q3 2025"),
    ("this quarter", "2025-10-01", "2025-12-31", "Q4 2025"),
    ("LAST YEAR", "2024-01-01", "2024-12-31", "2024"),
    ("last year's labor cost", "2024-01-01", "2024-12-31", "2024"),
    ("this year", "2025-01-01", "2025-12-31", "2025"),
    ("last fiscal year", "2024-01-01", "2024-12-31", "2024"),
    ("revenue YTD", "2025-01-01", "2025-11-21", "YTD 2025 (2025-01-01 to 2025-11-21)"),
    ("year to date", "2025-01-01", "2025-11-21", "YTD 2025 (2025-01-01 to 2025-11-21)"),
    ("year-to-date spend", "2025-01-01", "2025-11-21", "YTD 2025 (2025-01-01 to 2025-11-21)"),
    ("so far this year", "2025-01-01", "2025-11-21", "YTD 2025 (2025-01-01 to 2025-11-21)"),
    ("this year so far", "2025-01-01", "2025-11-21", "YTD 2025 (2025-01-01 to 2025-11-21)"),
    ("since the start of the year", "2025-01-01", "2025-11-21", "YTD 2025 (2025-01-01 to 2025-11-21)"),
    ("YTD 2024", "2024-01-01", "2024-11-21", "YTD 2024 (2024-01-01 to 2024-11-21)"),
    ("QTD", "2025-10-01", "2025-11-21", "QTD Q4 2025 (2025-10-01 to 2025-11-21)"),
    ("quarter-to-date", "2025-10-01", "2025-11-21", "QTD Q4 2025 (2025-10-01 to 2025-11-21)"),
    ("MTD", "2025-11-01", "2025-11-21", "MTD November 2025 (2025-11-01 to 2025-11-21)"),
    ("so far this month", "2025-11-01", "2025-11-21", "MTD November 2025 (2025-11-01 to 2025-11-21)"),
    ("in the last 90 days", "2025-08-24", "2025-11-21", "last 90 days (2025-08-24 to 2025-11-21)"),
    ("past 30 days", "2025-10-23", "2025-11-21", "last 30 days (2025-10-23 to 2025-11-21)"),
    ("last 7 days", "2025-11-15", "2025-11-21", "last 7 days (2025-11-15 to 2025-11-21)"),
    ("last five days", "2025-11-17", "2025-11-21", "last 5 days (2025-11-17 to 2025-11-21)"),
    ("last 6 months", "2025-05-01", "2025-10-31", "last 6 months (2025-05-01 to 2025-10-31)"),
    ("the last three months", "2025-08-01", "2025-10-31", "last 3 months (2025-08-01 to 2025-10-31)"),
    ("trailing 12 months", "2024-11-01", "2025-10-31", "last 12 months (2024-11-01 to 2025-10-31)"),
    ("TTM revenue", "2024-11-01", "2025-10-31", "last 12 months (2024-11-01 to 2025-10-31)"),
    ("last 2 quarters", "2025-04-01", "2025-09-30", "last 2 quarters (2025-04-01 to 2025-09-30)"),
    ("last 12 weeks", "2025-08-25", "2025-11-16", "last 12 weeks (2025-08-25 to 2025-11-16)"),
    ("last 2 years", "2023-01-01", "2024-12-31", "last 2 years (2023-01-01 to 2024-12-31)"),
    ("last 1 month", "2025-10-01", "2025-10-31", "October 2025"),
    ("2 months ago", "2025-09-01", "2025-09-30", "September 2025"),
    ("a year ago", "2024-01-01", "2024-12-31", "2024"),
    ("3 weeks ago", "2025-10-27", "2025-11-02", "3 weeks ago (2025-10-27 to 2025-11-02)"),
    ("in March", "2025-03-01", "2025-03-31", "March 2025"),
    ("revenue for May", "2025-05-01", "2025-05-31", "May 2025"),
    ("margin during may", "2025-05-01", "2025-05-31", "May 2025"),
    ("March 2025", "2025-03-01", "2025-03-31", "March 2025"),
    ("Mar 2025", "2025-03-01", "2025-03-31", "March 2025"),
    ("Sept. 2025", "2025-09-01", "2025-09-30", "September 2025"),
    ("march '25", "2025-03-01", "2025-03-31", "March 2025"),
    ("May 2025", "2025-05-01", "2025-05-31", "May 2025"),
    ("budget 2025-03", "2025-03-01", "2025-03-31", "March 2025"),
    ("03/2025", "2025-03-01", "2025-03-31", "March 2025"),
    ("March last year", "2024-03-01", "2024-03-31", "March 2024"),
    ("last March", "2025-03-01", "2025-03-31", "March 2025"),
    ("Q3 2025", "2025-07-01", "2025-09-30", "Q3 2025"),
    ("q3 2025", "2025-07-01", "2025-09-30", "Q3 2025"),
    ("2025 Q3", "2025-07-01", "2025-09-30", "Q3 2025"),
    ("2025-Q3", "2025-07-01", "2025-09-30", "Q3 2025"),
    ("Q3", "2025-07-01", "2025-09-30", "Q3 2025"),
    ("in Q4", "2025-10-01", "2025-12-31", "Q4 2025"),
    ("Q3 '25", "2025-07-01", "2025-09-30", "Q3 2025"),
    ("3rd quarter of 2025", "2025-07-01", "2025-09-30", "Q3 2025"),
    ("the third quarter", "2025-07-01", "2025-09-30", "Q3 2025"),
    ("Q3 last year", "2024-07-01", "2024-09-30", "Q3 2024"),
    ("last quarter of 2024", "2024-10-01", "2024-12-31", "Q4 2024"),
    ("the last quarter of last year", "2024-10-01", "2024-12-31", "Q4 2024"),
    ("in 2025", "2025-01-01", "2025-12-31", "2025"),
    ("FY2025", "2025-01-01", "2025-12-31", "2025"),
    ("fiscal 2025", "2025-01-01", "2025-12-31", "2025"),
    ("fiscal year 2024", "2024-01-01", "2024-12-31", "2024"),
    ("FY25", "2025-01-01", "2025-12-31", "2025"),
    ("H1 2025", "2025-01-01", "2025-06-30", "H1 2025"),
    ("first half of 2025", "2025-01-01", "2025-06-30", "H1 2025"),
    ("second half of 2024", "2024-07-01", "2024-12-31", "H2 2024"),
    ("2025 H2", "2025-07-01", "2025-12-31", "H2 2025"),
    ("between 2025-01-01 and 2025-03-31", "2025-01-01", "2025-03-31", "2025-01-01 to 2025-03-31"),
    ("from 2025-01-01 to 2025-03-31", "2025-01-01", "2025-03-31", "2025-01-01 to 2025-03-31"),
    ("2025-01-01 - 2025-03-31", "2025-01-01", "2025-03-31", "2025-01-01 to 2025-03-31"),
    ("between 1/1/2025 and 3/31/2025", "2025-01-01", "2025-03-31", "2025-01-01 to 2025-03-31"),
    ("between March 1, 2025 and March 31, 2025", "2025-03-01", "2025-03-31", "2025-03-01 to 2025-03-31"),
    ("from January to March 2025", "2025-01-01", "2025-03-31", "January to March 2025"),
    ("Jan-Mar 2025", "2025-01-01", "2025-03-31", "January to March 2025"),
    ("from Dec to Feb 2025", "2024-12-01", "2025-02-28", "December 2024 to February 2025"),
    ("from March 2025 to June", "2025-03-01", "2025-06-30", "March to June 2025"),
    ("between May and July", "2025-05-01", "2025-07-31", "May to July 2025"),
    ("Q1-Q3 2025", "2025-01-01", "2025-09-30", "Q1 to Q3 2025"),
    ("since June", "2025-06-01", "2025-11-21", "since June 2025 (2025-06-01 to 2025-11-21)"),
    ("since 2025-06-01", "2025-06-01", "2025-11-21", "since 2025-06-01 (2025-06-01 to 2025-11-21)"),
    ("since 2024", "2024-01-01", "2025-11-21", "since 2024 (2024-01-01 to 2025-11-21)"),
    ("since last quarter", "2025-07-01", "2025-11-21", "since Q3 2025 (2025-07-01 to 2025-11-21)"),
    ("from March onwards", "2025-03-01", "2025-11-21", "since March 2025 (2025-03-01 to 2025-11-21)"),
    ("yesterday", "2025-11-20", "2025-11-20", "yesterday (2025-11-20)"),
    ("today", "2025-11-21", "2025-11-21", "today (2025-11-21)"),
    ("last week", "2025-11-10", "2025-11-16", "last week (2025-11-10 to 2025-11-16)"),
    ("this week", "2025-11-17", "2025-11-23", "this week (2025-11-17 to 2025-11-23)"),
    ("on 2025-03-15", "2025-03-15", "2025-03-15", "2025-03-15"),
    ("2025/03/15", "2025-03-15", "2025-03-15", "2025-03-15"),
    ("03/15/2025", "2025-03-15", "2025-03-15", "2025-03-15"),
    ("December 31st, 2024", "2024-12-31", "2024-12-31", "2024-12-31"),
    ("15th of March 2025", "2025-03-15", "2025-03-15", "2025-03-15"),
    ("on March 15", "2025-03-15", "2025-03-15", "2025-03-15"),
    ("next month", "2025-12-01", "2025-12-31", "December 2025"),
    ("next quarter", "2026-01-01", "2026-03-31", "Q1 2026"),
]


@pytest.mark.parametrize(("text", "start", "end", "label"), PHRASES_2025_11_21)
def test_phrases_resolve_against_the_as_of_date(text: str, start: str, end: str, label: str) -> None:
    found = find_period(text, AS_OF)
    assert found is not None, text
    assert found.period.to_json() == {"start": start, "end": end}
    assert found.period.label == label
    assert text[found.span[0]:found.span[1]] == found.text


# (as-of, phrase, start, end): the calendar edges.
OTHER_AS_OF = [
    (date(2026, 1, 3), "last quarter", "2025-10-01", "2025-12-31"),
    (date(2026, 1, 3), "last month", "2025-12-01", "2025-12-31"),
    (date(2026, 1, 3), "last year", "2025-01-01", "2025-12-31"),
    (date(2026, 1, 3), "this quarter", "2026-01-01", "2026-03-31"),
    (date(2026, 1, 3), "YTD", "2026-01-01", "2026-01-03"),
    (date(2026, 1, 3), "last week", "2025-12-22", "2025-12-28"),
    (date(2026, 1, 3), "this week", "2025-12-29", "2026-01-04"),
    (date(2026, 1, 3), "last 6 months", "2025-07-01", "2025-12-31"),
    (date(2026, 1, 3), "last 90 days", "2025-10-06", "2026-01-03"),
    (date(2026, 1, 3), "Q3", "2025-07-01", "2025-09-30"),
    (date(2026, 1, 3), "in December", "2025-12-01", "2025-12-31"),
    (date(2026, 1, 3), "since June", "2025-06-01", "2026-01-03"),
    (date(2025, 12, 31), "last quarter", "2025-07-01", "2025-09-30"),
    (date(2025, 12, 31), "this month", "2025-12-01", "2025-12-31"),
    (date(2025, 12, 31), "YTD", "2025-01-01", "2025-12-31"),
    (date(2025, 12, 31), "last 6 months", "2025-06-01", "2025-11-30"),
    (date(2025, 12, 31), "in December", "2025-12-01", "2025-12-31"),
    (date(2024, 2, 29), "YTD", "2024-01-01", "2024-02-29"),
    (date(2024, 2, 29), "this month", "2024-02-01", "2024-02-29"),
    (date(2024, 2, 29), "last month", "2024-01-01", "2024-01-31"),
    (date(2024, 2, 29), "last 30 days", "2024-01-31", "2024-02-29"),
    (date(2024, 2, 29), "last 12 months", "2023-02-01", "2024-01-31"),
    (date(2024, 2, 29), "YTD 2023", "2023-01-01", "2023-02-28"),
    (date(2024, 2, 29), "on Feb 29", "2024-02-29", "2024-02-29"),
    (date(2025, 6, 1), "on Feb 29", "2024-02-29", "2024-02-29"),
    (date(2025, 11, 17), "last week", "2025-11-10", "2025-11-16"),  # a Monday
    (date(2025, 11, 23), "last week", "2025-11-10", "2025-11-16"),  # a Sunday
]


@pytest.mark.parametrize(("as_of", "text", "start", "end"), OTHER_AS_OF)
def test_phrases_at_calendar_edges(as_of: date, text: str, start: str, end: str) -> None:
    found = find_period(text, as_of)
    assert found is not None
    assert found.period.to_json() == {"start": start, "end": end}


def test_a_yearless_quarter_says_which_year_it_assumed() -> None:
    found = find_period("revenue in Q3", AS_OF)
    assert found.ambiguous is False
    assert found.note == "'Q3' read as Q3 2025, the latest Q3 not after the as-of date 2025-11-21"


def test_a_yearless_month_notes_the_year() -> None:
    found = find_period("in March", AS_OF)
    assert found.note == "'March' read as March 2025, the latest March not after the as-of date 2025-11-21"
    assert not found.ambiguous


def test_a_yearless_unit_whose_current_one_is_still_to_come_is_ambiguous() -> None:
    found = find_period("Q3 margin", date(2026, 1, 3))
    assert found.period == quarter(2025, 3)
    assert found.ambiguous
    assert "Q3 2026 is still to come" in found.note


@pytest.mark.parametrize("text", ["march '25", "FY25", "Q3 '25"])
def test_a_two_digit_year_of_the_as_of_century_is_noted_but_not_ambiguous(text: str) -> None:
    found = find_period(text, AS_OF)
    assert not found.ambiguous and "'25 read as 2025" in found.note


@pytest.mark.parametrize(("text", "as_of"), [("q2 '98", AS_OF), ("FY24", date(2124, 3, 1))])
def test_a_two_digit_year_whose_century_is_not_obvious_is_ambiguous(text: str, as_of: date) -> None:
    found = find_period(text, as_of)
    assert found.ambiguous and "read as 20" in found.note


@pytest.mark.parametrize(("text", "start", "end"), [
    ("payroll for the month before last", "2025-09-01", "2025-09-30"),
    ("spend in the quarter before the last", "2025-04-01", "2025-06-30"),
    ("hours the last week but one", "2025-11-03", "2025-11-09"),
    ("revenue three months back", "2025-08-01", "2025-08-31"),
    ("margin a year earlier", "2024-01-01", "2024-12-31"),
])
def test_units_counted_back_from_the_current_one(text: str, start: str, end: str) -> None:
    found = find_period(text, AS_OF)
    assert found is not None and found.period.to_json() == {"start": start, "end": end}
    assert not found.ambiguous


@pytest.mark.parametrize("text", ["next month", "next quarter", "next 30 days"])
def test_future_relative_phrases_are_ambiguous_and_noted(text: str) -> None:
    found = find_period(text, AS_OF)
    assert found.ambiguous
    assert "period is after the as-of date 2025-11-21" in found.note


def test_an_explicit_future_period_resolves_with_a_note() -> None:
    found = find_period("Q1 2026", AS_OF)
    assert found.period == quarter(2026, 1)
    assert not found.ambiguous
    assert found.note == "period is after the as-of date 2025-11-21"


def test_this_quarter_notes_that_it_runs_past_the_as_of_date() -> None:
    found = find_period("this quarter", AS_OF)
    assert "runs past the as-of date 2025-11-21" in found.note
    assert find_period("this quarter", date(2025, 12, 31)).note is None


def test_fiscal_year_is_read_as_calendar_year() -> None:
    assert "calendar year 2025" in find_period("FY2025", AS_OF).note


@pytest.mark.parametrize("text", [
    "marketing spend by client", "may I ask how many clients we have", "it may be late",
    "quarterly revenue by client", "the mayor's account", "monthly recurring revenue",
    "year over year growth", "margin by quarter", "revenue per month", "annual license cost",
    "invoices over 2000 dollars", "more than 2025 hours", "invoice INV-2025-001", "a $2025 invoice",
    "top 2025 clients", "decrease in revenue", "junior technicians", "hours logged by Jan",
    "last may", "which client is worst", "",
])
def test_phrases_that_are_not_periods(text: str) -> None:
    assert find_period(text, AS_OF) is None


def test_a_count_after_a_month_is_not_a_day() -> None:
    assert find_period("in March 3 clients churned", AS_OF).period == month(2025, 3)
    assert find_period("top 5 March 2025 clients", AS_OF).period == month(2025, 3)


def test_find_all_periods_reads_comparisons_left_to_right() -> None:
    found = find_all_periods("compare Q2 and Q3 2025", AS_OF)
    assert [m.period for m in found] == [quarter(2025, 2), quarter(2025, 3)]
    assert [m.text for m in found] == ["Q2", "Q3 2025"]
    assert found[0].note is None  # the year came from the list, nothing was assumed


def test_a_year_written_once_applies_to_the_whole_list() -> None:
    found = find_all_periods("March and April 2024", AS_OF)
    assert [m.period for m in found] == [month(2024, 3), month(2024, 4)]
    found = find_all_periods("Q1, Q2 and Q3 2023", AS_OF)
    assert [m.period for m in found] == [quarter(2023, 1), quarter(2023, 2), quarter(2023, 3)]


def test_compare_between_two_years_is_two_periods_not_a_range() -> None:
    found = find_all_periods("difference between 2024 and 2025", AS_OF)
    assert [m.period for m in found] == [year(2024), year(2025)]
    assert find_period("revenue between 2024 and 2025", AS_OF).period.to_json() == \
        {"start": "2024-01-01", "end": "2025-12-31"}


def test_find_period_returns_the_first_and_spans_do_not_overlap() -> None:
    text = "this month vs last month vs last year"
    found = find_all_periods(text, AS_OF)
    assert [m.period.label for m in found] == ["November 2025", "October 2025", "2024"]
    assert find_period(text, AS_OF) == found[0]
    assert all(a.span[1] <= b.span[0] for a, b in zip(found, found[1:]))


def test_a_long_message_is_read_in_linear_time() -> None:
    text = "Worst margin last quarter vs Q2 2025, and from Jan to Mar 2025? " * 500  # ~32k chars
    started = time.perf_counter()
    found = find_all_periods(text, AS_OF)
    assert len(found) == 1500
    assert time.perf_counter() - started < 5  # was ~10 s when every candidate rescanned the prefix


def test_day_first_date_order() -> None:
    assert find_period("on 15/03/2025", AS_OF, "DMY").period.start == date(2025, 3, 15)
    assert find_period("on 05/06/2025", AS_OF, "DMY").period.start == date(2025, 6, 5)
    assert find_period("on 05/06/2025", AS_OF).period.start == date(2025, 5, 6)


@pytest.mark.parametrize(("text", "order", "message"), [
    ("on 2025-02-30", "MDY", "'2025-02-30' is not a valid date"),
    ("on 15/03/2025", "MDY", "'15/03/2025' is not a valid date as MM/DD/YYYY"),
    ("on 03/15/2025", "DMY", "'03/15/2025' is not a valid date as DD/MM/YYYY"),
    ("between 2025-03-31 and 2025-01-01", "MDY", "ends before it starts"),
    ("last 0 days", "MDY", "covers no time"),
])
def test_impossible_periods_raise_a_clear_error(text: str, order: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        find_period(text, AS_OF, order)


def test_bad_arguments_are_rejected_clearly() -> None:
    with pytest.raises(ValueError, match="date_order must be one of MDY, DMY"):
        find_period("Q3", AS_OF, "YMD")
    with pytest.raises(TypeError, match="as_of must be a datetime.date"):
        find_period("Q3", "2025-11-21")


# ---------------------------------------------------------------------------------------------
# previous()


@pytest.mark.parametrize(("period", "start", "end", "label"), [
    (month(2025, 1), "2024-12-01", "2024-12-31", "December 2024"),
    (month(2024, 3), "2024-02-01", "2024-02-29", "February 2024"),
    (quarter(2025, 1), "2024-10-01", "2024-12-31", "Q4 2024"),
    (year(2025), "2024-01-01", "2024-12-31", "2024"),
    (find_period("today", AS_OF).period, "2025-11-20", "2025-11-20", "2025-11-20"),
    (find_period("YTD", date(2025, 3, 15)).period, "2024-01-01", "2024-03-15",
     "YTD 2024 (2024-01-01 to 2024-03-15)"),
    (find_period("YTD", date(2025, 2, 28)).period, "2024-01-01", "2024-02-29",
     "YTD 2024 (2024-01-01 to 2024-02-29)"),
    (find_period("QTD", AS_OF).period, "2025-07-01", "2025-08-21", "QTD Q3 2025 (2025-07-01 to 2025-08-21)"),
    (find_period("MTD", date(2025, 3, 31)).period, "2025-02-01", "2025-02-28",
     "MTD February 2025 (2025-02-01 to 2025-02-28)"),
    (find_period("last 90 days", AS_OF).period, "2025-05-26", "2025-08-23", "2025-05-26 to 2025-08-23"),
    (find_period("last week", AS_OF).period, "2025-11-03", "2025-11-09", "2025-11-03 to 2025-11-09"),
    (find_period("last 6 months", AS_OF).period, "2024-11-01", "2025-04-30", "November 2024 to April 2025"),
    (find_period("H1 2025", AS_OF).period, "2024-07-01", "2024-12-31", "July to December 2024"),
    (between(date(2025, 1, 10), date(2025, 1, 19)), "2024-12-31", "2025-01-09", "2024-12-31 to 2025-01-09"),
])
def test_previous_period(period: Period, start: str, end: str, label: str) -> None:
    before = previous(period)
    assert before.to_json() == {"start": start, "end": end}
    assert before.label == label
    assert (before.kind, before.anchor) == (period.kind, period.anchor)


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@given(dates, st.integers(min_value=0, max_value=800))
def test_previous_of_a_plain_range_is_the_same_length_just_before(start: date, length: int) -> None:
    period = between(start, start + timedelta(days=length))
    before = previous(period)
    assert before.end + timedelta(days=1) == period.start
    whole_months = period.start.day == 1 and (period.end + timedelta(days=1)).day == 1
    if not whole_months:
        assert before.days() == period.days()


@given(dates)
def test_relative_phrases_hold_their_shape_for_any_as_of(as_of: date) -> None:
    last_month = find_period("last month", as_of).period
    assert last_month.end + timedelta(days=1) == date(as_of.year, as_of.month, 1)
    days = find_period("last 90 days", as_of).period
    assert (days.end, days.days()) == (as_of, 90)
    weeks = find_period("last 4 weeks", as_of).period
    assert weeks.start.weekday() == 0 and weeks.days() == 28 and 0 < (as_of - weeks.end).days <= 7
    ytd = find_period("YTD", as_of).period
    assert (ytd.start, ytd.end) == (date(as_of.year, 1, 1), as_of)
    q = find_period("Q3", as_of).period
    assert q.start <= as_of and q.start.month == 7


# ---------------------------------------------------------------------------------------------
# Period itself


@given(dates, st.integers(min_value=0, max_value=1500))
def test_weekdays_matches_a_day_by_day_count(start: date, length: int) -> None:
    period = between(start, start + timedelta(days=length))
    expected = sum(1 for i in range(length + 1) if (start + timedelta(days=i)).weekday() < 5)
    assert period.weekdays() == expected


@given(dates, st.integers(min_value=0, max_value=1500))
def test_months_lists_every_calendar_month_touched(start: date, length: int) -> None:
    period = between(start, start + timedelta(days=length))
    expected = sorted({((start + timedelta(days=i)).year, (start + timedelta(days=i)).month)
                       for i in range(length + 1)})
    assert period.months() == expected


def test_period_basics() -> None:
    q3 = quarter(2025, 3)
    assert q3.to_json() == {"start": "2025-07-01", "end": "2025-09-30"}
    assert q3.contains(date(2025, 7, 1)) and q3.contains(date(2025, 9, 30))
    assert not q3.contains(date(2025, 10, 1))
    assert q3.months() == [(2025, 7), (2025, 8), (2025, 9)]
    assert month(2025, 11).weekdays() == 20
    assert year(2024).days() == 366


@pytest.mark.parametrize(("build", "message"), [
    (lambda: month(2025, 13), "month must be 1-12, got 13"),
    (lambda: quarter(2025, 0), "quarter must be 1-4, got 0"),
    (lambda: year(0), "year must be between 1 and 9999"),
    (lambda: between(date(2025, 3, 1), date(2025, 1, 1)), "starts on 2025-03-01, after its end 2025-01-01"),
    (lambda: Period(date(2025, 1, 1), date(2025, 1, 2), "x", "week"), "period kind must be one of"),
])
def test_constructors_reject_bad_values(build, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_parse_iso() -> None:
    assert parse_iso(" 2025-11-21 ") == AS_OF
    with pytest.raises(ValueError, match="expected a date as YYYY-MM-DD, got '11/21/2025'"):
        parse_iso("11/21/2025")
    with pytest.raises(ValueError, match="'2025-02-30' is not a real date"):
        parse_iso("2025-02-30")


# ---------------------------------------------------------------------------------------------
# Round 5: to-date phrases said in words, ranges to the end of a period, short months, lists

@pytest.mark.parametrize(("text", "start", "end"), [
    ("labor from the start of this quarter to today", "2025-10-01", "2025-11-21"),
    ("from the beginning of the month until now", "2025-11-01", "2025-11-21"),
    ("hours from the start of the year", "2025-01-01", "2025-11-21"),
    ("revenue from the start of Q2 to date", "2025-04-01", "2025-11-21"),
    ("margin for 2025 so far", "2025-01-01", "2025-11-21"),
    ("profit in 2025 through the end of August", "2025-01-01", "2025-08-31"),
    ("spend this year up to the end of Q3", "2025-01-01", "2025-09-30"),
    ("from Q1 to the end of May 2025", "2025-01-01", "2025-05-31"),
    ("revenue through the end of June", "2025-01-01", "2025-06-30"),
    ("what we billed by the end of Q2", "2025-01-01", "2025-06-30"),
    ("billable hours per tech, oct", "2025-10-01", "2025-10-31"),
    ("aug, revenue by client", "2025-08-01", "2025-08-31"),
])
def test_round_5_phrases(text: str, start: str, end: str) -> None:
    found = find_period(text, AS_OF)
    assert found is not None and found.period.to_json() == {"start": start, "end": end}


def test_a_past_year_so_far_is_the_same_stretch_and_flagged() -> None:
    found = find_period("revenue 2024 so far", AS_OF)
    assert (found.period.start, found.period.end) == (date(2024, 1, 1), date(2024, 11, 21))
    assert found.ambiguous and "same part of the year" in found.note


def test_a_short_month_inside_a_phrase_still_needs_a_preposition() -> None:
    assert find_period("ask jan about hours", AS_OF) is None
    assert find_period("revenue, may I ask", AS_OF) is None


@pytest.mark.parametrize(("text", "start", "end"), [
    ("labor for September and October", "2025-09-01", "2025-10-31"),
    ("Q1, Q2 and Q3 2025", "2025-01-01", "2025-09-30"),
    ("March & April 2025", "2025-03-01", "2025-04-30"),
])
def test_listed_neighbouring_periods_join_into_one_stretch(text: str, start: str, end: str) -> None:
    joined = joined_list(find_all_periods(text, AS_OF), text)
    assert joined is not None and joined.period.to_json() == {"start": start, "end": end}
    assert "one stretch" in joined.note


@pytest.mark.parametrize("text", ["January and March 2025", "September or October", "Q3 2025"])
def test_periods_with_a_gap_or_not_listed_do_not_join(text: str) -> None:
    assert joined_list(find_all_periods(text, AS_OF), text) is None

